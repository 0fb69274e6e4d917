"""A minimal Flask-SQLAlchemy app doing the study page's essential work, as a yardstick.

Logged in with Flask-Login, CSRF on, SQLite in WAL mode: each request loads the
user, selects the next due card through an index and renders a small template
with a CSRF token. Its rate, next to bare Flask's and quiz's in the same run,
shows how much of quiz's cost is its own and how much the stack's.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = ["bare_app", "reference_app", "reference_client", "served_reference_app"]

PAGE = """<!doctype html><title>card</title><h1>{{ card.prompt }}</h1>
<form method="post"><input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
<input name="answer"><button>Check</button></form>"""


def reference_client(folder: Path, cards: int = 2000) -> Any:
    """Build the reference app on a SQLite file in ``folder``; return a logged-in test client."""
    client = reference_app(folder, cards).test_client()
    client.get("/login")
    return client


def served_reference_app() -> Flask:
    """The reference app for a WSGI server, on the database seeded in ``$REFERENCE_DIR`` beforehand."""
    return reference_app(Path(os.environ["REFERENCE_DIR"]), seed=False)


def bare_app() -> Flask:
    """Bare Flask: one route answering "hello", the floor of any Flask app's cost."""
    bare = Flask("bare")
    bare.add_url_rule("/", "hello", lambda: "hello")
    return bare


def reference_app(folder: Path, cards: int = 2000, *, seed: bool = True) -> Flask:
    """Build the reference app on a SQLite file in ``folder`` (seeding it when ``seed``)."""

    class Base(DeclarativeBase):
        pass

    db = SQLAlchemy(model_class=Base)

    class Person(UserMixin, db.Model):
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str]

    class Item(db.Model):
        user_id: Mapped[int] = mapped_column(primary_key=True)
        number: Mapped[int] = mapped_column(primary_key=True)
        prompt: Mapped[str]
        due: Mapped[float]
        __table_args__ = (sa.Index("ix_item_due", "user_id", "due"),)

    app = Flask("reference")
    app.config.update(SECRET_KEY="reference", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'reference.sqlite3'}")
    db.init_app(app)
    CSRFProtect(app)
    logins = LoginManager(app)
    logins.user_loader(lambda user_id: db.session.get(Person, int(user_id)))
    page = app.jinja_env.from_string(PAGE)

    @app.get("/login")
    def login() -> str:
        login_user(db.session.get(Person, 1))
        return "ok"

    @app.get("/card")
    @login_required
    def card() -> str:
        item = db.session.scalars(
            sa.select(Item).where(Item.user_id == current_user.id).order_by(Item.due).limit(1)
        ).first()
        return page.render(card=item)

    with app.app_context():
        sa.event.listen(db.engine, "connect", lambda conn, _: conn.execute("PRAGMA journal_mode=WAL"))
        if seed:
            db.create_all()
            db.session.add(Person(id=1, name="learner"))
            db.session.add_all(Item(user_id=1, number=i, prompt=f"Question {i}?", due=float(i)) for i in range(cards))
            db.session.commit()
            db.session.remove()
    return app

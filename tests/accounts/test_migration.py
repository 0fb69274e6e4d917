"""Migration 0006_accounts on a database made before it: canonical names filled in, collisions reported."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from quiz import create_app
from quiz.database import MIGRATIONS_DIR
from quiz.extensions import db
from tests.accounts.helpers import login
from tests.support import PASSWORD, Accounts, Studier, app_config

BEFORE = "0008_memory_model"
OLD_USERS = ["Émile", "ada", "émile", "ADA", "al\u200bice", "Иван"]


@pytest.fixture
def old_app(tmp_path, bank_dir):
    """An app whose database stops at the revision before accounts, holding users made then."""
    app = create_app(app_config(tmp_path, bank_dir, AUTO_MIGRATE=False, BANK_SYNC_ON_START=False))
    with app.app_context():
        upgrade(directory=str(MIGRATIONS_DIR), revision=BEFORE)
        from werkzeug.security import generate_password_hash

        password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        user = sa.table(
            "user",
            *(sa.column(c) for c in ("username", "password_hash", "role", "session_version", "desired_retention")),
            *(sa.column(c) for c in ("new_per_day", "timezone", "day_start_hour", "new_frontier", "created_at")),
        )
        db.session.execute(
            sa.insert(user),
            [
                {
                    "username": name,
                    "password_hash": password_hash,
                    "role": "learner",
                    "session_version": 1,
                    "desired_retention": 0.9,
                    "new_per_day": 20,
                    "timezone": "UTC",
                    "day_start_hour": 4,
                    "new_frontier": -1,
                    "created_at": datetime(2026, 1, 1, tzinfo=UTC).replace(tzinfo=None),
                }
                for name in OLD_USERS
            ],
        )
        db.session.commit()
        db.session.remove()
    return app


def names(app):
    with app.app_context():
        try:
            rows = db.session.execute(sa.text('SELECT id, username, username_key FROM "user" ORDER BY id')).all()
            return [tuple(row) for row in rows]
        finally:
            db.session.remove()


def test_the_upgrade_fills_canonical_names_and_renames_later_duplicates(old_app, caplog):
    caplog.set_level(logging.WARNING, "quiz.migrations")
    with old_app.app_context():
        upgrade(directory=str(MIGRATIONS_DIR))
        report = json.loads(db.session.scalar(sa.text("SELECT value FROM meta WHERE key = 'username_report'")))
        db.session.remove()
    assert names(old_app) == [
        (1, "Émile", "émile"),
        (2, "ada", "ada"),
        (3, "émile~3", "émile~3"),
        (4, "ADA~4", "ada~4"),
        (5, "al\u200bice", "al\u200bice"),
        (6, "Иван", "иван"),
    ]
    assert report == [
        "user 3 'émile' renamed 'émile~3': same name as user 1 'Émile'",
        "user 4 'ADA' renamed 'ADA~4': same name as user 2 'ada'",
        "user 5 'al\\u200bice' would be refused today: "
        "User names can't contain invisible characters (here U+200B ZERO WIDTH SPACE).",
    ]
    assert [r.getMessage() for r in caplog.records] == [f"user names: {line}" for line in report]

    # Everyone can log in, in any case, and the older hashes are replaced on the way.
    client = old_app.test_client()
    for typed in ("ÉMILE", "Émile~3", "ada", "ada~4", "ИВАН"):
        assert login(client, typed).status_code == 303, typed
        client.get("/logout")
        client = old_app.test_client()


def test_the_admin_page_shows_the_report(old_app):
    with old_app.app_context():
        upgrade(directory=str(MIGRATIONS_DIR))
        db.session.remove()
    old_app.test_cli_runner().invoke(args=["user", "role", "ada", "admin"])
    admin = old_app.test_client()
    login(admin, "ada")
    page = admin.get("/admin/users").get_data(as_text=True)
    assert "User names the upgrade found (3)" in page and "renamed &#39;émile~3&#39;" in page


def test_the_downgrade_and_upgrade_again(old_app):
    with old_app.app_context():
        upgrade(directory=str(MIGRATIONS_DIR))
        downgrade(directory=str(MIGRATIONS_DIR), revision=BEFORE)
        columns = {c["name"] for c in sa.inspect(db.engine).get_columns("user")}
        tables = set(sa.inspect(db.engine).get_table_names())
        db.session.remove()
        assert "username_key" not in columns and "email" not in columns
        assert "login_throttle" not in tables and "password_reset" not in tables
        upgrade(directory=str(MIGRATIONS_DIR))
        db.session.remove()
    assert [n for _, n, _ in names(old_app)][:4] == ["Émile", "ada", "émile~3", "ADA~4"]


def test_a_learners_history_survives_the_downgrade_and_the_upgrade(app):
    # On SQLite, copying the user table to change it drops the old one, and with
    # foreign keys on that deletes every card, review and quiz answer with it.
    browser = app.test_client()
    Accounts(browser).register("Łukasz")
    studier = Studier(browser)
    for _ in range(2):
        studier.answer("no idea")
        assert studier.rate(1).status_code == 303

    def counts():
        with app.app_context():
            try:
                return [db.session.scalar(sa.text(f"SELECT count(*) FROM {t}")) for t in ("card", "review")]
            finally:
                db.session.remove()

    before = counts()
    assert before[1] == 2
    with app.app_context():
        downgrade(directory=str(MIGRATIONS_DIR), revision=BEFORE)
        db.session.remove()
    assert counts() == before
    with app.app_context():
        upgrade(directory=str(MIGRATIONS_DIR))
        db.session.remove()
    assert counts() == before
    browser = app.test_client()
    assert login(browser, "łukasz").status_code == 303

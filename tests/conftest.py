"""Shared fixtures: an app on its own database, a client, and helpers that
register, study and take quizzes through the real pages.

Every test gets a fresh database copied from one migrated template (a SQLite
file, or a PostgreSQL database created from a template database when
``QUIZ_TEST_DATABASE_URL`` is set), so the Alembic migrations really run once
per session without costing every test. Tests marked ``sqlite_only`` or
``postgresql_only`` check one engine's behaviour and are skipped on the other.
CSRF protection stays on: helpers post the token the form carries, as a browser
does.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, appcontext_pushed
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import settings

from quiz import create_app
from quiz.extensions import db
from tests.support import (
    ENGINE,
    Accounts,
    Quizzer,
    Studier,
    app_config,
    clone_database,
    drop_database,
    drop_spares,
    make_bank_dir,
    recycle_database,
    remember_template,
)


def pytest_report_header() -> str:
    return f"database engine under test: {ENGINE}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip the tests written for the other engine."""
    for item in items:
        for engine in ("sqlite", "postgresql"):
            if item.get_closest_marker(f"{engine}_only") and engine != ENGINE:
                item.add_marker(pytest.mark.skip(reason=f"checks {engine} only; running on {ENGINE}"))


# Speed is measured by the bench/ scripts, not by tests: on a machine shared by
# several engineers (and in CI) one example may take longer than Hypothesis's
# default 200 ms deadline without anything being wrong.
settings.register_profile("quiz", deadline=None)
settings.load_profile("quiz")


@pytest.fixture(autouse=True)
def _push_request_context() -> Iterator[None]:
    """Turn off pytest-flask's shared request context.

    pytest-flask keeps one app context (and so one database session) alive for a
    whole test, which lets an uncommitted change from one request show up in the
    next. Each request here gets its own context, as in production.
    """
    yield


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A database migrated to the newest revision with the small bank loaded."""
    folder = tmp_path_factory.mktemp("template")
    bank_dir = make_bank_dir(folder / "bank")
    template = create_app(app_config(folder, bank_dir))
    with template.app_context():
        db.engine.dispose()  # a PostgreSQL template database must have no connections
    remember_template(folder)
    yield folder
    drop_spares()
    drop_database(folder)


@pytest.fixture
def bank_dir(tmp_path: Path, template_db: Path) -> Path:
    """The small bank's folder (shared with the template database)."""
    return template_db / "bank"


@pytest.fixture
def app(tmp_path: Path, template_db: Path, bank_dir: Path) -> Iterator[Flask]:
    """An app on a private copy of the template database."""
    clone_database(template_db, tmp_path)
    app = create_app(app_config(tmp_path, bank_dir))
    yield app
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()
    recycle_database(template_db, tmp_path)


#: Every app built during the session, so that the connections of each can be closed.
_apps: weakref.WeakSet[Flask] = weakref.WeakSet()
appcontext_pushed.connect(lambda app, **_: _apps.add(app), weak=False)


@pytest.fixture(autouse=True)
def _close_databases(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test, close the pooled connections of every app and drop the test's own PostgreSQL database.

    A pool would otherwise keep its connections until garbage collection, which
    psycopg reports as an unclosed connection. An app still in use (one built by a
    module fixture) simply opens a new connection when next asked.
    """
    folder = request.getfixturevalue("tmp_path") if ENGINE != "sqlite" and "tmp_path" in request.fixturenames else None
    yield
    for app in list(_apps):
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose()
    _apps.clear()
    if folder is not None:
        drop_database(folder)


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """Runs ``flask`` commands against the test app."""
    return app.test_cli_runner()


@pytest.fixture
def accounts(client: FlaskClient) -> Accounts:
    """Account helper bound to the test client."""
    return Accounts(client)


@pytest.fixture
def query(app: Flask) -> Callable[..., Any]:
    """Run ``fn(session)`` in a fresh app context and return its result."""

    def run(fn: Callable[..., Any]) -> Any:
        with app.app_context():
            try:
                return fn(db.session)
            finally:
                db.session.remove()

    return run


@pytest.fixture
def studier(client: FlaskClient) -> Studier:
    """Study helper bound to the test client."""
    return Studier(client)


@pytest.fixture
def quizzer(client: FlaskClient) -> Quizzer:
    """Quiz helper bound to the test client."""
    return Quizzer(client)

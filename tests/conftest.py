"""Shared fixtures: an app on its own SQLite file, a client, and helpers that
register, study and take quizzes through the real pages.

Every test gets a fresh database copied from one migrated template, so the
Alembic migrations really run (once per session) without costing every test.
CSRF protection stays on: helpers post the token the form carries, as a browser
does.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import settings

from quiz import create_app
from quiz.extensions import db
from tests.support import Accounts, Quizzer, Studier, app_config, make_bank_dir

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
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database migrated to the newest revision with the small bank loaded."""
    folder = tmp_path_factory.mktemp("template")
    bank_dir = make_bank_dir(folder / "bank")
    create_app(app_config(folder, bank_dir))
    return folder


@pytest.fixture
def bank_dir(tmp_path: Path, template_db: Path) -> Path:
    """The small bank's folder (shared with the template database)."""
    return template_db / "bank"


@pytest.fixture
def app(tmp_path: Path, template_db: Path, bank_dir: Path) -> Flask:
    """An app on a private copy of the template database."""
    shutil.copy(template_db / "quiz.sqlite3", tmp_path / "quiz.sqlite3")
    return create_app(app_config(tmp_path, bank_dir))


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

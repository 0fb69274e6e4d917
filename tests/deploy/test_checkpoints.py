"""SQLite's WAL checkpoints run in a background thread, not inside a learner's request."""

from __future__ import annotations

import os
import time

import pytest

from quiz import checkpoints
from quiz.extensions import db

pytestmark = pytest.mark.sqlite_only


def database_path(app) -> str:
    with app.app_context():
        return os.path.abspath(db.engine.url.database)


def wait_for(condition, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def write(app, commits: int) -> None:
    """Commit ``commits`` small transactions of about 8 kB each."""
    with app.app_context():
        for i in range(commits):
            db.session.execute(db.text("INSERT INTO scratch VALUES (:x)"), {"x": f"{i:08d}" * 1000})
            db.session.commit()
        db.session.remove()


def test_commits_never_checkpoint_by_themselves(app):
    with app.app_context():
        assert db.session.connection().exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
        db.session.remove()


def test_a_commit_gets_a_background_checkpoint_and_the_thread_ends_when_idle(app, accounts, monkeypatch):
    monkeypatch.setattr(checkpoints, "INTERVAL", 0.05)
    monkeypatch.setattr(checkpoints, "IDLE", 0.5)
    path = database_path(app)
    accounts.register()
    checkpointer = checkpoints._running[path]
    assert checkpointer.is_alive() and checkpointer.daemon
    assert wait_for(lambda: checkpointer.complete >= 1), "no complete checkpoint"
    assert wait_for(lambda: not checkpointer.is_alive()), "the idle thread did not end"
    assert path not in checkpoints._running
    accounts.logout()  # a commit: a new thread takes over
    assert checkpoints._running[path] is not checkpointer


def test_checkpoints_let_sqlite_reuse_the_log_instead_of_growing_it(app, monkeypatch):
    monkeypatch.setattr(checkpoints, "INTERVAL", 0.05)
    path = database_path(app)
    with app.app_context():
        db.session.execute(db.text("CREATE TABLE scratch (x TEXT)"))
        db.session.commit()
        db.session.remove()
    assert wait_for(lambda: path not in checkpoints._running or checkpoints._running[path].runs >= 1)
    # With the background checkpoints switched off, the log only grows.
    monkeypatch.setattr(checkpoints, "poke", lambda path: None)
    write(app, 200)
    unchecked = os.path.getsize(path + "-wal")
    write(app, 200)
    assert os.path.getsize(path + "-wal") > 1.5 * unchecked
    # With them on, once a checkpoint has copied the log, writers start it over.
    monkeypatch.undo()
    monkeypatch.setattr(checkpoints, "INTERVAL", 0.05)
    done = checkpoints._running[path].complete if path in checkpoints._running else 0
    write(app, 1)
    assert wait_for(lambda: checkpoints._running[path].complete > done)
    grown = os.path.getsize(path + "-wal")
    for _ in range(4):
        write(app, 100)
        runs = checkpoints._running[path].complete
        assert wait_for(lambda runs=runs: checkpoints._running[path].complete > runs)
    assert os.path.getsize(path + "-wal") <= grown

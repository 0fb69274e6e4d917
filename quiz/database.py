"""Database engine set-up and schema upgrades on start.

SQLite is the embedded default. Each connection runs in WAL mode with a busy
timeout and foreign keys on. pysqlite's own transaction handling is switched off
so that SQLAlchemy's ``begin`` decides how a transaction starts: requests that
may write (anything but GET, HEAD and OPTIONS) and command-line work start with
``BEGIN IMMEDIATE``, which takes the write lock up front. With pysqlite's
default handling, concurrent ratings lost card-state updates; with a deferred
``BEGIN`` a quarter of them failed with "database is locked".
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, has_request_context, request
from flask_migrate import upgrade
from sqlalchemy import Engine, event

from quiz.paths import PACKAGE_DIR, private_file

__all__ = [
    "MIGRATIONS_DIR",
    "begins_writing",
    "configure_engine",
    "reading",
    "schema_is_current",
    "startup_lock",
    "upgrade_schema",
]

MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BUSY_TIMEOUT_MS = 10_000


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (see _on_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


_reading: ContextVar[bool] = ContextVar("quiz_reading", default=False)


@contextmanager
def reading() -> Iterator[None]:
    """Start the transactions begun inside as reads, even in a request that writes.

    For the long, read-only part of a write (comparing a whole bank with the
    catalogue): on SQLite it then runs without the write lock, so learners'
    ratings go on meanwhile. End that transaction before leaving the block.
    """
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def begins_writing() -> bool:
    """Whether a transaction started now takes SQLite's write lock up front (``BEGIN IMMEDIATE``)."""
    return not (_reading.get() or (has_request_context() and request.method in READ_ONLY_METHODS))


def _on_begin(connection: Any) -> None:
    # Straight to the driver: this runs once per transaction, and going through
    # SQLAlchemy's statement machinery here cost as much as a query.
    connection.connection.driver_connection.execute("BEGIN IMMEDIATE" if begins_writing() else "BEGIN")


def configure_engine(engine: Engine) -> None:
    """Install the SQLite connection and transaction hooks on ``engine``.

    The database file is created (or kept) readable by its owner only: it holds
    the password hashes. SQLite gives its ``-wal`` and ``-shm`` files the mode
    of the database file; ones left from before are tightened too.

    Other databases are left as they are; their row locks (``SELECT ... FOR
    UPDATE`` in the services) do the same job.
    """
    if engine.dialect.name != "sqlite":
        return
    database = engine.url.database
    if database and database != ":memory:" and not database.startswith("file:") and Path(database).parent.is_dir():
        path = Path(database)
        private_file(path)
        for suffix in ("-wal", "-shm", "-journal"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                private_file(side)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)


@contextmanager
def startup_lock(app: Flask) -> Iterator[None]:
    """Hold an exclusive file lock in the instance folder.

    Several worker processes starting at once would otherwise run the migrations
    and the bank sync side by side.
    """
    path = Path(app.instance_path) / "startup.lock"
    private_file(path)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def schema_is_current(engine: Engine) -> bool:
    """True when the database is at the newest migration (checked without Alembic's env)."""
    heads = set(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads())
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads()) == heads


def upgrade_schema() -> None:
    """Bring the schema to the newest migration (inside an app context)."""
    upgrade(directory=str(MIGRATIONS_DIR))

"""Database engine set-up and schema upgrades on start.

SQLite is the embedded default. Each connection runs in WAL mode with a busy
timeout and foreign keys on. pysqlite's own transaction handling is switched off
so that SQLAlchemy's ``begin`` decides how a transaction starts: requests that
may write (anything but GET, HEAD and OPTIONS) and command-line work start with
``BEGIN IMMEDIATE``, which takes the write lock up front. With pysqlite's
default handling, concurrent ratings lost card-state updates; with a deferred
``BEGIN`` a quarter of them failed with "database is locked". SQLite's own WAL
checkpoints are off: :mod:`quiz.checkpoints` runs them outside requests.

Start-up work (migrations, the bank sync) runs under :func:`startup_lock`: a
file lock in the instance folder on SQLite, whose database is on one machine,
and an advisory lock in the database on PostgreSQL, which every app server
sharing the database sees.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, has_request_context, request
from flask_migrate import upgrade
from sqlalchemy import Engine, event

from quiz import checkpoints
from quiz.extensions import db
from quiz.paths import PACKAGE_DIR, private_file

__all__ = [
    "MIGRATIONS_DIR",
    "begins_writing",
    "configure_engine",
    "lock_timed_out",
    "reading",
    "read_before_writing",
    "schema_heads",
    "schema_is_current",
    "schema_revisions",
    "startup_lock",
    "upgrade_schema",
]

P = ParamSpec("P")
T = TypeVar("T")

MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BUSY_TIMEOUT_MS = 10_000
#: The PostgreSQL advisory lock key that start-up work holds (any fixed 64-bit number).
STARTUP_LOCK_KEY = int.from_bytes(hashlib.sha256(b"quiz startup").digest()[:8], "big", signed=True)


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (see _on_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # No checkpoint inside a commit: quiz.checkpoints runs them in the background.
    cursor.execute("PRAGMA wal_autocheckpoint=0")
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


def read_before_writing(read: Callable[P, T]) -> Callable[P, T]:
    """Run ``read``, the first thing a request reads (its user), without SQLite's write lock.

    A request that may write starts its transactions with ``BEGIN IMMEDIATE``,
    which takes the write lock at once. The login cookie's user is read first
    in every request; in that same transaction the lock would be held through
    the CSRF check, the form and the answer check too, and every other
    learner's rating would wait for all of it. So when no transaction is open
    yet, this read gets a read transaction of its own, ended straight after,
    and the write transaction begins when a service first touches the
    database. Elsewhere (reads, PostgreSQL) it is a plain call.
    """

    @functools.wraps(read)
    def outside_the_write_lock(*args: P.args, **kwargs: P.kwargs) -> T:
        if db.session().in_transaction() or not begins_writing() or db.engine.dialect.name != "sqlite":
            return read(*args, **kwargs)
        with reading():
            try:
                return read(*args, **kwargs)
            finally:
                db.session.rollback()

    return outside_the_write_lock


def lock_timed_out(error: BaseException) -> bool:
    """Whether ``error`` is a wait for a lock that ran out (SQLite's busy timeout, PostgreSQL's lock_timeout)."""
    orig = getattr(error, "orig", error)
    if isinstance(orig, sqlite3.OperationalError):
        return str(orig).startswith(("database is locked", "database is busy"))
    return getattr(orig, "sqlstate", None) == "55P03"  # lock_not_available


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
    checkpoints.install(engine)


@contextmanager
def startup_lock(app: Flask) -> Iterator[None]:
    """Hold the start-up lock (inside an app context).

    Several worker processes, or several app servers, starting at once would
    otherwise run the migrations and the bank sync side by side. On PostgreSQL
    the lock is a session advisory lock in the database itself, so it holds
    across machines and goes with the connection if the process dies; on SQLite
    it is an exclusive file lock in the instance folder.
    """
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as connection:
            connection.exec_driver_sql(f"SELECT pg_advisory_lock({STARTUP_LOCK_KEY})")
            connection.commit()
            try:
                yield
            finally:
                connection.exec_driver_sql(f"SELECT pg_advisory_unlock({STARTUP_LOCK_KEY})")
                connection.commit()
        return
    path = Path(app.instance_path) / "startup.lock"
    private_file(path)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@cache
def schema_heads() -> frozenset[str]:
    """The newest migration revisions this code knows (read once per process)."""
    return frozenset(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads())


def schema_revisions(engine: Engine) -> frozenset[str]:
    """The revisions the database is at (empty for a database never migrated)."""
    with engine.connect() as connection:
        return frozenset(MigrationContext.configure(connection).get_current_heads())


def schema_is_current(engine: Engine) -> bool:
    """True when the database is at the newest migration (checked without Alembic's env)."""
    return schema_revisions(engine) == schema_heads()


def upgrade_schema() -> None:
    """Bring the schema to the newest migration (inside an app context)."""
    upgrade(directory=str(MIGRATIONS_DIR))

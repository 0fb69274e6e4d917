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
import os
import sqlite3
import threading
import time
import weakref
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
    "write_queue_path",
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
    """Run ``read`` without SQLite's write lock when no transaction is open: the request's user, say.

    A request that may write starts its transactions with ``BEGIN IMMEDIATE``,
    which takes the write lock at once. The login cookie's user is read first
    in every request; in that same transaction the lock would be held through
    the CSRF check, the form and the answer check too, and every other
    learner's rating would wait for all of it. So when no transaction is open
    yet, this read gets a read transaction of its own, ended straight after,
    and the write transaction begins when a service first touches the
    database. The same goes for a read after a request's commit. Elsewhere
    (reads, PostgreSQL, inside a transaction) it is a plain call.
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


#: Longest sleep between two tries at the write queue's file lock (seconds).
#: Another process's writer gets the lock at most this long after it is free.
QUEUE_POLL_CAP = 0.001
_QUEUE_POLL_FIRST = 0.0001


def _queue_timed_out() -> sqlite3.OperationalError:
    """SQLite's own "database is locked", for a wait in the write queue past the busy timeout."""
    return sqlite3.OperationalError("database is locked (waiting for the app's write queue)")


class WriteQueue:
    """App writers take turns here before ``BEGIN IMMEDIATE``, instead of in SQLite's busy handler.

    SQLite's busy handler retries a taken write lock after sleeps of 1, 2, 5,
    10, 15, 20, 25 ... ms, so under load a writer that lost the race a few
    times waited tens of milliseconds while the lock was mostly free. Here a
    writer first takes its process's turn (a ``threading.Lock``: the next
    thread goes the moment the last one is done), then an exclusive ``flock``
    on a file beside the database, tried every 0.1 ms at first and at most
    every :data:`QUEUE_POLL_CAP` after, so the worker processes hand over
    within a millisecond. Both are let go once the transaction has really
    ended: after the driver's commit or rollback (SQLAlchemy's own ``commit``
    and ``rollback`` events come before them, so the dialect's calls are
    wrapped instead), or when the connection is closed.

    It only orders this app's writers: anything else writing the file (the
    checkpoints, ``sqlite3`` in a shell, a backup) still meets SQLite's own
    lock, which ``BEGIN IMMEDIATE`` still takes. Waiting longer than the busy
    timeout in the queue raises SQLite's own "database is locked", so
    :func:`lock_timed_out` sees it as it sees SQLite's timeout.

    Only one connection per process holds the turn at a time, so one open file
    (one ``flock`` owner) per process is enough; a forked child opens its own.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._turn = threading.Lock()
        self._guard = threading.Lock()  # for _holder and _fd, held for a moment only
        self._holder: Any = None  # the DBAPI connection holding the turn
        self._fd: int | None = None
        _queues.add(self)

    def acquire(self, dbapi_connection: Any) -> float:
        """Wait for this writer's turn; return the seconds left of the busy timeout."""
        timeout = BUSY_TIMEOUT_MS / 1000
        deadline = time.monotonic() + timeout
        if not self._turn.acquire(timeout=timeout):
            raise _queue_timed_out()
        try:
            if self.path is not None:
                fd = self._file()
                pause = _QUEUE_POLL_FIRST
                while True:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() >= deadline:
                            raise _queue_timed_out() from None
                        time.sleep(pause)
                        pause = min(pause * 2, QUEUE_POLL_CAP)
        except BaseException:
            self._turn.release()
            raise
        with self._guard:
            self._holder = dbapi_connection
        return deadline - time.monotonic()

    def release(self, dbapi_connection: Any) -> None:
        """Let the next writer go, if ``dbapi_connection`` holds the turn (otherwise nothing)."""
        with self._guard:
            if self._holder is None or self._holder is not dbapi_connection:
                return
            self._holder = None
            fd = self._fd
        try:
            if self.path is not None and fd is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            self._turn.release()

    def _file(self) -> int:
        with self._guard:
            if self._fd is None:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            return self._fd

    def _forget_parent(self) -> None:
        # In a forked child: the parent's open file shares its flock, and a turn
        # held by one of the parent's threads would never be given back here.
        if self._fd is not None:
            os.close(self._fd)
        self._fd = None
        self._holder = None
        self._turn = threading.Lock()
        self._guard = threading.Lock()

    def install(self, engine: Engine) -> None:
        """Take turns before ``engine``'s write transactions and give them back after (once per engine)."""
        if engine in _installed:
            return
        _installed.add(engine)
        dialect = engine.dialect
        commit, rollback, close, terminate = (
            dialect.do_commit,
            dialect.do_rollback,
            dialect.do_close,
            dialect.do_terminate,
        )

        def release_after(end: Callable[[Any], None]) -> Callable[[Any], None]:
            def ended(connection: Any) -> None:
                try:
                    end(connection)
                finally:
                    # The pool passes its proxy for commits and rollbacks, the bare connection to close.
                    self.release(getattr(connection, "dbapi_connection", connection))

            return ended

        dialect.do_commit = release_after(commit)  # type: ignore[method-assign]
        dialect.do_rollback = release_after(rollback)  # type: ignore[method-assign]
        dialect.do_close = release_after(close)  # type: ignore[method-assign]
        dialect.do_terminate = release_after(terminate)  # type: ignore[method-assign]

        def on_begin(connection: Any) -> None:
            if not begins_writing():
                _on_begin(connection)  # a read: no turn to take
                return
            driver = connection.connection.driver_connection
            left = self.acquire(driver)
            try:
                if left < BUSY_TIMEOUT_MS / 2000:
                    # A long wait in the queue: SQLite's own wait gets only what is left of the timeout.
                    driver.execute(f"PRAGMA busy_timeout={max(int(left * 1000), 1)}")
                    try:
                        driver.execute("BEGIN IMMEDIATE")
                    finally:
                        driver.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
                else:
                    driver.execute("BEGIN IMMEDIATE")
            except BaseException:
                self.release(driver)
                raise

        event.listen(engine, "begin", on_begin)


_queues: weakref.WeakSet[WriteQueue] = weakref.WeakSet()
_installed: weakref.WeakSet[Engine] = weakref.WeakSet()


def _forget_parent_queues() -> None:
    for queue in list(_queues):
        queue._forget_parent()


os.register_at_fork(after_in_child=_forget_parent_queues)


def write_queue_path(database: str) -> Path:
    """The write queue's lock file for the SQLite database file ``database`` (beside it)."""
    path = Path(database)
    return path.with_name(path.name + ".writers.lock")


def configure_engine(engine: Engine, *, write_queue: bool = True) -> None:
    """Install the SQLite connection and transaction hooks on ``engine``.

    The database file is created (or kept) readable by its owner only: it holds
    the password hashes. SQLite gives its ``-wal`` and ``-shm`` files the mode
    of the database file; ones left from before are tightened too, and so is
    the write queue's lock file (:class:`WriteQueue`, on unless
    ``write_queue`` is false: the ``SQLITE_WRITE_QUEUE`` setting). A ``file:``
    URI gets the queue within its process only, an in-memory database none.

    Other databases are left as they are; their row locks (``SELECT ... FOR
    UPDATE`` in the services) do the same job.
    """
    if engine.dialect.name != "sqlite":
        return
    database = engine.url.database
    lock_path = None
    if database and database != ":memory:" and not database.startswith("file:") and Path(database).parent.is_dir():
        path = Path(database)
        private_file(path)
        for suffix in ("-wal", "-shm", "-journal"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                private_file(side)
        if write_queue:
            lock_path = write_queue_path(database)
            private_file(lock_path)
    event.listen(engine, "connect", _on_connect)
    if write_queue and database and database != ":memory:":  # each connection has its own in-memory database
        WriteQueue(lock_path).install(engine)
    else:
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

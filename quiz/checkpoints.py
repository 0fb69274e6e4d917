"""SQLite WAL checkpoints run by a background thread, never inside a request.

In WAL mode a commit appends to the ``-wal`` file; a *checkpoint* copies those
pages back into the database file and syncs it. By default SQLite runs one
inside whichever commit takes the log past 1,000 pages, so every few seconds
under load one learner's rating waited 40 to 210 ms for it. Here the
connections turn that off (``wal_autocheckpoint=0``, set in
:mod:`quiz.database`) and each process that writes keeps one thread that runs a
``PASSIVE`` checkpoint at most once per :data:`INTERVAL` seconds after a commit.
A passive checkpoint never waits for readers or writers and never makes them
wait; pages still in use are copied by a later one.

The thread starts on a process's first commit to a database file and ends after
:data:`IDLE` seconds without commits, so command-line runs and tests that open
many databases leave nothing behind. A forked worker starts its own.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from typing import Any

from sqlalchemy import Engine, event

__all__ = ["IDLE", "INTERVAL", "Checkpointer", "install"]

log = logging.getLogger(__name__)

#: Seconds between two checkpoints of one database (at most).
INTERVAL = 1.0
#: Seconds without a commit after which the thread closes its connection and ends.
IDLE = 30.0

_lock = threading.Lock()
_running: dict[str, Checkpointer] = {}


class Checkpointer(threading.Thread):
    """Checkpoints one SQLite database file while its process keeps committing."""

    def __init__(self, path: str) -> None:
        super().__init__(name=f"quiz-checkpoint:{path}", daemon=True)
        self.path = path
        self.wanted = threading.Event()
        #: Checkpoints run so far, and those that copied every page of the log.
        self.runs = 0
        self.complete = 0

    def run(self) -> None:
        try:
            connection = sqlite3.connect(self.path, timeout=0, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            log.warning("WAL checkpoints of %s not started: %s", self.path, exc)
            self._leave()
            return
        try:
            while self._wait():
                # Let the commits of the next moment join this one checkpoint.
                time.sleep(INTERVAL)
                self.wanted.clear()
                self._checkpoint(connection)
        finally:
            connection.close()

    def _wait(self) -> bool:
        """Wait for a commit to checkpoint; False when none came for :data:`IDLE` seconds."""
        if self.wanted.wait(IDLE):
            return True
        with _lock:
            # A commit that poked us after the wait timed out still gets its checkpoint.
            if self.wanted.is_set():
                return True
            if _running.get(self.path) is self:
                del _running[self.path]
            return False

    def _checkpoint(self, connection: sqlite3.Connection) -> None:
        try:
            busy, pages, copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error as exc:
            log.warning("WAL checkpoint of %s failed: %s", self.path, exc)
            return
        self.runs += 1
        self.complete += not busy and pages == copied

    def _leave(self) -> None:
        with _lock:
            if _running.get(self.path) is self:
                del _running[self.path]


def poke(path: str) -> Checkpointer:
    """Ask for a checkpoint of ``path`` soon, starting this process's thread for it if needed."""
    checkpointer = _running.get(path)
    if checkpointer is None or not checkpointer.is_alive():
        with _lock:
            checkpointer = _running.get(path)
            if checkpointer is None or not checkpointer.is_alive():
                checkpointer = _running[path] = Checkpointer(path)
                checkpointer.start()
    checkpointer.wanted.set()
    return checkpointer


def install(engine: Engine) -> None:
    """Checkpoint ``engine``'s database file after its commits (file databases only)."""
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = os.path.abspath(database)

    def after_commit(_connection: Any) -> None:
        poke(path)

    event.listen(engine, "commit", after_commit)


# A forked child has none of its parent's threads: let it start its own.
os.register_at_fork(after_in_child=_running.clear)

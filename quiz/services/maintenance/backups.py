"""Consistent backups of a running app's database, and restoring one.

SQLite is copied with its online backup API: one read transaction copies every
page, so the copy is a single consistent moment while learners go on rating
(WAL mode lets writers continue meanwhile). The copy is a self-contained file
(journal mode DELETE, no ``-wal`` beside it), written to a temporary name and
renamed into place, readable by its owner only.

PostgreSQL is dumped with ``pg_dump`` in its custom format, which also reads in
one snapshot. Restoring turns the dump into SQL with ``pg_restore`` and runs it
with ``psql`` in one transaction that first drops every table of the database:
it replaces everything or, on any error, nothing. Both programs come with
PostgreSQL's client package (Debian: ``postgresql-client``).

Restoring over a database that holds accounts is refused unless forced: a
database fresh from a first start (schema and question bank, nobody in it) is
not worth protecting, one with learners is.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from alembic.util import CommandError

from quiz.database import MIGRATIONS_DIR
from quiz.models import Review, User

__all__ = ["BackupError", "Holdings", "backup", "holdings", "restore"]

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Holdings:
    """What a database holds that a restore would replace."""

    accounts: int
    reviews: int

    def __str__(self) -> str:
        return f"{self.accounts:,} account(s) and {self.reviews:,} review(s)"


def holdings(engine: sa.Engine) -> Holdings:
    """Count the accounts and reviews in the database (zero when it has no tables yet)."""
    tables = set(sa.inspect(engine).get_table_names())
    with engine.connect() as connection:

        def count(model: type) -> int:
            table = model.__table__
            return connection.scalar(sa.select(sa.func.count()).select_from(table)) if table.name in tables else 0

        return Holdings(count(User), count(Review))


def backup(engine: sa.Engine, target: Path, *, force: bool = False) -> str:
    """Write a consistent copy of the database to ``target``; return what was written.

    Raises:
        BackupError: ``target`` exists and ``force`` is not set, the folder is
            missing, or the dump failed (the message says why).
    """
    if target.exists() and not force:
        raise BackupError(f"{target} exists; choose another name or pass --force to replace it.")
    if not target.parent.is_dir():
        raise BackupError(f"No folder {target.parent} to write the backup into.")
    temporary = target.with_name(f".{target.name}.{os.getpid()}.partial")
    temporary.unlink(missing_ok=True)
    # Owner-only from the first byte: a backup holds every password hash.
    os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        if engine.dialect.name == "sqlite":
            _sqlite_backup(engine, temporary)
        elif engine.dialect.name == "postgresql":
            _pg_dump(engine, temporary)
        else:
            raise BackupError(f"Backups of {engine.dialect.name} databases are not supported.")
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return f"{target} ({target.stat().st_size:,} bytes)"


def _sqlite_backup(engine: sa.Engine, temporary: Path) -> None:
    source = engine.raw_connection()
    try:
        with closing(sqlite3.connect(temporary)) as copy:
            source.driver_connection.backup(copy)
            # One self-contained file: no -wal or -shm needed beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
            if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError("The copy failed its integrity check; run `database check` on the database.")
    finally:
        source.close()


def _libpq(engine: sa.Engine) -> tuple[str, dict[str, str]]:
    """The database's address for PostgreSQL's own programs, and an environment carrying its password."""
    url = engine.url
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)  # not on the command line, where `ps` shows it
    address = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return address, environment


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} not found: install PostgreSQL's client programs (Debian: apt-get install postgresql-client), "
            "of the server's major version or newer."
        )
    return path


def _run(command: list[str], environment: dict[str, str], *, stdin: bytes | None = None) -> bytes:
    result = subprocess.run(command, input=stdin, capture_output=True, env=environment, check=False)
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip() or f"exit status {result.returncode}"
        raise BackupError(f"{Path(command[0]).name} failed: {message}")
    return result.stdout


def _pg_dump(engine: sa.Engine, temporary: Path) -> None:
    address, environment = _libpq(engine)
    _run(
        [_program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={temporary}", address],
        environment,
    )


def restore(engine: sa.Engine, source: Path, *, force: bool = False) -> str:
    """Replace the database's contents with the backup ``source``; return the backup's schema revision.

    Raises:
        BackupError: The file is not a backup of this kind of database, comes
            from a newer version of quiz, fails its own check, or the database
            holds accounts and ``force`` is not set.
    """
    if not source.is_file():
        raise BackupError(f"No backup file {source}.")
    with open(source, "rb") as handle:
        magic = handle.read(len(SQLITE_MAGIC))
    kind = "sqlite" if magic == SQLITE_MAGIC else "postgresql" if magic.startswith(PG_DUMP_MAGIC) else None
    if kind is None:
        raise BackupError(f"{source} is neither a SQLite database nor a pg_dump archive.")
    if kind != engine.dialect.name:
        raise BackupError(
            f"{source} is a {kind} backup but the database is {engine.dialect.name}; "
            "restore it into a database of its own kind."
        )
    revision = _sqlite_revision(source) if kind == "sqlite" else _pg_revision(engine, source)
    try:
        known = ScriptDirectory(str(MIGRATIONS_DIR)).get_revision(revision)
    except CommandError:
        known = None
    if known is None:
        raise BackupError(f"{source} has schema revision {revision!r}, which this version of quiz does not know.")
    held = holdings(engine)
    if held.accounts and not force:
        raise BackupError(
            f"The database holds {held}; restoring would replace them. "
            "Stop the app servers, then run again with --force."
        )
    if kind == "sqlite":
        _sqlite_restore(engine, source)
    else:
        _pg_restore(engine, source)
    engine.dispose()  # pooled connections may remember the old schema
    return revision


def _sqlite_revision(source: Path) -> str:
    try:
        with closing(sqlite3.connect(f"file:{quote(str(source.resolve()))}?mode=ro", uri=True)) as backup_db:
            if backup_db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"{source} fails SQLite's integrity check; it cannot be restored.")
            row = backup_db.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} is not a quiz database: {exc}.") from None
    if row is None:
        raise BackupError(f"{source} is not a quiz database: it has no schema revision.")
    return row[0]


def _sqlite_restore(engine: sa.Engine, source: Path) -> None:
    # The backup API again, the other way: it writes every page under the
    # database's write lock, so other connections see the old or the new one.
    target = engine.raw_connection()
    try:
        with closing(sqlite3.connect(f"file:{quote(str(source.resolve()))}?mode=ro", uri=True)) as backup_db:
            backup_db.backup(target.driver_connection)
    finally:
        target.close()


def _pg_revision(engine: sa.Engine, source: Path) -> str:
    _, environment = _libpq(engine)
    data = _run(
        [_program("pg_restore"), "--data-only", "--table=alembic_version", "--file=-", str(source)], environment
    ).decode()
    lines = data.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("COPY ") and "alembic_version" in line and i + 1 < len(lines) and lines[i + 1] != "\\.":
            return lines[i + 1].strip()
    raise BackupError(f"{source} is not a quiz database: it has no schema revision.")


def _pg_restore(engine: sa.Engine, source: Path) -> None:
    address, environment = _libpq(engine)
    script = _run([_program("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(source)], environment)
    tables = sa.inspect(engine).get_table_names()
    engine.dispose()
    drop = "".join(f'DROP TABLE IF EXISTS "{name}" CASCADE;\n' for name in tables).encode()
    _run(
        [
            _program("psql"),
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "--set=ON_ERROR_STOP=1",
            f"--dbname={address}",
            "--file=-",
        ],
        environment,
        stdin=drop + script,
    )

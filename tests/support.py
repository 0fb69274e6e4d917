"""Helpers shared by the tests: a small bank, test databases, test settings, and page drivers.

Tests run on SQLite by default and on PostgreSQL when ``QUIZ_TEST_DATABASE_URL``
names a server where its user may create databases: each test folder then gets a
database of its own on that server instead of a file.

The drivers post real forms with the CSRF token each page carries, as a browser does.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import textwrap
import uuid
from contextlib import closing
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from quiz.config import database_url

SMALL_BANK = textwrap.dedent(
    """\
    deck:
      id: test-deck
      title: Test deck
    questions:
      - id: relations-date
        type: short
        kind: date
        prompt: On what date were diplomatic relations opened between Freedonia and Sylvania?
        answer: March 3, 1921
        explanation: The envoys met in the border town of Ravel.
        source: {document: freedonia.txt, paragraph: 2}
        fact: relations-1921
      - id: relations-date-choice
        type: choice
        kind: date
        prompt: When were diplomatic relations opened between Freedonia and Sylvania?
        answer: March 3, 1921
        choices: ["March 3, 1921", "June 9, 1925", "March 3, 1931", "May 1, 1919"]
        source: {document: freedonia.txt, paragraph: 2}
        fact: relations-1921
      - id: aid-amount
        type: short
        kind: money
        prompt: How much aid did Freedonia pledge to Sylvania's railways?
        answer: $12.5 million
        source: {document: freedonia.txt, paragraph: 3}
      - id: treaty-name
        type: choice
        kind: agreement
        prompt: Which agreement of 1930 settled the Ravel border?
        answer: Ravel Border Accord
        choices: [Ravel Border Accord, Treaty of Sylvan Peace, Freedonian Trade Charter]
        source: {document: freedonia.txt, paragraph: 4}
      - id: capital-flashcard
        type: flashcard
        kind: name
        prompt: What is the capital of Freedonia?
        answer: Rufusburg
        source: {document: freedonia.txt, paragraph: 1}
      - id: founding-cloze
        type: cloze
        kind: date
        prompt: Freedonia was founded in {{1848}} by {{Rufus Firefly|Firefly}}.
        source: {document: freedonia.txt, paragraph: 1}
    """
)

PASSWORD = "correct horse battery"
_CSRF = re.compile(rb'name="csrf_token" type="hidden" value="([^"]+)"')


def shared_data(name: str) -> Path:
    """Return the path of ``name`` in the shared data folder (``../shared/data``).

    The folder sits beside the checkout (in CI and in the main checkout) or beside
    a folder above it (a worktree under ``wt/``): the nearest one upwards is used.
    The path returned may not exist; callers say what is missing.
    """
    here = Path(__file__).resolve()
    for folder in here.parents:
        candidate = folder / "shared" / "data" / name
        if candidate.exists():
            return candidate
    return here.parents[2] / "shared" / "data" / name


def make_bank_dir(path: Path, text: str = SMALL_BANK) -> Path:
    """Write a bank folder holding one deck file; return the folder."""
    path.mkdir(parents=True, exist_ok=True)
    (path / "deck.yaml").write_text(text)
    return path


#: The PostgreSQL server the tests run on, or None for SQLite.
SERVER_URL = database_url(os.environ["QUIZ_TEST_DATABASE_URL"]) if os.environ.get("QUIZ_TEST_DATABASE_URL") else None
#: The engine under test: "sqlite" or "postgresql".
ENGINE = sa.make_url(SERVER_URL).get_backend_name() if SERVER_URL else "sqlite"


@cache
def _server() -> sa.Engine:
    return sa.create_engine(SERVER_URL, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)


def _database_name(folder: Path) -> str:
    return "quiz_test_" + hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:24]


def _create_database(folder: Path, template: Path | None = None) -> None:
    name = _database_name(folder)
    with _server().connect() as server:
        server.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if template is None:
            server.exec_driver_sql(f'CREATE DATABASE "{name}"')
        else:
            server.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{_database_name(template)}" STRATEGY FILE_COPY')


def database_for(folder: Path) -> str:
    """The database of the test data under ``folder``: a SQLite file in it, or a PostgreSQL database.

    The PostgreSQL database is named after the folder and created empty the first time.
    """
    if SERVER_URL is None:
        return f"sqlite:///{folder / 'quiz.sqlite3'}"
    name = _database_name(folder)
    with _server().connect() as server:
        exists = server.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}).scalar()
    if not exists:
        _create_database(folder)
    return _url(name)


@dataclass
class _Snapshot:
    """The rows of a template database, to put a used copy back the way it was."""

    version: str
    tables: list[sa.Table]
    rows: dict[str, list[dict[str, Any]]]
    spares: list[str] = field(default_factory=list)


#: Template database name -> its snapshot and the reset copies ready for reuse.
_snapshots: dict[str, _Snapshot] = {}


def _url(name: str) -> str:
    return sa.make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)


def remember_template(template: Path) -> None:
    """Read a template database's rows so that its copies can be reset and reused (PostgreSQL)."""
    if SERVER_URL is None:
        return
    engine = sa.create_engine(_url(_database_name(template)), poolclass=sa.NullPool)
    metadata = sa.MetaData()
    metadata.reflect(engine)
    tables = [table for table in metadata.sorted_tables if table.name != "alembic_version"]
    with engine.connect() as connection:
        version = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()
        rows = {table.name: [dict(row._mapping) for row in connection.execute(sa.select(table))] for table in tables}
    engine.dispose()
    _snapshots[_database_name(template)] = _Snapshot(version, tables, rows)


def clone_database(template: Path, folder: Path) -> None:
    """Give ``folder`` a copy of the database of ``template`` (which no connection may be writing).

    On SQLite the copy goes through SQLite's backup API, so that it holds what is
    still in the template's write-ahead log: the app's background checkpointer
    keeps a connection of its own, so closing the app's connections does not fold
    the log into the file, and a copy of the file alone could miss the last
    commits (a replayed history then came out a few hundred reviews short, and
    by a different number each run).

    On PostgreSQL a copy recycled by :func:`recycle_database` is renamed into
    place when there is one: resetting a few rows is several times faster than
    copying a database.
    """
    if SERVER_URL is None:
        with closing(sqlite3.connect(template / "quiz.sqlite3")) as source:
            with closing(sqlite3.connect(folder / "quiz.sqlite3")) as copy:
                source.backup(copy)
        return
    snapshot = _snapshots.get(_database_name(template))
    if snapshot and snapshot.spares:
        with _server().connect() as server:
            server.exec_driver_sql(f'DROP DATABASE IF EXISTS "{_database_name(folder)}" WITH (FORCE)')
            server.exec_driver_sql(f'ALTER DATABASE "{snapshot.spares.pop()}" RENAME TO "{_database_name(folder)}"')
    else:
        _create_database(folder, template)


def recycle_database(template: Path, folder: Path) -> None:
    """Put ``folder``'s copy of ``template`` back as it was and keep it for the next clone.

    A copy that cannot be reset (its schema changed, a connection is still open) is dropped.
    """
    snapshot = _snapshots.get(_database_name(template))
    if snapshot is None:
        return
    name = _database_name(folder)
    engine = sa.create_engine(_url(name), poolclass=sa.NullPool)
    try:
        with engine.begin() as connection:
            if connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one() != snapshot.version:
                raise LookupError("schema changed")
            for table in reversed(snapshot.tables):
                connection.execute(table.delete())
            for table in snapshot.tables:
                if snapshot.rows[table.name]:
                    connection.execute(table.insert(), snapshot.rows[table.name])
                if "id" in table.c and table.c.id.primary_key and isinstance(table.c.id.type, sa.Integer):
                    connection.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                        f'coalesce(max(id), 0) + 1, false) FROM "{table.name}"'
                    )
        engine.dispose()
        spare = f"quiz_spare_{uuid.uuid4().hex}"
        with _server().connect() as server:
            server.exec_driver_sql(f'ALTER DATABASE "{name}" RENAME TO "{spare}"')
        snapshot.spares.append(spare)
    except (sa.exc.SQLAlchemyError, LookupError):
        engine.dispose()
        drop_database(folder)


def drop_spares() -> None:
    """Drop every recycled copy (at the end of the session)."""
    if SERVER_URL is None:
        return
    with _server().connect() as server:
        for snapshot in _snapshots.values():
            while snapshot.spares:
                server.exec_driver_sql(f'DROP DATABASE IF EXISTS "{snapshot.spares.pop()}" WITH (FORCE)')


def drop_database(folder: Path) -> None:
    """Remove the PostgreSQL database of ``folder``, closing its connections (SQLite files go with the folder)."""
    if SERVER_URL is not None:
        with _server().connect() as server:
            server.exec_driver_sql(f'DROP DATABASE IF EXISTS "{_database_name(folder)}" WITH (FORCE)')


def app_config(folder: Path, bank_dir: Path, **overrides: Any) -> dict[str, Any]:
    """Test settings for an app whose database and bank live under ``folder``."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test secret",
        "SQLALCHEMY_DATABASE_URI": database_for(folder),
        "BANK_DIR": str(bank_dir),
        **overrides,
    }


def csrf_token(html: bytes) -> str:
    """Return the CSRF token of the first form on a page."""
    match = _CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1).decode()


class Accounts:
    """Register and log in through the real pages, CSRF token included."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def register(self, username: str = "ada", password: str = PASSWORD) -> Any:
        token = csrf_token(self.client.get("/register").data)
        return self.client.post("/register", data={"username": username, "password": password, "csrf_token": token})

    def login(self, username: str = "ada", password: str = PASSWORD) -> Any:
        token = csrf_token(self.client.get("/login").data)
        return self.client.post("/login", data={"username": username, "password": password, "csrf_token": token})

    def logout(self) -> Any:
        token = csrf_token(self.client.get("/settings").data)
        return self.client.post("/logout", data={"csrf_token": token})


def hidden(html: bytes, name: str) -> str:
    """Return the value of the hidden input called ``name`` on a page."""
    match = re.search(rb'name="' + re.escape(name.encode()) + rb'" type="hidden" value="([^"]*)"', html)
    assert match, f"page has no hidden field {name!r}"
    return match.group(1).decode()


class Studier:
    """Drives the study pages like a learner: look, answer, rate."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def card(self) -> dict[str, Any]:
        """Open /study and describe the card shown (empty dict when done)."""
        page = self.client.get("/study")
        assert page.status_code == 200
        html = page.data
        if b'data-phase="done"' in html:
            return {"done": True, "html": html}
        phase = re.search(rb'data-phase="(\w+)" data-type="(\w+)"', html)
        prompt = re.search(rb'<h1 class="prompt">(.*?)</h1>', html, re.S)
        return {
            "done": False,
            "phase": phase.group(1).decode(),
            "type": phase.group(2).decode(),
            "prompt": prompt.group(1).decode(),
            "question": hidden(html, "question"),
            "reps": hidden(html, "reps"),
            "csrf": csrf_token(html),
            "html": html,
        }

    def answer(self, text: str | None = None, *, gaps: list[str] | None = None) -> dict[str, Any]:
        """Answer the card on screen; return the answer side it leads to."""
        shown = self.card()
        assert shown["phase"] == "question", shown
        data: dict[str, Any] = {"question": shown["question"], "reps": shown["reps"], "csrf_token": shown["csrf"]}
        if text is not None:
            data["answer"] = text
        if gaps is not None:
            data["gap"] = gaps
        response = self.client.post("/study/answer", data=data)
        assert response.status_code == 303
        return self.card()

    def rate(self, rating: int, side: dict[str, Any] | None = None) -> Any:
        """Press a rating button on the answer side (the current one by default)."""
        side = side or self.card()
        data = {"question": side["question"], "reps": side["reps"], "rating": rating, "csrf_token": side["csrf"]}
        return self.client.post("/study/rate", data=data)


class Quizzer:
    """Starts a quiz, reads the question on screen, answers it."""

    #: A right answer to each question of the test bank (a list: one per cloze gap).
    right: dict[str, str | list[str]] = {
        "relations-date": "3 March 1921",
        "relations-date-choice": "March 3, 1921",
        "aid-amount": "12.5 million dollars",
        "treaty-name": "Ravel Border Accord",
        "capital-flashcard": "Rufusburg",
        "founding-cloze": ["1848", "Firefly"],
    }

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def start(
        self,
        *,
        deck: int = 0,
        kinds: list[str] | None = None,
        length: int = 10,
        minutes: int | None = None,
        fewer: bool = False,
    ) -> Any:
        """Send the start form; ``fewer`` presses "Start with the N that match" (accepting a shorter quiz)."""
        token = csrf_token(self.client.get("/quiz").data)
        data: dict[str, Any] = {"deck": deck, "kinds": kinds or [], "length": length, "csrf_token": token}
        if minutes is not None:
            data["minutes"] = minutes
        if fewer:
            data["fewer"] = "y"
        return self.client.post("/quiz", data=data)

    def begin(self, **options: Any) -> int:
        """Start a quiz and return the new attempt's id."""
        response = self.start(**options)
        assert response.status_code == 303, response.data
        return int(re.fullmatch(r"/quiz/(\d+)", response.headers["Location"]).group(1))

    def show(self, attempt: int) -> dict[str, Any]:
        """Open the attempt's page and describe what it shows."""
        page = self.client.get(f"/quiz/{attempt}")
        html = page.data
        shown: dict[str, Any] = {"status": page.status_code, "html": html}
        phase = re.search(rb'data-phase="([\w-]+)"', html)
        shown["phase"] = phase.group(1).decode() if phase else None
        if shown["phase"] == "quiz":
            shown["key"] = re.search(rb'data-key="([^"]+)"', html).group(1).decode()
            shown["position"] = hidden(html, "position")
            shown["shown"] = hidden(html, "shown")
            shown["csrf"] = csrf_token(html)
        return shown

    def form(self, attempt: int, answer: str | list[str]) -> dict[str, Any]:
        """The answer form for the question on screen, filled in."""
        shown = self.show(attempt)
        assert shown["phase"] == "quiz", shown
        data: dict[str, Any] = {"position": shown["position"], "shown": shown["shown"], "csrf_token": shown["csrf"]}
        data["gap" if isinstance(answer, list) else "answer"] = answer
        return data

    def answer(self, attempt: int, answer: str | list[str]) -> Any:
        return self.client.post(f"/quiz/{attempt}/answer", data=self.form(attempt, answer))

    def answer_all(self, attempt: int, wrong: dict[str, str] | None = None) -> list[str]:
        """Answer every question, rightly unless ``wrong`` gives an answer for it; return the keys seen."""
        seen = []
        while (shown := self.show(attempt))["phase"] == "quiz":
            seen.append(shown["key"])
            response = self.answer(attempt, (wrong or {}).get(shown["key"], self.right[shown["key"]]))
            assert response.status_code == 303
        return seen

    def finish(self, attempt: int) -> Any:
        """End the attempt early as a learner does: open "End the quiz now?", then confirm."""
        page = self.client.get(f"/quiz/{attempt}/end")
        assert page.status_code == 200 and b"End the quiz now?" in page.data, page.data
        return self.client.post(f"/quiz/{attempt}/finish", data={"csrf_token": csrf_token(page.data)})

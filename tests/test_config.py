"""Configuration and start-up: instance folder, secret key, environment, SQLite settings."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from quiz import create_app
from quiz.bank import BankError
from quiz.extensions import db
from quiz.models import Question
from tests.support import app_config, csrf_token, database_for, make_bank_dir


def test_first_start_generates_a_secret_key_and_keeps_it(tmp_path, bank_dir):
    config = app_config(tmp_path, bank_dir)
    del config["SECRET_KEY"]
    first = create_app(config)
    key_file = Path(first.instance_path) / "secret_key"
    assert key_file.exists() and len(first.config["SECRET_KEY"]) == 64
    second = create_app(config)
    assert second.config["SECRET_KEY"] == first.config["SECRET_KEY"]
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_environment_overrides_defaults(tmp_path, bank_dir, monkeypatch):
    monkeypatch.setenv("QUIZ_DATABASE_URL", database_for(tmp_path))
    monkeypatch.setenv("QUIZ_SECRET_KEY", "from the environment")
    monkeypatch.setenv("QUIZ_BANK_DIR", str(bank_dir))
    app = create_app()
    assert app.config["SECRET_KEY"] == "from the environment"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == database_for(tmp_path)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Question.id))) == 6
        db.session.remove()


@pytest.mark.sqlite_only
def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(app):
    with app.app_context():
        connection = db.session.connection()
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        db.session.remove()


@pytest.mark.sqlite_only
def test_write_requests_begin_immediate_and_reads_do_not(app, accounts, client):
    accounts.register()
    statements: list[str] = []
    with app.app_context():
        # SQLite's own trace sees every statement, BEGIN included.
        sa.event.listen(
            db.engine, "checkout", lambda dbapi_connection, *a: dbapi_connection.set_trace_callback(statements.append)
        )
    page = client.get("/study")
    read = [s for s in statements if s.startswith("BEGIN")]
    statements.clear()
    client.post("/study/undo", data={"csrf_token": csrf_token(page.data)})
    written = [s for s in statements if s.startswith("BEGIN")]
    assert read == ["BEGIN"]
    assert written == ["BEGIN IMMEDIATE"]


def test_a_broken_bank_file_stops_start_up_and_loads_nothing(tmp_path):
    bank = make_bank_dir(tmp_path / "bank")
    (bank / "zz-broken.yaml").write_text("deck: {id: broken, title: Broken}\nquestions:\n  - id: x\n    type: short\n")
    with pytest.raises(BankError) as raised:
        create_app(app_config(tmp_path, bank))
    message = str(raised.value)
    assert "zz-broken.yaml:3:5: error: question is missing required field 'prompt'" in message
    # The good file was not loaded either.
    (bank / "zz-broken.yaml").unlink()
    app = create_app(app_config(tmp_path, bank, BANK_SYNC_ON_START=False))
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Question.id))) == 0
        db.session.remove()


def test_editing_the_bank_folder_is_picked_up_on_the_next_start(tmp_path):
    bank = make_bank_dir(tmp_path / "bank")
    create_app(app_config(tmp_path, bank))
    text = (
        (bank / "deck.yaml")
        .read_text()
        .replace("What is the capital of Freedonia?", "Which city is the capital of Freedonia?")
    )
    (bank / "deck.yaml").write_text(text)
    app = create_app(app_config(tmp_path, bank))
    with app.app_context():
        prompt = db.session.scalar(sa.select(Question.prompt).where(Question.key == "capital-flashcard"))
        db.session.remove()
    assert prompt == "Which city is the capital of Freedonia?"


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.sqlite_only
def test_a_new_database_and_its_wal_are_readable_by_the_owner_only(tmp_path, bank_dir):
    database = tmp_path / "fresh.sqlite3"
    app = create_app(app_config(tmp_path, bank_dir) | {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    with app.app_context():
        db.session.execute(sa.text("CREATE TABLE probe (x)"))  # something in the WAL
        db.session.commit()
        files = [database, database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")]
        assert all(f.exists() for f in files)
        assert [mode(f) for f in files] == [0o600, 0o600, 0o600]
        db.session.remove()
    assert mode(Path(app.instance_path)) == 0o700
    assert mode(Path(app.instance_path) / "startup.lock") == 0o600


@pytest.mark.sqlite_only
def test_files_left_readable_by_an_older_version_are_tightened(tmp_path, template_db, bank_dir):
    from quiz.paths import private_folder

    database = tmp_path / "old.sqlite3"
    database.write_bytes((template_db / "quiz.sqlite3").read_bytes())
    database.chmod(0o644)
    wal = database.with_name(database.name + "-wal")
    wal.write_bytes(b"")
    wal.chmod(0o644)
    create_app(app_config(tmp_path, bank_dir) | {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    assert mode(database) == 0o600 and mode(wal) == 0o600
    folder = tmp_path / "instance"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    private_folder(folder)
    assert mode(folder) == 0o700
    private_folder(tmp_path / "new" / "instance")
    assert mode(tmp_path / "new" / "instance") == 0o700

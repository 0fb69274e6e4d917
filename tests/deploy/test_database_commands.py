"""``flask database backup | restore | check | upgrade`` on the engine under test."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade

from quiz import create_app
from quiz.database import MIGRATIONS_DIR
from quiz.extensions import db
from quiz.models import Review, User
from tests.support import ENGINE, Accounts, Studier, app_config


def study(app, name: str, cards: int) -> None:
    client = app.test_client()
    Accounts(client).register(name)
    studier = Studier(client)
    for _ in range(cards):
        studier.answer("no idea")
        assert studier.rate(3).status_code == 303


def counts(app) -> tuple[list[str], int]:
    with app.app_context():
        try:
            names = db.session.scalars(sa.select(User.username).order_by(User.username)).all()
            return names, db.session.scalar(sa.select(sa.func.count(Review.id)))
        finally:
            db.session.remove()


def run(app, *args: str):
    return app.test_cli_runner().invoke(args=["database", *args])


@pytest.fixture
def fresh(tmp_path, bank_dir):
    """A second app on a database of its own, as on a new server: migrated, bank loaded, nobody in it."""
    folder = tmp_path / "fresh"
    folder.mkdir()
    return create_app(app_config(folder, bank_dir))


def test_a_backup_restored_on_a_fresh_database_has_everything(app, fresh, tmp_path):
    study(app, "ada", 3)
    study(app, "bob", 2)
    result = run(app, "backup", str(tmp_path / "quiz.backup"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "quiz.backup").stat().st_mode & 0o777 == 0o600
    result = run(fresh, "restore", str(tmp_path / "quiz.backup"))
    assert result.exit_code == 0, result.output
    assert "Restored" in result.output
    assert counts(fresh) == (["ada", "bob"], 5)
    # The restored database is a working one: ada logs in there and goes on studying.
    client = fresh.test_client()
    assert Accounts(client).login("ada").status_code == 303
    Studier(client).answer("no idea")
    assert Studier(client).rate(3).status_code == 303
    assert counts(fresh) == (["ada", "bob"], 6)
    assert run(fresh, "check").exit_code == 0


def test_restore_refuses_to_replace_accounts_without_force(app, tmp_path):
    study(app, "ada", 1)
    assert run(app, "backup", str(tmp_path / "quiz.backup")).exit_code == 0
    study(app, "carol", 2)
    refused = run(app, "restore", str(tmp_path / "quiz.backup"))
    assert refused.exit_code != 0
    assert "holds 2 account(s) and 3 review(s)" in refused.output and "--force" in refused.output
    assert counts(app) == (["ada", "carol"], 3)
    forced = run(app, "restore", "--force", str(tmp_path / "quiz.backup"))
    assert forced.exit_code == 0, forced.output
    assert counts(app) == (["ada"], 1)


def test_backup_does_not_overwrite_a_file_without_force(app, tmp_path):
    target = tmp_path / "quiz.backup"
    target.write_text("last week's backup")
    refused = run(app, "backup", str(target))
    assert refused.exit_code != 0 and "exists" in refused.output
    assert target.read_text() == "last week's backup"
    assert run(app, "backup", "--force", str(target)).exit_code == 0
    assert target.read_bytes()[:5] in (b"SQLit", b"PGDMP")


def test_restore_refuses_what_is_not_a_backup_and_changes_nothing(app, tmp_path):
    study(app, "ada", 1)
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database")
    result = run(app, "restore", "--force", str(junk))
    assert result.exit_code != 0 and "neither a SQLite database nor a pg_dump archive" in result.output
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    result = run(app, "restore", "--force", str(other))
    assert result.exit_code != 0
    assert ("not a quiz database" if ENGINE == "sqlite" else "is a sqlite backup") in result.output
    assert run(app, "restore", "--force", str(tmp_path / "missing.backup")).exit_code != 0
    assert counts(app) == (["ada"], 1)


def test_check_passes_on_a_healthy_database(app):
    study(app, "ada", 2)
    result = run(app, "check")
    assert result.exit_code == 0, result.output
    assert "foreign keys: ok" in result.output and "schema: ok" in result.output
    assert ("integrity: ok" if ENGINE == "sqlite" else "tables: ok") in result.output


def orphan_a_review(app) -> None:
    """Make a review whose learner is gone, as a damaged file or a careless hand would."""
    with app.app_context():
        url = db.engine.url
        db.engine.dispose()
    if ENGINE == "sqlite":
        with sqlite3.connect(url.database) as connection:
            connection.execute("PRAGMA foreign_keys=OFF")
            connection.execute('DELETE FROM "user" WHERE username = ?', ("ada",))
        return
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    with engine.begin() as connection:
        connection.exec_driver_sql("SET session_replication_role = replica")  # skips foreign-key triggers
        connection.exec_driver_sql("DELETE FROM \"user\" WHERE username = 'ada'")
    engine.dispose()


def test_check_finds_rows_whose_parent_is_missing(app):
    study(app, "ada", 2)
    orphan_a_review(app)
    result = run(app, "check")
    assert result.exit_code == 1
    assert "foreign keys: PROBLEM" in result.output
    assert "row(s) of review point to a missing user" in result.output
    assert "row(s) of card point to a missing user" in result.output


def test_check_and_upgrade_see_a_schema_behind_the_code(app):
    with app.app_context():
        downgrade(directory=str(MIGRATIONS_DIR), revision="-1")
        db.session.remove()
    result = run(app, "check")
    assert result.exit_code == 1 and "schema: PROBLEM" in result.output
    upgraded = run(app, "upgrade")
    assert upgraded.exit_code == 0 and "Schema upgraded" in upgraded.output
    assert run(app, "check").exit_code == 0


@pytest.mark.sqlite_only
def test_check_reports_a_damaged_sqlite_file(app):
    study(app, "ada", 2)
    with app.app_context():
        path = db.engine.url.database
        db.engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        # Point an index at the wrong rows: the table and the index now disagree.
        connection.execute("PRAGMA writable_schema=ON")
        connection.execute(
            "UPDATE sqlite_schema SET sql = replace(sql, 'user_id, reviewed_at', 'reviewed_at, user_id') "
            "WHERE name = 'ix_review_user_time'"
        )
    result = run(app, "check")
    assert result.exit_code == 1
    assert "integrity: PROBLEM" in result.output


@pytest.mark.postgresql_only
def test_check_verifies_indexes_and_tables_with_amcheck_when_installed(app):
    study(app, "ada", 2)
    before = run(app, "check")
    assert "amcheck: ok - skipped" in before.output
    with app.app_context():
        with db.engine.begin() as connection:
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS amcheck")
        db.engine.dispose()
    after = run(app, "check")
    assert after.exit_code == 0, after.output
    assert "B-tree indexes and" in after.output and "tables verified" in after.output


@pytest.mark.postgresql_only
def test_postgresql_backup_says_what_to_install_without_pg_dump(app, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run(app, "backup", str(tmp_path / "quiz.backup"))
    assert result.exit_code != 0
    assert "pg_dump not found" in result.output and "postgresql-client" in result.output
    assert not (tmp_path / "quiz.backup").exists()

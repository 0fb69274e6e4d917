"""The flask commands: user create, bank validate and import."""

from __future__ import annotations

import sqlalchemy as sa

from quiz.models import Question, User


def test_user_create_reads_the_password_from_stdin(app, runner, query):
    result = runner.invoke(
        args=["user", "create", "teacher", "--password-stdin", "--instructor"], input="a good long password\n"
    )
    assert result.exit_code == 0, result.output
    assert "Created instructor 'teacher'." in result.output
    role = query(lambda s: s.scalar(sa.select(User.role).where(User.username == "teacher")))
    assert role == "instructor"
    client = app.test_client()
    from tests.support import Accounts

    assert Accounts(client).login("teacher", "a good long password").status_code == 303


def test_user_create_prompts_for_the_password(runner, query):
    result = runner.invoke(args=["user", "create", "learner"], input="a good long password\na good long password\n")
    assert result.exit_code == 0, result.output
    assert query(lambda s: s.scalar(sa.select(User.role).where(User.username == "learner"))) == "learner"


def test_user_create_refuses_a_short_password_and_a_taken_name(runner):
    result = runner.invoke(args=["user", "create", "x", "--password-stdin"], input="short\n")
    assert result.exit_code == 1 and "at least 8 characters" in result.output
    runner.invoke(args=["user", "create", "x", "--password-stdin"], input="long enough pw\n")
    result = runner.invoke(args=["user", "create", "x", "--password-stdin"], input="long enough pw\n")
    assert result.exit_code == 1 and "is taken" in result.output


def test_bank_import_reports_what_it_did(runner, bank_dir, tmp_path, query):
    text = (
        (bank_dir / "deck.yaml")
        .read_text()
        .replace("What is the capital of Freedonia?", "Name the capital city of Freedonia.")
    )
    edited = tmp_path / "edited.yaml"
    edited.write_text(text)
    result = runner.invoke(args=["bank", "import", str(edited)])
    assert result.exit_code == 0, result.output
    assert "added 0, changed 1, retired 0, revived 0, unchanged 5" in result.output
    again = runner.invoke(args=["bank", "import", str(edited)])
    assert "added 0, changed 0, retired 0, revived 0, unchanged 6" in again.output
    prompt = query(lambda s: s.scalar(sa.select(Question.prompt).where(Question.key == "capital-flashcard")))
    assert prompt == "Name the capital city of Freedonia."

"""Importing the bank: all or nothing, idempotent, and never losing a learner's progress."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from quiz.models import Card, Question, Review, User
from tests.support import SMALL_BANK


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)
    return folder / name


def import_(runner, *paths):
    return runner.invoke(args=["bank", "import", *map(str, paths)])


def card_of(query, key, username="ada"):
    return query(
        lambda s: s.execute(
            sa.select(Card.reps, Card.state, Card.due)
            .join(Question, Question.id == Card.question_id)
            .join(User, User.id == Card.user_id)
            .where(Question.key == key, User.username == username)
        ).first()
    )


def reviews_of(query, key):
    return query(
        lambda s: s.scalar(
            sa.select(sa.func.count(Review.id))
            .join(Question, Question.id == Review.question_id)
            .where(Question.key == key)
        )
    )


def test_a_bad_file_among_good_ones_imports_nothing(runner, tmp_path, query):
    before = query(lambda s: s.execute(sa.select(Question.key, Question.prompt).order_by(Question.key)).all())
    good = write(tmp_path, "a.yaml", SMALL_BANK.replace("What is the capital of Freedonia?", "Capital of Freedonia?"))
    extra = write(
        tmp_path,
        "b.yaml",
        "deck: {id: extra, title: Extra}\nquestions:\n  - id: new-one\n    type: short\n"
        "    prompt: New?\n    answer: yes\n    source: {document: d.txt, paragraph: 1}\n",
    )
    bad = write(tmp_path, "c.yaml", "deck: {id: bad, title: Bad}\nquestions:\n  - id: broken\n    type: short\n")
    result = import_(runner, good, extra, bad)
    assert result.exit_code == 1
    assert f"{bad}:3:5: error: question is missing required field 'prompt'" in result.output
    assert "nothing was imported" in result.output
    after = query(lambda s: s.execute(sa.select(Question.key, Question.prompt).order_by(Question.key)).all())
    assert after == before


def test_reimporting_the_same_files_is_a_no_op(runner, bank_dir, query):
    def stamp():
        return query(lambda s: s.execute(sa.select(Question.key, Question.updated_at).order_by(Question.key)).all())

    before = stamp()
    first = import_(runner, bank_dir)
    second = import_(runner, bank_dir)
    assert "added 0, changed 0, retired 0, revived 0, unchanged 6" in first.output
    assert first.output == second.output
    assert stamp() == before


def test_editing_a_prompt_keeps_progress(accounts, studier, runner, bank_dir, tmp_path, query):
    accounts.register("ada")
    studier.rate(3, studier.answer("March 3, 1921"))
    before = card_of(query, "relations-date")
    edited = write(
        tmp_path,
        "deck.yaml",
        SMALL_BANK.replace(
            "On what date were diplomatic relations opened between Freedonia and Sylvania?",
            "On which date did Freedonia and Sylvania open diplomatic relations?",
        ).replace("The envoys met in the border town of Ravel.", "Envoys met at Ravel."),
    )
    result = import_(runner, edited)
    assert "added 0, changed 1, retired 0, revived 0, unchanged 5" in result.output
    assert "changed: relations-date" in result.output
    assert card_of(query, "relations-date") == before
    assert reviews_of(query, "relations-date") == 1


def test_changing_an_answer_resets_progress_and_says_so(accounts, studier, runner, tmp_path, query):
    accounts.register("ada")
    studier.rate(3, studier.answer("March 3, 1921"))
    edited = write(
        tmp_path,
        "deck.yaml",
        SMALL_BANK.replace("answer: March 3, 1921", "answer: March 4, 1921").replace(
            '"March 3, 1921", "June 9', '"March 4, 1921", "June 9'
        ),
    )
    result = import_(runner, edited)
    assert result.exit_code == 0, result.output
    assert "answers changed, learners' progress reset on 2: relations-date, relations-date-choice" in result.output
    assert card_of(query, "relations-date") is None  # new again for Ada
    assert reviews_of(query, "relations-date") == 1  # history kept


def test_rewriting_an_answer_in_another_form_keeps_progress(accounts, studier, runner, tmp_path, query):
    accounts.register("ada")
    studier.rate(3, studier.answer("March 3, 1921"))
    edited = write(
        tmp_path,
        "deck.yaml",
        SMALL_BANK.replace("    answer: March 3, 1921\n    explanation", "    answer: 3 March 1921\n    explanation"),
    )
    result = import_(runner, edited)
    assert "changed 1" in result.output and "reset" not in result.output
    assert card_of(query, "relations-date") is not None


def test_removed_questions_are_retired_and_come_back_with_their_progress(
    accounts, studier, runner, bank_dir, tmp_path, query, client
):
    accounts.register("ada")
    studier.rate(3, studier.answer("March 3, 1921"))
    before = card_of(query, "relations-date")
    start, end = SMALL_BANK.index("  - id: relations-date\n"), SMALL_BANK.index("  - id: relations-date-choice\n")
    without = write(tmp_path, "deck.yaml", SMALL_BANK[:start] + SMALL_BANK[end:])
    result = import_(runner, without)
    assert "added 0, changed 0, retired 1, revived 0, unchanged 5" in result.output
    assert query(lambda s: s.scalar(sa.select(Question.retired_at).where(Question.key == "relations-date"))) is not None
    assert reviews_of(query, "relations-date") == 1
    # Retired questions are not studied.
    assert "diplomatic relations opened" not in studier.card()["prompt"]
    back = import_(runner, bank_dir)
    assert "added 0, changed 0, retired 0, revived 1, unchanged 5" in back.output
    assert card_of(query, "relations-date") == before


def test_a_new_deck_is_added_alongside(runner, tmp_path, query):
    extra = write(
        tmp_path,
        "extra.yaml",
        "deck: {id: extra, title: Extra}\nquestions:\n  - id: e1\n    type: short\n"
        "    prompt: One more?\n    answer: 'yes'\n    source: {document: d.txt, paragraph: 1}\n",
    )
    result = import_(runner, extra)
    assert "added 1, changed 0, retired 0, revived 0, unchanged 0" in result.output
    # Importing one deck does not retire another deck's questions.
    assert query(lambda s: s.scalar(sa.select(sa.func.count(Question.id)).where(Question.retired_at.is_(None)))) == 7


def test_export_validate_import_round_trip(runner, tmp_path, query):
    out = tmp_path / "export.yaml"
    assert runner.invoke(args=["bank", "export", "-o", str(out)]).exit_code == 0
    check = runner.invoke(args=["bank", "validate", str(out)])
    assert check.exit_code == 0, check.output

    # Everything but where each question is written (now the exported file) stays.
    kept = [c for c in Question.__table__.c if c.name not in ("source_path", "source_line")]

    def stamp():
        return query(lambda s: s.execute(sa.select(*kept).order_by(Question.key)).all())

    before = stamp()
    result = import_(runner, out)
    assert "added 0, changed 0, retired 0, revived 0, unchanged 6" in result.output
    assert stamp() == before
    paths = query(lambda s: set(s.scalars(sa.select(Question.source_path))))
    assert paths == {str(out.relative_to(out.parent.parent))} or all(p.endswith("export.yaml") for p in paths)
    again = tmp_path / "again.yaml"
    runner.invoke(args=["bank", "export", "-o", str(again)])
    assert again.read_text() == out.read_text()

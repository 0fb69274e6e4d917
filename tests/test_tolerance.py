"""Numeric answers with a tolerance: the checker, bank files, the schema and the study page."""

from __future__ import annotations

import json
import textwrap
from decimal import Decimal

import jsonschema
import pytest
import sqlalchemy as sa

from quiz.answers import is_correct, parse_tolerance
from quiz.bank import validate_sources
from quiz.bank.writer import dump_decks
from quiz.models import Question, Review
from quiz.paths import PACKAGE_DIR

BANK = textwrap.dedent(
    """\
    deck: {id: physics, title: Physics}
    questions:
      - id: boiling
        type: short
        kind: number
        prompt: At how many degrees Fahrenheit does water boil at sea level?
        answer: "212"
        tolerance: 0.5
        source: {document: notes.txt, paragraph: 1}
      - id: pi
        type: short
        kind: number
        prompt: What is pi to two decimal places?
        answer: "3.14"
        tolerance: 1%
        source: {document: notes.txt, paragraph: 2}
    """
)


@pytest.mark.parametrize(
    ("given", "expected", "tolerance", "right"),
    [
        ("212.5", "212", "0.5", True),  # the bound itself is inside
        ("211.5", "212", "0.5", True),
        ("212.51", "212", "0.5", False),
        ("3.17", "3.14", "1%", True),  # 1% of 3.14 is 0.0314
        ("3.18", "3.14", "1%", False),
        ("-40.4", "-40", "0.5", True),
        ("40", "-40", "0.5", False),  # the sign counts
        ("two hundred twelve", "212", "0.5", True),
        ("1,000,004", "1000000", "5", True),
        ("$8.95 million", "$8.9 million", "1%", True),  # money within 1%
        ("$9.1 million", "$8.9 million", "1%", False),
        ("about 212", "212", "0", True),
        ("213", "212", None, False),  # no tolerance: equal values only
        ("212", "212", None, True),
        ("banana", "212", "5", False),
    ],
)
def test_a_typed_value_within_the_tolerance_is_right(given, expected, tolerance, right):
    kind = "money" if "$" in expected else "number"
    assert is_correct(given, expected, kind, tolerance=tolerance) is right


def test_a_negative_number_is_not_its_positive():
    assert not is_correct("-5", "5", "number")
    assert not is_correct("5", "-5", "number")
    assert is_correct("−5", "-5", "number")  # a typographic minus


def test_tolerances_are_read_in_the_bank_forms():
    assert parse_tolerance("0.5").amount == Decimal("0.5")
    assert parse_tolerance("2 %").relative
    assert str(parse_tolerance("2.50%")) == "2.5%"
    assert str(parse_tolerance(0.5)) == "0.5"
    for bad in ("-1", "abc", "", "1e3", "2%%", None):
        assert parse_tolerance(bad) is None


def test_bank_files_take_a_tolerance_and_write_it_back():
    bank, problems = validate_sources([], uploads={"physics.yaml": BANK.encode()})
    assert not problems.errors
    boiling, pi = bank.questions
    assert (boiling.tolerance, pi.tolerance) == ("0.5", "1%")
    again, _ = validate_sources([], uploads={"again.yaml": dump_decks(bank.decks).encode()})
    assert again.decks == bank.decks


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("tolerance: 0.5", "tolerance: lots"), "8:16: error: 'tolerance' should be a number such as 0.5"),
        (("tolerance: 0.5", "tolerance: -1"), "8:16: error: 'tolerance' should be a number"),
        (("kind: number\n    prompt: At", "kind: date\n    prompt: At"), "8:16: error: 'tolerance' needs kind number"),
        (
            ("type: short\n    kind: number\n    prompt: At", "type: flashcard\n    kind: number\n    prompt: At"),
            "8:16: error: 'tolerance' applies to typed answers (short or cloze), not to flashcard questions",
        ),
    ],
)
def test_a_wrong_tolerance_is_reported_where_it_is(change, message):
    _, problems = validate_sources([], uploads={"physics.yaml": BANK.replace(*change).encode()})
    assert len(problems.errors) == 1
    assert str(problems.errors[0]).startswith(f"physics.yaml:{message}")


def test_the_schema_knows_tolerance():
    import yaml

    schema = json.loads((PACKAGE_DIR / "bank" / "schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    assert not list(validator.iter_errors(yaml.safe_load(BANK)))
    wrong = yaml.safe_load(BANK.replace("tolerance: 1%", "tolerance: a lot"))
    assert list(validator.iter_errors(wrong))


def test_the_study_page_honours_the_tolerance(runner, tmp_path, accounts, studier, query):
    (tmp_path / "physics.yaml").write_text(BANK)
    assert runner.invoke(args=["bank", "import", str(tmp_path / "physics.yaml")]).exit_code == 0
    assert query(lambda s: s.scalar(sa.select(Question.tolerance).where(Question.key == "pi"))) == "1%"
    accounts.register()
    typed = {"boil": "212.4", "pi to": "3.2"}
    for _ in range(12):
        shown = studier.card()
        if shown["done"]:
            break
        studier.answer(next((text for words, text in typed.items() if words in shown["prompt"]), "x"))
        studier.rate(3)
    verdicts = query(
        lambda s: dict(
            s.execute(sa.select(Question.key, Review.correct).join(Review, Review.question_id == Question.id)).all()
        )
    )
    assert verdicts["boiling"] is True  # 212.4 is within 0.5 of 212
    assert verdicts["pi"] is False  # 3.2 is not within 1% of 3.14

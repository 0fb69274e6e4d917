"""Lenient checking of typed answers against the bank's expected answers.

The study loop calls :func:`is_correct` once per answer, so everything here is
pure Python, fast (tens of microseconds for most answers) and never raises.

What counts as "the same answer" depends on the question's ``kind``:

* ``date``: the given answer is read as a date at some precision (day, month,
  year, decade or a range of years such as fiscal years) and compared at the
  precision of the expected answer. A more precise answer that agrees is right
  ("July 28, 1922" for "1922"); a less precise one is not ("1922" for
  "July 28, 1922"). Numeric dates are read month first as in the U.S.
  ("3/1/2016" is March 1) unless only the other order is a date ("28/7/1922");
  dotted dates are read day first ("5.9.1940"). Decades and years may be
  written in words or without their century ("the twenties", "'20s",
  "nineteen twenty-two").
* ``money``: the amount must be equal after expanding "million"/"mil"/"bn"
  and thousands separators (or number words); a stated currency must match;
  qualifiers in the expected answer ("more than", "nearly") need not be typed.
  A typed qualifier that points the other way ("less than" for "more than")
  is rejected; "about"-like qualifiers agree with anything.
* ``percent`` and ``number``: the value must be equal, in digits or in words
  ("two percent"); the unit or a qualifier may be left out.
* ``name``, ``agreement``, ``other``: compared word by word
  (:mod:`quiz.answers.names`), ignoring case, accents, punctuation, articles
  and small words; a misspelling counts only when it is not another real
  word, within a typo allowance scaled to the length of the answer
  (:func:`typo_allowance`), and a number must be the same. An acronym matches
  the words whose initials it takes; a generic last word ("Program",
  "Agreement") may be left out on either side but two different ones never
  match; so may the parties that open a name ("NATO", "U.S.-Baltic") and
  phrases that only qualify it ("Pennsylvania National Guard" for
  Pennsylvania). An expected answer written "Defense Cooperation Agreement
  (DCA)" accepts either part.

When an expected date, amount or number is written in a form the parsers do
not know, the answers are compared as text instead.
"""

from __future__ import annotations

from decimal import Decimal

from quiz.answers.amounts import (
    MONEY_STYLES,
    Money,
    Quantity,
    _qualifiers_agree,
    format_money,
    format_number,
    format_percent,
    parse_money,
    parse_number,
    parse_percent,
)
from quiz.answers.dates import DATE_STYLES, DateValue, _dates_agree, format_date, parse_date
from quiz.answers.names import text_matches
from quiz.answers.text import _MAX_INPUT, acronym_matches, normalize_text, typo_allowance
from quiz.answers.tolerance import Tolerance, parse_tolerance, signed

__all__ = [
    "KINDS",
    "DATE_STYLES",
    "MONEY_STYLES",
    "DateValue",
    "Money",
    "Quantity",
    "Tolerance",
    "is_correct",
    "normalize_text",
    "text_matches",
    "acronym_matches",
    "typo_allowance",
    "parse_date",
    "parse_money",
    "parse_percent",
    "parse_number",
    "format_date",
    "format_money",
    "format_percent",
    "format_number",
    "parse_tolerance",
]

KINDS: tuple[str, ...] = ("date", "money", "agreement", "name", "number", "percent", "other")
"""The answer kinds of the bank format."""


def _kind_matches(given: str, expected: str, kind: str, tolerance: Tolerance | None = None) -> bool | None:
    """Compare as ``kind``; None when the expected answer is not of that kind."""
    if kind == "date":
        want = parse_date(expected)
        if want is None:
            return None
        got = parse_date(given)
        return got is not None and _dates_agree(got, want)
    if kind == "money":
        want_money = parse_money(expected)
        if want_money is None:
            return None
        got_money = parse_money(given)
        return (
            got_money is not None
            and _values_agree(got_money.amount, want_money.amount, tolerance)
            and (got_money.currency is None or got_money.currency == want_money.currency)
            and _qualifiers_agree(got_money.qualifier, want_money.qualifier)
        )
    if kind in ("percent", "number"):
        parse = parse_percent if kind == "percent" else parse_number
        want_q = parse(expected)
        if want_q is None:
            return None
        got_q = parse(given)
        if got_q is None:
            return False
        want_value, got_value = want_q.value, got_q.value
        if kind == "number":  # "-40" is not "40"; amounts and percents keep their reading
            want_value, got_value = signed(expected, want_value), signed(given, got_value)
        return _values_agree(got_value, want_value, tolerance) and _qualifiers_agree(got_q.qualifier, want_q.qualifier)
    return None


def _values_agree(given: Decimal, expected: Decimal, tolerance: Tolerance | None) -> bool:
    return given == expected if tolerance is None else tolerance.admits(given, expected)


def _copied_from(given: str, expected: str, prompt: str) -> bool:
    """True when the answer is only words of the question that do not hold the expected answer."""
    words = f" {normalize_text(prompt)} "
    typed, wanted = normalize_text(given), normalize_text(expected)
    return bool(typed) and f" {typed} " in words and f" {wanted} " not in words


def is_correct(
    given: str,
    expected: str,
    kind: str,
    *,
    prompt: str | None = None,
    tolerance: Tolerance | str | None = None,
) -> bool:
    """Tell whether a typed answer means the expected one.

    Args:
        given: What the learner typed.
        expected: The bank's answer.
        kind: One of :data:`KINDS`; unknown kinds are compared as text.
        prompt: The question, when the caller has it. An answer copied from
            the question is then refused unless the expected answer is in the
            question too, so "FMF" does not pass for "What does FMF stand
            for?" although an acronym otherwise matches its expansion.
        tolerance: For ``number``, ``percent`` and ``money`` answers, how far
            the value may be from the expected one: a :class:`Tolerance` or its
            text, ``"0.5"`` (either way) or ``"2%"`` (of the expected value).
            Without it the values must be equal.

    Returns:
        True if the answer is right. Never raises.
    """
    try:
        if not isinstance(given, str) or not isinstance(expected, str):
            return False
        if len(given) > 4 * _MAX_INPUT:
            return False
        if prompt and _copied_from(given, expected, prompt):
            return False
        if isinstance(tolerance, str):
            tolerance = parse_tolerance(tolerance)
        verdict = _kind_matches(given, expected, kind, tolerance)
        if verdict is not None:
            return verdict
        return text_matches(given, expected)
    except Exception:  # pragma: no cover - a checker bug must not break a study session
        return False

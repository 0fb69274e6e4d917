"""The span: where a fact stands in a sentence, shared by every finder."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MONTH", "YEAR", "Span"]

MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
"""A month name or its abbreviation, as a regular expression."""
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
"""A year from 1500 to 2099, as a regular expression."""


@dataclass(frozen=True, slots=True)
class Span:
    """A fact-bearing stretch of a sentence.

    Attributes:
        kind: "date", "money", "percent", "number" or "agreement"/"name".
        start: Offset of the first character in the sentence.
        end: Offset just past the last character.
        text: The text as written (the answer, qualifier included).
        value: The parsed value: DateValue, Money, Quantity or, for names,
            the full name.
        acronym: For names, the acronym given in parentheses, if any.
        year: For names, the year written beside or inside the name.
        year_span: For names, where that year stands in the sentence.
        category: For names, what the name is of, as a question would say
            it: "agreement", "program", "dialogue", "authority", ...
    """

    kind: str
    start: int
    end: int
    text: str
    value: object
    acronym: str | None = None
    year: int | None = None
    year_span: tuple[int, int] | None = None
    category: str = ""

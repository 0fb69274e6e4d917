"""The question bank as plain data: what a bank file means once validated."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = [
    "KINDS",
    "NUMERIC_KINDS",
    "TYPES",
    "BankDeck",
    "BankDocument",
    "BankQuestion",
    "Source",
    "cloze_blank",
    "cloze_fill",
    "cloze_gaps",
]

TYPES = ("flashcard", "short", "choice", "cloze")
KINDS = ("date", "money", "agreement", "name", "number", "percent", "other")
#: Kinds whose answers are values that a ``tolerance`` may widen.
NUMERIC_KINDS = ("number", "percent", "money")

_GAP = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


def cloze_gaps(prompt: str) -> list[list[str]]:
    """Return each ``{{...}}`` gap of a cloze prompt as its accepted answers.

    A gap may list alternatives separated by ``|``: ``{{2017|twenty seventeen}}``.
    Empty gaps are returned as empty lists.
    """
    return [[alt.strip() for alt in gap.split("|") if alt.strip()] for gap in _GAP.findall(prompt)]


def cloze_blank(prompt: str, blank: str = "_____") -> str:
    """Return a cloze prompt with every gap replaced by ``blank``."""
    return _GAP.sub(blank, prompt)


def cloze_fill(prompt: str, fill: Callable[[str], str]) -> str:
    """Return a cloze prompt with each gap replaced by ``fill(its first answer)``."""
    return _GAP.sub(lambda m: fill(m.group(1).split("|")[0].strip()), prompt)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact comes from: a document and a 1-based paragraph number."""

    document: str
    paragraph: int


@dataclass(frozen=True, slots=True)
class BankQuestion:
    """One validated question. Position fields do not take part in comparisons."""

    key: str
    type: str
    prompt: str
    answer: str
    accept: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    kind: str = "other"
    explanation: str = ""
    sources: tuple[Source, ...] = ()
    tags: tuple[str, ...] = ()
    fact: str | None = None
    #: For typed numeric answers: how far a value may be off, "0.5" or "2%".
    tolerance: str | None = None
    path: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)
    column: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class BankDocument:
    """A source document named in a bank file's ``documents:`` map.

    Attributes:
        name: The file name questions cite in ``source.document``.
        title: What learners see instead of the file name.
        show_text: Whether learners may read the text (the instructor's choice).
        origin: Where the text comes from, shown beside it (author, publisher, licence).
        text: The document's text, read from ``documents/<name>`` beside the bank
            file, or None when there is no such file (or the bank was uploaded).
            It is not part of the bank file, so it takes no part in comparisons.
    """

    name: str
    title: str
    show_text: bool = False
    origin: str = ""
    text: str | None = field(default=None, compare=False)
    path: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)
    column: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class BankDeck:
    """A validated deck: one bank file (one YAML document of it)."""

    key: str
    title: str
    questions: tuple[BankQuestion, ...]
    path: str = field(default="", compare=False)
    documents: tuple[BankDocument, ...] = ()
    #: The images and sounds its questions show, by file name (``media/<name>``).
    media: dict[str, bytes] = field(default_factory=dict, compare=False, hash=False, repr=False)

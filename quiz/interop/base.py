"""What every format shares: the results of reading and writing, and the trees readers build.

A reader turns a file into :class:`~quiz.bank.ParsedFile` trees shaped like a
bank YAML document, each node carrying its position in the original file; the
bank's own checker then validates them (:func:`quiz.bank.check_files`), so a
CSV row, a GIFT question, a Moodle XML element or an Anki note meets exactly
the rules a YAML question meets, and every problem names its place.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from quiz.bank import BankDeck, ParsedFile, ProblemList
from quiz.bank.reader import Node

__all__ = [
    "Exported",
    "Keys",
    "content_key",
    "Imported",
    "Reading",
    "deck_tree",
    "question_tree",
    "slug",
    "text_node",
    "tree",
    "unique_slug",
]


@dataclass(slots=True)
class Reading:
    """What a reader made of one file, before the bank's checks.

    Attributes:
        file: The decks as node trees (empty when the file was refused).
        media: Media files that came with it, by file name.
        problems: Refusals (errors) and what could not be carried over (warnings).
    """

    file: ParsedFile
    media: dict[str, bytes] = field(default_factory=dict)
    problems: ProblemList = field(default_factory=ProblemList)


@dataclass(slots=True)
class Imported:
    """A file read and checked.

    Attributes:
        decks: The decks without errors.
        media: Media files that came with them, by file name.
        problems: Every error and warning, sorted; warnings include what could
            not be carried over ("note 12: image occlusion is not supported; skipped").
    """

    decks: tuple[BankDeck, ...]
    media: dict[str, bytes]
    problems: ProblemList


@dataclass(slots=True)
class Exported:
    """A bank written in another tool's format.

    Attributes:
        data: The file's bytes.
        notes: What the format could not hold, question by question
            ("question nato-cloze: the other answers of a gap (2004) are left out").
    """

    data: bytes
    notes: list[str] = field(default_factory=list)


def text_node(text: str, line: int, column: int) -> Node:
    """A text value at a position (quoted, so that "~" or "" are text, not nothing)."""
    return Node("scalar", line, column, text, False)


def tree(value: object, line: int, column: int) -> Node:
    """A node tree for plain data (text, lists, mappings, or nodes already placed), at a position."""
    if isinstance(value, Node):
        return value
    if isinstance(value, (list, tuple)):
        return Node("seq", line, column, [tree(item, line, column) for item in value])
    if isinstance(value, dict):
        pairs = [(text_node(k, line, column), tree(v, line, column)) for k, v in value.items() if v is not None]
        return Node("map", line, column, pairs)
    return text_node(str(value), line, column)


def question_tree(line: int, column: int, fields: dict[str, object]) -> Node:
    """A question's tree: each field a node (given, or placed at the question's position)."""
    return tree({name: value for name, value in fields.items() if value is not None}, line, column)


def deck_tree(key: str, title: str, questions: Sequence[Node], *, line: int = 1, column: int = 1) -> Node:
    """A deck's tree, as a bank YAML document holds it."""
    deck = tree({"id": key, "title": title}, line, column)
    listing = Node("seq", line, column, list(questions))
    return Node(
        "map", line, column, [(text_node("deck", line, column), deck), (text_node("questions", line, column), listing)]
    )


class Keys:
    """Question ids made unique within a file: ``base``, then ``base-2``, ``base-3``... in constant time."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self._next: dict[str, int] = {}

    def __contains__(self, key: str) -> bool:
        return key in self.taken

    def add(self, key: str) -> str:
        """Take ``key`` as it is (the caller knows it is free, or wants it anyway)."""
        self.taken.add(key)
        return key

    def unique(self, base: str) -> str:
        """``base``, or ``base-N`` with the smallest N not yet taken."""
        number = self._next.get(base, 1)
        key = base if number == 1 else f"{base}-{number}"
        while key in self.taken:
            number += 1
            key = f"{base}-{number}"
        self._next[base] = number + 1
        self.taken.add(key)
        return key


def content_key(deck_key: str, text: str) -> str:
    """An id made from a deck and a question's text, stable while the text stays the same."""
    digest = hashlib.sha1(f"{deck_key}\0{' '.join(text.casefold().split())}".encode()).hexdigest()[:10]
    return f"{deck_key[:80]}-{digest}"


def slug(text: str, *, fallback: str = "imported", limit: int = 100) -> str:
    """An id made from a name: ASCII letters, digits and dashes ("Vocabulary::Week 1" -> "vocabulary-week-1")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()
    return (words[:limit].rstrip("-") or fallback)[:limit]


def unique_slug(text: str, taken: Iterable[str] | set[str], *, fallback: str = "imported") -> str:
    """:func:`slug`, with ``-2``, ``-3``... added until it is not in ``taken``."""
    taken = taken if isinstance(taken, set) else set(taken)
    base = slug(text, fallback=fallback, limit=90)
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate

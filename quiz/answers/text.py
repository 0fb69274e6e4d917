"""Free text in answers: normalisation, the typo allowance and acronyms.

The other modules of the package share :func:`_clean` (folding Unicode
look-alikes), :data:`_MAX_INPUT` and the small words from here;
:mod:`quiz.answers.names` compares names with them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "normalize_text",
    "acronym_matches",
    "typo_allowance",
]

_MAX_INPUT = 400
"""Answers longer than this are compared as text only (nobody types more)."""

_DASHES = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2019": "'",
        "\u2018": "'",
        "\u00a0": " ",
        "\u202f": " ",
    }
)
_ARTICLES = frozenset({"the", "a", "an"})
_STOPWORDS = frozenset({"and", "of", "the", "for", "on", "in", "to", "with", "a", "an", "at", "by"})


def _clean(text: str) -> str:
    """Fold Unicode look-alikes (dashes, quotes, spaces) and collapse whitespace."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return " ".join(text.split())


def _plain(text: str) -> str:
    """:func:`_clean`, then strip accents ("Šiauliai" becomes "Siauliai")."""
    text = _clean(text)
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


_DROPPED = re.compile(r"(?<!\d)\.|\.(?!\d)|['`]")
_PUNCTUATION = re.compile(r"[\W_]+")


def normalize_text(text: str) -> str:
    """Reduce a free-text answer to a comparable form.

    Lower-cases, strips accents, drops periods and apostrophes inside words
    ("U.S." becomes "us"), turns other punctuation into spaces, removes the
    articles "the", "a" and "an" and collapses whitespace. A period between
    two digits is kept apart ("2.52" becomes "2 52") so numbers stay distinct.

    Args:
        text: Any string.

    Returns:
        The normalized text; empty if nothing comparable is left.
    """
    text = _plain(text).casefold().replace("&", " and ")
    text = _PUNCTUATION.sub(" ", _DROPPED.sub("", text))
    return " ".join(word for word in text.split() if word not in _ARTICLES)


def typo_allowance(length: int) -> int:
    """How many edits a text answer of this length may differ by.

    None up to 4 characters, one for 5 to 9, then one more for every 8
    characters beyond 9.

    Args:
        length: Length of the normalized expected answer.

    Returns:
        The number of single-character edits tolerated.
    """
    if length <= 4:
        return 0
    if length <= 9:
        return 1
    return 1 + (length - 9) // 8


def acronym_matches(acronym: str, expansion: str) -> bool:
    """Tell whether ``acronym`` abbreviates ``expansion``.

    Each word of the expansion gives its first one to three letters, in order;
    small words ("and", "of", "the", ...) may give nothing. So "CISMOA"
    abbreviates "Communications Interoperability and Security Memorandum of
    Agreement" and "e-PINE" abbreviates "Enhanced Partnership in Northern
    Europe".

    Args:
        acronym: The short form, e.g. "DCA"; punctuation and case are ignored.
        expansion: The long form, e.g. "Defense Cooperation Agreement".

    Returns:
        True if every letter of the acronym is accounted for by the words.
    """
    letters = _PUNCTUATION.sub("", _plain(acronym).casefold())  # "AN" and "AT" are acronyms here, not small words
    words = normalize_text(expansion.replace("-", " ")).split()
    if not 2 <= len(letters) <= 12 or len(words) < 2 or len(words) > 16:
        return False
    return _abbreviates(letters, tuple(words))


@lru_cache(maxsize=4096)
def _abbreviates(letters: str, words: tuple[str, ...]) -> bool:
    if not words:
        return not letters
    word, rest = words[0], words[1:]
    if word in _STOPWORDS and _abbreviates(letters, rest):
        return True
    for size in range(1, min(3, len(word)) + 1):
        if letters[:size] == word[:size] and _abbreviates(letters[size:], rest):
            return True
    return False

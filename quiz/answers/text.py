"""Free-text comparison of answers: normalisation, typos, acronyms, names.

``name``, ``agreement`` and ``other`` answers are compared here, and so is any
answer whose expected form the date and amount parsers cannot read: ignoring
case, accents, punctuation, articles and whitespace, allowing a few typos
scaled to the length of the answer (:func:`typo_allowance`) but never a
different number. An acronym matches its expansion and the other way round,
and an expected answer written "Defense Cooperation Agreement (DCA)" accepts
either part.

The other modules of the package share :func:`_clean` (folding Unicode
look-alikes) and :data:`_MAX_INPUT` from here.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

__all__ = [
    "normalize_text",
    "text_matches",
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
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return " ".join(text.split())


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
    text = unicodedata.normalize("NFKD", _clean(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"(?<!\d)\.|\.(?!\d)|['`]", "", text)
    text = re.sub(r"[\W_]+", " ", text)
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
    letters = re.sub(r"[\W_]+", "", normalize_text(acronym))
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


_PAREN = re.compile(r"\(([^()]*)\)")


def _looks_like_acronym(text: str) -> bool:
    compact = re.sub(r"[\s.\-]", "", text)
    return 2 <= len(compact) <= 12 and compact.isalnum() and any(c.isupper() for c in compact)


def _text_forms(answer: str, *, optional_aside: bool) -> list[str]:
    """The written forms an answer stands for: itself, without its
    parenthetical, its acronym alone, and the acronym in place of the words it
    abbreviates ("LSS Agreement").

    With ``optional_aside`` false (a typed answer) only an acronym aside may
    be dropped, so "Agreement (1995)" cannot pass as "Agreement (1994)".
    """
    forms = [answer]
    match = _PAREN.search(answer)
    if match:
        inner = match.group(1).strip()
        before, after = answer[: match.start()].rstrip(), answer[match.end() :].lstrip()
        if optional_aside or (_looks_like_acronym(inner) and not _digits(inner)):
            forms.append(f"{before} {after}".strip())
        if _looks_like_acronym(inner):
            forms.append(inner)
            words = before.split()
            for start in range(len(words) - 1, -1, -1):
                if acronym_matches(inner, " ".join(words[start:])):
                    forms.append(" ".join([*words[:start], inner, after]).strip())
                    break
    return [form for form in forms if form]


def _is_one_word(text: str) -> bool:
    return len(text.split()) == 1


def _digits(text: str) -> list[str]:
    return re.findall(r"\d+", text)


def text_matches(given: str, expected: str) -> bool:
    """Compare free-text answers leniently (names, agreements, other).

    Args:
        given: What the learner typed.
        expected: The bank's answer; a parenthetical acronym such as
            "Defense Cooperation Agreement (DCA)" makes both parts acceptable.

    Returns:
        True if the answers agree up to case, punctuation, articles, small
        typos and acronyms; numbers must agree exactly.
    """
    for want in _text_forms(expected, optional_aside=True):
        want_norm = normalize_text(want)
        if not want_norm:
            continue
        for got in _text_forms(given, optional_aside=False):
            got_norm = normalize_text(got)
            if not got_norm:
                continue
            if got_norm == want_norm:
                return True
            if _digits(got_norm) != _digits(want_norm):
                continue
            if _is_one_word(got) and acronym_matches(got, want):
                return True
            if _is_one_word(want) and acronym_matches(want, got):
                return True
            budget = typo_allowance(len(want_norm))
            if budget and abs(len(got_norm) - len(want_norm)) <= budget:
                if Levenshtein.distance(got_norm, want_norm, score_cutoff=budget) <= budget:
                    return True
    return False

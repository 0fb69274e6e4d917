"""Names compared word by word, as a teacher reads them.

Two names agree when their words can be paired off in order, where

* a word pairs with the same word, a spelling variant ("Defence"), a plural
  ("Forces") or a demonym's "-n" ("Latvian"), or with a misspelling of it
  that is not itself an English word ("Pensylvania" pairs with Pennsylvania,
  "Southern" never pairs with Northern);
* an acronym pairs with the words whose initials it takes ("SOFA" with
  "Status of Forces Agreement", "LSS" with "Logistics, Supplies, and
  Services"), on either side;
* two words written as one pair with the one ("Blackhawk", "ePINE");
* some words may be left out on either side: small words ("and", "of"), the
  generic noun that ends a name ("Program", "Agreement": but when both names
  end in one, they must be the same), the parties that open it ("NATO",
  "U.S.", "U.S.-Baltic"), a title before a person's name, and the phrases that
  only qualify a state ("Pennsylvania National Guard", "State of Ohio"), a
  country ("Republic of Lithuania") or a program's owner ("National Guard State
  Partnership Program").

At least one distinctive word of each name must be paired (so "Dialogue" is
not the U.S.-Baltic Dialogue), and the typos of all words together stay within
:func:`quiz.answers.text.typo_allowance` of the whole expected name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from quiz.answers.lexicon import (
    CANONICAL,
    COUNTRY_PREFIXES,
    GENERIC_NOUNS,
    PARTIES,
    PROGRAM_PREFIXES,
    STATE_CODES,
    STATE_PREFIXES,
    STATE_SUFFIXES,
    TITLES,
    US_STATES,
    is_english_word,
    same_word_forms,
)
from quiz.answers.text import (
    _ARTICLES,
    _DROPPED,
    _STOPWORDS,
    _abbreviates,
    _plain,
    acronym_matches,
    normalize_text,
    typo_allowance,
)

__all__ = ["NameWords", "name_words", "names_agree", "text_matches"]

_MAX_WORDS = 24
"""Longer answers are compared as whole text only."""

_INF = 1 << 20
_PIECE = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class NameWords:
    """A name split into comparable words.

    Attributes:
        words: Lower-case words without accents or articles.
        acronym: Per word, True when it was written as an acronym ("SOFA", "U.S.").
        optional: Per word, True when the word may be left out.
        core: Per word, True when the word is distinctive (not a small word,
            generic noun, party or qualifier).
    """

    words: tuple[str, ...]
    acronym: tuple[bool, ...]
    optional: tuple[bool, ...]
    core: tuple[bool, ...]


def _split(text: str) -> list[tuple[str, bool, int]]:
    """Lower-case words with their acronym flag and the index of the written word they come from."""
    text = _DROPPED.sub("", _plain(text).replace("&", " and "))
    pieces: list[tuple[str, bool, int]] = []
    for index, written in enumerate(text.split()):
        for piece in _PIECE.findall(written):
            word = piece.casefold()
            if word in _ARTICLES:
                continue
            if word == piece or piece[1:] == word[1:]:
                pieces.append((word, False, index))  # "visa", "Visa"
            elif word in STATE_CODES and piece.isupper():
                pieces.extend((part, False, index) for part in STATE_CODES[word])  # "PA"
            else:
                capitals = sum(ch.isupper() for ch in piece)
                pieces.append((word, capitals >= 2 and 2 * capitals >= len(piece), index))
    return pieces


_CANONICAL_STARTS = frozenset(long[0] for long, _ in CANONICAL)


def _canonical(pieces: list[tuple[str, bool, int]]) -> list[tuple[str, bool, int]]:
    """Write "United States", "USA" and the like as their short form."""
    if not any(p[0] in _CANONICAL_STARTS for p in pieces):
        return pieces
    out: list[tuple[str, bool, int]] = []
    i = 0
    while i < len(pieces):
        if pieces[i][0] in _CANONICAL_STARTS:
            for long, short in CANONICAL:
                if tuple(p[0] for p in pieces[i : i + len(long)]) == long:
                    out.append((short, True, pieces[i][2]))
                    i += len(long)
                    break
            else:
                out.append(pieces[i])
                i += 1
        else:
            out.append(pieces[i])
            i += 1
    return out


def _starts(words: tuple[str, ...], at: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    for phrase in phrases:
        if words[at : at + len(phrase)] == phrase:
            return len(phrase)
    return 0


def _ends(words: tuple[str, ...], end: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    for phrase in phrases:
        if end >= len(phrase) and words[end - len(phrase) : end] == phrase:
            return len(phrase)
    return 0


@lru_cache(maxsize=4096)
def name_words(text: str) -> NameWords | None:
    """Split a name into words and mark which may be left out.

    Args:
        text: A name as written.

    Returns:
        The words, or None when there are none or too many to compare.
    """
    pieces = _canonical(_split(text))
    if not pieces or len(pieces) > _MAX_WORDS:
        return None
    words = tuple(p[0] for p in pieces)
    n = len(words)
    optional = [w in _STOPWORDS for w in words]
    minor = [w in _STOPWORDS or w in GENERIC_NOUNS or w in PARTIES for w in words]

    # the generic noun that ends a name
    if n >= 2 and words[-1] in GENERIC_NOUNS:
        optional[-1] = True
    start, end = 0, n
    # the parties that open it: "NATO", "U.S.", a compound such as "U.S.-Baltic"
    first = [k for k in range(n) if pieces[k][2] == pieces[0][2]]
    if len(first) > 1 and len(first) < n and any(words[k] in PARTIES for k in first):
        start = len(first)
    while start < n - 1 and (words[start] in PARTIES or words[start] in _STOPWORDS):
        start += 1
    if start < n - 1 and words[start] in TITLES and words[start + 1] not in _STOPWORDS:
        minor[start] = True
        start += 1
    # phrases that only qualify a state, a country or a program
    if size := _starts(words, start, STATE_PREFIXES):
        rest = _ends(words, n, STATE_SUFFIXES)
        if words[start + size : n - rest] not in US_STATES:
            size = 0
    if not size and (size := _starts(words, start, COUNTRY_PREFIXES)) and start + size >= n:
        size = 0
    if not size and (size := _starts(words, start, PROGRAM_PREFIXES)):
        if start + size >= n - 1 or words[-1] not in GENERIC_NOUNS:
            size = 0
    for k in range(start, start + size):
        minor[k] = True
    start += size
    if size := _ends(words, end, STATE_SUFFIXES):
        if words[start : end - size] in US_STATES:
            for k in range(end - size, end):
                minor[k] = True
            end -= size
        else:
            size = 0
    for k in (*range(start), *range(end, n)):
        optional[k] = True
    core = [not m for m in minor]
    if not any(core):
        core = [w not in _STOPWORDS for w in words]
    return NameWords(words, tuple(p[1] for p in pieces), tuple(optional), tuple(core))


@lru_cache(maxsize=16384)
def _word_cost(given: str, expected: str) -> int:
    """Typos needed to read ``given`` as ``expected``; _INF when it is another word."""
    if given == expected:
        return 0
    if not given.isalpha() or not expected.isalpha():
        return _INF  # numbers and words with digits must be exact
    if same_word_forms(given, expected):
        return 0
    allowance = typo_allowance(len(expected))
    if not allowance or abs(len(given) - len(expected)) > allowance:
        return _INF
    edits = OSA.distance(given, expected, score_cutoff=allowance)
    if edits > allowance or is_english_word(given):
        return _INF
    return edits


def _acronym_like(letters: str) -> bool:
    return 2 <= len(letters) <= 8 and letters.isalpha() and letters not in _STOPWORDS


def _heads_differ(given: NameWords, expected: NameWords) -> bool:
    """True when both names end in a generic noun and the nouns differ ("Arrangement", "Agreement")."""
    g, e = given.words[-1], expected.words[-1]
    if len(given.words) < 2 or len(expected.words) < 2 or g not in GENERIC_NOUNS or e not in GENERIC_NOUNS:
        return False
    # "... Security Memorandum" for "... Security Memorandum of Agreement" leaves a word out, not a different one
    return not any(g == w or same_word_forms(g, w) for w in expected.words) and not any(
        e == w or same_word_forms(e, w) for w in given.words
    )


def _alignment_cost(g: NameWords, e: NameWords) -> int:
    """The fewest typos with which the words of ``g`` pair off with those of ``e``."""
    n, m = len(g.words), len(e.words)
    memo: dict[tuple[int, int, int], int] = {}

    def best(i: int, j: int, seen: int) -> int:
        # seen: 1 once a core word of e is paired, 2 once a core word of g is
        key = (i, j, seen)
        if key in memo:
            return memo[key]
        result = _INF if (i, j) != (n, m) or seen != 3 else 0
        if i < n and g.optional[i]:
            result = min(result, best(i + 1, j, seen))
        if j < m and e.optional[j]:
            result = min(result, best(i, j + 1, seen))
        if i < n and j < m:
            gw, ew = g.words[i], e.words[j]
            pair = seen | (1 if e.core[j] else 0) | (2 if g.core[i] else 0)
            cost = _word_cost(gw, ew)
            if cost < _INF:
                result = min(result, cost + best(i + 1, j + 1, pair))
            if i + 1 < n and (cost := _word_cost(gw + g.words[i + 1], ew)) < _INF:
                result = min(result, cost + best(i + 2, j + 1, pair | (2 if g.core[i + 1] else 0)))
            if j + 1 < m and (cost := _word_cost(gw, ew + e.words[j + 1])) < _INF:
                result = min(result, cost + best(i + 1, j + 2, pair | (1 if e.core[j + 1] else 0)))
            if result:
                result = min(result, _acronym_pairs(g, e, i, j, seen, best))
        memo[key] = result
        return result

    return best(0, 0, 0)


def _acronym_pairs(g: NameWords, e: NameWords, i: int, j: int, seen: int, best) -> int:  # type: ignore[no-untyped-def]
    """Pair an acronym on one side with the run of words it abbreviates on the other."""
    n, m = len(g.words), len(e.words)
    result = _INF
    # typed acronyms: "LSS", "e-PINE" (written as two words), lower case too
    typed = [(g.words[i], 1)]
    if len(g.words[i]) == 1 and i + 1 < n:
        typed.append((g.words[i] + g.words[i + 1], 2))
    for letters, used in typed:
        if not _acronym_like(letters) or (letters[0] != e.words[j][0] and e.words[j] not in _STOPWORDS):
            continue
        for k in range(j + 2, min(m, j + 2 * len(letters)) + 1):
            if len(letters) == 2 and k == m - 1 and e.optional[-1]:
                continue  # "DC" is not the Defense Cooperation Agreement
            if _abbreviates(letters, e.words[j:k]):
                bits = (1 if any(e.core[j:k]) else 0) | (2 if any(g.core[i : i + used]) else 0)
                result = min(result, best(i + used, k, seen | bits))
    # acronyms written in the expected name: "NATO Mission Iraq"
    letters = e.words[j]
    if e.acronym[j] and _acronym_like(letters) and (letters[0] == g.words[i][0] or g.words[i] in _STOPWORDS):
        for k in range(i + 2, min(n, i + 2 * len(letters)) + 1):
            if _abbreviates(letters, g.words[i:k]):
                bits = (2 if any(g.core[i:k]) else 0) | (1 if e.core[j] else 0)
                result = min(result, best(k, j + 1, seen | bits))
    return result


def names_agree(given: str, expected: str) -> bool:
    """Tell whether a typed name means the expected one, word by word.

    Args:
        given: What the learner typed.
        expected: One written form of the expected name.

    Returns:
        True when the words pair off as the module docstring describes.
    """
    g, e = name_words(given), name_words(expected)
    if g is None or e is None or _heads_differ(g, e):
        return False
    budget = typo_allowance(len(" ".join(e.words)))
    return _alignment_cost(g, e) <= budget


_PAREN = re.compile(r"\(([^()]*)\)")


def _looks_like_acronym(text: str) -> bool:
    compact = re.sub(r"[\s.\-]", "", text)
    return 2 <= len(compact) <= 12 and compact.isalnum() and any(c.isupper() for c in compact)


def _written_as_acronym(text: str) -> bool:
    """True for "DCA", "U.S.", "e-PINE": mostly capitals, one word."""
    if len(text) > 16 or " " in text.strip():
        return False
    compact = re.sub(r"[.\-]", "", text.strip())
    capitals = sum(c.isupper() for c in compact)
    return capitals >= 2 and 2 * capitals >= len(compact)


def _text_forms(answer: str, *, optional_aside: bool) -> list[tuple[str, bool]]:
    """The written forms an answer stands for: itself, without its
    parenthetical, its acronym alone, and the acronym in place of the words it
    abbreviates ("LSS Agreement"). Each form comes with a flag that is True
    for an acronym taken out of "Name (ACR)".

    With ``optional_aside`` false (a typed answer) only an acronym aside may
    be dropped, so "Agreement (1995)" cannot pass as "Agreement (1994)".
    """
    forms = [(answer, False)]
    match = _PAREN.search(answer)
    if match:
        inner = match.group(1).strip()
        before, after = answer[: match.start()].rstrip(), answer[match.end() :].lstrip()
        if optional_aside or (_looks_like_acronym(inner) and not _digits(inner)):
            forms.append((f"{before} {after}".strip(), False))
        if _looks_like_acronym(inner):
            forms.append((inner, bool(before)))
            words = before.split()
            for start in range(len(words) - 1, -1, -1):
                if acronym_matches(inner, " ".join(words[start:])):
                    short = " ".join([*words[:start], inner, after]).strip()
                    forms.append((short, short == inner))
                    break
    if optional_aside:
        forms.extend((turned, False) for form, bare in forms if not bare and (turned := _turned(form)))
    return [(form, bare) for form, bare in forms if form]


_OF = re.compile(
    r"^(?P<pre>(?:[^\s()]+\s+)*?)(?P<head>[^\W\d_][\w-]*)\s+of\s+(?:the\s+)?(?P<rest>[^()]+)$", re.IGNORECASE
)


def _turned(name: str) -> str | None:
    """A name "X of Y" written the other way: "U.S. State Department" for the
    U.S. Department of State, "Partnership Charter" for the Charter of Partnership."""
    match = _OF.match(name.strip())
    if match is None or " of " in f" {match['rest'].casefold()} " or len(match["rest"].split()) > 4:
        return None
    return f"{match['pre']}{match['rest']} {match['head']}"


def _digits(text: str) -> list[str]:
    return re.findall(r"\d+", text)


def text_matches(given: str, expected: str) -> bool:
    """Compare free-text answers leniently (names, agreements, other).

    Args:
        given: What the learner typed.
        expected: The bank's answer; a parenthetical acronym such as
            "Defense Cooperation Agreement (DCA)" makes both parts acceptable.

    Returns:
        True if the answers agree up to case, punctuation, articles, spelling
        variants, misspellings that are not other words, acronyms and the
        words a name may go without (see the module docstring); numbers must
        agree exactly.
    """
    wanted = [(want, bare, normalize_text(want)) for want, bare in _text_forms(expected, optional_aside=True)]
    wanted = [(want, bare, want_norm) for want, bare, want_norm in wanted if want_norm]
    typed = [(got, normalize_text(got)) for got, _ in _text_forms(given, optional_aside=False)]
    if len(typed) == 1 and not typed[0][1]:  # only small words: "the", or an acronym such as "AN" or "AT"
        return len(given.split()) == 1 and any(acronym_matches(given, want) for want, bare, _ in wanted if not bare)
    typed = [(got, got_norm) for got, got_norm in typed if got_norm]
    if any(got_norm == want_norm for _, got_norm in typed for _, _, want_norm in wanted):
        return True
    for want, bare_acronym, want_norm in wanted:
        for got, got_norm in typed:
            if got_norm == want_norm:
                return True
            if bare_acronym or _digits(got_norm) != _digits(want_norm):
                continue  # the expansion of "Name (ACR)" is compared as itself, not by its initials
            if len(got.split()) == 1 and acronym_matches(got, want):
                return True
            if _written_as_acronym(want) and acronym_matches(want, got):
                return True
            if "(" in want and len(wanted) > 1:
                continue  # the same name without its aside is among the forms
            if names_agree(got, want):
                return True
    return False

"""Lenient checking of typed answers against the bank's expected answers.

The study loop calls :func:`is_correct` once per answer, so everything here is
pure Python, fast (tens of microseconds for most answers) and never raises.

What counts as "the same answer" depends on the question's ``kind``:

* ``date``: the given answer is read as a date at some precision (day, month,
  year, decade or a range of years such as fiscal years) and compared at the
  precision of the expected answer. A more precise answer that agrees is right
  ("July 28, 1922" for "1922"); a less precise one is not ("1922" for
  "July 28, 1922").
* ``money``: the amount must be equal after expanding "million"/"billion" and
  thousands separators; a stated currency must match; qualifiers in the
  expected answer ("more than", "nearly") need not be typed. A typed qualifier
  that points the other way ("less than" for "more than") is rejected;
  "about"-like qualifiers agree with anything.
* ``percent`` and ``number``: the value must be equal; the unit or a
  qualifier may be left out.
* ``name``, ``agreement``, ``other``: compared as text, ignoring case,
  accents, punctuation, articles and whitespace, allowing a few typos scaled
  to the length of the answer (:func:`typo_allowance`) but never a different
  number; an acronym matches its expansion and the other way round, and an
  expected answer written "Defense Cooperation Agreement (DCA)" accepts either
  part.

When an expected date, amount or number is written in a form the parsers do
not know, the answers are compared as text instead.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from dateutil import parser as _dateutil_parser
from rapidfuzz.distance import Levenshtein

__all__ = [
    "KINDS",
    "DATE_STYLES",
    "MONEY_STYLES",
    "DateValue",
    "Money",
    "Quantity",
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
]

KINDS: tuple[str, ...] = ("date", "money", "agreement", "name", "number", "percent", "other")
"""The answer kinds of the bank format."""

Precision = Literal["day", "month", "year", "decade", "range"]
Qualifier = Literal["above", "below", "about"]

_MAX_INPUT = 400
"""Answers longer than this are compared as text only (nobody types more)."""

# --------------------------------------------------------------------------
# Shared text helpers
# --------------------------------------------------------------------------

_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
                         "\u2014": "-", "\u2212": "-", "\u2019": "'", "\u2018": "'",
                         "\u00a0": " ", "\u202f": " "})
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
        before, after = answer[: match.start()].rstrip(), answer[match.end():].lstrip()
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


# --------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------

_MONTHS = ("january", "february", "march", "april", "may", "june", "july",
           "august", "september", "october", "november", "december")
_MONTH_NUMBER = {name: i for i, name in enumerate(_MONTHS, 1)}
_MONTH_NUMBER.update({name[:3]: i for i, name in enumerate(_MONTHS, 1)})
_MONTH_NUMBER.update({"sept": 9})
_MONTH_RE = r"(?P<month>" + "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True)) + r")\.?"

DATE_STYLES: dict[str, tuple[str, ...]] = {
    "day": ("long", "abbr", "dmy", "iso", "us"),
    "month": ("long", "abbr", "numeric", "iso"),
    "year": ("plain", "fiscal"),
    "decade": ("plain", "apostrophe"),
    "range": ("fy", "fy-each", "through", "plain"),
}
"""The styles :func:`format_date` knows for each precision."""


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date at the precision it was stated.

    Attributes:
        precision: "day", "month", "year", "decade" or "range" (of years).
        year: The year; the first year of a decade or of a range.
        month: 1-12 for day and month precision, else None.
        day: Day of month for day precision, else None.
        end: Last year of a range, else None.
        fiscal: True when stated as fiscal year(s) ("FY 2017").
    """

    precision: Precision
    year: int
    month: int | None = None
    day: int | None = None
    end: int | None = None
    fiscal: bool = False


_DATE_FILLER = re.compile(r"^(?:(?:in|on|since|by|from|during|of|the|year|circa|c\.?|around|about)\s+)+")
_FY = r"(?:fy|fiscal\s+years?)\s*'?"
_RANGE = re.compile(
    rf"^(?P<fy>{_FY})?(?P<a>\d{{4}}|\d{{2}})\s*(?:-|to|through|thru|until|and)\s*(?:{_FY})?(?P<b>\d{{4}}|\d{{2}})$"
)
_SINGLE_FY = re.compile(rf"^{_FY}(?P<a>\d{{4}}|\d{{2}})$")
_DECADE = re.compile(r"^(?P<y>\d{3}0) ?'?s$")
_YEAR = re.compile(r"^(?P<y>\d{4})$")
_NUMERIC_MONTH = re.compile(r"^(?P<m>\d{1,2}) ?[/.-] ?(?P<y>\d{4})$")
_ISO_MONTH = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$")
_NAMED_MONTH = re.compile(rf"^{_MONTH_RE},? (?P<y>\d{{4}})$")
_NAMED_DAY = re.compile(rf"^{_MONTH_RE} (?P<d>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y>\d{{4}})$")
_DAY_NAMED = re.compile(rf"^(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{_MONTH_RE},? (?P<y>\d{{4}})$")
_ISO_DAY = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")
_US_DAY = re.compile(r"^(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})$")

_DEFAULT_A = datetime(4, 1, 1, 1, 1)
_DEFAULT_B = datetime(8, 2, 2, 2, 2)


def _two_digit_year(digits: str, *, after: int | None = None) -> int:
    value = int(digits)
    if len(digits) == 4:
        return value
    if after is not None:
        year = after // 100 * 100 + value
        return year if year >= after else year + 100
    return 2000 + value if value < 70 else 1900 + value


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        datetime(year, month, day)
    except ValueError:
        return False
    return True


def _day_or_none(year: int, month: int, day: int) -> DateValue | None:
    return DateValue("day", year, month, day) if _valid_day(year, month, day) else None


@lru_cache(maxsize=8192)
def parse_date(text: str) -> DateValue | None:
    """Read a date answer at the precision it states.

    Knows full dates ("July 28, 1922", "28 July 1922", "1922-07-28",
    "7/28/1922", and what ``dateutil`` reads, e.g. "28th of July 1922"),
    month and year ("November 2008", "Nov. 2008", "11/2008", "2008-11"),
    years ("2017", "FY 2022"), decades ("1920s", "1920's") and ranges of years
    ("FY 2017-2022", "FY2017-FY2022", "2019 through 2021").

    Args:
        text: Any string.

    Returns:
        The date, or None if the text is not (only) a date.
    """
    text = _clean(text).casefold().rstrip(".")
    if len(text) > 60 or not re.search(r"\d{2}", text):
        return None
    text = _DATE_FILLER.sub("", text)
    if m := _YEAR.match(text):
        return DateValue("year", int(m["y"]))
    if m := _DECADE.match(text):
        return DateValue("decade", int(m["y"]))
    if m := _SINGLE_FY.match(text):
        return DateValue("year", _two_digit_year(m["a"]), fiscal=True)
    if m := _NAMED_MONTH.match(text):
        return DateValue("month", int(m["y"]), _MONTH_NUMBER[m["month"]])
    if m := _NAMED_DAY.match(text) or _DAY_NAMED.match(text):
        return _day_or_none(int(m["y"]), _MONTH_NUMBER[m["month"]], int(m["d"]))
    if m := _ISO_DAY.match(text) or _US_DAY.match(text):
        return _day_or_none(int(m["y"]), int(m["m"]), int(m["d"]))
    if (m := _NUMERIC_MONTH.match(text) or _ISO_MONTH.match(text)) and 1 <= int(m["m"]) <= 12:
        return DateValue("month", int(m["y"]), int(m["m"]))
    if (m := _RANGE.match(text)) and (m["fy"] or len(m["a"]) == 4):
        start = _two_digit_year(m["a"])
        end = _two_digit_year(m["b"], after=start)
        if start < end:
            return DateValue("range", start, end=end, fiscal=bool(m["fy"]))
        return None
    return _parse_with_dateutil(text)


def _parse_with_dateutil(text: str) -> DateValue | None:
    """Fall back to dateutil for other spellings of a day or a month.

    Parsing twice with different defaults shows which fields the text gave.
    """
    text = re.sub(r"\bthe\b", " ", text)
    try:
        first = _dateutil_parser.parse(text, default=_DEFAULT_A)
        second = _dateutil_parser.parse(text, default=_DEFAULT_B)
    except Exception:  # dateutil raises ValueError, OverflowError and others
        return None
    if first.year != second.year or first.hour == second.hour or first.minute == second.minute:
        return None  # no year given, or a time of day crept in
    if first.month != second.month:
        return DateValue("year", first.year)
    if first.day != second.day:
        return DateValue("month", first.year, first.month)
    return DateValue("day", first.year, first.month, first.day)


_RANK = {"decade": 0, "year": 1, "month": 2, "day": 3}


def _dates_agree(given: DateValue, expected: DateValue) -> bool:
    if expected.precision == "range" or given.precision == "range":
        return (given.precision, given.year, given.end) == (expected.precision, expected.year, expected.end)
    if _RANK[given.precision] < _RANK[expected.precision]:
        return False
    if expected.precision == "decade":
        return given.year // 10 == expected.year // 10
    if given.year != expected.year:
        return False
    if expected.precision == "year":
        return True
    if given.month != expected.month:
        return False
    return expected.precision == "month" or given.day == expected.day


def format_date(value: DateValue, style: str = "long") -> str:
    """Write a date in one of the styles of :data:`DATE_STYLES`.

    Args:
        value: The date.
        style: A style name valid for ``value.precision``; unknown styles fall
            back to the first style of that precision.

    Returns:
        The date as text, e.g. "July 28, 1922" or "FY 2017-2022".
    """
    styles = DATE_STYLES[value.precision]
    style = style if style in styles else styles[0]
    y, m, d = value.year, value.month or 1, value.day or 1
    month = _MONTHS[m - 1].capitalize()
    abbr = month if len(month) <= 4 else month[:3] + "."
    if value.precision == "day":
        return {"long": f"{month} {d}, {y}", "abbr": f"{abbr} {d}, {y}", "dmy": f"{d} {month} {y}",
                "iso": f"{y:04d}-{m:02d}-{d:02d}", "us": f"{m}/{d}/{y}"}[style]
    if value.precision == "month":
        return {"long": f"{month} {y}", "abbr": f"{abbr} {y}", "numeric": f"{m}/{y}",
                "iso": f"{y:04d}-{m:02d}"}[style]
    if value.precision == "year":
        return f"FY {y}" if style == "fiscal" or value.fiscal else str(y)
    if value.precision == "decade":
        return f"{y}'s" if style == "apostrophe" else f"{y}s"
    end = value.end if value.end is not None else y
    return {"fy": f"FY {y}-{end}", "fy-each": f"FY{y}\u2013FY{end}",
            "through": f"FY {y} through FY {end}", "plain": f"{y}-{end}"}[style]


# --------------------------------------------------------------------------
# Amounts: money, percentages, plain numbers
# --------------------------------------------------------------------------

MONEY_STYLES: tuple[str, ...] = ("symbol", "word", "code", "digits", "short")
"""The styles :func:`format_money` knows."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as stated, with an optional qualifier.

    Attributes:
        value: The exact value ("279.75 million" is 279750000).
        qualifier: "above" (more than, over), "below" (less than, nearly) or
            "about" (approximately, roughly), or None.
    """

    value: Decimal
    qualifier: Qualifier | None = None


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of money.

    Attributes:
        amount: The exact amount in units of the currency.
        currency: "USD", "EUR" or "GBP"; None when not stated.
        qualifier: As for :class:`Quantity`.
    """

    amount: Decimal
    currency: str | None = None
    qualifier: Qualifier | None = None


_QUALIFIERS: dict[str, Qualifier] = {
    "more than": "above", "over": "above", "above": "above", "in excess of": "above",
    "exceeding": "above", "upwards of": "above", "at least": "above", "greater than": "above",
    "at least some": "above", ">": "above", "less than": "below", "fewer than": "below",
    "under": "below", "below": "below", "nearly": "below", "almost": "below", "up to": "below",
    "just under": "below", "<": "below", "approximately": "about", "approx": "about",
    "about": "about", "around": "about", "roughly": "about", "some": "about", "circa": "about",
    "an estimated": "about", "estimated": "about", "close to": "about", "~": "about",
}
_QUALIFIER_RE = re.compile(
    r"(?:^|\s)(" + "|".join(re.escape(q) for q in sorted(_QUALIFIERS, key=len, reverse=True)) + r")\s*\.?\s*$"
)
_MULTIPLIERS = {
    "thousand": 10**3, "k": 10**3, "million": 10**6, "millions": 10**6, "mn": 10**6, "mln": 10**6,
    "mio": 10**6, "m": 10**6, "billion": 10**9, "billions": 10**9, "bn": 10**9, "bln": 10**9,
    "b": 10**9, "trillion": 10**12, "tn": 10**12,
}
_CURRENCIES = {
    "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "us dollars": "USD",
    "u.s. dollars": "USD", "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "pounds sterling": "GBP",
}
_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_MULT = r"(?:\s*(?P<mult>" + "|".join(sorted(_MULTIPLIERS, key=len, reverse=True)) + r")(?![a-z]))?"
_CUR_PRE = r"(?:(?P<pre>us\$|\$|usd|€|eur|£|gbp)\s*)?"
_CUR_SUF = (r"(?:\s*(?P<suf>u\.s\. dollars|us dollars|dollars?|usd|euros?|eur|€|\$|"
            r"pounds sterling|pounds?|gbp|£)(?![a-z]))?")
_MONEY = re.compile(_CUR_PRE + _NUMBER + _MULT + _CUR_SUF)
_PERCENT = re.compile(_NUMBER + r"(?:\s*(?P<unit>%|percent|per cent|per-cent|pct)(?![a-z]))?")
_PLAIN = re.compile(_NUMBER + _MULT)


def _amount_parts(pattern: re.Pattern[str], text: str) -> tuple[re.Match[str], Qualifier | None] | None:
    """Find the one amount in ``text`` and the qualifier written before it."""
    text = _clean(text).casefold()
    if len(text) > _MAX_INPUT:
        return None
    match = pattern.search(text)
    if match is None:
        return None
    before, after = text[: match.start()], text[match.end():]
    if re.search(r"\d", before + after):
        return None  # two numbers: a hedge, not an answer
    qualifier = _QUALIFIER_RE.search(before)
    return match, (_QUALIFIERS[qualifier.group(1)] if qualifier else None)


def _decimal(match: re.Match[str]) -> Decimal | None:
    try:
        value = Decimal(match["num"].replace(",", ""))
    except InvalidOperation:
        return None
    mult = match.groupdict().get("mult")
    return value * _MULTIPLIERS[mult] if mult else value


@lru_cache(maxsize=8192)
def parse_money(text: str) -> Money | None:
    """Read an amount of money.

    "$279.75 million", "279.75 million dollars", "$279,750,000", "279.75M",
    "USD 279.75 million", "€300 million", "300 million euros" and "EUR 300m"
    are all understood; a qualifier before the amount ("more than") is kept.

    Args:
        text: Any string.

    Returns:
        The amount, or None if the text holds no single amount.
    """
    found = _amount_parts(_MONEY, text)
    if found is None:
        return None
    match, qualifier = found
    value = _decimal(match)
    codes = {_CURRENCIES[c] for c in (match["pre"], match["suf"]) if c}
    if value is None or len(codes) > 1:
        return None
    return Money(value, codes.pop() if codes else None, qualifier)


@lru_cache(maxsize=8192)
def parse_percent(text: str) -> Quantity | None:
    """Read a percentage such as "2.52%", "2.52 percent" or "2.52 per cent".

    Args:
        text: Any string.

    Returns:
        The percentage (2.52 for "2.52%"), or None.
    """
    found = _amount_parts(_PERCENT, text)
    if found is None:
        return None
    value = _decimal(found[0])
    return None if value is None else Quantity(value, found[1])


_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}


def _words_to_number(text: str) -> Quantity | None:
    """Read "five thousand five hundred" and the like; None otherwise."""
    text = _clean(text).casefold()
    qualifier = None
    for phrase in sorted(_QUALIFIERS, key=len, reverse=True):
        if text.startswith(phrase + " "):
            qualifier, text = _QUALIFIERS[phrase], text[len(phrase) + 1:]
            break
    words = [w for w in re.split(r"[\s\-,]+", text) if w and w != "and"]
    total, current, seen = 0, 0, False
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred" and seen:
            current *= 100
        elif word in _SCALES and seen:
            total += current * _SCALES[word]
            current = 0
        else:
            break  # the number ends; a noun like "peacekeepers" may follow
        seen = True
    return Quantity(Decimal(total + current), qualifier) if seen else None


@lru_cache(maxsize=8192)
def parse_number(text: str) -> Quantity | None:
    """Read a count: "5,500", "5500", "5.5 thousand" or "five thousand five hundred".

    Args:
        text: Any string.

    Returns:
        The number, or None.
    """
    found = _amount_parts(_PLAIN, text)
    if found is None:
        return None if re.search(r"\d", text[:_MAX_INPUT]) else _words_to_number(text[:_MAX_INPUT])
    value = _decimal(found[0])
    return None if value is None else Quantity(value, found[1])


def _qualifiers_agree(given: Qualifier | None, expected: Qualifier | None) -> bool:
    return {given, expected} != {"above", "below"}


def _trim(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _scaled(amount: Decimal) -> tuple[str, str]:
    for word, size in (("billion", 10**9), ("million", 10**6)):
        if abs(amount) >= size:
            return _trim(amount / size), word
    return _trim(amount), ""


def format_money(value: Money, style: str = "symbol") -> str:
    """Write an amount of money in one of :data:`MONEY_STYLES`.

    Args:
        value: The amount; its qualifier is not written.
        style: "symbol" ("$279.75 million"), "word" ("279.75 million dollars"),
            "code" ("USD 279.75 million"), "digits" ("$279,750,000") or
            "short" ("$279.75M").

    Returns:
        The amount as text.
    """
    currency = value.currency or "USD"
    symbol = {"USD": "$", "EUR": "\u20ac", "GBP": "\u00a3"}.get(currency, "")
    word = {"USD": "dollars", "EUR": "euros", "GBP": "pounds"}.get(currency, currency)
    number, scale = _scaled(value.amount)
    spaced = f"{number} {scale}".strip()
    if style == "word":
        return f"{spaced} {word}"
    if style == "code":
        return f"{currency} {spaced}"
    if style == "digits":
        digits = f"{value.amount:,f}"
        return symbol + (digits.rstrip("0").rstrip(".") if "." in digits else digits)
    if style == "short" and scale:
        return f"{symbol}{number}{scale[0].upper()}"
    return f"{symbol}{spaced}"


def format_percent(value: Quantity, style: str = "symbol") -> str:
    """Write a percentage: "symbol" ("2.52%"), "word" ("2.52 percent") or
    "words" ("2.52 per cent").

    Args:
        value: The percentage.
        style: One of the three styles.

    Returns:
        The percentage as text.
    """
    number = _trim(value.value)
    return {"word": f"{number} percent", "words": f"{number} per cent"}.get(style, f"{number}%")


def format_number(value: Quantity, style: str = "grouped") -> str:
    """Write a number: "grouped" ("5,500") or "plain" ("5500").

    Args:
        value: The number.
        style: One of the two styles.

    Returns:
        The number as text.
    """
    if style == "plain":
        return _trim(value.value)
    number = _trim(value.value)
    whole, _, fraction = number.partition(".")
    grouped = f"{int(whole):,}"
    return f"{grouped}.{fraction}" if fraction else grouped


# --------------------------------------------------------------------------
# The entry point
# --------------------------------------------------------------------------


def _kind_matches(given: str, expected: str, kind: str) -> bool | None:
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
        return (got_money is not None and got_money.amount == want_money.amount
                and (got_money.currency is None or got_money.currency == want_money.currency)
                and _qualifiers_agree(got_money.qualifier, want_money.qualifier))
    if kind in ("percent", "number"):
        parse = parse_percent if kind == "percent" else parse_number
        want_q = parse(expected)
        if want_q is None:
            return None
        got_q = parse(given)
        return (got_q is not None and got_q.value == want_q.value
                and _qualifiers_agree(got_q.qualifier, want_q.qualifier))
    return None


def _copied_from(given: str, expected: str, prompt: str) -> bool:
    """True when the answer is only words of the question that do not hold the expected answer."""
    words = f" {normalize_text(prompt)} "
    typed, wanted = normalize_text(given), normalize_text(expected)
    return bool(typed) and f" {typed} " in words and f" {wanted} " not in words


def is_correct(given: str, expected: str, kind: str, *, prompt: str | None = None) -> bool:
    """Tell whether a typed answer means the expected one.

    Args:
        given: What the learner typed.
        expected: The bank's answer.
        kind: One of :data:`KINDS`; unknown kinds are compared as text.
        prompt: The question, when the caller has it. An answer copied from
            the question is then refused unless the expected answer is in the
            question too, so "FMF" does not pass for "What does FMF stand
            for?" although an acronym otherwise matches its expansion.

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
        verdict = _kind_matches(given, expected, kind)
        if verdict is not None:
            return verdict
        return text_matches(given, expected)
    except Exception:  # pragma: no cover - a checker bug must not break a study session
        return False

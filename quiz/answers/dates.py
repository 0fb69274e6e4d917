"""Dates in answers: parsing, formatting and comparison at a stated precision.

An answer is read as a date at some precision (day, month, year, decade or a
range of years such as fiscal years) and compared at the precision of the
expected answer. A more precise answer that agrees is right ("July 28, 1922"
for "1922"); a less precise one is not ("1922" for "July 28, 1922").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Literal

from dateutil import parser as _dateutil_parser

from quiz.answers.amounts import _read_number_words
from quiz.answers.text import _clean

__all__ = [
    "DATE_STYLES",
    "DateValue",
    "parse_date",
    "format_date",
]

Precision = Literal["day", "month", "year", "decade", "range"]

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
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


_DATE_FILLER = re.compile(r"^(?:(?:in|on|since|by|from|during|between|of|the|year|circa|c\.?|around|about)\s+)+")
_FY = r"(?:fy|fiscal\s+years?)\s*'?"
_RANGE = re.compile(
    rf"^(?P<fy>{_FY})?(?P<a>\d{{4}}|\d{{2}})\s*(?:-|to|through|thru|until|and)\s*(?:{_FY})?(?P<b>\d{{4}}|\d{{2}})$"
)
_SINGLE_FY = re.compile(rf"^{_FY}(?P<a>\d{{4}}|\d{{2}})$")
_DECADE_PART = r"(?:(?:early|mid|late)[- ]?)?"
_DECADE = re.compile(rf"^{_DECADE_PART}(?P<y>\d{{3}}0) ?'?s$")
_SHORT_DECADE = re.compile(rf"^{_DECADE_PART}'?(?P<y>\d0) ?'?s$")
_DECADE_WORDS = {
    w: 10 * i for i, w in enumerate("twenties thirties forties fifties sixties seventies eighties nineties".split(), 2)
}
_CENTURY_WORDS = {"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20}
_YEAR = re.compile(r"^(?P<y>\d{4})$")
_NUMERIC_MONTH = re.compile(r"^(?P<m>\d{1,2}) ?[/.-] ?(?P<y>\d{4})$")
_ISO_MONTH = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$")
_NAMED_MONTH = re.compile(rf"^{_MONTH_RE},? (?P<y>\d{{4}})$")
_NAMED_DAY = re.compile(rf"^{_MONTH_RE} (?P<d>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y>\d{{4}})$")
_DAY_NAMED = re.compile(rf"^(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{_MONTH_RE},? (?P<y>\d{{4}})$")
_ISO_DAY = re.compile(r"^(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})$")
_NUMERIC_DAY = re.compile(r"^(?P<a>\d{1,2}) ?(?P<sep>[/.-]) ?(?P<b>\d{1,2}) ?(?P=sep) ?(?P<y>\d{4})$")

_TWO_DIGITS = re.compile(r"\d{2}")
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
    "7/28/1922", "28/7/1922", "28.07.1922", and what ``dateutil`` reads, e.g.
    "28th of July 1922"), month and year ("November 2008", "Nov. 2008",
    "11/2008", "2008-11"), years ("2017", "FY 2022", "nineteen twenty-two"),
    decades ("1920s", "1920's", "the early 1920s", and without a century,
    read as decade 20: "the twenties", "'20s") and ranges of years
    ("FY 2017-2022", "FY2017-FY2022", "2019 through 2021").

    A numeric date with slashes or dashes is read month first, as in the
    U.S., unless only the day-first reading is a date; one with dots is read
    day first, as in Europe.

    Args:
        text: Any string.

    Returns:
        The date, or None if the text is not (only) a date.
    """
    text = _clean(text).casefold().rstrip(".")
    if len(text) > 60:
        return None
    text = _DATE_FILLER.sub("", text)
    if not _TWO_DIGITS.search(text):
        return _date_in_words(text)
    if m := _YEAR.match(text):
        return DateValue("year", int(m["y"]))
    if m := _DECADE.match(text) or _SHORT_DECADE.match(text):
        return DateValue("decade", int(m["y"]))
    if m := _SINGLE_FY.match(text):
        return DateValue("year", _two_digit_year(m["a"]), fiscal=True)
    if m := _NAMED_MONTH.match(text):
        return DateValue("month", int(m["y"]), _MONTH_NUMBER[m["month"]])
    if m := _NAMED_DAY.match(text) or _DAY_NAMED.match(text):
        return _day_or_none(int(m["y"]), _MONTH_NUMBER[m["month"]], int(m["d"]))
    if m := _ISO_DAY.match(text):
        return _day_or_none(int(m["y"]), int(m["m"]), int(m["d"]))
    if m := _NUMERIC_DAY.match(text):
        return _numeric_day(int(m["a"]), int(m["b"]), int(m["y"]), day_first=m["sep"] == ".")
    if (m := _NUMERIC_MONTH.match(text) or _ISO_MONTH.match(text)) and 1 <= int(m["m"]) <= 12:
        return DateValue("month", int(m["y"]), int(m["m"]))
    if (m := _RANGE.match(text)) and (m["fy"] or len(m["a"]) == 4):
        start = _two_digit_year(m["a"])
        end = _two_digit_year(m["b"], after=start)
        if start < end:
            return DateValue("range", start, end=end, fiscal=bool(m["fy"]))
        return None
    return _parse_with_dateutil(text)


def _numeric_day(a: int, b: int, year: int, *, day_first: bool) -> DateValue | None:
    """Read "a/b/year": month first as in the U.S. unless only the other order
    is a date ("28/7/1922"); day first when written with dots ("5.9.1940")."""
    first, second = ((b, a), (a, b)) if day_first else ((a, b), (b, a))
    return _day_or_none(year, *first) or _day_or_none(year, *second)


def _date_in_words(text: str) -> DateValue | None:
    """Read decades and years written in words: "the twenties", "nineteen-twenties",
    "the early twenties", "nineteen twenty-two", "two thousand seventeen"."""
    words = [w for w in re.split(r"[\s-]+", text) if w]
    if words and words[0] in ("early", "mid", "late"):
        words = words[1:]
    if not words or len(words) > 6:
        return None
    if words[-1] in _DECADE_WORDS and len(words) <= 2:
        if len(words) == 1:
            return DateValue("decade", _DECADE_WORDS[words[0]])
        if words[0] in _CENTURY_WORDS:
            return DateValue("decade", _CENTURY_WORDS[words[0]] * 100 + _DECADE_WORDS[words[-1]])
        return None
    if words[0] in _CENTURY_WORDS and len(words) > 1:
        rest = words[1:]
        if rest == ["hundred"]:
            return DateValue("year", _CENTURY_WORDS[words[0]] * 100)
        if rest[0] in ("oh", "o") and len(rest) == 2:
            rest = rest[1:]
        found = _read_number_words(rest)
        if found and found[1] == len(rest) and 1 <= found[0] <= 99 and found[0] == int(found[0]):
            return DateValue("year", _CENTURY_WORDS[words[0]] * 100 + int(found[0]))
    found = _read_number_words(words)
    if found and found[1] == len(words) and 1000 <= found[0] <= 2999 and found[0] == int(found[0]):
        return DateValue("year", int(found[0]))
    return None


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
    if expected.precision == "decade" and given.precision == "range":
        return (
            given.year % 10 == 0
            and given.end == given.year + 9
            and _dates_agree(DateValue("year", given.year), expected)
        )
    if expected.precision == "range" or given.precision == "range":
        return (given.precision, given.year, given.end) == (expected.precision, expected.year, expected.end)
    if _RANK[given.precision] < _RANK[expected.precision]:
        return False
    if expected.precision == "decade":
        if given.year < 100 or expected.year < 100:  # "the twenties": any century
            return given.year % 100 // 10 == expected.year % 100 // 10
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
        return {
            "long": f"{month} {d}, {y}",
            "abbr": f"{abbr} {d}, {y}",
            "dmy": f"{d} {month} {y}",
            "iso": f"{y:04d}-{m:02d}-{d:02d}",
            "us": f"{m}/{d}/{y}",
        }[style]
    if value.precision == "month":
        return {"long": f"{month} {y}", "abbr": f"{abbr} {y}", "numeric": f"{m}/{y}", "iso": f"{y:04d}-{m:02d}"}[style]
    if value.precision == "year":
        return f"FY {y}" if style == "fiscal" or value.fiscal else str(y)
    if value.precision == "decade":
        return f"{y}'s" if style == "apostrophe" else f"{y}s"
    end = value.end if value.end is not None else y
    return {
        "fy": f"FY {y}-{end}",
        "fy-each": f"FY{y}\u2013FY{end}",
        "through": f"FY {y} through FY {end}",
        "plain": f"{y}-{end}",
    }[style]

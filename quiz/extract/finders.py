"""Find the spans of a sentence that hold facts: dates, money, percentages,
counts and the names of agreements, programs and other acronymed bodies.

Each finder returns :class:`Span` objects with character offsets into the
sentence and the value read from the text; :func:`find_spans` runs them all
and settles overlaps (money beats a number inside it, a name keeps the year
written inside it).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from operator import attrgetter

from quiz.answers import DateValue, parse_date, parse_money, parse_number, parse_percent
from quiz.extract.names import find_names, may_hold_name
from quiz.extract.span import MONTH as _MONTH
from quiz.extract.span import YEAR as _YEAR
from quiz.extract.span import Span

__all__ = [
    "Span",
    "find_spans",
    "find_dates",
    "find_bare_months",
    "find_money",
    "find_percents",
    "find_counts",
    "find_names",
]


# The hints are cheap tests a sentence must pass before a costlier pattern is tried: alternations
# of fixed strings, which re scans for fast.
_FISCAL_HINT = re.compile(r"FY|CY|Fiscal|fiscal")
_MONTH_HINT = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_RANGE_HINT = re.compile(rf"(?:Between|between|From|from|For|for) {_YEAR}|- ?\d|\u2013 ?\d")
_DECADE_HINT = re.compile(r"0['\u2019]?s\b")


def _by_first_letter(words: list[str], *, word_start: bool = False) -> str:
    """An alternation of words grouped by their first letter ("t(?:wo|hree|en)|..."), which re tries
    faster than a flat list of them; the words keep their order among those sharing a first letter.

    ``word_start``: the words must start a word (as "\\b" before them says), tested by a lookbehind
    after each first letter instead, which lets re skip ahead to those letters fast.
    """
    rests: dict[str, list[str]] = {}
    for word in words:
        rests.setdefault(word[0], []).append(word[1:])
    guard = r"(?<!\w{})" if word_start else ""
    return "|".join(f"{first}{guard.format(first)}(?:{'|'.join(rest)})" for first, rest in rests.items())


def _at_word_start(words: list[str]) -> str:
    """The words as one group that must start a word (see :func:`_by_first_letter`)."""
    return f"(?:{_by_first_letter(words, word_start=True)})"


_MONTH_AT_START = _at_word_start(_MONTH[3 : _MONTH.index(")")].split("|")) + _MONTH[_MONTH.index(")") + 1 :]
"""``\\b`` and :data:`quiz.extract.span.MONTH`, written so that re can skip ahead to a month's capital."""
_DATE_PATTERNS: list[tuple[re.Pattern[str] | None, re.Pattern[str]]] = [
    # (a cheap test the sentence must pass first, the pattern)
    (
        _FISCAL_HINT,
        re.compile(
            r"\b(?:FY|CY|[Ff]iscal [Yy]ears?)\s?'?(?:\d{4}|\d{2})"
            r"\s*(?:-|\u2013|\u2014|to|through|and)\s*(?:FY\s?|CY\s?)?(?:\d{4}|\d{2})\b"
        ),
    ),
    (
        _RANGE_HINT,
        re.compile(
            rf"(?<=[Bb]etween )(?:{_YEAR}) and (?:{_YEAR})\b"
            rf"|(?:(?<=[Ff]rom )|(?<=[Ff]or ))(?:{_YEAR}) (?:to|through) (?:{_YEAR})\b"
            rf"|\b(?:{_YEAR}) ?[\u2013-] ?(?:{_YEAR})\b"
        ),
    ),
    (_MONTH_HINT, re.compile(rf"{_MONTH_AT_START} \d{{1,2}}(?:st|nd|rd|th)?,? {_YEAR}\b")),
    (_MONTH_HINT, re.compile(rf"\d(?<!\w\d)\d?(?:st|nd|rd|th)? (?:of )?{_MONTH},? {_YEAR}\b")),  # \b\d{1,2}
    (_MONTH_HINT, re.compile(rf"{_MONTH_AT_START},? {_YEAR}\b")),
    (_FISCAL_HINT, re.compile(r"\b(?:FY|[Ff]iscal [Yy]ear)\s?'?(?:\d{4}|\d{2})\b")),
    (_DECADE_HINT, re.compile(r"\b(?:1[5-9]|20)\d0['\u2019]?s\b")),
    # A bare year (_YEAR) not inside a longer number or word. The lookbehind after its first digit says
    # what may not stand before it: written there, not first, it lets re skip ahead to the next 1 or 2 fast.
    (
        None,
        re.compile(r"(?:1(?<![\w$\u20ac.,\-/]1)[5-9]\d\d|2(?<![\w$\u20ac.,\-/]2)0\d\d)(?![\w%.,\-/]\d|[\w%]|-year)"),
    ),
]


_CALENDAR_RANGE = re.compile(r"CY\s?(\d{4})\s*[-\u2013\u2014]\s*CY\s?(\d{4})")


def _calendar_years(text: str) -> DateValue | None:
    """A range of calendar years written "CY2015 \u2013 CY2019" (the answer parser reads only fiscal ones)."""
    match = _CALENDAR_RANGE.fullmatch(text)
    return DateValue("range", int(match[1]), end=int(match[2])) if match else None


def find_dates(sentence: str) -> list[Span]:
    """Find dates at every precision: full dates, month and year, fiscal years
    and ranges, decades and bare years.

    Args:
        sentence: One sentence.

    Returns:
        Non-overlapping date spans, longest forms first.
    """
    hints = (
        _FISCAL_HINT.search(sentence) is not None,
        _RANGE_HINT.search(sentence) is not None,
        _MONTH_HINT.search(sentence) is not None,
        "0" in sentence and _DECADE_HINT.search(sentence) is not None,
    )
    spans: list[Span] = []
    for pattern in _DATE_FORMS[hints]:
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if spans and any(start < s.end and s.start < end for s in spans):
                continue
            text = match.group()
            value = parse_date(text) or _calendar_years(text)
            if value is not None:
                spans.append(Span("date", start, end, text, value))
    if len(spans) > 1:
        spans.sort(key=_START)
    return spans


def _date_forms() -> dict[tuple[bool, ...], tuple[re.Pattern[str], ...]]:
    """The patterns of :data:`_DATE_PATTERNS` to try for each outcome of the four hints (fiscal,
    range, month, decade), in their order: a sentence tests each hint once and looks the list up."""
    hints = (_FISCAL_HINT, _RANGE_HINT, _MONTH_HINT, _DECADE_HINT)
    forms = {}
    for outcome in itertools.product((False, True), repeat=len(hints)):
        passed = {hint for hint, ok in zip(hints, outcome, strict=True) if ok}
        forms[outcome] = tuple(pattern for hint, pattern in _DATE_PATTERNS if hint is None or hint in passed)
    return forms


_DATE_FORMS = _date_forms()


_START = attrgetter("start")
_START_END = attrgetter("start", "end")


_FULL_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_BARE_MONTH = re.compile(
    rf"\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|[Tt]hrough|[Dd]uring|[Ee]arly|[Ll]ate) (?P<m>{_FULL_MONTH})\b"
    rf"(?!,? \d|\s+(?:of\s+)?{_YEAR})"
    rf"|\b[Oo]n (?P<d>{_FULL_MONTH} \d{{1,2}})(?:st|nd|rd|th)?\b(?!,? \d)"
)
_MONTH_NAME = re.compile(_FULL_MONTH)
"""A cheap test before :data:`_BARE_MONTH`."""
_MONTH_NUMBER = {name: i for i, name in enumerate(_FULL_MONTH[3:-1].split("|"), 1)}


def find_bare_months(sentence: str, year: int | None) -> list[Span]:
    """Find months and days written without their year ("in March", "On December 25,"),
    read in the year the document last named (``year``); none without one.

    Args:
        sentence: One sentence.
        year: The year the sentence is read in (the one it names, else the
            last one named before it).

    Returns:
        Date spans at month or day precision.
    """
    if year is None or not _MONTH_NAME.search(sentence):
        return []
    spans = []
    for match in _BARE_MONTH.finditer(sentence):
        if match["m"]:
            value = DateValue("month", year, _MONTH_NUMBER[match["m"]])
            spans.append(Span("date", match.start("m"), match.end("m"), match["m"], value))
        else:
            month, day = match["d"].split()
            value = DateValue("day", year, _MONTH_NUMBER[month], int(day))
            spans.append(Span("date", match.start("d"), match.end("d"), match["d"], value))
    return spans


_QUALIFIER = re.compile(
    r"(?:more than|over|nearly|almost|approximately|about|around|roughly|some|up to|"
    r"less than|at least|just over|just under|an estimated)\s+$",
    re.I,
)
_QUALIFIER_ENDS = ("than", "over", "nearly", "almost", "approximately", "about", "around", "roughly", "some", "to")
_QUALIFIER_ENDS += ("least", "under", "estimated")
"""The last words of :data:`_QUALIFIER`'s phrases, lower-cased: a quick test before it."""
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s?(?:million|billion|trillion|thousand|bn|m)\b)?"
_MONEY = re.compile(
    r"(?:(?:US\$|\$|\u20ac|\u00a3|USD\s?|EUR\s?)(?:"
    + _NUM
    + r")"
    + _SCALE
    # _NUM with its lookbehind after the first digit, so that re can skip ahead to signs and digits fast
    + r"|\d(?<![\w.,]\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?)"
    + r"\s?(?:million|billion|thousand)?\s?(?:dollars|euros?|EUR|USD)\b)",
)
_PERCENT = re.compile(
    r"(?<![\w.])(?:" + _NUM + r")\s?(?:%|percent\b|per cent\b)"
    r"|(?<![\w-])(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty)"
    r"\s(?:percent|per cent)\b",
    re.I,
)
_COUNT = re.compile(  # each form's lookbehind stands after its first digit, so that re can skip ahead to digits fast
    r"\d(?<![\w$\u20ac.,\-/:]\d)(?:\d{0,2}(?:,\d{3})+|\d*)(?![\w.,\-/%:]|\s?(?:million|billion|percent|per cent))"
    r"(?=\s+(?:[\w.-]+,?\s+){0,8}?(?:[a-z]{2,}s|personnel|people|staff|troops|children|men|women|"
    r"[A-Z][a-z]{3,}(?:ians|ans|ers|ors|ists)|[A-Z]+-?\d+[A-Z]?s)\b)"
    r"|\d(?<![\w$\u20ac.,\-/:]\d)\d*(?:\.\d+)?\s(?:million|billion)(?=\s+(?:[A-Z][a-z]{3,}(?:ians|ans)|people|[a-z]{3,}s)\b)"
)


_WORDS = (
    r"(?:[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|[Ee]leven|[Tt]welve|[Ff]ifteen|"
    r"[Tt]wenty|[Tt]hirty|[Ff]orty|[Ff]ifty|[Hh]undreds?|[Tt]housands?|[Dd]ozens?)"
)
_WORD_COUNT = re.compile(
    rf"(?<![\w-]){_WORDS}(?![\w-])(?!\s+other\b)(?=\s+(?:[\w.-]+,?\s+){{0,4}}?(?:[a-z]{{2,}}s|personnel|people|staff|"
    rf"[A-Z][a-z]{{3,}}(?:ians|ans|ers)|[A-Z]+-?\d+[A-Z]?s)\b)"
)
_DEFINITE = re.compile(r"\b(?:[Tt]he|[Tt]hese|[Tt]hose|[Ii]ts|[Tt]heir)\s+$")
_DURATION = re.compile(
    rf"(?<![\w$.,-])(?:\d{{1,3}}|{_WORDS}|one)(?:\s+and\s+a\s+half)?(?:-|\s)(?:year|month|week|day)s?\b(?!-old)"
)
"""A length of time, in figures or words, halves included: "15-year", "two and a half years"."""
_NUMBERED = re.compile(r"(?:Section|No\.|Article|Title|Chapter|Part)\s*$")


def _qualified(sentence: str, match: re.Match[str]) -> tuple[int, str]:
    """Widen a number's match leftwards over a qualifier such as "more than"."""
    start = match.start()
    window = max(0, start - 24)
    before = sentence[window:start]
    tail = before.rstrip()  # a qualifier ends in one of its last words and a space (ASCII, whose case lower() folds)
    if len(tail) < len(before) and (tail.lower().endswith(_QUALIFIER_ENDS) or not before.isascii()):
        qualifier = _QUALIFIER.search(sentence, window, start)
        start = qualifier.start() if qualifier else start
    return start, sentence[start : match.end()]


def find_money(sentence: str) -> list[Span]:
    """Find amounts of money in dollars, euros or pounds, with the qualifier
    before them ("more than", "nearly").

    Args:
        sentence: One sentence.

    Returns:
        Money spans; ``text`` holds the qualifier and the amount.
    """
    if "$" not in sentence and "\u20ac" not in sentence and "\u00a3" not in sentence:
        folded = sentence.casefold()
        if "usd" not in folded and "eur" not in folded and "dollar" not in folded:
            return []  # no currency: "EUR" and "euro" both hold "eur"
    return _amounts(sentence, _MONEY, parse_money, "money")


def find_percents(sentence: str) -> list[Span]:
    """Find percentages ("2.52 percent", "2%"), with any qualifier.

    Args:
        sentence: One sentence.

    Returns:
        Percentage spans.
    """
    return _percents(sentence, sentence.lower())


def _percents(sentence: str, lowered: str) -> list[Span]:
    if "%" not in sentence and "percent" not in lowered and "per cent" not in lowered:
        return []  # every form of _PERCENT ends in one of them ("cooperation" holds "per", not "percent")
    return _amounts(sentence, _PERCENT, parse_percent, "percent")


def _amounts(sentence: str, pattern: re.Pattern[str], parse: Callable[[str], object | None], kind: str) -> list[Span]:
    spans = []
    for match in pattern.finditer(sentence):
        start, text = _qualified(sentence, match)
        value = parse(text)
        if value is None and kind == "percent":  # "three percent": the number in words
            value = parse_number(text.rsplit(None, 1)[0])
        if value is not None:
            spans.append(Span(kind, start, match.end(), text, value))
    return spans


_RATIO = re.compile(
    r"(?<![\w:.,])\d{1,3}(?::\d{1,3}){1,3}(?![\w:])(?=\s+ratio\b)|(?<=\bratio of )\d{1,3}(?::\d{1,3}){1,3}(?![\w:])"
)


def find_ratios(sentence: str) -> list[Span]:
    """Find ratios written with colons and called so ("the 5:5:3 ratio", "a ratio of 10:7").

    Args:
        sentence: One sentence.

    Returns:
        Spans of kind "number" whose value is the ratio as written.
    """
    if ":" not in sentence or "ratio" not in sentence:
        return []
    return [Span("number", m.start(), m.end(), m.group(), m.group()) for m in _RATIO.finditer(sentence)]


def find_counts(sentence: str) -> list[Span]:
    """Find counts of things: a number followed within a few words by a plural
    noun ("over 5,500 Lithuanian peacekeepers", "14 current and former ...
    missions"). Years, amounts and parts of codes ("UH-60M") are left out.

    Args:
        sentence: One sentence.

    Returns:
        Count spans.
    """
    return _counts(sentence, sentence.lower())


def _counts(sentence: str, lowered: str) -> list[Span]:
    spans = []
    for match in _COUNT.finditer(sentence):
        text = match.group()
        if "," in text:
            digits = text.replace(",", "")
        else:
            if len(text) == 4 and _YEAR_ONLY.fullmatch(text):
                continue
            digits = text
        if digits.isdigit() and int(digits) < 2:
            continue
        if _NUMBERED.search(sentence, max(0, match.start() - 12), match.start()):
            continue
        start, number = _qualified(sentence, match)
        value = parse_number(number)
        if value is not None:
            spans.append(Span("number", start, match.end(), number, value))
    patterns = []  # only those the sentence's words let match at all
    if "year" in sentence or "month" in sentence or "week" in sentence or "day" in sentence:
        patterns.append(_DURATION)
    if _NUMBER_WORD.search(lowered):
        patterns.append(_WORD_COUNT)
    taken = [(s.start, s.end) for s in spans] if patterns else []
    for pattern in patterns:
        for match in pattern.finditer(sentence):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            if pattern is _WORD_COUNT and match.group().lower() in ("hundreds", "thousands", "dozens"):
                continue
            if pattern is _WORD_COUNT and _DEFINITE.search(sentence, max(0, match.start() - 6), match.start()):
                continue  # "the two countries", "both sides": a reference, not a count
            start, number = _qualified(sentence, match)
            value = parse_number(number)
            if value is not None:
                spans.append(Span("number", start, match.end(), number, value))
                taken.append((start, match.end()))
    if len(spans) > 1:
        spans.sort(key=_START)
    return spans


_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty "
    "hundred thousand dozen"
).split()
"""Every word of :data:`_WORDS` and :data:`_ANY_WORD_NUMBER`, in lower case, to test a sentence for first."""


_NUMBER_WORD = re.compile(_by_first_letter(_NUMBER_WORDS))
"""Any of :data:`_NUMBER_WORDS` anywhere in a lower-cased sentence: a cheap test before the patterns
that read numbers written in words."""


_YEAR_ONLY = re.compile(_YEAR)
_DIGIT = re.compile(r"\d")
_ANY_WORD_NUMBER = re.compile(rf"(?<![\w-]){_WORDS}(?![\w])|\bone[- ](?:year|month|week|day)")


def find_spans(sentence: str, year: int | None = None) -> list[Span]:
    """Run every finder and settle overlaps.

    Money and percentages win over the numbers and years inside them; a year
    written inside or beside a name is kept on the name (its ``year``) and
    also reported once as a date; counts never overlap anything else.

    Args:
        sentence: One sentence.
        year: The year a month written without one is read in when the
            sentence names none (see :func:`find_bare_months`).

    Returns:
        All fact spans, in sentence order.
    """
    names = find_names(sentence) if may_hold_name(sentence) else []
    has_digit = _DIGIT.search(sentence) is not None
    chosen: list[Span] = []
    if has_digit:
        lowered = sentence.lower()
        found = (
            find_ratios(sentence),
            find_money(sentence),
            _percents(sentence, lowered),
            find_dates(sentence),
            _counts(sentence, lowered),
        )
    elif _NUMBER_WORD.search(lowered := sentence.lower()) and _ANY_WORD_NUMBER.search(sentence):
        found = (_percents(sentence, lowered), _counts(sentence, lowered))
    else:
        found = ()
    for spans in found:
        for span in spans:
            start, end = span.start, span.end
            if chosen and any(start < s.end and s.start < end for s in chosen):
                continue  # not free
            if names and span.kind != "date" and any(n.start <= start and end <= n.end for n in names):
                continue  # a number inside a name
            chosen.append(span)
    chosen.extend(names)
    if year is not None or has_digit:
        first = next(
            (s.value.year for s in chosen if isinstance(s.value, DateValue) and s.value.precision == "year"), year
        )
        for span in find_bare_months(sentence, first):
            if not any(span.start < s.end and s.start < span.end for s in chosen):
                chosen.append(span)
    if len(chosen) > 1:
        chosen.sort(key=_START_END)
    return chosen

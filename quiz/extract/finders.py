"""Find the spans of a sentence that hold facts: dates, money, percentages,
counts and the names of agreements, programs and other acronymed bodies.

Each finder returns :class:`Span` objects with character offsets into the
sentence and the value read from the text; :func:`find_spans` runs them all
and settles overlaps (money beats a number inside it, a name keeps the year
written inside it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from quiz.answers import acronym_matches, parse_date, parse_money, parse_number, parse_percent

__all__ = ["Span", "find_spans", "find_dates", "find_money", "find_percents", "find_counts", "find_names"]


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
    """

    kind: str
    start: int
    end: int
    text: str
    value: object
    acronym: str | None = None
    year: int | None = None
    year_span: tuple[int, int] | None = None


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_DATE_PATTERNS = [
    re.compile(
        r"\b(?:FY|[Ff]iscal [Yy]ears?)\s?'?(?:\d{4}|\d{2})"
        r"\s*(?:-|\u2013|\u2014|to|through|and)\s*(?:FY\s?)?(?:\d{4}|\d{2})\b"
    ),
    re.compile(rf"\b{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? {_YEAR}\b"),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MONTH},? {_YEAR}\b"),
    re.compile(rf"\b{_MONTH},? {_YEAR}\b"),
    re.compile(r"\b(?:FY|[Ff]iscal [Yy]ear)\s?'?(?:\d{4}|\d{2})\b"),
    re.compile(r"\b(?:1[5-9]|20)\d0['\u2019]?s\b"),
    re.compile(rf"(?<![\w$\u20ac.,\-/])(?:{_YEAR})(?![\w%.,\-/]\d|[\w%]|-year)"),
]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def find_dates(sentence: str) -> list[Span]:
    """Find dates at every precision: full dates, month and year, fiscal years
    and ranges, decades and bare years.

    Args:
        sentence: One sentence.

    Returns:
        Non-overlapping date spans, longest forms first.
    """
    spans: list[Span] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(sentence):
            where = (match.start(), match.end())
            if any(_overlaps(where, (s.start, s.end)) for s in spans):
                continue
            value = parse_date(match.group())
            if value is not None:
                spans.append(Span("date", *where, match.group(), value))
    return sorted(spans, key=lambda s: s.start)


_QUALIFIER = re.compile(
    r"(?:more than|over|nearly|almost|approximately|about|around|roughly|some|up to|"
    r"less than|at least|just over|just under|an estimated)\s+$"
)
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s?(?:million|billion|trillion|thousand|bn|m)\b)?"
_MONEY = re.compile(
    r"(?:(?:US\$|\$|\u20ac|\u00a3|USD\s?|EUR\s?)(?:"
    + _NUM
    + r")"
    + _SCALE
    + r"|(?<![\w.,])(?:"
    + _NUM
    + r")\s?(?:million|billion|thousand)?\s?(?:dollars|euros?|EUR|USD)\b)",
)
_PERCENT = re.compile(r"(?<![\w.])(?:" + _NUM + r")\s?(?:%|percent\b|per cent\b)")
_COUNT = re.compile(
    r"(?<![\w$\u20ac.,\-/])(?:\d{1,3}(?:,\d{3})+|\d+)(?![\w.,\-/%]|\s?(?:million|billion|percent|per cent))"
    r"(?=\s+(?:[\w-]+,?\s+){0,8}?[a-z]{2,}s\b)"
)


_NUMBERED = re.compile(r"(?:Section|No\.|Article|Title|Chapter|Part)\s*$")


def _qualified(sentence: str, match: re.Match[str]) -> tuple[int, str]:
    """Widen a number's match leftwards over a qualifier such as "more than"."""
    start = match.start()
    qualifier = _QUALIFIER.search(sentence, max(0, start - 24), start)
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
    return _amounts(sentence, _MONEY, parse_money, "money")


def find_percents(sentence: str) -> list[Span]:
    """Find percentages ("2.52 percent", "2%"), with any qualifier.

    Args:
        sentence: One sentence.

    Returns:
        Percentage spans.
    """
    return _amounts(sentence, _PERCENT, parse_percent, "percent")


def _amounts(sentence: str, pattern: re.Pattern[str], parse: Callable[[str], object | None], kind: str) -> list[Span]:
    spans = []
    for match in pattern.finditer(sentence):
        start, text = _qualified(sentence, match)
        value = parse(text)
        if value is not None:
            spans.append(Span(kind, start, match.end(), text, value))
    return spans


def find_counts(sentence: str) -> list[Span]:
    """Find counts of things: a number followed within a few words by a plural
    noun ("over 5,500 Lithuanian peacekeepers", "14 current and former ...
    missions"). Years, amounts and parts of codes ("UH-60M") are left out.

    Args:
        sentence: One sentence.

    Returns:
        Count spans.
    """
    spans = []
    for match in _COUNT.finditer(sentence):
        digits = match.group().replace(",", "")
        if re.fullmatch(_YEAR, digits) and "," not in match.group():
            continue
        if int(digits) < 2 or _NUMBERED.search(sentence, max(0, match.start() - 12), match.start()):
            continue
        start, number = _qualified(sentence, match)
        value = parse_number(number)
        if value is not None:
            spans.append(Span("number", start, match.end(), number, value))
    return spans


_KEYWORDS = (
    "Agreement|Agreements|Treaty|Charter|Memorandum|Roadmap|Road Map|Pledge|Program|Programme|Partnership|"
    "Dialogue|Initiative|Accord|Accords|Convention|Pact|Protocol|Declaration|Compact|Framework|Understanding"
)
_AGREEMENT_WORD = re.compile(rf"^(?:{_KEYWORDS}|program)$")
_BODY = re.compile(r"\b(?:Organi[sz]ation|Union|Council|Agency|Bureau|Department|Office|Command|Alliance)$")
_TOKEN = re.compile(r"\(\s*[^()]{1,60}\)|[\w$\u20ac'\u2019.&-]+|,")
_CONNECTORS = frozenset({"of", "and", "on", "for", "the", "between", "Between", "in", "to", ",", "&"})
_ACRONYM = re.compile(r"^\((?P<acr>[A-Za-z][A-Za-z0-9.&\-]{1,11})\)$")
_YEAR_PAREN = re.compile(rf"^\((?P<year>{_YEAR})\)$")


def _capitalized(token: str) -> bool:
    head = token.lstrip("\"'\u201c")
    return bool(head) and (head[0].isupper() or re.fullmatch(_YEAR, head) is not None) and not head.startswith("(")


_MONTH_WORD = re.compile(rf"^{_MONTH}$|^{_YEAR}$")


def _name_end(tokens: list[re.Match[str]], first: int, last: int) -> int:
    """Extend a name rightwards over "of X", "in Northern Europe", "Between A and B"."""
    i = last + 1
    while i < len(tokens):
        j = i
        while j < len(tokens) and tokens[j].group() in _CONNECTORS - {","}:
            j += 1
        if j == i or j >= len(tokens) or not _capitalized(tokens[j].group()) or _MONTH_WORD.match(tokens[j].group()):
            break  # "... Energy Security in October 2019": a date, not part of the name
        while j + 1 < len(tokens) and (
            _capitalized(tokens[j + 1].group())
            or (
                tokens[j + 1].group() in ("of", "and", "the")
                and j + 2 < len(tokens)
                and _capitalized(tokens[j + 2].group())
            )
        ):
            j += 1
        last, i = j, j + 1
    return last


def find_names(sentence: str) -> list[Span]:
    """Find agreement, treaty, charter, memorandum, roadmap, pledge and program
    names, and other names defined with an acronym in parentheses.

    A name is a run of capitalized words (joined by "of", "and", "the", ...)
    ending in a keyword such as "Agreement" or "Program", optionally extended
    by "of ..."/"Between ..." and followed by an acronym "(DCA)" and a year
    "(2017)"; or any capitalized run followed by an acronym that abbreviates
    it ("Foreign Military Financing (FMF)").

    Args:
        sentence: One sentence.

    Returns:
        Spans of kind "agreement" (keyword names) or "name" (other acronymed
        names); ``value`` is the name, ``acronym`` and ``year`` as written.
    """
    tokens = list(_TOKEN.finditer(sentence))
    words = [t.group() for t in tokens]
    spans: list[Span] = []
    taken: set[int] = set()
    for i, word in enumerate(words):
        is_keyword = bool(_AGREEMENT_WORD.match(word.strip("\"'\u201d\u2019.")))
        acronym_next = i + 1 < len(words) and _ACRONYM.match(words[i + 1])
        if i in taken or not (is_keyword or (acronym_next and _capitalized(word))):
            continue
        first = i
        while first > 0:
            prev = words[first - 1]
            if _capitalized(prev) and prev not in ("The", "A", "An"):
                first -= 1
                continue
            run = first - 1  # connectors (", and", "of the") or an acronym between capitalized words
            while run > 0 and (words[run] in _CONNECTORS or _ACRONYM.match(words[run])) and first - run < 3:
                run -= 1
            if run < first - 1 or words[run] in _CONNECTORS or _ACRONYM.match(words[run]):
                if _capitalized(words[run]) and words[run] not in ("The", "A", "An"):
                    first = run
                    continue
            break
        while first < i and (words[first] in _CONNECTORS or _ACRONYM.match(words[first])):
            first += 1
        last = _name_end(tokens, first, i) if is_keyword else i
        if not is_keyword and not any(_AGREEMENT_WORD.match(w) for w in words[first : last + 1]):
            if words[first].lower() in ("the",):
                continue
        acronym, year, year_span = None, None, None
        for k in range(first, last + 1):
            if (m := _ACRONYM.match(words[k])) and acronym_matches(m["acr"], " ".join(words[first:k])):
                acronym = m["acr"]  # "Logistics, Supplies, and Services (LSS) Agreement"
                break
        after = last + 1
        if after < len(words) and (m := _ACRONYM.match(words[after])) and not _YEAR_PAREN.match(words[after]):
            acronym = m["acr"]
            after += 1
        if after < len(words) and (m := _YEAR_PAREN.match(words[after])):
            year, year_span = int(m["year"]), (tokens[after].start() + 1, tokens[after].end() - 1)
        name_tokens = [w for w in words[first : last + 1] if not _ACRONYM.match(w)]
        if (
            len(name_tokens) < 2
            and not acronym
            or any(re.search(r"\d", w) and not re.fullmatch(_YEAR, w) for w in name_tokens)
        ):
            continue
        start, end = tokens[first].start(), tokens[last].end()
        name = " ".join(name_tokens).replace(" ,", ",").strip("\"'\u201c\u201d").rstrip(".")
        end -= len(words[last]) - len(words[last].rstrip("."))
        if (
            acronym
            and not acronym_matches(acronym, name)
            and acronym not in words[first : last + 1]
            and not any(acronym in w for w in words[first : last + 1])
        ):
            if not is_keyword:
                continue
            acronym = None
        if year is None and (m := re.match(rf"({_YEAR}) ", name)):
            year, year_span = int(m.group(1)), (start, start + 4)
        agreement = any(_AGREEMENT_WORD.match(w.strip("\"'\u201d.")) for w in name_tokens)
        kind = "agreement" if agreement and not _BODY.search(name) else "name"
        taken.update(range(first, last + 1))
        spans.append(Span(kind, start, end, sentence[start:end], name, acronym, year, year_span))
    return _drop_nested(spans)


def _drop_nested(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept


_DIGIT = re.compile(r"\d")
_NAME_HINTS = (
    "(",
    "Agree",
    "Treat",
    "Charter",
    "Memorand",
    "Road",
    "Pledge",
    "Program",
    "program",
    "Partnership",
    "Dialogue",
    "Initiative",
    "Accord",
    "Convention",
    "Pact",
    "Protocol",
    "Declaration",
    "Compact",
    "Framework",
    "Understanding",
)


def find_spans(sentence: str) -> list[Span]:
    """Run every finder and settle overlaps.

    Money and percentages win over the numbers and years inside them; a year
    written inside or beside a name is kept on the name (its ``year``) and
    also reported once as a date; counts never overlap anything else.

    Args:
        sentence: One sentence.

    Returns:
        All fact spans, in sentence order.
    """
    chosen: list[Span] = []

    def free(span: Span) -> bool:
        return not any(_overlaps((span.start, span.end), (s.start, s.end)) for s in chosen)

    names = find_names(sentence) if any(hint in sentence for hint in _NAME_HINTS) else []
    numeric = (find_money, find_percents, find_dates, find_counts) if _DIGIT.search(sentence) else ()
    for finder in numeric:
        for span in finder(sentence):
            inside_name = any(n.start <= span.start and span.end <= n.end for n in names)
            if free(span) and not (inside_name and span.kind != "date"):
                chosen.append(span)
    chosen.extend(names)
    return sorted(chosen, key=lambda s: (s.start, s.end))

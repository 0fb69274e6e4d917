"""Take the other facts of a sentence out of it before it becomes one fact's question.

No prompt may state a date, amount or count that another question asks for
(issue 8), and every date, amount and count a sentence states is a candidate
question of its own. So before a sentence is turned into the question for one
fact, :func:`without_mentions` removes the others the way an editor would:

* a time phrase goes whole: "In 2016, ...", "... since 1992", "from FY 2017-2022",
  "(1998)", "the 2014 Wales Pledge" -> "the Wales Pledge";
* an amount goes with the words that only frame it: "provided $279.75 million
  in FMF" -> "provided FMF", "raised its budget by nearly 300 million euro",
  "to 2.52 percent of GDP", "Military Electronics ($24.1 million)", "over 5,500
  peacekeepers" -> "peacekeepers", "includes $18 billion for USAI" -> "includes
  funds for USAI";
* an appositive that holds one goes too (", a level previously targeted for 2030").

A mention that no rule can remove leaves the sentence unusable for that fact:
the caller drops the question rather than state another one's answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from quiz.answers import Quantity
from quiz.extract.span import Span

__all__ = ["AMOUNT_KINDS", "plain", "without_mentions"]

AMOUNT_KINDS = frozenset({"money", "percent", "number"})
"""Kinds of span whose value a question may ask and no other prompt may state."""

_T = "\ue000"  # the fact being asked
_D = "\ue001"  # another date
_A = "\ue002"  # another amount or count
_OTHER = re.compile(f"[{_D}{_A}]")
_HOLDER_BEFORE = re.compile(r"(?:\b[A-Z][a-z]+|\beach)\s+$")
_NOUN_AFTER = re.compile(r"\s+[a-z]+s\b(?:\s*[,.;]|\s+and\b|$)")

_WHEN = (
    r"(?:[Ii]n|[Oo]n|[Ss]ince|[Ff]rom|[Bb]y|[Dd]uring|[Aa]s of|[Uu]ntil|[Tt]hrough|[Aa]fter|[Bb]efore|[Bb]etween|"
    r"[Ff]or)"
)
_EDGE = r"(?:(?:the\s+)?(?:early|mid|late|end of|start of|beginning of)[\s-]+)?(?:fiscal years?\s+|FY\s?|CY\s?)?"
_THE_EDGE = r"the\s+(?:fiscal years?\s+)?"
_RANGE_TAIL = rf"(?:\s*(?:and|to|through|-|\u2013|\u2014)\s*(?:FY\s?|CY\s?)?(?:{_D}|\d{{2,4}}))?"
_LEAD = r"(?:\b(?:an additional|an|a|another)\s+)?"
_MORE = r"(?:\b(?:an additional|another)\s+)?"
_FUNCTION = (
    r"(?:by|in|on|at|to|for|from|with|and|or|of|as|when|after|before|until|through|this|last|each|per|over|"
    r"under|above|below)"
)
_GDP = r"(?:\s+of\s+(?:its\s+|the\s+)?(?:GDP|gross domestic product))?"


def _rules(mark: str) -> list[tuple[re.Pattern[str], str]]:
    """Removal rules for one kind of mention, most specific first; ``{m}`` is the mention."""
    date_rules = [
        # a participle whose only complement it was: ", signed in 1951," / "Roadmap ... signed in 2020 establishes"
        (rf",\s+[a-z]+ed\s+(?:in|on|during)\s+{_EDGE}{{m}}(?:,(?=\s)|(?=\s*[.;]))", ""),
        (rf"\s+[a-z]+ed\s+(?:in|on|during)\s+{_EDGE}{{m}}(?=\s+[a-z]+s\b)", ""),
        # a fronted time phrase with its comma: "In 2016, ...", "From FY 2017-2022 the ..."
        (rf"^{_WHEN}\s+{_EDGE}{{m}}{_RANGE_TAIL}\s*,?\s+(?=\S)", ""),
        # an inner one: "... in 1987", "..., since 1994,", "from 2003 through October 2008"
        (rf",?\s+{_WHEN}\s+{_EDGE}{{m}}{_RANGE_TAIL}(?=\s*[,.;:)?]|\s+[a-z\u2013\u2014]|$)", ""),
        (rf",?\s+{_WHEN}\s+{_THE_EDGE}{{m}}{_RANGE_TAIL}(?=\s*[,.;:)?]|\s+{_FUNCTION}\b|$)", ""),  # "in the 1920s."
        (r",?\s+(?:in|within|during)\s+the\s+{m}\s+(?:timeframe|time frame|period|time period)\b", ""),
        (r"\s*\(\s*{m}\s*\)", ""),  # "(1998)"
        (
            rf"\b(?P<det>[Tt]he|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Aa]n?|[Tt]his|[Tt]hat)\s+{{m}}\s+"
            rf"(?!{_FUNCTION}\b)(?=[\w\u201c\"\ue000])",
            r"\g<det> ",
        ),
        (r"(?<=[A-Za-z\ue000])\s+of\s+{m}(?=[\s,.;:)]|$)", ""),  # "the Anglo-Japanese Treaty of 1902"
        (r"\s+{m}(?=\s+(?:[A-Z][a-z]|\ue000))", ""),  # "the U.S.-brokered 1998 Belfast Agreement"
        (r"^{m}\s+(?=[A-Za-z\ue000])", ""),  # "FY2024 security assistance packages ..."
        (r"(?<=[a-z] ){m}(?:\s+and\s+{m})?\s+(?=[a-z])", ""),  # "in regular FY2022 and FY2023 appropriations"
    ]
    amount_rules = [
        (r"\s*\(\s*(?:about\s+|some\s+|over\s+)?{m}\s*\)", ""),  # "Military Electronics ($24.1 million)"
        # "..., $1.3 million more than the FY2014 level": a difference given as an aside
        (r",\s+{m}\s+(?:more|less|higher|lower)\s+than\s+[^,;.]*(?=[,;.]|$)", ""),
        (r"\s+by\s+{m}(?=[\s,.;]|$)", ""),  # "raised its budget by nearly 300 million euro"
        (rf"\s+to\s+{{m}}{_GDP},\s+(?=(?:a|an)\s[^,;]*{_T})", " to "),  # "to 2.52 percent, a level targeted for _"
        # "limited defenses to 200 interceptors each"
        (r"\s+to\s+{m}\s+(?!this\b|its\b|was\b|has\b)(?:[a-z]{3,}\s+)?[a-z]{3,}s\b(?:\s+each)?(?=[\s,.;]|$)", ""),
        (rf"\s+to\s+{{m}}{_GDP}(?:,\s+(?:a|an)\s+[^,.;]*)?(?=\s*[,.;]|\s+{_FUNCTION}\b|$)", ""),
        (r"^(?:For|Over|In)\s+(?:the\s+(?:past|last)\s+)?{m},?\s+", ""),  # "For over twenty years the ..."
        # "Over 30 million Americans, almost ten percent of the population, claim ...": an aside before the verb
        (rf",\s+{_LEAD}{{m}}\s+of\s+(?:the\s+)?[^,;]*,(?=\s+[a-z]+\s)(?!\s+(?:and|or|but|which|who)\b)", ""),
        (rf",\s+{_LEAD}{{m}}\s+of\s+(?:the\s+)?[^,;]*,", ","),  # "Americans, almost ten percent of the population,"
        (rf"{_LEAD}{{m}}\s+worth\s+of\s+", ""),
        # "committed $600,000 in 2011 to co-fund ...": the verb's object, before a time phrase
        (r"(?<=[a-z]ed )(?:in\s+)?{m}(?=\s+(?:in|on|during|since|by)\s+[\ue000\ue001])", "funds"),
        # "$141 million in FMF" -> "FMF"; but "funds in Lithuania" where a place follows
        (rf"{_LEAD}{{m}}\s+(?:per\s+year\s+)?in\s+(?=[a-z]|[A-Z]{{2,}}\b|[A-Z][\w-]*\s+[A-Z])", ""),
        (rf"{_LEAD}{{m}}(?=\s+in\s+[A-Z])", "funds"),
        (r"\b(?:another|an additional)\s+{m}(?=\s+(?:in|on|during|since)\s+\ue000)", "more"),
        (r"\bfor\s+{m}\s+of\s+", "for a share of "),  # "accounting for over 30 percent of the world's seafarers"
        (rf"{_LEAD}{{m}}(?:\s+per\s+year)?(?=\s+(?:for|to|on)\s)", "funds"),  # "includes $18 billion for USAI"
        (rf"\s+of\s+{{m}}(?=\s*[,.;:)]|\s+{_FUNCTION}\b|$)", ""),  # "a cap of $7.8 billion"
        (
            rf"{_MORE}{{m}}\s+(?!(?:of|in|to|for|by|at|on|from|per|worth|and|or)\b)(?=[A-Za-z\ue000])",
            "",
        ),  # "over 5,500 peacekeepers"
        (r"(?<=\b[Aa] ){m},?\s+(?=[\w\ue000\ue001\ue002])", ""),  # "a $262 million, five-year ... compact"
        (r",\s+{m}(?=\s+[A-Z])", ""),  # "a _____, five-year Millennium Challenge Corporation compact"
        (r"(?<=\b[Aa]n ){m},?\s+(?=[\w\ue000\ue001\ue002])", ""),
    ]
    return [
        (re.compile(pattern.replace("{m}", mark)), replacement)
        for pattern, replacement in (date_rules if mark == _D else amount_rules)
    ]


_RULES = {_D: _rules(_D), _A: _rules(_A)}
_COPULA = re.compile(
    r"\b(?:is|was|are|were|be|been|totaled|totalled|reached|amounted to|stood at)\s+"
    r"(?:(?:about|over|nearly|almost|approximately|more than|at least|some|roughly)\s+)?$"
)
_IN_YEARS = re.compile(f"in {_A} years\\b")
_UNIT_AFTER = re.compile(r"\s+(?:years|months|decades|days|weeks)\b")
_TIDY_SPACE = re.compile(r"\s+([,.;:)?])|\(\s*\)")
_DOUBLE_COMMA = re.compile(r",\s*,")
_LEADING_PUNCT = re.compile(r"^[\s,;:]+")


_ARTICLE = re.compile(r"\b(?P<a>[Aa]n?) (?P<word>[\w\ue000][\w'.-]*)")


def _article(match: re.Match[str]) -> str:
    """ "a" or "an" as the word after it needs, once a removal has put a new word there."""
    word = match["word"]
    if word.startswith(_T):
        return match.group()
    if word.isupper() and len(word) > 1 and "." not in word and not re.search(r"^[^AEIOU][AEIOU]", word):
        vowel = word[0] in "AEFHILMNORSX"  # an FMF, an MCC, a DCA (read letter by letter; NATO is a word)
    else:
        low = word.lower()
        vowel = low[0] in "aeiou" and not low.startswith(("uni", "use", "one", "euro", "u.s"))
    article = "an" if vowel else "a"
    return f"{article if match['a'].islower() else article.capitalize()} {word}"


def _mark(span: Span) -> str:
    return _D if span.kind == "date" else _A


def plain(sentence: str, spans: Sequence[Span]) -> str | None:
    """A sentence with all its dates and amounts taken out, to stand before another as context.

    Args:
        sentence: The sentence.
        spans: Its fact spans.

    Returns:
        The sentence without them, or None when one cannot be removed.
    """
    anchor = Span("end", len(sentence), len(sentence), "", None)
    cleared = without_mentions(sentence + " ", anchor, spans)
    text = cleared[0].strip() if cleared else ""
    return text[0].upper() + text[1:] if text else None


def without_mentions(sentence: str, target: Span, others: Sequence[Span]) -> tuple[str, Span] | None:
    """Remove the other facts' mentions from a sentence, keeping one fact.

    Args:
        sentence: The sentence.
        target: The fact the question will ask for.
        others: The sentence's other fact spans; dates, amounts and counts among
            them are removed (names stay: a question may name what it is about).

    Returns:
        The rewritten sentence and the target's span in it, or None when a
        mention cannot be removed without breaking the sentence.
    """
    removable = sorted(
        (o for o in others if o is not target and (o.kind == "date" or o.kind in AMOUNT_KINDS)),
        key=lambda o: o.start,
    )
    removable = [o for o in removable if o.end <= target.start or o.start >= target.end]
    if not removable:
        return sentence, target
    pieces, at = [], 0
    for span in sorted([*removable, target], key=lambda s: s.start):
        if span.start < at:
            return None  # overlapping spans: leave the sentence alone
        pieces.append(sentence[at : span.start])
        pieces.append(_T if span is target else _mark(span))
        at = span.end
    pieces.append(sentence[at:])
    text = "".join(pieces)
    pending = list(removable)
    while match := _OTHER.search(text):
        mark = match.group()
        span = pending.pop(0) if pending else None
        if mark == _A and _COPULA.search(text, 0, match.start()):
            return None  # "... was $343.5 billion in 2019": the amount is what the sentence says
        if mark == _A and _UNIT_AFTER.match(text, match.end()):
            decades = _IN_YEARS.match(text, match.start() - 3)
            if decades and span is not None and isinstance(span.value, Quantity) and span.value.value >= 20:
                # "the first ... in more than 40 years": the point stays, the count is another question's
                text = text[: decades.start()] + "in decades" + text[decades.end() :]
                continue
            return None  # "in the last 5 years": a duration holds the sentence's point
        if mark == _A and _HOLDER_BEFORE.search(text, 0, match.start()) and _NOUN_AFTER.match(text, match.end()):
            return None  # "allowed Japan 300,000 tons": the amount is what the list gives each party
        at = match.start()
        for pattern, replacement in _RULES[mark]:
            found = None
            for candidate in pattern.finditer(text):
                if candidate.start() > at:
                    break
                if at < candidate.end():
                    found = candidate
                    break
            if found and _T not in found.group():
                new = found.expand(replacement) if "\\" in replacement else replacement
                text = text[: found.start()] + new + text[found.end() :]
                break
        else:
            return None
    text = _DOUBLE_COMMA.sub(",", _TIDY_SPACE.sub(lambda m: m.group(1) or "", text))
    text = _ARTICLE.sub(_article, text)
    text = _LEADING_PUNCT.sub("", " ".join(text.split()))
    if _T not in text or not text.replace(_T, "").strip():
        return None
    start = text.index(_T)
    text = text.replace(_T, target.text)
    moved = Span(
        target.kind,
        start,
        start + len(target.text),
        target.text,
        target.value,
        target.acronym,
        target.year,
        None,
        target.category,
    )
    return text, moved

"""Find the proper names a learner studies: agreements, programs, treaties,
dialogues, commissions, charters, declarations, pledges, initiatives,
exercises, operations, funds, acts, memoranda and authorities.

:func:`find_names` returns a :class:`Span` per name with its acronym, the year
written beside it and its category ("agreement", "program", "authority", ...),
the word a question uses to ask for it ("Which program ...?"). It knows:

* capitalized runs ending in a keyword ("Defense Cooperation Agreement"),
  joined by "of", "and", "on", "for", "between" or commas ("Logistics,
  Supplies, and Services (LSS) Agreement"), with a "U.S.-X" prefix;
* capitalized runs an acronym in parentheses abbreviates ("Foreign Military
  Financing (FMF)");
* a capitalized run before a lower-case generic noun ("the Foreign Military
  Sales program");
* names after their category ("Operation Atlantic Resolve", "exercise
  Anakonda 16") and numbered authorities ("Title 10", "Section 333"), also
  when several share one word ("Title 10 and Title 22 authorities").

Household names (NATO, the EU, the Department of Defense) are found but
marked ``household`` so that no question asks about them.
"""

from __future__ import annotations

import re

from quiz.answers import acronym_matches
from quiz.extract.span import MONTH as _MONTH
from quiz.extract.span import YEAR as _YEAR
from quiz.extract.span import Span

__all__ = ["HOUSEHOLD", "find_names", "is_household", "may_hold_name"]

HOUSEHOLD = frozenset(
    "NATO EU UN US U.S. USA U.S.A. UK U.K. DoD DOD DOS USSR U.S.S.R. GDP NGO NGOs CIA FBI WHO IMF OSCE "
    "USAID UAE".split()
)
"""Acronyms every reader knows: never asked about."""
_HOUSEHOLD_NAMES = re.compile(
    r"^(?:the )?(?:North Atlantic Treaty Organi[sz]ation|European Union|United Nations|United States(?: of America)?|"
    r"(?:U\.S\. )?Department of (?:State|Defense)|Soviet Union|World War (?:I|II|One|Two)|"
    r"United Nations Security Council|White House|Congress)$",
    re.I,
)


def is_household(name: str, acronym: str | None = None) -> bool:
    """Tell whether a name is not worth asking: common knowledge (NATO, the European Union), or
    a body rather than an agreement or program (a council, an organization, an agency)."""
    return (
        bool(_HOUSEHOLD_NAMES.match(name))
        or (acronym or "") in HOUSEHOLD
        or name in HOUSEHOLD
        or bool(_ORGANIZATION.search(name))
    )


_ORGANIZATION = re.compile(
    r"\b(?:Council|Organi[sz]ation|Agency|Bureau|Department|Office|Command|Corporation|Union|Committee|"
    r"Ministry|Administration|Association|Institute|University|College|Guard|Navy|Army|Force|Forces)$"
)


_KEYWORDS = (
    "Agreement|Agreements|Arrangement|Treaty|Charter|Memorandum|Roadmap|Road Map|Pledge|Program|Programme|"
    "Partnership|Dialogue|Initiative|Accord|Accords|Convention|Pact|Protocol|Declaration|Compact|Framework|"
    "Understanding|Commission|Fund|Act|Strategy|Approach|Exercise|Presence|Plan|Policy|Statement|Initiatives|"
    "Partner|Talks|Treaties"
)
_AGREEMENT_WORDS = frozenset(_KEYWORDS.split("|")) | {"program", "accord", "compact", "agreement", "agreements"}
"""The words that make a capitalized run a name ("Agreement", "Program"), and the lower-case ones
("program", "accord"), to look a token up in."""
_AGREEMENT_KIND = re.compile(
    r"^(?:[Aa]greements?|Arrangement|Treaty|Charter|Memorandum|Roadmap|Road Map|Pledge|[Aa]ccords?|Convention|Pact|"
    r"Protocol|Declaration|[Cc]ompact|Framework|Understanding)$"
)
_CATEGORY = {
    "agreements": "agreement",
    "treaties": "treaty",
    "initiatives": "initiative",
    "partner": "designation",
    "statement": "statement",
    "talks": "talks",
    "accords": "accord",
    "understanding": "memorandum",
    "road map": "roadmap",
    "programme": "program",
    "approach": "program",
    "presence": "deployment",
    "plan": "plan",
}
_BODY = re.compile(r"\b(?:Organi[sz]ation|Union|Council|Agency|Bureau|Department|Office|Command|Alliance)$")
_TOKEN = re.compile(r"\(\s*[^()]{1,60}\)|[\w$\u20ac'\u2019.&-]+|,")
_CONNECTORS = frozenset({"of", "and", "on", "for", "the", "between", "Between", "in", "to", ",", "&"})
_ACRONYM = re.compile(r"^\((?P<acr>[A-Za-z][A-Za-z0-9.&\-]{1,11})(?:[;,][^()]*)?\)$")
_YEAR_PAREN = re.compile(rf"^\((?P<year>{_YEAR})\)$")
_OF_YEAR = re.compile(rf"\s+of\s+(?P<year>{_YEAR})\b(?![-\u2013/]|\s*(?:to|through)\s+\d)")

_YEAR_ONLY = re.compile(_YEAR)
_LEAD_YEAR = re.compile(rf"({_YEAR}) ")
_DIGIT = re.compile(r"\d")


def _capitalized(token: str) -> bool:
    head = token.lstrip("\"'\u201c")
    return (
        bool(head)
        and (head[0].isupper() or (len(head) == 4 and _YEAR_ONLY.fullmatch(head) is not None))
        and not head.startswith("(")
    )


_MONTH_WORD = re.compile(rf"^{_MONTH}$|^{_YEAR}$")
_MONTH_WORD_STARTS = "ADFJMNOS12"
"""The first characters of the words :data:`_MONTH_WORD` matches: a quick test before it."""


def _month_word(token: str) -> bool:
    return token[0] in _MONTH_WORD_STARTS and _MONTH_WORD.match(token) is not None


def _acronym(token: str) -> re.Match[str] | None:
    """A token "(DCA)" that gives an acronym: :data:`_ACRONYM`, tried on tokens opening with "(" alone."""
    return _ACRONYM.match(token) if token[0] == "(" else None


_NOT_NAME_START = frozenset(
    "The A An In Like On At By For With From Since During After Before Under Through Unlike As Of To And Its Their "
    "This These That Both Each Every Our Her His When While Although Following Today Together".split()
)
_ACT_YEAR = re.compile(rf"\s*,\s+(?:FY\s?)?{_YEAR}\b(?=\s*[,.;]|\s+[a-z]|$)")
_NAME_ADJECTIVES = frozenset({"interim", "provisional", "enhanced", "tailored"})
"""Lower-case words that open an official name ("the interim SALT agreement", NATO's "enhanced
Forward Presence" and "tailored Forward Presence"): a name without them is another thing."""
_POSSESSIVE_ENDS = ("'s", "\u2019s")
"""The ending of a possessive ("Lithuania's"), for ``endswith``."""
_HYPHEN_ADJECTIVE = re.compile(r"-[a-z]{3,}$")


def _name_end(words: list[str], first: int, last: int) -> int:
    """Extend a name rightwards over "of X", "in Northern Europe", "Between A and B"."""
    i = last + 1
    while i < len(words):
        j = i
        while j < len(words) and words[j] in _CONNECTORS and words[j] != ",":
            j += 1
        crossed = words[i:j]
        if "and" in crossed and not any(w.lower() == "between" for w in words[first:j]):
            break  # "the Exchange Visitor Program and the Ireland ... program": two names
        if j == i or j >= len(words) or not _capitalized(words[j]) or _month_word(words[j]):
            break  # "... Energy Security in October 2019": a date, not part of the name
        if words[i] == "in" and not (j + 1 < len(words) and _capitalized(words[j + 1])):
            break  # "the Open Door Policy in China": a place; "... in Northern Europe" stays
        while j + 1 < len(words) and (
            _capitalized(words[j + 1])
            or (words[j + 1] in ("of", "and", "the") and j + 2 < len(words) and _capitalized(words[j + 2]))
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
    # Only a keyword or a word before a parenthesis can end a name: look at those alone.
    candidates = [i for i, word in enumerate(words) if word.strip("\"'\u201d\u2019.") in _AGREEMENT_WORDS]
    if "(" in sentence:
        candidates = sorted({*candidates, *(i - 1 for i, word in enumerate(words) if i and word[0] == "(")})
    for i in candidates:
        word = words[i]
        is_keyword = word.strip("\"'\u201d\u2019.") in _AGREEMENT_WORDS
        acronym_next = i + 1 < len(words) and _acronym(words[i + 1])
        if i in taken or not (is_keyword or (acronym_next and _capitalized(word))):
            continue
        first = i
        lead_year: tuple[int, tuple[int, int]] | None = None
        while first > 0:
            prev = words[first - 1]
            if _month_word(prev):
                break
            if _capitalized(prev) and prev not in _NOT_NAME_START and not prev.endswith(_POSSESSIVE_ENDS):
                first -= 1
                continue
            run = first - 1  # connectors (", and", "of the") or an acronym between capitalized words
            while run > 0 and (words[run] in _CONNECTORS or _acronym(words[run])) and first - run < 3:
                run -= 1
            joined = words[run + 1 : first]
            if "the" in joined and ("," in joined or "and" in joined) or joined == ["the"]:
                break  # "the X Agreement, the Y Agreement": two names; "In 2001 the River Commission"
            if "and" in joined and acronym_next and any(_acronym(w) for w in joined):
                break  # "the Foreign Military Sales (FMS) and Direct Commercial Sales (DCS)": two names
            if run < first - 1 or words[run] in _CONNECTORS or _acronym(words[run]):
                if (
                    _capitalized(words[run])
                    and words[run] not in _NOT_NAME_START
                    and not words[run].endswith(_POSSESSIVE_ENDS)
                    and not (words[run].strip(".,") in _AGREEMENT_WORDS and joined[:1] in ([","], ["and"]))
                ):
                    first = run
                    continue
            break
        while first < i and (
            words[first] in _CONNECTORS
            or _acronym(words[first])
            or words[first] in HOUSEHOLD
            or ("-" in words[first] and _HYPHEN_ADJECTIVE.search(words[first]))
            or (len(words[first]) == 4 and _YEAR_ONLY.fullmatch(words[first]))
        ):
            if len(words[first]) == 4 and _YEAR_ONLY.fullmatch(words[first]):
                lead_year = (int(words[first]), (tokens[first].start(), tokens[first].end()))
            first += 1  # "the U.S.-brokered 1998 Belfast Agreement", "NATO Enhanced Opportunities Partner"
        if (
            lead_year is None
            and first > 1
            and len(words[first - 1]) == 4
            and _YEAR_ONLY.fullmatch(words[first - 1])
            and (words[first - 2].lower() in ("the", "its", "their") or _HYPHEN_ADJECTIVE.search(words[first - 2]))
        ):
            lead_year = (
                int(words[first - 1]),
                (tokens[first - 1].start(), tokens[first - 1].end()),
            )  # "the 2006 X Agreement"
        last = _name_end(words, first, i) if is_keyword else i
        if not is_keyword and not any(w in _AGREEMENT_WORDS for w in words[first : last + 1]):
            if words[first].lower() in ("the",):
                continue
        acronym, year, year_span = None, None, None
        for k in range(first, last + 1):
            if (m := _acronym(words[k])) and acronym_matches(m["acr"], " ".join(words[first:k])):
                acronym = m["acr"]  # "Logistics, Supplies, and Services (LSS) Agreement"
                break
        after = last + 1
        if after < len(words) and (m := _acronym(words[after])) and not _YEAR_PAREN.match(words[after]):
            acronym = m["acr"]
            after += 1
        if after < len(words) and (m := _YEAR_PAREN.match(words[after])):
            year, year_span = int(m["year"]), (tokens[after].start() + 1, tokens[after].end() - 1)
        elif lead_year:
            year, year_span = lead_year
        elif m := _OF_YEAR.match(sentence, tokens[last].end()):
            year, year_span = int(m["year"]), (m.start("year"), m.end("year"))  # "the Anglo-Japanese Treaty of 1902"
        name_tokens = [w for w in words[first : last + 1] if not _acronym(w)]
        if (
            len(name_tokens) < 2
            and not acronym
            or any(_DIGIT.search(w) and not _YEAR_ONLY.fullmatch(w) for w in name_tokens)
        ):
            continue
        if last + 1 < len(words) and words[last + 1][:1].isupper() and _ORGANIZATION.search(words[last + 1]):
            continue  # "Euro-Atlantic Partnership Council": a body whose name holds a keyword
        if words[last].rstrip(".,") == "Act" and (fy := _ACT_YEAR.match(sentence, tokens[last].end())):
            while last + 1 < len(tokens) and tokens[last + 1].start() < fy.end():
                last += 1  # "the Consolidated and Continuing Appropriations Act, FY2015": its year is its name
            name_tokens = [w for w in words[first : last + 1] if not _acronym(w)]
        if first > 0 and words[first - 1] in _NAME_ADJECTIVES:
            first -= 1  # "the interim SALT agreement", "a NATO enhanced Forward Presence battalion"
            name_tokens.insert(0, words[first])
        start, end = tokens[first].start(), tokens[last].end()
        name = " ".join(name_tokens).replace(" ,", ",").strip("\"'\u201c\u201d").rstrip(".")
        if name.endswith(_POSSESSIVE_ENDS):
            name = name[:-2]
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
        lead = _LEAD_YEAR.match(name) if name[:1] in ("1", "2") else None
        if lead:  # "the 2014 Wales Pledge": the year is not part of the name
            if year is None:
                year, year_span = int(lead.group(1)), (start, start + 4)
            name, start = name[5:], start + 5
        if len(name_tokens) > 2 and name_tokens[-1].rstrip(".") == "program":  # "the Foreign Military Sales program"
            name_tokens.pop()
            name = " ".join(name_tokens).replace(" ,", ",").strip("\"'\u201c\u201d")
            end = start + len(name) if sentence[start : start + len(name)] == name else end
        heads = [w.strip("\"'\u201d.") for w in _before_of(name_tokens) if w.strip("\"'\u201d.") in _AGREEMENT_WORDS]
        if not heads and words[last].rstrip(".") == "program":
            heads = ["program"]
        agreement = any(_AGREEMENT_KIND.match(h) for h in heads)
        kind = "agreement" if agreement and not _BODY.search(name) else "name"
        category = _category(heads[-1]) if heads else _lower_head(sentence, tokens, last, acronym)
        taken.update(range(first, last + 1))
        spans.append(Span(kind, start, end, sentence[start:end], name, acronym, year, year_span, category))
    if _may_be_prefixed(sentence):
        spans.extend(_prefixed_names(sentence))
    if "(" in sentence and _may_be_lower_case_name(sentence):
        spans.extend(_lower_case_names(sentence, spans))
    if " status" in sentence:
        for match in _STATUS.finditer(sentence):
            name = match["name"]
            if name.split()[0] not in _NOT_NAME_START and not any(
                s.start < match.end() and match.start() < s.end for s in spans
            ):
                spans.append(Span("name", match.start("name"), match.end("name"), name, name, category="status"))
    return _drop_nested(spans)


_STATUS = re.compile(r"(?<![\w-])(?P<name>(?:[A-Z][\w-]*\s+){1,5}(?:[Tt]ier\s+\d+|[A-Z][\w-]*))\s+status\b")
"""A designation granted as a status: "Strategic Trade Authorization tier 1 status", "Major
Non-NATO Ally status"."""


_LOWER_HEADS = (
    "talks negotiations system program programme initiative dialogue framework mechanism fund plan strategy "
    "partnership process treaty agreement accord convention"
).split()
"""The heads of :data:`_LOWER_NAME`."""
_LOWER_NAME = re.compile(
    rf"(?<![\w-])(?P<words>(?:[a-z][a-z-]+\s+){{1,6}}?(?P<head>{'|'.join(_LOWER_HEADS)}))"
    r"\s+\((?P<acr>[A-Z][A-Za-z]{1,7})\)"
)
"""A name written in lower case, defined by its acronym: "strategic arms limitations talks (SALT)",
"its vessel traffic management system (VTMS)"."""


def _may_be_lower_case_name(sentence: str) -> bool:
    """A quick test before :data:`_LOWER_NAME`: does one of its heads stand before a space and "("?"""
    at = sentence.find("(")
    while at != -1:
        before = sentence[:at].rstrip()
        if len(before) < at and before.endswith(tuple(_LOWER_HEADS)):
            return True
        at = sentence.find("(", at + 1)
    return False


def _lower_case_names(sentence: str, found: list[Span]) -> list[Span]:
    """Names written in lower case and defined by an acronym whose letters are the initials of
    their last words, ending in a head such as "talks", "system" or "program"; the words the
    acronym covers are the name ("its vessel traffic management system (VTMS)" gives "vessel
    traffic management system")."""
    spans = []
    for match in _LOWER_NAME.finditer(sentence):
        words = match["words"].split()
        acronym = match["acr"]
        for k in range(len(words)):
            phrase = " ".join(words[k:])
            if len(words) - k >= 2 and acronym_matches(acronym, phrase) and len(acronym) == len(words) - k:
                start = match.start("words") + match["words"].index(phrase)
                end = start + len(phrase)
                if not any(f.start < end and start < f.end for f in found):
                    spans.append(Span("name", start, end, phrase, phrase, acronym, category=_category(match["head"])))
                break
    return spans


def _before_of(tokens: list[str]) -> list[str]:
    """The words of a name before its "of ..." tail: "Charter" of "Charter of Partnership"."""
    for i, word in enumerate(tokens):
        if (
            i
            and word in ("of", "on", "for", "between", "Between")
            and any(w.strip("\"'\u201d.") in _AGREEMENT_WORDS for w in tokens[:i])
        ):
            return tokens[:i]
    return tokens


def _category(head: str) -> str:
    low = head.lower()
    return _CATEGORY.get(low, low)


_GENERIC_AFTER = re.compile(
    r"\s*(?:\([^()]{1,14}\)\s*)?(?P<head>program|programs|agreement|initiative|exercise|exercises|fund|"
    r"authority|authorities|mission|operation|dialogue|funding|financing|sales|training|assistance|grants?|"
    r"loans?|cases|system|account)\b"
)


def _lower_head(sentence: str, tokens: list[re.Match[str]], last: int, acronym: str | None) -> str:
    """The category of an acronymed name from the lower-case word after it ("(IMET) funding")."""
    match = _GENERIC_AFTER.match(sentence, tokens[last].end())
    head = match["head"] if match else ""
    return {
        "programs": "program",
        "exercises": "exercise",
        "authorities": "authority",
        "funding": "program",
        "financing": "program",
        "sales": "program",
        "training": "program",
        "assistance": "program",
        "grant": "program",
        "grants": "program",
        "loan": "program",
        "loans": "program",
        "cases": "program",
        "account": "program",
    }.get(head, head)


_PREFIXED = re.compile(
    r"\b(?P<numbered>[A-Z]{3,6} (?:II|III|IV|I)(?![\w-]))(?! [A-Z][a-z])"
    r"|\b(?P<cat>Operation|[Ee]xercises?|Exercise)\s+"
    r"(?P<name>(?:[A-Z][\w'-]*|\d{1,4})(?:\s+(?:[A-Z][\w'-]*|\d{1,4}))*)"
    r"|\b(?P<auth>(?:Title|Section|Article)\s+(?:\d{1,4}[A-Za-z]?|[IVXL]{1,6})\b|P\.\s?L\.\s?\d{2,3}-\d{1,4}\b)"
    r"(?P<more>(?:(?:,|,? and|,? or)\s+(?:(?:Title|Section)\s+)?\d{1,4}[A-Za-z]?\b)*)"
)
_MONTH_RE = re.compile(rf"^{_MONTH}$")


def _may_be_prefixed(sentence: str) -> bool:
    """A quick test before :data:`_PREFIXED`: the words every one of its forms holds."""
    return (
        " I" in sentence
        or "Operation" in sentence
        or "xercise" in sentence
        or "Title" in sentence
        or "Section" in sentence
        or "Article" in sentence
        or "P." in sentence
    )


def _prefixed_names(sentence: str) -> list[Span]:
    """Names after their category ("Operation Atlantic Resolve", "exercise Anakonda 16") and
    numbered authorities ("Title 10", "Section 333"), one span per name in "Title 10 and 22"."""
    spans = []
    for match in _PREFIXED.finditer(sentence):
        if match["numbered"]:  # "SALT I", "START II": a numbered round of talks or treaty
            if match["numbered"].split()[0] not in HOUSEHOLD:
                name = match["numbered"]
                spans.append(Span("name", *match.span("numbered"), name, name, category="agreement"))
            continue
        if match["auth"]:
            word = match["auth"].split()[0]
            category = "law" if match["auth"].startswith("P") else "article" if word == "Article" else "authority"
            spans.append(
                Span("name", match.start("auth"), match.end("auth"), match["auth"], match["auth"], category=category)
            )
            for more in re.finditer(r"(?:(Title|Section)\s+)?(\d{1,4}[A-Za-z]?)", match["more"] or ""):
                at = match.start("more") + more.start()
                value = f"{more.group(1) or word} {more.group(2)}"
                spans.append(
                    Span("name", at, match.start("more") + more.end(), more.group(), value, category="authority")
                )
            continue
        words = match["name"].split()
        while words and (_MONTH_RE.match(words[-1]) or _YEAR_ONLY.fullmatch(words[-1])):
            words.pop()  # "Operation Iraqi Freedom in March 2003" ends before the date
        if not words or words[0] in ("The", "A", "In", "On"):
            continue
        operation = match["cat"] == "Operation"
        name = " ".join(["Operation", *words] if operation else words)
        start = match.start() if operation else match.start("name")
        end = start + len(name) if operation else match.start("name") + len(" ".join(words))
        if sentence[start:end] != name:
            continue
        spans.append(Span("name", start, end, name, name, category="operation" if operation else "exercise"))
    return spans


def _drop_nested(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept


_NAME_HINT = re.compile(
    r"\(|Agree|Arrange|Treat|Charter|Memorand|Road|Pledge|Program|Partnership|Dialogue|Initiative|Accord|"
    r"Convention|Pact|Protocol|Declaration|Compact|Framework|Understanding|Commission|Fund|Act\b|Strategy|"
    r"Approach|Exercise|Presence|Plan\b|Operation|Title \d|Section \d|Article [\dIVX]|P\.\s?L\.|Policy|"
    r"Statement|Partner|Talks|Treaties"
)
"""The capitalized keywords of names; every branch opens with a capital or "(", which lets re scan
for them fast (:func:`may_hold_name` tests for the lower-case keywords as plain substrings)."""
_NUMBERED_NAME_HINT = re.compile(r"[A-Z]{3,6} I")


def may_hold_name(sentence: str) -> bool:
    """A quick test before :func:`find_names`: does the sentence hold a name's keyword?"""
    return (
        _NAME_HINT.search(sentence) is not None
        or "program" in sentence
        or "exercise" in sentence
        or "accord" in sentence
        or "compact" in sentence
        or "agreement" in sentence
        or " status" in sentence
        or (" I" in sentence and _NUMBERED_NAME_HINT.search(sentence) is not None)
    )

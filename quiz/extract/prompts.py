"""Turn a sentence and the fact span in it into a question that stands alone.

The first choice is a real question made by moving the fact out of the
sentence and inverting its clause ("The United States established diplomatic
relations with Lithuania on July 28, 1922." becomes "On what date did the
United States establish diplomatic relations with Lithuania?"). When the
sentence is too tangled for that (a pronoun subject, a present-tense verb, the
fact inside a list) the prompt is a fill-in-the-blank of the sentence, with
the sentence before it when the subject is a pronoun, so a reader still knows
what is meant.
"""

from __future__ import annotations

import re

from quiz.answers import DateValue
from quiz.extract.clauses import core_clause, finite_verb_at
from quiz.extract.grammar import ambiguous, lemmas, verb_form
from quiz.extract.mentions import AMOUNT_KINDS, without_mentions
from quiz.extract.span import MONTH, YEAR, Span

__all__ = ["BLANK", "FILL_IN", "MAX_CLOZE_WORDS", "base_form", "cloze", "make_prompt"]

BLANK = "_____"
FILL_IN = "Fill in the blank: "
MAX_CLOZE_WORDS = 30
"""A fill-in-the-blank keeps at most this many words of its clause."""

_AUX = frozenset("was were is are has have had will would can could should may might must".split())
_THERE = re.compile(r"\bthere\b(?! (?:is|are|was|were|has|have|had|will|would|may|might|remains?)\b)")
_LEAD_PRONOUNS = frozenset("this these it they such".split())
_PRONOUNS = frozenset("it this these those they that which he she we our its their there such".split())
_PREPOSITION = re.compile(
    r"(?:\b(?:on|in|since|from|by|until|through|during|as of|before|after|of|to|at|for)\s+(?:the\s+)?"
    r"(?:(?:early|mid|late)[\s-]+)?)$",
    re.I,
)
_NAME_PREPOSITION = re.compile(
    r"\b(?P<prep>under|through|within|into|in|to|with|from|by|on|for|via|at|throughout)\s+(?:the\s+|a\s+|an\s+)?$",
    re.I,
)
_FRONT = re.compile(
    r"^(?:(?:Even|Only|Just|Shortly|Soon|Long|Immediately|Well)\s+(?:after|before|since|until|in|during|following)"
    r"|In|On|Since|From|Through|During|By|After|Before|Following|As of|Until|Together with|Along with|Alongside)"
    r"\b[^,]{0,80}(?:,\s*\d{4})?,\s+"
)
_CUT = re.compile(
    r",\s+(?:which|who|but|as well as|while|whereas|including|following|and it|and its|and helped|a|an)\b.*$"
    r"|;.*$|\s+\u2013\s.*$|\s+--\s.*$|\s+and\s+(?:[\w-]+\s+){0,4}[a-z]+ed$"
)
_ASIDE = re.compile(
    r"\s+[\u2013\u2014]\s+"
    r"(?P<aside>(?:largely|mostly|mainly|primarily|partly|chiefly|in part)\b[^\u2013\u2014;,]{0,60})$"
)
_DO = {"VBD": "did", "VBZ": "does", "VBP": "do"}
_PREPOSITIONS = frozenset(
    "in on of for to by with from under through via at into about against without before after while when "
    "since upon".split()
)
_FRONT_DATE = re.compile(rf"^(?:In|On|Since|By|From|Until)\s+(?:{MONTH}\s+)?(?:\d{{1,2}},?\s+)?{YEAR}\s+(?=[A-Z])")
_PARTICIPLE_TAIL = re.compile(r"\s+(?P<word>[a-z]{3,}ing)\s")
_PURPOSE = re.compile(r"\s+to\s+(?!be\b)(?=[a-z]+\b)")
_TO_COMPLEMENT = frozenset("able due committed related according ready likely going set close used continue".split())
_NOT_AFTER = frozenset("the a an its their of and to newly not our his her".split())


def base_form(verb: str) -> str:
    """Return the base form of a verb ("signed" -> "sign", "led" -> "lead").

    Args:
        verb: A verb in lower case.

    Returns:
        Its lemma by lemminflect, or the word itself when it is not a verb.
    """
    form = verb_form(verb)
    return form[0] if form else verb


def _question_word(span: Span, preposition: str) -> str:
    if span.kind == "percent":
        return f"To what percentage{preposition.strip()[2:]}" if preposition.startswith("to") else "What percentage"
    preposition = preposition.strip().lower()
    if span.kind in ("agreement", "name"):
        return f"{preposition.capitalize()} which {span.category}" if preposition else f"Which {span.category}"
    if span.kind == "money":
        return "How much"
    if span.kind == "percent":
        return f"To what percentage{preposition[2:]}" if preposition.startswith("to") else "What percentage"
    if span.kind == "number":
        return "How many"
    value = span.value
    assert isinstance(value, DateValue)
    what = {
        "day": "what date",
        "month": "what month and year",
        "year": "what fiscal year" if value.fiscal else "what year",
        "decade": "what decade",
        "range": "which fiscal years" if value.fiscal else "which years",
    }[value.precision]
    if preposition == "since":
        return "Since when" if value.precision != "year" else "Since what year"
    if preposition in ("until", "through", "till"):
        return "Until when"
    if preposition in ("from", "by", "before", "after", "for") and value.precision != "range":
        return f"{preposition.capitalize()} {what}"
    if value.precision == "year" and value.fiscal:
        return "In what fiscal year"
    if value.precision == "range":
        return "Over which fiscal years" if value.fiscal else "Over which years"
    return {
        "day": "On what date",
        "month": "In what month and year",
        "year": "In what year",
        "decade": "In what decade",
    }[value.precision]


def _tidy(text: str) -> str:
    text = re.sub(r"\s+([,.;:)])", r"\1", text)
    text = re.sub(r"\(\s*\)|,\s*,", ",", text)
    return " ".join(text.split()).strip(" ,;:")


def cloze(sentence: str, span: Span, others: tuple[Span, ...] = ()) -> str | None:
    """A fill-in-the-blank prompt: the clause holding the fact, the fact blanked.

    The other facts' dates and amounts are taken out first
    (:func:`without_mentions`); only the clause that holds the fact is kept
    (:func:`core_clause`), cut after the fact at a comma when still too long.

    Args:
        sentence: The sentence holding the fact.
        span: The fact.
        others: The other facts of the sentence: amounts among them are
            taken out of the prompt, which must not state them.

    Returns:
        The prompt, or None when no clause of at most
        :data:`MAX_CLOZE_WORDS` words holds the fact.
    """
    cut = _cut_and_clear(sentence, span, others)
    return _cloze_of(*cut) if cut else None


def _cut_and_clear(sentence: str, span: Span, others: tuple[Span, ...]) -> tuple[str, Span] | None:
    """The clause holding a fact (:func:`core_clause`) with the other facts' dates and amounts
    taken out of it (:func:`without_mentions`), and the fact's span in it."""
    names = [o for o in others if o.kind in ("agreement", "name")]
    others = tuple(o for o in others if not any(n.start <= o.start and o.end <= n.end for n in names if n is not o))
    avoid = tuple((o.start, o.end) for o in others if o is not span and (o.kind == "date" or o.kind in AMOUNT_KINDS))
    clause, shift = core_clause(sentence, span, avoid)
    moved = Span(
        span.kind,
        span.start + shift,
        span.end + shift,
        span.text,
        span.value,
        span.acronym,
        span.year,
        None,
        span.category,
    )
    if clause[moved.start : moved.end] != span.text:
        at = clause.find(span.text)
        if at < 0:
            return None
        moved = Span(
            span.kind, at, at + len(span.text), span.text, span.value, span.acronym, span.year, None, span.category
        )
    inside = []
    named = [(a, a + len(n.text)) for n in names if n is not span and (a := clause.find(n.text)) >= 0]
    for other in others:
        if other is span or not (other.kind == "date" or other.kind in AMOUNT_KINDS):
            continue
        at = clause.find(other.text)
        while at >= 0:
            end = at + len(other.text)
            if any(a <= at < b for a, b in named):
                pass  # "the ... Appropriations Act, FY2015": the year is part of a name, which stays
            elif _coordinated(clause, moved, at, end, other):
                pass  # "in 1927 and 1930": the partner stays, or the phrase would fall apart
            elif end <= moved.start or at >= moved.end:
                inside.append(Span(other.kind, at, end, other.text, other.value))
            at = clause.find(other.text, end)
    inside = [
        o
        for i, o in enumerate(sorted(inside, key=lambda o: o.start))
        if not any(p.start < o.end and o.start < p.end for p in sorted(inside, key=lambda o: o.start)[:i])
    ]
    return without_mentions(clause, moved, inside)


_AND = re.compile(r"\s+(?:and|or)\s+")


def _coordinated(clause: str, span: Span, at: int, end: int, other: Span) -> bool:
    """Tell whether another year is joined to the fact's by "and"/"or" ("in 1927 and 1930"): each
    is then asked with the other beside it, siblings of one sentence being free to name each other."""
    if span.kind != "date" or other.kind != "date":
        return False
    gap = clause[span.end : at] if at >= span.end else clause[end : span.start]
    return bool(_AND.fullmatch(gap))


_SUBORDINATE_SPAN = re.compile(
    r"\b(?:if|when|whether|unless|because|although|though|while|after|before|until|once)\b[^,;]*", re.I
)


def _has_main_verb(text: str) -> bool:
    """Tell whether a sentence has a finite verb outside its subordinate clauses."""
    main = _SUBORDINATE_SPAN.sub(" ", text)
    return finite_verb_at(main.split()) is not None


_SUBORDINATE_HEAD = re.compile(r"^(?:Though|Although|While|Because|When|If|Since|As|Whereas|Once|Until|After|Before)\b")
_CLOZE_CUT = re.compile(r"[,;]\s|\s\u2013\s|\s(?=(?:in an effort|in order|so as) to\b)")
"""Where a long fill-in-the-blank may end after its fact: a comma, a dash, or before a purpose
phrase ("... in 1927 and 1930 in an effort to close ...")."""


def _cloze_of(clause: str, span: Span, *, pronoun_ok: bool = False) -> str | None:
    """The fill-in-the-blank of a clause already cut down to the fact (offsets into the clause)."""
    start, end = span.start, span.end
    head, tail = clause[:start], clause[end:]
    tail = re.sub(r"^\s*\([^()]{1,60}\)", "", tail)  # "_____ (e-PINE)", "(also known as ...)" show the answer
    if ":" in tail and tail.count("(", 0, tail.index(":")) == tail.count(")", 0, tail.index(":")):
        tail = tail[: tail.index(":")] + "."  # "in _____ areas: A, B, and C": the list would give it away
        last = tail.rstrip(". ").split()[-1:] or [""]
        if last[0].lower() in _AUX or last[0].lower() in ("include", "includes", "included", "were", "are"):
            return None  # "The top _____ categories were.": the list was the complement
    tail = re.sub(r",\s+(?:which|who|whose|including|a|an)\b[^;]*?(?=[.;]?$)", "", tail)
    if len((head + BLANK + tail).split()) > MAX_CLOZE_WORDS:
        verb = finite_verb_at((head + BLANK + tail).split())
        skip = max(0, len(" ".join((head + BLANK + tail).split()[: (verb or 0) + 1])) - len(head + BLANK))
        for m in _CLOZE_CUT.finditer(tail, skip):
            if re.match(r"[^,;]*,?\s+and\s+[^,;]*[.;]?$", tail[m.end() :]):
                continue  # inside a list ("cyber capabilities, land forces, and ..."): no cut mid-way
            inside = tail.count("(", 0, m.start()) > tail.count(")", 0, m.start())
            if not inside and not tail.count("\u2014", 0, m.start()) % 2:
                tail = tail[: m.start()] + "."  # cut after the fact, but never before the clause's verb
                break
    body = " ".join((head + BLANK + tail).split())
    body = body[0].upper() + body[1:]
    body = re.sub(r":\s*\.?$", ".", body)
    if ";" in body and not _has_main_verb(body.split(";")[0].replace(BLANK, "several")):
        return None  # "A _____ limit on MIRV systems; a ban on ...": one item of a list, no clause
    if not _has_main_verb(body.replace(BLANK, "X")):
        return None  # a heading or a fragment: "Establishment of Diplomatic Relations, _____."
    if len(body.split()) < 6 or len([w for w in body.split() if len(w.strip(".,;")) > 3]) < 4:
        return None  # "The _____ was renewed.", "The objective of the _____ was achieved.": too little to go by
    if _SUBORDINATE_HEAD.match(body) and "," in body and finite_verb_at(body.split(",", 1)[1].split()) is None:
        return None  # "Though the _____ was ..., the inclusion of X.": the main clause lost its verb
    if len(body.split()) > MAX_CLOZE_WORDS or (body.split()[0].lower() in _PRONOUNS and not pronoun_ok):
        return None
    return FILL_IN + body


_DEMONSTRATIVE = re.compile(r"(?P<det>This|These|That|Those) (?P<noun>[a-z]+)\b(?= [a-z]+ [a-z])")


def _shifted(text: str, span: Span, others: tuple[Span, ...], by: int) -> tuple[str, Span, tuple[Span, ...]]:
    """The sentence with its head rewritten, and every span moved ``by`` characters."""

    def move(s: Span) -> Span:
        return Span(s.kind, s.start + by, s.end + by, s.text, s.value, s.acronym, s.year, None, s.category)

    moved = move(span)
    return text, moved, tuple(moved if o is span else move(o) for o in others)


def _frames_a_count(sentence: str, span: Span, others: tuple[Span, ...]) -> bool:
    """Tell whether a fronted date ("In 2016, ...") dates a count that opens the clause after it."""
    if not re.match(r"(?:In|During|By)\s+(?:fiscal year\s+|FY\s?)?$", sentence[: span.start]):
        return False
    after = sentence[span.end :]
    comma = re.match(r",?\s+", after)
    at = span.end + (comma.end() if comma else 0)
    return any(o.kind == "number" and o.start == at for o in others)


def make_prompt(sentence: str, span: Span, *, others: tuple[Span, ...] = (), previous: str | None = None) -> str | None:
    """Make the prompt for one fact of a sentence.

    A real question when the clause inverts cleanly, else a fill-in-the-blank
    of the clause holding the fact.

    Args:
        sentence: The sentence holding the fact.
        span: The fact to ask about.
        others: The other fact spans of the sentence.
        previous: The sentence before it with its own facts taken out, for a
            sentence whose subject is a pronoun ("This includes service in 14
            ... missions"): the prompt is then that sentence and the blanked one.

    Returns:
        A question ending in "?", a fill-in-the-blank prompt, or None when the
        sentence cannot give a prompt that stands alone.
    """
    if not sentence.strip():
        return None
    if span.kind in AMOUNT_KINDS and _ALLOTMENT_VERB.search(sentence) and (shares := _allotment_prompt(sentence, span)):
        return shares
    if span.kind == "date" and (visit := _visit_question(sentence, span)):
        return visit
    if span.kind == "percent" and (share := _SHARE_ASIDE.match(sentence)) and share.start("pct") == span.start:
        # "Over 30 million Americans, almost ten percent of the population, claim ...": the share of them
        rest = share["rest"].rstrip(". ")
        return f"{FILL_IN}{BLANK} of {share['who']} {rest}." if len(rest.split()) >= 2 else None
    if not previous and (m := _DEMONSTRATIVE.match(sentence)) and not verb_form(m["noun"].lower()):
        # "This common vision was articulated ...": with nothing before it to point at, "The common vision"
        sentence, span, others = _shifted(f"The {sentence[m.end('det') + 1 :]}", span, others, 3 - m.end("det"))
    if sentence.split(None, 1)[0].lower() in _LEAD_PRONOUNS or (previous and _THERE.search(sentence)):
        cut = _cut_and_clear(sentence, span, others) if previous else None
        body = _cloze_of(*cut, pronoun_ok=True) if cut else None
        if not body or not previous:
            return None
        prompt = f"{FILL_IN}{previous} {body.removeprefix(FILL_IN)}"
        return prompt if len(prompt.split()) <= MAX_CLOZE_WORDS + 8 else None
    if sentence.split(None, 1)[0].lower() in _PRONOUNS:
        return None
    cut = _cut_and_clear(sentence, span, others)
    if cut is None:
        return None
    clause, moved = cut
    if span.kind == "date" and _frames_a_count(sentence, span, others):
        return None  # "In 2016, over 16,000 personnel will have participated": the year dates the count only
    names = [o for o in others if o is not span and o.kind not in AMOUNT_KINDS and o.kind != "date"]
    inside = []
    for other in names:
        at = clause.find(other.text)
        if at >= 0 and other.text != span.text:
            inside.append(Span(other.kind, at, at + len(other.text), other.text, other.value))
    try:
        question = (
            None  # "X differs from Y: a period limited to _____": the fact is in an item of a list, no clause to invert
            if ": " in clause[: moved.start]
            else _participle_question(clause, moved) or _wh_question(clause, moved, tuple(inside))
        )
    except _NoQuestion:
        question = None
    prompt = question if question is not None else _cloze_of(clause, moved)
    if prompt and _POINTING_ADVERB.search(prompt):
        prompt = _POINTING_ADVERB.sub("", prompt)  # "did Johnson therefore call": the reason is not in the prompt
    if prompt and any(o is not span and o.kind in ("money", "percent", "number") and o.text in prompt for o in others):
        return None  # it would state an amount another question asks for
    return prompt


_SHARE_ASIDE = re.compile(
    r"^[^,]*?\b(?P<who>[A-Z][a-z]+s|[a-z]+s),\s+(?P<pct>(?:almost|nearly|about|roughly|over|some|more than)?\s*"
    r"[\w.-]+\s+(?:percent|per cent)|\S+%)\s+of\s+(?:the|its)\s+population,\s+(?P<rest>[a-z][^,;]*)$"
)
"""A count with its share of the population as an aside."""
_VISITOR = re.compile(r"(?P<who>(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*)['\u2019]s\s+$")
_VISITED = re.compile(
    r"\s+(?:state\s+|official\s+)?(?:visit|trip)\s+to\s+(?P<where>(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3})"
)


def _visit_question(sentence: str, span: Span) -> str | None:
    """A dated visit named by its visitor ("... by Secretary Pompeo's July 2018 visit to Vietnam"):
    "In what month and year did Secretary Pompeo visit Vietnam?", whatever the rest of the
    sentence says (its subject may be a pronoun)."""
    who = _VISITOR.search(sentence, 0, span.start)
    where = _VISITED.match(sentence, span.end)
    if not who or not where or who["who"].split()[0] in ("The", "This", "That", "Its", "Their"):
        return None
    if len(who["who"].split()) < 2 and not who["who"].isupper():
        return None  # "Smith's": a surname alone may be anyone
    place = where["where"] if where["where"].endswith("U.S.") else where["where"].rstrip(".")
    return f"{_question_word(span, 'in')} did {who['who']} visit {place}?"


_HOLDER = r"(?:the\s+)?[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*(?:\s+and\s+(?:the\s+)?[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*)?"
_ALLOTMENT_ITEM = re.compile(
    rf"(?:,\s+|\s+)(?:and\s+)?(?P<holder>{_HOLDER})\s+(?P<each>each\s+)?(?P<amount>\S+)\s+(?P<unit>[a-z]+)(?=[,.;]|\s+and\b|$)"
)
_ALLOTMENT_VERB = re.compile(
    r"\b(?P<verb>allowed|allotted|allocated|gave|granted|assigned|awarded)(?=\s+(?:the\s+)?[A-Z])"
)
_NAME_SUBJECT = re.compile(r"^(?:The\s+)?(?:[A-Z][\w'.-]*\s+){0,5}[A-Z][\w'.-]*(?=\s+[a-z]+)")


def _allotment_prompt(sentence: str, span: Span) -> str | None:
    """An amount in a list that gives each party its share ("... allowed the United States and the
    United Kingdom 500,000 tons, Japan 300,000 tons, and France and Italy each 175,000 tons"):
    "Fill in the blank: The Five-Power Treaty allowed Japan _____ tons." The sentence's subject
    must be a name, and the list at least two items long."""
    verb = None
    for match in _ALLOTMENT_VERB.finditer(sentence, 0, span.start):
        verb = match
    subject = _NAME_SUBJECT.match(sentence)
    if verb is None or subject is None or len(subject.group().split()) < 2:
        return None
    items = list(_ALLOTMENT_ITEM.finditer(sentence, verb.end()))
    if len(items) < 2 or any(b.start() != a.end() for a, b in zip(items, items[1:], strict=False)):
        return None
    mine = next((m for m in items if m.start("amount") == span.start and m.end("amount") == span.end), None)
    if mine is None or len({m["unit"] for m in items}) != 1:
        return None
    prompt = f"{subject.group()} {verb['verb']} {mine['holder']} {mine['each'] or ''}{BLANK} {mine['unit']}."
    return FILL_IN + " ".join(prompt.split())


_POINTING_ADVERB = re.compile(r",?\s+(?:therefore|thus|hence|consequently|accordingly)\b,?(?=\s+[a-z])")
"""An adverb that points back at the sentence before, which the prompt does not show."""

_PARTICIPLE_DATE = re.compile(
    r"^(?P<np>(?:The|the|An?|an?) [^,;]{3,140}?),?\s+(?P<part>[a-z]+ed)\s+(?P<prep>in|on)\s+$"
)


def _participle_question(clause: str, span: Span) -> str | None:
    """A date that dates the subject ("The Mutual Defense Treaty ..., signed in 1951, serves
    as ..."; "the Roadmap for Defense Cooperation signed in 2020 establishes ..."): "In what
    year was the Mutual Defense Treaty ... signed?"."""
    if span.kind != "date":
        return None
    match = _PARTICIPLE_DATE.match(clause[: span.start])
    after = clause[span.end :]
    if not match or not re.match(r"\s*(?:,|\.?$|[a-z]+s\b)", after):
        return None
    form = verb_form(match["part"])
    if not form or form[1] not in ("VBD", "VBN") or finite_verb_at(match["np"].split()) is not None:
        return None
    np = match["np"]
    np = np[0].lower() + np[1:] if np.split()[0] in ("The", "A", "An") else np
    question = f"{_question_word(span, match['prep'])} was {np} {match['part']}?"
    return question if sound(question) else None


_PASSIVE_REST = re.compile(
    r"\s+(?P<rest>(?:per (?:year|month)\s+)?(?:has|have|was|were|is|are)\s+(?:been\s+)?[a-z]+ed\b[^;]*?)\.?$"
)
_MARK = "\u2038"  # where the fact stood; a cut that removes it loses the question's point


def _wh_question(sentence: str, span: Span, others: tuple[Span, ...] = ()) -> str | None:
    if span.kind not in ("date", "money", "number", "percent", "agreement", "name") or len(sentence) > 320:
        return None
    before, after = sentence[: span.start], sentence[span.end :]
    if before.rstrip().endswith("(") or re.match(r"\s*\)", after):
        return None  # a figure in parentheses belongs to a list
    tail = before[before.rfind(",") + 1 :] if "," in before else ""
    if re.match(r"\s*(?:a|an)\s", tail):
        return None  # inside an appositive ("..., a level previously targeted for 2030")
    preposition = ""
    if span.kind in ("agreement", "name"):
        if not span.category:
            return None
        if re.match(r"\s*(?:\([^()]*\)\s*)?(?:and|or)\s", after) or before.count("\u201c") > before.count("\u201d"):
            return None  # one of two coordinated objects, or a name inside a quotation
        after = re.sub(r"^\s*\([^()]{1,60}\)", "", after)  # "(DCA)", "(also known as ...)" give it away
        after = re.sub(rf"^\s+{span.category}s?\b", "", after)  # "the Foreign Military Sales program"
        if not before.strip() or re.fullmatch(r"\s*(?:The|A|An)\s+", before):
            return _subject_question(span, after)
        appositive = re.fullmatch(r"(?P<np>(?:The|An?) [^,;]{5,100}),\s+(?:the\s+)?", before)
        if appositive and (m := re.match(r"\s*,\s+", after)):
            # "The final agreement made at X, the Nine-Power Treaty, marked ...": the name is the subject
            question = _subject_question(span, after[m.end() :])
            np = appositive["np"]
            if question:
                rest = question.removeprefix(f"Which {span.category} ")
                question = f"Which {span.category}, {np[0].lower()}{np[1:]}, {rest}"
                return question if sound(question) else None
            return None
        if m := _NAME_PREPOSITION.search(before):
            preposition, before = m["prep"], before[: m.start()]
        elif re.search(r",\s+(?:the\s+)?$", before):
            return None  # "signed a bilateral agreement, the Shangtung Treaty, ...": an appositive
        elif re.search(r"\b(?:of|'s|\u2019s)\s+(?:the\s+)?$", before):
            return None  # "the objective of the Charter": the name hangs on a noun, not the verb
        elif m := re.search(r"\b(?:the|a|an)\s+$", before, re.I):
            before = before[: m.start()]
        else:
            return None  # a name used as a modifier ("the Visa Waiver Program's rules")
    elif span.kind == "date":
        if m := _PREPOSITION.search(before):
            if m.group().lower().endswith("the ") and re.match(r"\s*[\w\u201c\"]", after):
                return None  # "at the 2014 Wales Summit": a year used as a modifier
            if m.group().split()[0].lower() == "for":
                return None  # "a new Plan of Action for 2018 to 2020": the period of a noun, not of the verb
            preposition, before = m.group().split()[0], before[: m.start()]
        elif re.match(r"\s*\w", after) or before.rstrip().endswith(("'s", "its", "the")):
            return None  # a year used as a modifier ("its 2014 seizure")
    elif span.kind == "percent":
        if not (m := re.search(r"\bto\s+$", before)):
            return None
        before = before[: m.start()]
        of = re.match(r"\s+of\s+(?:its\s+|the\s+)?(?:GDP|gross domestic product)\b", after)
        preposition = "to" + (" of GDP" if of else "")
        after = after[of.end() :] if of else after
    elif span.kind == "money":
        if re.fullmatch(r"\s*(?:Another|An additional)?\s*", before) and (m := _PASSIVE_REST.match(after)):
            question = f"How much {m['rest']}?"  # "Another $300 million per year has been provided for USAI ..."
            return question if sound(question) else None
        if not before.strip() and (m := re.match(r"\s+(?P<rest>(?:in|of)\s+[^,;]+?\s+[a-z]+ed\s.+?)\.?$", after)):
            question = (
                f"How much {m['rest']}?"  # "$58 million in bilateral FMF supported ...": the amount is the subject
            )
            return question if sound(question) else None
        if re.search(r"\b(?:of|for|to|by|at)\s+$", before):
            return None
        before = re.sub(r"\b(?:an additional|an|a|another)\s+$", "", before)
        before = re.sub(r"(?<=[a-z]ed)\s+in\s+$", " ", before)  # "committed in $600,000": a stray preposition
        after = re.sub(r"^\s+worth\b", "", after)
    clause = _tidy(before + f" {_MARK} " + after.rstrip(". "))
    front = ""
    if m := _FRONT.match(clause):
        front, clause = m.group().rstrip(" ,"), clause[m.end() :]
    elif m := re.match(
        r"^(?:From|In|Through|Since)\s+FY\s?\d{2,4}(?:\s*(?:-|\u2013|through|to)\s*(?:FY\s?)?\d{2,4})?\s+", clause
    ):
        front, clause = m.group().strip(), clause[m.end() :]
    elif m := _FRONT_DATE.match(clause):
        front, clause = m.group().strip(), clause[m.end() :]
    elif m := re.match(r"^[A-Z][a-z]+ing\b[^,]{0,80},\s+", clause):
        front, clause = m.group().rstrip(" ,"), clause[m.end() :]
    front_had_mark = _MARK in front
    if _MARK in front:
        front = _tidy(front.replace(_MARK, ""))
        if len(front.split()) < 2:
            front = ""
    if m := re.match(r"^When\s+([^,]+),", clause):
        clause = m.group(1)  # "When NATO membership took effect, ..." asks about the when-clause
    clause = _ASIDE.sub(r", \g<aside>", clause)  # "provided $141 million in FMF – largely from ..." keeps it
    clause = _CUT.sub("", clause)
    for purpose in _PURPOSE.finditer(clause):
        before_to = clause[: purpose.start()].split()
        after_to = clause[purpose.end() :].split(None, 1)[0].lower() if clause[purpose.end() :].strip() else ""
        is_verb = (verb_form(after_to) or ("", ""))[1] == "VBP"
        if span.kind in ("money", "number", "percent"):
            break  # "includes $13.41 billion to replenish ...": what the amount is for
        if is_verb and _MARK not in clause[purpose.start() :] and before_to and not verb_form(before_to[-1].lower()):
            if before_to[-1].lower() not in _TO_COMPLEMENT:
                clause = clause[: purpose.start()]  # "participated in the Dialogue to broaden ...": the purpose
                break
    clause = _cut_participle(clause)
    marked_clause = clause
    if _MARK not in clause and _MARK not in sentence:
        return None
    if _MARK not in clause and span.kind != "date" and not front:
        return None
    clause = _tidy(clause.replace(_MARK, " "))
    if any(o.kind == span.kind and o.text in clause for o in others):
        return None  # two facts of a kind left in the question: only a blank keeps them apart
    marked = marked_clause
    if preposition.strip().lower() == "since" and any(
        o.kind in ("money", "number") for o in others if o.text in clause
    ):
        # a cumulative total ("Since 1992, ... has committed more than $100 million"): keep it whole
        value = span.value
        when = "what year" if isinstance(value, DateValue) and value.precision == "year" else "when"
        body = _tidy(f"{front} {clause}") if front else clause
        return f"{body[0].upper()}{body[1:]} since {when}?" if len(body.split()) >= 4 else None
    verb_at_target = before.split()[-1].lower() if before.split() else ""
    words = clause.split()
    wh = _question_word(span, preposition)
    if span.kind == "number":
        marked_words = marked.split()
        at = next((k for k, w in enumerate(marked_words) if _MARK in w), 0)
        if at == 0:
            return _count_question(words, span, front)
        counted = []
        for word in marked_words[at + 1 : at + 5]:
            counted.append(word)
            if word.endswith("s") and word.isalpha() and word.islower() and not verb_form(word):
                break
        else:
            return None
        if not counted[-1].endswith("s") or any(not w.isalpha() for w in counted):
            return None
        wh = "How many " + " ".join(counted)  # "invited nine nations to ..." -> "How many nations did ... invite"
        marked = " ".join(marked_words[:at] + [_MARK] + marked_words[at + 1 + len(counted) :])
        words = _tidy(marked.replace(_MARK, " ")).split()
    main = _main_verb(words)
    if main is None:
        return None
    at = next((k for k, w in enumerate(marked.split()) if _MARK in w), None)
    if at is not None and re.search(r",\s+[a-z]+ing\s[^,]*$", marked[: marked.find(_MARK)]):
        return None  # the fact sits in a participle phrase (", providing the MCC with ..."), not the main clause
    if at is not None and 0 < at <= main and not front_had_mark:
        return None  # the fact sits in the subject ("support in regaining independence in 1990 ... stand as")
    if at is not None and at > main and _nested_verb(marked.split()[main + 1 : at]):
        return None  # the fact belongs to a verb inside the object ("a level previously targeted for 2030")
    for v, word in enumerate(words[: main + 1]):
        low = word.lower()
        if v != main:
            continue
        if low in _AUX:
            follower = words[v + 1].lower() if v + 1 < len(words) else ""
            if follower in ("not", "never"):
                return None  # "From which agreement could they not resolve ...?" reads as a riddle: a blank
            follower_form = verb_form(follower)
            if low in ("has", "have", "had") and not (
                (follower_form and follower_form[1] in ("VBD", "VBN"))
                or follower.endswith("ly")
                or follower in ("been", "also")
            ):
                return None
            if (
                low in ("is", "are", "was", "were")
                and span.kind == "date"
                and not (follower_form and follower_form[1] in ("VBD", "VBN"))
            ):
                return None  # "... was $343.5 billion in 2019": the amount, not an event, was dated
            rest = words[v + 1 :]
            return _compose(front, wh, [word.lower(), *_subject(words[:v]), *rest])
        form = verb_form(low)
        if form and form[1] in _DO:
            if words[v - 1].lower() in _NOT_AFTER or words[v - 1].lower() == "never":
                if words[v - 1].lower() == "never":
                    return None
                continue
            rest = words[v + 1 :]
            if form[1] == "VBD":
                for k, later in enumerate(rest[:14] if low == verb_at_target else []):
                    later_form = verb_form(later.lower())
                    if (
                        later_form
                        and later_form[1] in ("VBD", "VBZ")
                        and not ambiguous(later.lower())
                        and k > 0
                        and rest[k - 1].lower() not in ("and", "to", "the", "a", "an", "its")
                        and not rest[k - 1].endswith(",")
                    ):
                        # "The Charter ... signed on <date> in Washington played a key role": a participle
                        return _compose(front, wh, ["was", *_subject(words[:v]), low, *rest[:k]])
            return _compose(front, wh, [_DO[form[1]], *_subject(words[:v]), form[0], *rest])
    return None


_CHAIN = frozenset("been be being also not never already still jointly now further".split())
_PREPOSITION_LIKE = frozenset("including following regarding concerning according during notwithstanding".split())


def _nested_verb(words: list[str]) -> bool:
    """Tell whether a verb of its own stands between a clause's verb and the fact: an
    infinitive ("allowed each side to construct two sites") or a participle ("a level
    previously targeted for 2030"), so that moving the fact to the front would misread it."""
    k = 0
    while k < len(words) and (words[k].lower() in _CHAIN or (verb_form(words[k].lower()) or ("", ""))[1] == "VBN"):
        k += 1  # the verb chain itself: "has been provided"
    for i in range(k, len(words)):
        low = words[i].lower().strip(",;:")
        if not low.isalpha() or low in _PREPOSITION_LIKE:
            continue
        if i and words[i - 1].lower() == "to" and (verb_form(low) or ("", ""))[1] == "VBP":
            return True
        if low.endswith(("ed", "ing")) and (form := verb_form(low)) and form[1] in ("VBN", "VBD"):
            if words[i - 1].lower() not in ("the", "a", "an", "its", "their"):
                return True
        if low.endswith("ing") and lemmas(low).get("VERB") and not lemmas(low).get("NOUN"):
            return True
    return False


_DANGLING_END = frozenset(
    "a an the of to in on for with by from at as and or not but its their his her our into than that before after "
    "during since until about over under between against without within through via".split()
)
_FUNCTION_CAPS = frozenset(
    "The A An In On At By For With From Since During After Before As Of To And Its Their This These That Over "
    "Though Although While Because When If Following Like Unlike Through Under".split()
)


def sound(question: str) -> bool:
    """Tell whether an inverted question reads as a whole question: it does not stop on a
    function word ("... lead a?"), carry a sentence opener inside it ("did With its
    purchase ..."), or repeat a word ("in in").

    Args:
        question: A question ending in "?".

    Returns:
        True when nothing marks it as garbled.
    """
    words = question.rstrip("?").split()
    if len(words) < 4 or words[-1].lower().strip(",") in _DANGLING_END:
        return False
    if any(a.lower() == b.lower() and a.isalpha() for a, b in zip(words, words[1:], strict=False)):
        return False
    for i, word in enumerate(words[1:], 1):
        if word in _FUNCTION_CAPS and not words[i - 1].endswith((":", '"', "\u201c")):
            return False
    if question.count("\u2014") % 2 or question.count("(") != question.count(")"):
        return False
    return not re.search(r"\(\s*\)|,\s*[,?]|\s[,;:]", question)


def _cut_participle(clause: str) -> str:
    """Cut a trailing participle phrase after the fact ("... with Lithuania establishing working groups")."""
    mark = clause.find(_MARK)
    for match in _PARTICIPLE_TAIL.finditer(clause, max(mark, 0)):
        word = match["word"]
        if word not in ("during", "including", "following", "regarding", "concerning") and lemmas(word).get("VERB"):
            previous = clause[: match.start()].split()[-1:]
            following = clause[match.end() :].split()[:1]
            if following and following[0].lower() in _PREPOSITIONS | {"as", "and", "or"}:
                continue  # "defense spending as a share of GDP": a noun, not a participle
            if (
                previous
                and not verb_form(previous[0].lower())
                and previous[0].lower() not in _AUX
                and previous[0].lower() not in _PREPOSITIONS
            ):
                return clause[: match.start()]
    return clause


def _main_verb(words: list[str]) -> int | None:
    """The index of the clause's finite verb: the first auxiliary or unambiguous verb, else the
    first verb that may also be a noun ("states", "forces")."""
    fallback = None
    for v, word in enumerate(words[:30]):
        if v == 0 or not word[:1].islower():
            continue
        low = word.lower().strip(",;:")
        if low in _AUX:
            return v
        form = verb_form(low)
        previous = words[v - 1]
        if not form or form[1] not in _DO or previous.lower() in _NOT_AFTER or previous.endswith(","):
            continue
        if form[1] == "VBP" and not (previous.endswith("s") or previous[:1].isupper()):
            continue  # a bare base form after a singular noun is no finite verb
        if not ambiguous(low):
            return v
        if fallback is None:
            fallback = v
    return fallback


def _subject_question(span: Span, after: str) -> str | None:
    """A name that is the subject: "Which program allows ...?" (no inversion)."""
    rest = _cut_participle(_CUT.sub("", _tidy(after.rstrip(". "))))
    words = rest.split()
    form = verb_form(words[0].lower()) if words else None
    if (
        form
        and form[1] == "VBD"
        and len(words) > 1
        and words[1].lower() in _PREPOSITIONS
        and (main := _main_verb(["X", *words[1:]])) is not None
        and (words[main - 1].endswith(",") or any(c.isdigit() for w in words[1:main] for c in w))
    ):
        words = words[main:]  # "Which charter signed on January 16, 1998 ... played": drop the participle
        rest = " ".join(words)
    if len(words) < 3 or not any(verb_form(w.lower()) or w.lower() in _AUX for w in words[:4]):
        return None
    question = f"Which {span.category} {rest}?"
    return question if sound(question) else None


def _subject(words: list[str]) -> list[str]:
    if not words or words[0].lower() in _PRONOUNS or words[0].lower() in ("his", "her", "he", "she", "him"):
        raise _NoQuestion
    if words[0] in ("The", "A", "An") or _common_plural(words[0]) or _common_adjective(words):
        return [words[0].lower(), *words[1:]]
    return list(words)


def _common_adjective(words: list[str]) -> bool:
    """ "Total defense trade", "Foreign direct investment": a common adjective opening the subject
    (proper ones, "Irish", "Soviet", are not in the dictionary; "Joint Statement" is a name)."""
    first = words[0]
    return (
        len(words) > 1
        and first.istitle()
        and first.isalpha()
        and words[1][:1].islower()
        and "ADJ" in lemmas(first.lower())
    )


def _common_plural(word: str) -> bool:
    """A capitalized plural common noun opening a sentence ("Negotiations", "Sailors"): lower case
    inside a question. Names ("Japan", "Lithuania") have no plural lemma and keep their capital."""
    if not word.istitle() or not word.isalpha():
        return False
    nouns = lemmas(word.lower()).get("NOUN")
    return bool(nouns) and nouns[0] != word.lower()


class _NoQuestion(Exception):
    """The clause has no usable subject."""


def _compose(front: str, wh: str, words: list[str]) -> str | None:
    body = _tidy(" ".join(words))
    if not body or len(body.split()) < 3:
        return None
    question = f"{front}, {wh[0].lower()}{wh[1:]} {body}?" if front else f"{wh} {body}?"
    return question if sound(question) else None


def _count_question(words: list[str], span: Span, front: str) -> str | None:
    """Counts as subjects only: "over 5,500 peacekeepers have taken part ..."."""
    if not words or front and not words:
        return None
    # the span was removed, so the clause now opens with the counted noun phrase
    if words[0][0].isupper() and words[0].lower() in _PRONOUNS:
        return None
    if colon := next((k for k, w in enumerate(words) if w.endswith(":")), None):
        words = [*words[:colon], words[colon][:-1]]  # "...: A, B, and C" lists what is counted
    for v, word in enumerate(words[:8]):
        if word.lower() in _AUX and v > 0:
            return _compose(front, "How many", words)
        form = verb_form(word.lower()) if v > 0 and word.isalpha() and word.islower() else None
        plural_then_base = form and form[1] == "VBP" and words[v - 1].endswith("s") and words[v - 1].isalpha()
        if form and form[1] in ("VBD", "VBZ", "VBP") and (plural_then_base or not ambiguous(word.lower())):
            if v >= 4 or any(not w.replace("-", "").isalpha() for w in words[:v]):
                return None  # a long or punctuated subject: the counted noun phrase is not clear
            return _compose(front, "How many", words)  # "Over 30 million Americans claim Irish heritage."
    return None

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

from lemminflect import getAllLemmas

from quiz.answers import DateValue
from quiz.extract.clauses import core_clause, finite_verb_at
from quiz.extract.grammar import ambiguous, verb_form
from quiz.extract.span import MONTH, YEAR, Span

__all__ = ["BLANK", "FILL_IN", "MAX_CLOZE_WORDS", "base_form", "cloze", "make_prompt"]

BLANK = "_____"
FILL_IN = "Fill in the blank: "
MAX_CLOZE_WORDS = 28
"""A fill-in-the-blank keeps at most this many words of its clause."""

_AUX = frozenset("was were is are has have had will would can could should may might must".split())
_PRONOUNS = frozenset("it this these those they that which he she we our its their there such".split())
_PREPOSITION = re.compile(r"(?:\b(?:on|in|since|from|by|until|through|during|as of|before|after|of|to|at)\s+)$", re.I)
_NAME_PREPOSITION = re.compile(
    r"\b(?P<prep>under|through|within|into|in|to|with|from|by|on|for|of|via|at|throughout)\s+(?:the\s+|a\s+|an\s+)?$",
    re.I,
)
_FRONT = re.compile(
    r"^(?:In|On|Since|From|Through|During|By|After|Before|Following|As of|Until|Together with|Along with|Alongside)"
    r"\b[^,]{0,80}(?:,\s*\d{4})?,\s+"
)
_CUT = re.compile(
    r",\s+(?:which|who|but|as well as|while|whereas|including|following|and it|and its|and helped|a|an)\b.*$"
    r"|;.*$|\s+\u2013\s.*$|\s+--\s.*$|\s+and\s+(?:[\w-]+\s+){0,4}[a-z]+ed$"
)
_DO = {"VBD": "did", "VBZ": "does", "VBP": "do"}
_PREPOSITIONS = frozenset("in on of for to by with from under through via at into about against without".split())
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
    if preposition == "since":
        return "Since when"
    if preposition == "until":
        return "Until when"
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

    Only the clause that holds the fact is kept (:func:`core_clause`), cut
    after the fact at a comma when still too long.

    Args:
        sentence: The sentence holding the fact.
        span: The fact.
        others: The other facts of the sentence: amounts among them are
            taken out of the prompt, which must not state them.

    Returns:
        The prompt, or None when no clause of at most
        :data:`MAX_CLOZE_WORDS` words holds the fact.
    """
    clause, shift = core_clause(sentence, span)
    clause, shift = _drop_amounts(clause, span, shift, others)
    return _cloze_of(clause, Span(span.kind, span.start + shift, span.end + shift, span.text, span.value))


def _cloze_of(clause: str, span: Span) -> str | None:
    """The fill-in-the-blank of a clause already cut down to the fact (offsets into the clause)."""
    start, end = span.start, span.end
    head, tail = clause[:start], clause[end:]
    tail = re.sub(r"^\s*\([^()]{1,20}\)", "", tail)  # "_____ (e-PINE)" shows the answer
    tail = re.sub(r",\s+(?:which|who|whose|including|a|an)\b[^;]*?(?=[.;]?$)", "", tail)
    if len((head + BLANK + tail).split()) > MAX_CLOZE_WORDS:
        verb = finite_verb_at((head + BLANK + tail).split())
        skip = max(0, len(" ".join((head + BLANK + tail).split()[: (verb or 0) + 1])) - len(head + BLANK))
        if m := re.compile(r"[,;]\s|\s\u2013\s").search(tail, skip):
            tail = tail[: m.start()] + "."  # cut after the fact, but never before the clause's verb
    body = " ".join((head + BLANK + tail).split())
    if len(body.split()) > MAX_CLOZE_WORDS or body.split()[0].lower() in _PRONOUNS:
        return None
    return FILL_IN + body


def make_prompt(sentence: str, span: Span, *, others: tuple[Span, ...] = ()) -> str | None:
    """Make the prompt for one fact of a sentence.

    A real question when the clause inverts cleanly, else a fill-in-the-blank
    of the clause holding the fact.

    Args:
        sentence: The sentence holding the fact.
        span: The fact to ask about.
        others: The other fact spans of the sentence.

    Returns:
        A question ending in "?", a fill-in-the-blank prompt, or None when the
        sentence cannot give a prompt that stands alone.
    """
    if not sentence.strip() or sentence.split(None, 1)[0].lower() in _PRONOUNS:
        return None
    clause, shift = core_clause(sentence, span)
    clause, shift = _drop_amounts(clause, span, shift, others)
    moved = Span(
        span.kind,
        span.start + shift,
        span.end + shift,
        span.text,
        span.value,
        span.acronym,
        span.year,
        span.year_span,
        span.category,
    )
    inside = tuple(
        Span(o.kind, o.start + shift, o.end + shift, o.text, o.value)
        for o in others
        if o is not span
        and 0 <= o.start + shift
        and o.end + shift <= len(clause)
        and clause[o.start + shift : o.end + shift] == o.text
    )
    try:
        question = _wh_question(clause, moved, inside)
    except _NoQuestion:
        question = None
    prompt = question if question is not None else _cloze_of(clause, moved)
    if prompt and any(o is not span and o.kind in ("money", "percent", "number") and o.text in prompt for o in others):
        return None  # it would state an amount another question asks for
    return prompt


_AMOUNT = "\ue000"  # stands for the amount being taken out, so that the patterns compile once
_LEAD = r"(?<![\w$\u20ac\u00a3])(?:an additional\s+|an\s+|a\s+)?"
_AMOUNT_SLOTS = tuple(
    (re.compile(pattern.replace("{a}", _AMOUNT)), replacement)
    for pattern, replacement in (
        (r"\s*\(\s*{a}\s*\)", ""),  # "Military Electronics ($24.1 million)"
        (r"\s+by\s+{a}(?=\s)", ""),  # "raised its budget by nearly 300 million euro to ..."
        (
            r"\s+to\s+{a}(?:\s+of\s+(?:its\s+|the\s+)?(?:GDP|gross domestic product))?(?:,\s+(?:a|an)\s+[^,.;]*)?"
            r"(?=[\s,.;]|$)",
            "",
        ),
        (_LEAD + r"{a}\s+worth\s+of\s+", ""),
        (_LEAD + r"{a}\s+in\s+(?=[a-z]|[A-Z][\w-]*\s+[A-Z])", ""),  # "provided $279.75 million in FMF": "provided FMF"
        (_LEAD + r"{a}\s+(?!(?:of|in|to|for|by|at|on|from|per|worth)\b)(?=[a-z])", ""),  # "over 5,500 peacekeepers"
    )
)
_FUNDS = (re.compile(_LEAD + _AMOUNT + r"(?=\s+(?:in|to|for|on)\s)"), "funds")  # "committed $100 million in X"


def _drop_amounts(clause: str, span: Span, shift: int, others: tuple[Span, ...]) -> tuple[str, int]:
    """Take the other amounts of a sentence out of a clause: a prompt must not state what a
    sibling question asks ("... which amounts to _____ per citizen" without the euro total)."""
    start = span.start + shift
    for other in sorted(others, key=lambda o: -o.start):
        if other is span or other.kind not in ("money", "percent", "number"):
            continue
        at = clause.find(other.text)
        if at < 0 or at <= start < at + len(other.text):
            continue
        marked = clause[:at] + _AMOUNT + clause[at + len(other.text) :]
        mark_start = start if start < at else start - len(other.text) + 1
        for pattern, replacement in (*_AMOUNT_SLOTS, *((_FUNDS,) if other.kind == "money" else ())):
            match = pattern.search(marked)
            if match and not (match.start() <= mark_start < match.end()):
                removed = match.end() - match.start() - 1 + len(other.text)  # characters of the real clause
                clause = clause[: match.start()] + replacement + clause[match.start() + removed :]
                if match.end() <= mark_start:
                    shift -= removed - len(replacement)
                    start = span.start + shift
                break
    return clause, shift


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
        after = re.sub(r"^\s*\([^()]{1,20}\)", "", after)  # "(DCA)" gives the answer away
        after = re.sub(rf"^\s+{span.category}s?\b", "", after)  # "the Foreign Military Sales program"
        if not before.strip() or re.fullmatch(r"\s*(?:The|A|An)\s+", before):
            return _subject_question(span, after)
        if m := _NAME_PREPOSITION.search(before):
            preposition, before = m["prep"], before[: m.start()]
        elif m := re.search(r"\b(?:the|a|an)\s+$", before, re.I):
            before = before[: m.start()]
        else:
            return None  # a name used as a modifier ("the Visa Waiver Program's rules")
    elif span.kind == "date":
        if m := _PREPOSITION.search(before):
            preposition, before = m.group(), before[: m.start()]
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
        if re.search(r"\b(?:of|for|to|by|at)\s+$", before):
            return None
        before = re.sub(r"\b(?:an additional|an|a)\s+$", "", before)
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
    clause = _CUT.sub("", clause)
    for purpose in _PURPOSE.finditer(clause):
        before_to = clause[: purpose.start()].split()
        after_to = clause[purpose.end() :].split(None, 1)[0].lower() if clause[purpose.end() :].strip() else ""
        is_verb = (verb_form(after_to) or ("", ""))[1] == "VBP"
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
    for v, word in enumerate(words[: main + 1]):
        low = word.lower()
        if v != main:
            continue
        if low in _AUX:
            follower = words[v + 1].lower() if v + 1 < len(words) else ""
            follower_form = verb_form(follower)
            if low in ("has", "have", "had") and not (
                (follower_form and follower_form[1] in ("VBD", "VBN"))
                or follower.endswith("ly")
                or follower in ("been", "also")
            ):
                return None
            if low in ("is", "are") and span.kind == "date":
                return None
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


def _cut_participle(clause: str) -> str:
    """Cut a trailing participle phrase after the fact ("... with Lithuania establishing working groups")."""
    mark = clause.find(_MARK)
    for match in _PARTICIPLE_TAIL.finditer(clause, max(mark, 0)):
        word = match["word"]
        if word not in ("during", "including", "following", "regarding", "concerning") and getAllLemmas(word).get(
            "VERB"
        ):
            previous = clause[: match.start()].split()[-1:]
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
    if form and form[1] == "VBD" and (main := _main_verb(["X", *words[1:]])) is not None:
        words = words[main:]  # "Which charter signed on January 16, 1998 ... played": drop the participle
        rest = " ".join(words)
    if len(words) < 3 or not any(verb_form(w.lower()) or w.lower() in _AUX for w in words[:4]):
        return None
    return f"Which {span.category} {rest}?"


def _subject(words: list[str]) -> list[str]:
    if not words or words[0].lower() in _PRONOUNS:
        raise _NoQuestion
    if words[0] in ("The", "A", "An"):
        return [words[0].lower(), *words[1:]]
    return list(words)


class _NoQuestion(Exception):
    """The clause has no usable subject."""


def _compose(front: str, wh: str, words: list[str]) -> str | None:
    body = _tidy(" ".join(words))
    if not body or len(body.split()) < 3:
        return None
    if front:
        return f"{front}, {wh[0].lower()}{wh[1:]} {body}?"
    return f"{wh} {body}?"


def _count_question(words: list[str], span: Span, front: str) -> str | None:
    """Counts as subjects only: "over 5,500 peacekeepers have taken part ..."."""
    if not words or front and not words:
        return None
    # the span was removed, so the clause now opens with the counted noun phrase
    if words[0][0].isupper() and words[0].lower() in _PRONOUNS:
        return None
    for v, word in enumerate(words[:8]):
        if word.lower() in _AUX and v > 0:
            return _compose(front, "How many", words)
    return None

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
from quiz.extract.finders import Span

__all__ = ["BLANK", "make_prompt", "cloze", "base_form"]

BLANK = "_____"

_AUX = frozenset("was were is are has have had will would can could should may might must".split())
_PRONOUNS = frozenset("it this these those they that which he she we our its their there such".split())
_IRREGULAR = {
    "began": "begin",
    "became": "become",
    "brought": "bring",
    "bought": "buy",
    "built": "build",
    "came": "come",
    "chose": "choose",
    "did": "do",
    "drew": "draw",
    "fell": "fall",
    "fought": "fight",
    "found": "find",
    "gave": "give",
    "got": "get",
    "grew": "grow",
    "held": "hold",
    "kept": "keep",
    "knew": "know",
    "laid": "lay",
    "led": "lead",
    "left": "leave",
    "lost": "lose",
    "made": "make",
    "meant": "mean",
    "met": "meet",
    "paid": "pay",
    "put": "put",
    "ran": "run",
    "rose": "rise",
    "said": "say",
    "saw": "see",
    "sent": "send",
    "set": "set",
    "shut": "shut",
    "sold": "sell",
    "spent": "spend",
    "stood": "stand",
    "struck": "strike",
    "swore": "swear",
    "took": "take",
    "told": "tell",
    "thought": "think",
    "went": "go",
    "won": "win",
    "wrote": "write",
    "withdrew": "withdraw",
}
_KEEP_E = re.compile(
    r"(?:[^aeiou][aeiou](?:[cgsvz]|[^aeiouwxy])|[cgsvz]|[aeiou]{2}[cgsvz]|(?:[bcdfgkpt])l|u|[^aeiou]r[cgsv]|ng|ast)$"
)
_PREPOSITION = re.compile(r"(?:\b(?:on|in|since|from|by|until|through|during|as of|before|after|of|to|at)\s+)$", re.I)
_FRONT = re.compile(r"^(?:In|On|Since|From|Through|During|By|After|Before|Following|As of|Until)\b[^,]{0,80},\s+")
_CUT = re.compile(
    r",\s+(?:which|who|but|as well as|while|whereas|including|following|and it|and its|and helped)\b.*$"
    r"|;.*$|\s+\u2013\s.*$|\s+--\s.*$|\s+and\s+(?:[\w-]+\s+){0,4}[a-z]+ed$"
)
_PAST = re.compile(r"^[a-z]{3,}ed$")
_PARTICIPLES = frozenset(
    "spent taken given made held built paid sent sold met led kept won begun become been done "
    "gone seen grown known written brought bought found set put".split()
)
_NOT_VERBS = frozenset("red bed need speed seed feed breed united based related armed limited interested".split())


def base_form(verb: str) -> str:
    """Return the base form of a simple past verb ("signed" -> "sign").

    Args:
        verb: A past-tense verb in lower case.

    Returns:
        Its base form, by a table of irregular verbs and spelling rules.
    """
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb.endswith("ied"):
        return verb[:-3] + "y"
    stem = verb[:-2]
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        return stem[:-1]  # committed -> commit
    if stem.endswith(("op", "en", "er", "on", "it", "et", "al", "ol", "ow", "ew", "ay", "ey", "oy")):
        return stem  # developed -> develop, visited -> visit
    if _KEEP_E.search(stem) and not stem.endswith(("ss", "sh", "ch", "ll", "rd", "nd", "st", "rm", "rn", "wn", "lp")):
        return stem + "e"  # raised -> raise, celebrated -> celebrate
    return stem


def _question_word(span: Span, preposition: str) -> str:
    preposition = preposition.strip().lower()
    if span.kind == "money":
        return "How much"
    if span.kind == "percent":
        return "To what percentage" if preposition == "to" else "What percentage"
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


def cloze(sentence: str, span: Span, context: str = "") -> str:
    """A fill-in-the-blank prompt: the sentence with the fact replaced by a blank.

    Args:
        sentence: The sentence holding the fact.
        span: The fact.
        context: The sentence before, shown first when this one opens with a pronoun.

    Returns:
        The prompt text.
    """
    body = sentence[: span.start] + BLANK + sentence[span.end :]
    lead = f"{context} " if context else ""
    return f"Fill in the blank: {lead}{body.strip()}"


def make_prompt(sentence: str, span: Span, *, context: str = "", others: tuple[Span, ...] = ()) -> str:
    """Make the prompt for one fact of a sentence.

    Args:
        sentence: The sentence holding the fact.
        span: The fact to ask about.
        context: The sentence before this one, used when this one opens with a
            pronoun.
        others: The other fact spans of the sentence.

    Returns:
        A question ending in "?", or a fill-in-the-blank prompt.
    """
    try:
        question = _wh_question(sentence, span, others)
    except _NoQuestion:
        question = None
    if question is not None:
        return question
    first = sentence.split(None, 1)[0].lower() if sentence.strip() else ""
    return cloze(sentence, span, context if first in _PRONOUNS else "")


_MARK = "\u2038"  # where the fact stood; a cut that removes it loses the question's point


def _wh_question(sentence: str, span: Span, others: tuple[Span, ...] = ()) -> str | None:
    if span.kind not in ("date", "money", "number") or len(sentence) > 320:
        return None
    before, after = sentence[: span.start], sentence[span.end :]
    if before.rstrip().endswith("(") or re.match(r"\s*\)", after):
        return None  # a figure in parentheses belongs to a list
    tail = before[before.rfind(",") + 1 :] if "," in before else ""
    if re.match(r"\s*(?:a|an)\s", tail):
        return None  # inside an appositive ("..., a level previously targeted for 2030")
    preposition = ""
    if span.kind == "date":
        if m := _PREPOSITION.search(before):
            preposition, before = m.group(), before[: m.start()]
        elif re.match(r"\s*\w", after) or before.rstrip().endswith(("'s", "its", "the")):
            return None  # a year used as a modifier ("its 2014 seizure")
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
    elif m := re.match(r"^[A-Z][a-z]+ing\b[^,]{0,80},\s+", clause):
        front, clause = m.group().rstrip(" ,"), clause[m.end() :]
    if _MARK in front:
        front = _tidy(front.replace(_MARK, ""))
        if len(front.split()) < 2:
            front = ""
    if m := re.match(r"^When\s+([^,]+),", clause):
        clause = m.group(1)  # "When NATO membership took effect, ..." asks about the when-clause
    clause = _CUT.sub("", clause)
    clause = re.sub(r"\s+and\s+(?:a|an|the)\s.*$", "", clause) if _MARK in clause.split(" and ")[0] else clause
    if _MARK not in clause and _MARK not in sentence:
        return None
    if _MARK not in clause and span.kind != "date" and not front:
        return None
    clause = _tidy(clause.replace(_MARK, " "))
    if any(o.kind == span.kind and o is not span and o.text in clause for o in others):
        return None  # two facts of a kind left in the question: only a blank keeps them apart
    verb_at_target = before.split()[-1].lower() if before.split() else ""
    words = clause.split()
    if span.kind == "number":
        return _count_question(words, span, front)
    for v, word in enumerate(words[:16]):
        low = word.lower()
        if v == 0:
            continue
        if low in _AUX:
            follower = words[v + 1].lower() if v + 1 < len(words) else ""
            if low in ("has", "have", "had") and not (
                _PAST.match(follower)
                or follower in _PARTICIPLES
                or follower.endswith("ly")
                or follower in ("been", "also")
            ):
                return None
            if low in ("is", "are") and span.kind == "date":
                return None
            rest = words[v + 1 :]
            return _compose(front, _question_word(span, preposition), [word.lower(), *_subject(words[:v]), *rest])
        if (_PAST.match(low) or low in _IRREGULAR) and low not in _NOT_VERBS:
            if words[v - 1].lower() in ("the", "a", "an", "its", "their", "of", "and", "to", "newly", "not"):
                continue
            if words[v - 1].lower() == "never":
                return None
            rest = words[v + 1 :]
            for k, later in enumerate(rest[:14] if low == verb_at_target else []):
                if (
                    (_PAST.match(later) or later in _IRREGULAR)
                    and later not in _NOT_VERBS
                    and k > 0
                    and rest[k - 1].lower() not in ("and", "to", "the", "a", "an", "its")
                    and not rest[k - 1].endswith(",")
                ):
                    # "The Charter ... signed on <date> in Washington played a key role": a participle
                    return _compose(
                        front, _question_word(span, preposition), ["was", *_subject(words[:v]), low, *rest[:k]]
                    )
            return _compose(
                front, _question_word(span, preposition), ["did", *_subject(words[:v]), base_form(low), *rest]
            )
    return None


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

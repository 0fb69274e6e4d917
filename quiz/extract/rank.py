"""Rank candidate questions and keep the ones a teacher would keep.

:func:`select` drops a candidate whose prompt cannot stand alone (a dangling
reference, more than 40 words), gives its own answer away (the answer or its
acronym in the prompt, a year the prompt's arithmetic yields: "the 25th
anniversary of the 1989 ..." for 2014) or states what another question asks
for. Facts of one sentence are siblings, studied on different days, so they
may name each other; across sentences a prompt that states another
question's number, date or name is rewritten without it when the fact sits in
a removable time phrase, and dropped otherwise. Of the candidates for one
fact the best prompt is kept, and at most a few per sentence of a paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from quiz.answers import DateValue, Money, Quantity, normalize_text
from quiz.extract.clean import dangling

if TYPE_CHECKING:
    from quiz.extract.facts import Fact

__all__ = ["MAX_PROMPT_WORDS", "flaw", "implied_values", "select", "states_answer"]

MAX_PROMPT_WORDS = 40
_PER_SENTENCE = 16
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_ORDINAL = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\s+anniversary\b|\b(\d{1,3})[- ]years?\b", re.I)
_YEARS = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_GENERIC = frozenset(
    "agreement agreements program programme treaty charter memorandum roadmap pledge dialogue initiative accord "
    "convention pact protocol declaration compact framework understanding commission fund act strategy approach "
    "exercise operation plan of and on for the between in to a an u.s us united states title section partnership "
    "cooperation security defense military foreign national international joint strategic assistance".split()
)


_FISCAL = re.compile(r"\b(?:FY|[Ff]iscal [Yy]ear)\s?(\d{4})\b(?!\s*(?:-|\u2013|through|to)\s*(?:FY\s?)?\d)")
_RANGE = re.compile(r"\b(\d{4})\s*(?:-|\u2013|through|to)\s*(?:FY\s?)?(\d{2,4})\b")


def _numbers(text: str) -> set[str]:
    """The numbers a text states; a range of years is one token ("2017-2022")."""
    tokens = set()
    for match in _RANGE.finditer(text):
        end = match.group(2)
        tokens.add(f"{match.group(1)}-{match.group(1)[: 4 - len(end)]}{end}")
    tokens.update(f"FY{m.group(1)}" for m in _FISCAL.finditer(text))
    text = _RANGE.sub(" ", text)
    tokens.update(m.group().replace(",", "").rstrip(".") for m in _NUMBER.finditer(text))
    return tokens


def answer_tokens(fact: Fact) -> set[str]:
    """The numbers a prompt would have to show to state this fact's answer."""
    value = fact.value
    if isinstance(value, DateValue):
        if value.end:
            return {f"{value.year}-{value.end}"}
        return {f"FY{value.year}"} if value.fiscal else {str(value.year)}
    if isinstance(value, (Money, Quantity)):
        return _numbers(fact.answer)
    return set()


def states_answer(prompt: str, fact: Fact) -> bool:
    """Tell whether a prompt states a fact's answer (its numbers, or a name in full).

    Args:
        prompt: A question's prompt.
        fact: Another fact.

    Returns:
        True if a learner reading the prompt reads the fact's answer.
    """
    if fact.kind in ("agreement", "name"):
        return f" {normalize_text(fact.answer)} " in f" {normalize_text(prompt)} "
    tokens = answer_tokens(fact)
    return bool(tokens) and tokens <= _numbers(prompt)


def implied_values(prompt: str) -> set[int]:
    """Years a prompt's own arithmetic gives: a year plus or minus an "Nth anniversary" or "N years".

    Args:
        prompt: A question's prompt.

    Returns:
        The years reachable that way.
    """
    years = [int(y) for y in _YEARS.findall(prompt)]
    spans = [int(m.group(1) or m.group(2)) for m in _ORDINAL.finditer(prompt)]
    return {y + s * d for y in years for s in spans for d in (1, -1)}


def _distinctive(name: str) -> set[str]:
    return {w for w in normalize_text(name.replace("-", " ")).split() if w not in _GENERIC and len(w) > 2}


def flaw(fact: Fact) -> str | None:
    """Say what makes a candidate question junk on its face.

    Args:
        fact: A candidate.

    Returns:
        The reason, or None when the candidate may be kept.
    """
    prompt = fact.prompt
    if len(prompt.split()) > MAX_PROMPT_WORDS:
        return "too long"
    if word := dangling(prompt):
        return f"dangling reference: {word}"
    asked = prompt.removeprefix("Fill in the blank: ")
    if fact.kind in ("agreement", "name"):
        if any(a and re.search(rf"\b{re.escape(a)}\b", asked) for a in fact.accept):
            return "the prompt shows the acronym"
        if normalize_text(fact.answer) in normalize_text(asked):
            return "the prompt states the answer"
        words = _distinctive(fact.answer)
        if len(words) >= 2 and words <= _distinctive(asked):
            return "the prompt holds the answer's words"
        return None
    if states_answer(asked, fact):
        return "the prompt states the answer"
    if fact.kind == "number" and (listed := re.search(r"(?:_{5}|^How many\b)[^:]*:\s*(?P<items>[^.;?]+)", asked)):
        items = re.split(r",\s+(?:and\s+)?|\s+and\s+", listed["items"])
        if isinstance(fact.value, Quantity) and fact.value.value == len(items):
            return "the prompt lists what it counts"  # "_____ major treaties emerged: A, B, and C"
    if fact.kind == "number" and (word := re.fullmatch(r"(?:\w+ )*?([a-z]+)", fact.answer.lower())):
        if re.search(rf"(?<![\w]){word.group(1)}(?![\w])", asked.lower()) and not word.group(1).isdigit():
            return "the prompt states the answer"  # "all _____ signatories" of the Five-Power Treaty
    if isinstance(fact.value, DateValue) and fact.value.year in implied_values(asked):
        return "the prompt's arithmetic gives the year"
    return None


def _hints(fact: Fact) -> bool:
    """Tell whether a name question's prompt holds the answer's distinctive words ("Baltic-wide"
    beside the U.S.-Baltic Dialogue): fine to type, but a choice would point at it."""
    if fact.kind not in ("agreement", "name"):
        return False
    words = _distinctive(fact.answer)
    return bool(words) and words <= _distinctive(fact.prompt.removeprefix("Fill in the blank: "))


def _score(fact: Fact) -> float:
    score = fact.score - 0.05 * len(fact.prompt.split())
    if not fact.prompt.startswith("Fill in the blank"):
        score += 3.0
    return score


_TIME_PHRASE = (
    r"(?:^(?:In|Since|From|Through|By|As of|During|Until)\s+[^,?]*?\b{token}\b[^,?]*,\s+)"
    r"|(?:,?\s+(?:in|since|from|by|during|as of|until|through)\s+(?:the\s+)?(?:fiscal year\s+|FY\s?)?"
    r"[^,?]{{0,12}}\b{token}\b(?:\s*(?:-|\u2013|through|to)\s*(?:FY\s?)?\d{{2,4}})?(?=[,?.]|\s+[a-z]))"
)


def _without(prompt: str, tokens: set[str]) -> str | None:
    """The prompt without the time phrase that holds these numbers, if it has one."""
    for token in tokens:
        pattern = _time_phrase(token)
        match = pattern.search(prompt)
        if not match:
            return None
        rewritten = (prompt[: match.start()] + (" " if match.start() else "") + prompt[match.end() :]).strip()
        rewritten = " ".join(rewritten.split()).replace(" ?", "?").replace(" ,", ",")
        if match.start() == 0:
            rewritten = rewritten[0].upper() + rewritten[1:]
        prompt = rewritten
    if len(prompt.split()) < 5 or any(t in _numbers(prompt) for t in tokens):
        return None
    return prompt


@lru_cache(maxsize=4096)
def _time_phrase(token: str) -> re.Pattern[str]:
    return re.compile(_TIME_PHRASE.format(token=re.escape(token)))


def select(candidates: Sequence[Fact]) -> list[Fact]:
    """Keep the best candidates: no junk on its face, no answer given away.

    Args:
        candidates: Candidate facts of one document, in document order.

    Returns:
        The facts kept, in document order.
    """
    best: dict[tuple[str, str, str], tuple[float, int, Fact]] = {}
    for index, fact in enumerate(candidates):
        if flaw(fact):
            continue
        if fact.choice and _hints(fact):
            fact = replace(fact, choice=False)  # a choice would point at the answer: short answer only
        key = (fact.group, fact.kind, fact.answer)
        score = _score(fact)
        if key not in best or score > best[key][0]:
            best[key] = (score, index, fact)
    accepted: list[tuple[int, Fact]] = []
    answered: dict[str, set[str]] = {}  # number token -> groups of accepted facts answering it
    stated: dict[str, set[str]] = {}  # number token -> groups of accepted prompts stating it
    per_group: dict[str, int] = {}
    prompts: set[str] = set()
    ordered = sorted(best.values(), key=lambda t: (-t[0], t[1]))
    dated_names = sorted(
        {f.answer for f in candidates if f.kind in ("agreement", "name") and any(c.isdigit() for c in f.answer)},
        key=len,
        reverse=True,
    )

    def numbers_of(prompt: str) -> set[str]:
        for name in dated_names:  # "the ... Appropriations Act, FY2015": a year inside a name states no date
            prompt = prompt.replace(name, " ")
        return _numbers(prompt)

    for _, index, fact in ordered:
        if per_group.get(fact.group, 0) >= _PER_SENTENCE:
            continue
        if fact.prompt in prompts:
            continue  # the same prompt with another answer: a learner could not tell which is meant
        prompt = fact.prompt
        numbers = numbers_of(prompt)
        clash = {t for t in numbers if t in answered}
        if fact.kind in ("agreement", "name"):
            clash = {t for t in clash if answered[t] - {fact.group}}  # "the 2006 _____" beside its year question
        if clash:
            rewritten = _without(prompt, clash)
            if rewritten is None:
                continue
            fact, prompt, numbers = replace(fact, prompt=rewritten), rewritten, numbers_of(rewritten)
        own = answer_tokens(fact)
        if own and set.intersection(*(stated.get(t, set()) for t in own)):
            continue  # an accepted prompt already states this answer
        accepted.append((index, fact))
        prompts.add(prompt)
        per_group[fact.group] = per_group.get(fact.group, 0) + 1
        for token in own:
            answered.setdefault(token, set()).add(fact.group)
        for token in numbers:
            stated.setdefault(token, set()).add(fact.group)
    kept = [fact for _, fact in sorted(accepted, key=lambda t: t[0])]
    return _acronyms_only(kept)


_STANDS_FOR = re.compile(r"^What does (?:the acronym )?(?P<acr>\S+) stand for")


def _acronyms_only(facts: list[Fact]) -> list[Fact]:
    """Where a question asks what an acronym stands for, write the acronym alone in every other
    prompt: "Foreign Military Financing (FMF)" there would give that answer away."""
    swaps = []
    for fact in facts:
        if (m := _STANDS_FOR.match(fact.prompt)) and isinstance(fact.value, str):
            acronym, name = m["acr"], fact.value
            forms = (
                {name: acronym}
                if fact.answer == name
                else {name: f"{acronym} {name.split()[-1]}", fact.answer: acronym}
            )
            for form, short in forms.items():  # the full name first: "Logistics, ... Services Agreement"
                swaps.append((re.compile(rf"{re.escape(form)}(?:\s*\({re.escape(acronym)}\))?"), short, fact))
    if not swaps:
        return facts
    out = []
    for fact in facts:
        prompt = fact.prompt
        for pattern, short, asker in swaps:
            if asker is not fact:
                prompt = pattern.sub(short, prompt)
        out.append(fact if prompt == fact.prompt else replace(fact, prompt=prompt))
    return out

"""Document text to facts: what a careful reader would want to remember.

A :class:`Fact` is one answer (a date, an amount, a name) with the prompt that
asks for it, the sentence it came from and where that sentence stands in the
document. :func:`extract_facts` is the entry point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from quiz.answers import DateValue, Quantity, format_date, format_number, format_percent
from quiz.extract.finders import Span, find_spans
from quiz.extract.prompts import BLANK, cloze, make_prompt
from quiz.extract.text import split_paragraphs, split_sentences

__all__ = ["Fact", "extract_facts", "answer_text"]


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing worth knowing, with the prompt that asks for it.

    Attributes:
        kind: The bank kind: date, money, percent, number, agreement or name.
        answer: The answer as the bank shows it ("July 28, 1922",
            "more than $100 million", "Defense Cooperation Agreement").
        prompt: A question (or fill-in-the-blank) that names what the fact
            is about, so that only this answer fits.
        subject: What the fact is about: the sentence with the answer blanked.
        document: File name of the source document.
        paragraph: 1-based paragraph number in that document.
        value: The parsed answer (DateValue, Money, Quantity) or the name.
        sentence: The source sentence, for the author's review.
        accept: Other answers to accept (e.g. the acronym of a name).
        sources: Every (document, paragraph) stating the fact, first is own.
    """

    kind: str
    answer: str
    prompt: str
    subject: str
    document: str
    paragraph: int
    value: object
    sentence: str = ""
    accept: tuple[str, ...] = ()
    sources: tuple[tuple[str, int], ...] = field(default=())


_GLUED = re.compile(r"\b([Tt]he)(?=U\.?S\.?\b)")
_PARTIES = re.compile(r"^(?P<who>.+?)\s+(?:have|has|signed|concluded)\s+(?:the following|these|several)\b")


def answer_text(span: Span) -> str:
    """The answer for a span as the bank should show it.

    Dates are written in one canonical style; amounts and percentages keep
    their qualifier ("more than", "nearly") because it is part of the fact.

    Args:
        span: A fact span.

    Returns:
        The answer text.
    """
    value = span.value
    if isinstance(value, DateValue):
        return format_date(value, "fy" if value.fiscal and value.precision == "range" else "long")
    if isinstance(value, Quantity) and span.kind == "percent":
        qualifier = span.text[: span.text.find(next(c for c in span.text if c.isdigit()))]
        return f"{qualifier}{format_percent(value, 'word')}"
    if isinstance(value, Quantity):
        qualifier = span.text[: span.text.find(next(c for c in span.text if c.isdigit()))]
        return f"{qualifier}{format_number(value)}"
    return " ".join(span.text.split())


def _blanked(sentence: str, span: Span) -> str:
    return " ".join((sentence[: span.start] + BLANK + sentence[span.end :]).split())


def extract_facts(text: str, *, document: str) -> list[Fact]:
    """Find the facts of a plain-text document.

    Dates at every precision, money, percentages, counts that a sentence
    makes a fact of, and the names of agreements, programs and acronymed
    bodies, each with a standalone prompt. An agreement name that no other
    prompt mentions gets a fill-in-the-blank of its own. Page furniture is
    skipped.

    Args:
        text: The document.
        document: Its file name, cited as the source.

    Returns:
        The facts in document order.
    """
    facts: list[Fact] = []
    unnamed: list[tuple[str, Span, str, int]] = []
    bodies: dict[str, set[str]] = {}
    for paragraph in split_paragraphs(text):
        previous = ""
        for sentence in split_sentences(_GLUED.sub(r"\1 ", paragraph.text)):
            spans = find_spans(sentence)
            for match in _BODY_NAME.finditer(sentence):
                name = match.group().removeprefix("The ")
                bodies.setdefault(name.rsplit(None, 1)[-1].lower(), set()).add(name)
            facts.extend(
                _named(fact, bodies) for fact in _sentence_facts(sentence, spans, previous, document, paragraph.number)
            )
            context = previous if sentence.split(None, 1)[0].lower() in _PRONOUN_OPENERS else ""
            unnamed.extend(
                (sentence, s, context, paragraph.number) for s in spans if s.kind == "agreement" and not s.acronym
            )
            previous = sentence
    asked = " ".join(f.prompt for f in facts).lower()
    for sentence, span, context, number in unnamed:
        name = str(span.value)
        if name.lower() not in asked:
            asked += " " + name.lower()
            facts.append(
                Fact(
                    "agreement",
                    name,
                    cloze(sentence, span, context),
                    _blanked(sentence, span),
                    document,
                    number,
                    name,
                    sentence,
                    (),
                    ((document, number),),
                )
            )
    return facts


_PRONOUN_OPENERS = frozenset({"it", "this", "these", "they", "together"})
_BODY_NAME = re.compile(r"\b(?:[A-Z][\w'-]+ ){1,4}[A-Z][a-z]+\b")
_THE_NOUN = re.compile(r"\bthe ([a-z]+)\b")


def _named(fact: Fact, bodies: dict[str, set[str]]) -> Fact:
    """Say which body "the commission" is when the document has named exactly one
    ("the River Commission"), so the prompt stands alone."""
    for match in _THE_NOUN.finditer(fact.prompt):
        names = bodies.get(match.group(1), set())
        if len(names) == 1:
            (name,) = names
            if name.lower() not in fact.prompt.lower():
                prompt = f"{fact.prompt[: match.start()]}the {name}{fact.prompt[match.end() :]}"
                return replace(fact, prompt=prompt)
    return fact


def _sentence_facts(sentence: str, spans: list[Span], previous: str, document: str, paragraph: int) -> list[Fact]:
    names = [s for s in spans if s.kind in ("agreement", "name")]
    name_years = {n.year_span for n in names if n.year_span and sentence[n.year_span[0] - 1 : n.year_span[0]] == "("}
    facts = []

    def add(kind: str, answer: str, prompt: str, span: Span, value: object, accept: tuple[str, ...] = ()) -> None:
        facts.append(
            Fact(
                kind,
                answer,
                prompt,
                _blanked(sentence, span),
                document,
                paragraph,
                value,
                sentence,
                accept,
                ((document, paragraph),),
            )
        )

    for span in spans:
        if span.kind in ("agreement", "name"):
            if span.acronym:
                add(span.kind, str(span.value), f"What does the acronym {span.acronym} stand for?", span, span.value)
                if span.year and span.year_span in name_years:
                    add("date", str(span.year), _year_prompt(sentence, span), span, DateValue("year", span.year))
            elif span.year and span.year_span and sentence[span.year_span[0] - 1 : span.year_span[0]] == "(":
                add("date", str(span.year), _year_prompt(sentence, span), span, DateValue("year", span.year))
            continue
        if (span.start, span.end) in name_years:
            continue
        answer = answer_text(span)
        prompt = make_prompt(sentence, span, context=previous, others=tuple(spans))
        add(span.kind, answer, prompt, span, span.value)
    return facts


def _year_prompt(sentence: str, span: Span) -> str:
    name = str(span.value)
    label = span.text if "(" in span.text else f"{name} ({span.acronym})" if span.acronym else name
    intro = sentence.split(":", 1)[0] if ":" in sentence else ""
    if m := _PARTIES.match(intro):
        who = m["who"]
        return f"In what year did {who[0].lower() + who[1:] if who.startswith('The ') else who} conclude the {label}?"
    if name.startswith(str(span.year)):
        return cloze(sentence, Span("date", *span.year_span, str(span.year), DateValue("year", span.year)))
    return f"In what year was the {label} concluded?"

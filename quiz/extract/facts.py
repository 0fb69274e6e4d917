"""Document text to facts: what a careful reader would want to remember.

A :class:`Fact` is one answer (a date, an amount, a name) with the prompt that
asks for it, the sentence it came from and where that sentence stands in the
document. :func:`extract_facts` is the entry point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lemminflect import getLemma

from quiz.answers import DateValue, Quantity, format_date, format_number, format_percent
from quiz.extract.clean import clean_sentence, document_context, named_subject
from quiz.extract.finders import Span, find_spans
from quiz.extract.names import is_household
from quiz.extract.prompts import BLANK, cloze, make_prompt
from quiz.extract.rank import select
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
        group: The sentence it comes from: facts of one sentence are siblings.
        category: For names, what the name is of ("agreement", "program").
        choice: False when a choice question would show the answer (a
            question asking what an acronym stands for).
        score: How good the prompt is, for ranking (higher is better).
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
    group: str = ""
    category: str = ""
    choice: bool = True
    score: float = 0.0


_GLUED = re.compile(r"\b([Tt]he)(?=U\.?S\.?\b)")


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
    if not any(c.isdigit() for c in span.text):
        return " ".join(span.text.split())  # "three percent", "five-year"
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
    makes a fact of, and the names of agreements, programs, dialogues,
    authorities and other things a learner studies, each with a prompt that
    stands alone: list markers and openers stripped, "we" and "the two sides"
    resolved (:mod:`quiz.extract.clean`), the clause holding the fact kept.
    Candidates are then ranked and filtered (:func:`quiz.extract.rank.select`):
    no prompt gives away its own answer or another question's. Page furniture
    is skipped.

    Args:
        text: The document.
        document: Its file name, cited as the source.

    Returns:
        The facts in document order.
    """
    context = document_context(text)
    candidates: list[Fact] = []
    for paragraph in split_paragraphs(text):
        for item_number, item in enumerate(paragraph.items):
            for sentence_number, raw in enumerate(split_sentences(_GLUED.sub(r"\1 ", item))):
                sentence = clean_sentence(raw, context)
                spans = find_spans(sentence)
                group = f"{document}#{paragraph.number}.{item_number}.{sentence_number}"
                candidates.extend(_sentence_facts(sentence, spans, raw, document, paragraph.number, group))
                context.subject = named_subject(sentence)
                for match in _BODY_NAME.finditer(sentence):
                    context.remember_name(match.group().removeprefix("The "))
                for span in spans:
                    if span.kind in ("agreement", "name"):
                        context.remember_name(str(span.value))
                    elif isinstance(span.value, DateValue) and span.value.precision in ("year", "month", "day"):
                        context.last_year = span.value.year
    return select(candidates)


_BODY_NAME = re.compile(r"\b(?:[A-Z][\w'-]+ ){1,4}[A-Z][a-z]+\b")
_INTRO = re.compile(
    r"^(?P<who>.+?)\s+(?:have|has|signed|concluded)\s+(?:the following|these|several)\s+(?P<what>[\w -]*?)\s*:"
)


def _sentence_facts(
    sentence: str, spans: list[Span], raw: str, document: str, paragraph: int, group: str
) -> list[Fact]:
    names = [s for s in spans if s.kind in ("agreement", "name")]
    name_years = {n.year_span for n in names if n.year_span and sentence[n.year_span[0] - 1 : n.year_span[0]] == "("}
    intro = _INTRO.match(sentence)
    facts = []

    def add(kind: str, answer: str, prompt: str | None, span: Span, value: object, **extra: object) -> None:
        if prompt:
            facts.append(
                Fact(
                    kind,
                    answer,
                    prompt,
                    _blanked(sentence, span),
                    document,
                    paragraph,
                    value,
                    raw,
                    tuple(extra.get("accept", ())),  # type: ignore[arg-type]
                    ((document, paragraph),),
                    group=group,
                    category=span.category,
                    choice=bool(extra.get("choice", True)),
                    score=float(extra.get("score", 0.0)),  # type: ignore[arg-type]
                )
            )

    for span in spans:
        if span.kind in ("agreement", "name"):
            name = str(span.value)
            if is_household(name, span.acronym):
                continue
            accept = (span.acronym,) if span.acronym else ()
            if span.year and span.year_span in name_years:
                add("date", str(span.year), _year_prompt(sentence, span), span, DateValue("year", span.year))
            if intro and span.year and span.year_span in name_years:
                what = _singular(intro["what"] or "agreement")
                who = intro["who"]
                who = who[0].lower() + who[1:] if who.startswith("The ") else who
                prompt = f"Which {what} did {who} conclude in {span.year}?"
                add(span.kind, name, prompt, span, name, accept=accept, score=2.0)
                continue
            prompt = make_prompt(sentence, span, others=tuple(spans)) if span.category else None
            if prompt:
                add(span.kind, name, prompt, span, name, accept=accept, score=1.0)
            elif span.acronym:
                add(span.kind, name, f"What does the acronym {span.acronym} stand for?", span, name, choice=False)
            continue
        if (span.start, span.end) in name_years:
            continue
        add(span.kind, answer_text(span), make_prompt(sentence, span, others=tuple(spans)), span, span.value)
    return facts


def _singular(noun_phrase: str) -> str:
    words = noun_phrase.split()
    if words and words[-1].endswith("s"):
        words[-1] = getLemma(words[-1], upos="NOUN")[0]
    return " ".join(words)


def _year_prompt(sentence: str, span: Span) -> str | None:
    name = str(span.value)
    label = name
    if m := _INTRO.match(sentence):
        who = m["who"]
        return f"In what year did {who[0].lower() + who[1:] if who.startswith('The ') else who} conclude the {label}?"
    if name.startswith(str(span.year)):
        return cloze(sentence, Span("date", *span.year_span, str(span.year), DateValue("year", span.year)))
    return f"In what year was the {label} concluded?"

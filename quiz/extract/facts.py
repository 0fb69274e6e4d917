"""Document text to facts: what a careful reader would want to remember.

A :class:`Fact` is one answer (a date, an amount, a name) with the prompt that
asks for it, the sentence it came from and where that sentence stands in the
document. :func:`extract_facts` is the entry point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quiz.answers import DateValue, Quantity, acronym_matches, format_date, format_number, format_percent
from quiz.extract.clean import Context, clean_sentence, dangling, describe, document_context, named_subject
from quiz.extract.finders import Span, find_spans
from quiz.extract.grammar import noun_lemma, verb_form
from quiz.extract.mentions import plain
from quiz.extract.names import is_household
from quiz.extract.prompts import BLANK, FILL_IN, MAX_CLOZE_WORDS, cloze, make_prompt
from quiz.extract.rank import select
from quiz.extract.text import split_paragraphs, split_sentences

__all__ = ["Fact", "Sentence", "answer_text", "extract_facts", "find_facts"]


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


_DURATION_WORD = re.compile(r"-(?:year|month|week|day)s?\b")
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
    if isinstance(value, DateValue) and value.precision in ("month", "day") and not any(c.isdigit() for c in span.text):
        return format_date(value, "long")  # "in March": read in the year the document last named
    if not any(c.isdigit() for c in span.text) or _DURATION_WORD.search(span.text):
        return " ".join(span.text.split())  # "three percent", "five-year", "10-year"
    if isinstance(value, DateValue) and value.precision == "range" and not value.fiscal:
        return f"{value.year}-{value.end}"  # "between 1921 and 1922", "for 2018 to 2020"
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


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document with the fact spans found in it (:func:`find_facts`).

    Attributes:
        document: File name of the document.
        paragraph: 1-based paragraph number.
        group: The sentence's id ("doc#paragraph.item.sentence").
        raw: The sentence as written.
        text: The sentence made to stand alone (:func:`clean_sentence`).
        spans: The dates, amounts, counts and names in ``text``.
        label: A bullet's bold lead-in ("Maritime Law Enforcement Assistance"), if any.
        previous: The sentence before it in the same item, if any.
    """

    document: str
    paragraph: int
    group: str
    raw: str
    text: str
    spans: tuple[Span, ...]
    label: str | None = None
    previous: Sentence | None = None


def find_facts(text: str, *, document: str) -> list[Sentence]:
    """Find where the facts of a document are: the cheap first half of :func:`extract_facts`.

    Splits paragraphs and sentences, sets page furniture aside, resolves the
    references a fact depends on ("the same year", "since February") and runs
    the finders. No question is written here.

    Args:
        text: The document.
        document: Its file name.

    Returns:
        Every sentence holding at least one fact, in document order.
    """
    context = document_context(text)
    found: list[Sentence] = []
    lead_in: str | None = None  # "..., the MCC differs ... from past U.S. aid practices:" before its list
    for paragraph in split_paragraphs(text):
        for item_number, item in enumerate(paragraph.items):
            previous: Sentence | None = None
            if lead_in and (m := _CONTINUED_ITEM.fullmatch(item)):
                item = f"{lead_in}: {m['body']}."  # one item of the list, read with the sentence that opens it
            elif len(item.split(None, 13)) < 14 and _CONTINUED_ITEM.fullmatch(item):  # under 14 words
                continue  # a short item whose list has no opening sentence to read it with: a fragment
            elif item.strip():
                m = _LEAD_IN.fullmatch(split_sentences(item)[-1]) if item.endswith(":") else None
                lead_in = f"{m['lead'][0].upper()}{m['lead'][1:]}" if m else None
            if "heU" in item:
                item = _GLUED.sub(r"\1 ", item)  # "theU.S." -> "the U.S."
            for sentence_number, raw in enumerate(split_sentences(item)):
                label = _LABEL.match(raw) if sentence_number == 0 else None
                sentence = clean_sentence(raw[label.end() :] if label else raw, context)
                if previous and sentence.startswith(("His ", "Her ")):
                    sentence = _possessor(sentence, previous.text)
                spans = find_spans(sentence, context.latest_year)
                pieces = (_split_giving(sentence, spans) or _split_where(sentence, spans)) if ", " in sentence else None
                for piece_number, piece in enumerate(pieces or [sentence]):
                    if pieces:
                        spans = find_spans(piece, context.latest_year)
                    group = f"{document}#{paragraph.number}.{item_number}.{sentence_number}"
                    here = Sentence(
                        document,
                        paragraph.number,
                        group + (f"+{piece_number}" if piece_number else ""),
                        raw,
                        piece,
                        tuple(spans),
                        label["label"] if label and _NAMED_LABEL.search(label["label"]) and not piece_number else None,
                        previous,
                    )
                    if spans or here.label:
                        found.append(here)
                    previous = here
                    _remember(context, piece, spans)
    return found


_LEAD_IN = re.compile(r"(?:[A-Z][a-z]+ed (?:in|on|by) [^,]{1,30},\s+)?(?P<lead>[A-Za-z][^:;]{10,120}):")
"""A sentence that opens a list of noun phrases ("Established in 2004, the MCC differs in several respects
from past and current U.S. aid practices:"), without a dated opener (asked on its own)."""
_CONTINUED_ITEM = re.compile(r"(?P<body>[a-z][^:]{10,160}?)(?:;| and|; and|; or|\.)?")


_GIVING = re.compile(r",\s+(?P<verb>providing|giving|granting|allocating|appropriating)\s+(?=[a-z])")


def _split_giving(sentence: str, spans: list[Span]) -> list[str] | None:
    """Split off a participle clause that says what a named act or agreement gave ("..., the
    Consolidated and Continuing Appropriations Act, FY2015, providing the MCC with $899.5 million
    in FY2015, ..."): "The Consolidated ... FY2015 provided the MCC with $899.5 million in
    FY2015, ...". Each part then holds fewer facts, and its questions have the name to stand on.
    None when the clause does not follow a name."""
    match = _GIVING.search(sentence)
    if not match:
        return None
    before = sentence[: match.start()].rstrip()
    name = next(
        (s for s in spans if s.kind in ("agreement", "name") and s.end == len(before) and s.category in _GIVERS),
        None,
    )
    if name is None or not any(s.kind in ("money", "percent", "number") and s.start > match.end() for s in spans):
        return None
    verb = match["verb"]
    past = _PAST[verb]
    return [f"{before}.", f"The {name.value} {past} {sentence[match.end() :]}"]


_WHERE = re.compile(
    r"\b(?P<prep>at|in|during|as part of|to)\s+(?P<place>the\s+(?:[a-z]+\s+)?[A-Z][^,;]*?(?:,\s+[A-Z][A-Za-z.]*)?)"
    r",\s+where\s+(?P<pro>he|she|they)\s+(?P<rest>(?:also\s+)?[a-z]+ed\b.*)$"
)
_ACTOR = re.compile(
    r"^(?:(?:In|On|During|By|At)\s+[^,]{1,40},\s+)?(?P<who>(?:the\s+)?(?:[A-Z][\w.'\u2019-]*\s+){1,5}?)(?=[a-z]+ed\b)"
)


def _split_where(sentence: str, spans: list[Span]) -> list[str] | None:
    """Split off a clause that says what the subject did at a place or event ("..., as part of the
    U.S.-ASEAN Special Summit in Washington, DC, where she launched $60 million worth of ..."): "At
    the U.S.-ASEAN Special Summit in Washington, DC, Vice President Kamala Harris launched $60
    million worth of ...". None unless the clause holds an amount and the sentence opens with a
    named actor its pronoun can stand for."""
    if "where" not in sentence:
        return None
    match = _WHERE.search(sentence)
    actor = _ACTOR.match(sentence)
    if (
        not match
        or not actor
        or not any(s.kind in ("money", "percent", "number") and s.start > match.start("rest") for s in spans)
    ):
        return None
    who = actor["who"].strip()
    if (match["pro"] == "they") != (who.endswith("s") and not who.split()[-1][:1].isupper()):
        return None  # "she" for a person named in the singular; "they" for a plural body
    before = sentence[: match.end("place")].rstrip()
    return [f"{before}.", f"At {match['place']}, {who[0].upper()}{who[1:]} {match['rest']}"]


_GIVERS = frozenset({"act", "law", "agreement", "treaty", "compact", "program", "initiative", "fund"})
_PAST = {
    "providing": "provided",
    "giving": "gave",
    "granting": "granted",
    "allocating": "allocated",
    "appropriating": "appropriated",
}


_POSSESSOR = re.compile(
    r"(?P<who>(?:[A-Z][a-z]+\.? ){1,3}[A-Z][a-z]+)['\u2019]s\s+(?:[\w-]+\s+){0,3}?(?P<noun>[a-z]+)\b"
)


def _possessor(sentence: str, previous: str) -> str:
    """ "His visit affirmed ..." after "... Secretary Pompeo's July 2018 visit to Vietnam.": whose visit."""
    noun = sentence.split()[1]
    for match in _POSSESSOR.finditer(previous):
        if match["noun"] == noun:
            return f"{match['who']}'s {sentence[len(sentence.split()[0]) + 1 :]}"
    return sentence


def _remember(context: Context, sentence: str, spans: list[Span]) -> None:
    """Note what a sentence tells later ones: its subject, the names it gives, its years."""
    context.subject = named_subject(sentence)
    context.described = describe(sentence)
    if ("the " in sentence or "The " in sentence) and _BODY_NAME_HINT.search(sentence):
        for match in _BODY_NAME.finditer(sentence):
            context.remember_name(match.group().removeprefix("The "))
    context.recent = [_mention(sentence, s) for s in spans if s.kind in ("agreement", "name")]
    for span in spans:
        if span.kind in ("agreement", "name"):
            context.remember_name(str(span.value))
        elif isinstance(span.value, DateValue) and span.value.precision in ("year", "month", "day"):
            context.last_year = span.value.year
            if not _TARGET.search(sentence, max(0, span.start - 12), span.start):
                context.latest_year = max(context.latest_year or 0, span.value.year)


_PART_OF = re.compile(r"\b(?:[a-z]+\s+)?(?P<noun>[a-z]{4,})\s+of\s+(?:a|an|the)\s+$")


def _mention(sentence: str, span: Span) -> str:
    """How a later "This ..." would name what a sentence spoke of: the name, or the part of it the
    sentence was about ("the basic framework of a SALT II agreement": "framework of the SALT II
    agreement")."""
    name = str(span.value)
    if sentence.find("of", 0, span.start) != -1 and (part := _PART_OF.search(sentence, 0, span.start)):
        return f"{part['noun']} of the {name}"
    return name


def extract_facts(text: str, *, document: str) -> list[Fact]:
    """Find the facts of a plain-text document and write the question for each.

    Dates at every precision, money, percentages, counts that a sentence
    makes a fact of, and the names of agreements, programs, dialogues,
    authorities and other things a learner studies (:func:`find_facts`), each
    with a prompt that stands alone: list markers and openers stripped, "we"
    and "the two sides" resolved (:mod:`quiz.extract.clean`), the clause
    holding the fact kept and the other facts taken out of it. Candidates are
    then ranked and filtered (:func:`quiz.extract.rank.select`): no prompt
    gives away its own answer or another question's. Page furniture is skipped.

    Args:
        text: The document.
        document: Its file name, cited as the source.

    Returns:
        The facts in document order.
    """
    candidates: list[Fact] = []
    for here in find_facts(text, document=document):
        before = here.previous
        previous = plain(before.text, before.spans) if before and not dangling(before.text) else None
        spans = list(here.spans)
        candidates.extend(_sentence_facts(here.text, spans, here.raw, document, here.paragraph, here.group, previous))
        if here.label:
            candidates.extend(_label_fact(here.label, here.text, spans, here.raw, document, here.paragraph, here.group))
    return select(candidates)


_DATES_NAME = re.compile(r"(?:\(|\b[Tt]he |\bof |[\w.]-[a-z]+ )$")
"""What stands just before a year that dates a name: "... Agreement (2017)", "the 2006 St. Andrews
Agreement", "the Anglo-Japanese Treaty of 1902"."""
_TARGET = re.compile(r"\b(?:for|by|until|through|to|before)\s+(?:the\s+)?(?:end of\s+)?$")
_BODY_NAME = re.compile(r"[A-Z](?<!\w[A-Z])[\w'-]+ (?:[A-Z][\w'-]+ ){0,3}[A-Z][a-z]+\b")
"""Two to five capitalized words in a row, the first at the start of a word: "(?<!\\w[A-Z])" after its
capital is "\\b" before it, written so that re can skip ahead to the next capital fast."""
_BODY_NAME_HINT = re.compile(r"[A-Z][\w'-]+ [A-Z]")
"""Two capitalized words in a row, which every :data:`_BODY_NAME` holds: a fast test before it."""
_INTRO = re.compile(
    r"^(?P<who>.+?)\s+(?:have|has|signed|concluded)\s+(?:the following|these|several)\s+(?P<what>[\w -]*?)\s*:"
)


_LABEL = re.compile(
    r"^(?P<label>[A-Z][\w'\u2019/-]*(?:\s+(?:[A-Z0-9][\w'\u2019/-]*|of|for|and|the|in|on|to|with)){1,9}):\s+(?=[A-Z])"
)
_NAMED_LABEL = re.compile(
    r"^(?![A-Z][a-z]+ing\b).*\b(?:Assistance|System|Program|Programme|Initiative|Fund|Partnership|Agreement|"
    r"Dialogue|Exercise|Plan|Strategy|Framework|Compact|Act|Mission|Project|Center|Facility)$"
)


def _label_fact(
    label: str, sentence: str, spans: list[Span], raw: str, document: str, paragraph: int, group: str
) -> list[Fact]:
    """A fact sheet bullet led by its initiative's name in bold ("Maritime Law Enforcement
    Assistance: The United States will provide ..."): ask for the name from what follows."""
    lead = "Under the initiative called "
    body = sentence[0].lower() + sentence[1:] if sentence.split()[0] in ("The", "A", "An") else sentence
    text = f"{lead}{label}, {body}"
    if len(text.split()) > MAX_CLOZE_WORDS:
        return []
    name = Span("name", len(lead), len(lead) + len(label), label, label, category="initiative")
    shift = len(lead) + len(label) + 2 - (0)
    moved = [Span(o.kind, o.start + shift, o.end + shift, o.text, o.value) for o in spans]
    prompt = make_prompt(text, name, others=tuple(moved))
    if not prompt:
        return []
    return [
        Fact(
            "name",
            label,
            prompt,
            prompt,
            document,
            paragraph,
            label,
            raw,
            (),
            ((document, paragraph),),
            group=group,
            category="initiative",
            score=1.0,
        )
    ]


def _sentence_facts(
    sentence: str, spans: list[Span], raw: str, document: str, paragraph: int, group: str, previous: str | None
) -> list[Fact]:
    names = [s for s in spans if s.kind in ("agreement", "name")]
    name_years = {n.year_span for n in names if n.year_span and _DATES_NAME.search(sentence, 0, n.year_span[0])}
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

    dated = [n for n in names if n.year and n.year_span in name_years and not is_household(str(n.value), n.acronym)]
    for span in spans:
        if span.kind in ("agreement", "name"):
            name = str(span.value)
            if is_household(name, span.acronym):
                continue
            if any(n.value == span.value and n.start < span.start for n in names):
                continue  # named again ("... under that program" made "under the Fulbright program"): asked once
            accept = (span.acronym,) if span.acronym else ()
            if span.year and span.year_span in name_years:
                add("date", str(span.year), _year_prompt(sentence, span), span, DateValue("year", span.year))
            if intro and span in dated:
                what = _singular(intro["what"] or "agreement")
                who = intro["who"]
                who = who[0].lower() + who[1:] if who.startswith("The ") else who
                prompt = _list_item_prompt(span, dated, what, who)
                if prompt:
                    add(span.kind, name, prompt, span, name, accept=accept, score=2.0)
                elif span.acronym:
                    add(span.kind, *_swap(acronym_question(name, span.acronym)), span, name, choice=False)
                continue
            prompt = (
                _dated_list_prompt(sentence, span, [n for n in names if n.year_span in name_years])
                if span.year_span in name_years
                else None
            )
            if not prompt and span.category:
                prompt = make_prompt(sentence, span, others=tuple(spans), previous=previous)
            if not prompt and span.category:
                prompt = _relative_prompt(sentence, span, names)
            if prompt:
                add(span.kind, name, prompt, span, name, accept=accept, score=1.0)
            elif span.acronym:
                add(span.kind, *_swap(acronym_question(name, span.acronym)), span, name, choice=False)
            continue
        if (span.start, span.end) in name_years:
            continue
        if span.kind == "date" and any(n.start < span.start and span.end <= n.end for n in names):
            continue  # "the ... Appropriations Act, FY2015": a year that is part of a name is asked with the name
        add(
            span.kind,
            answer_text(span),
            _difference_prompt(sentence, span, spans)
            or make_prompt(sentence, span, others=tuple(spans), previous=previous),
            span,
            span.value,
            choice=not isinstance(span.value, str),  # a ratio ("5:5:3") has no same-kind distractors
        )
    return facts


_BETWEEN = re.compile(r"(?P<when>\s+in\s+[^,;]{1,24}?)?,\s+$")
_COMPARED = re.compile(r"\s+(?P<cmp>more|less|higher|lower)\s+than\s+(?P<what>the\s+[^,;.]{2,40}?)\s*[.;]?$")


def _difference_prompt(sentence: str, span: Span, spans: list[Span]) -> str | None:
    """A difference given as an aside to an amount ("... provided the MCC with $899.5 million in
    FY2015, $1.3 million more than the FY2014 level."): ask the difference with what it is measured
    against, and without the amount it is measured from, and the year before the base's named as such: "...
    provided the MCC with _____ more than the previous fiscal year's level." None for any other span."""
    if span.kind not in ("money", "percent", "number") or not (compared := _COMPARED.match(sentence, span.end)):
        return None
    base = next((s for s in spans if s.kind == span.kind and s.end <= span.start), None)
    between = _BETWEEN.fullmatch(sentence, base.end, span.start) if base else None
    if base is None or between is None or any(base.end <= s.start < span.start for s in spans if s.kind != "date"):
        return None
    head = sentence[: base.start].rstrip()
    if len(head.split()) < 4 or head.split()[0].lower() in _PRONOUN_STARTS:
        return None
    what = compared["what"]
    year = re.search(r"\b(FY\s?|fiscal year\s)?(\d{4})\b", between["when"] or "")
    if year and (
        earlier := re.fullmatch(rf"the (?:FY\s?|fiscal year )?{int(year[2]) - 1} (?P<noun>level|total|amount)", what)
    ):
        what = f"the previous {'fiscal ' if year[1] else ''}year's {earlier['noun']}"  # no year for another to ask
    text = f"{head} {BLANK} {compared['cmp']} than {what}."  # the base's time stays with the base
    return f"{FILL_IN}{text}" if len(text.split()) <= MAX_CLOZE_WORDS else None


def acronym_question(name: str, acronym: str) -> tuple[str, str]:
    """The question asking what an acronym stands for, and its answer: the words the letters
    abbreviate ("What does LSS stand for in the name of the LSS Agreement?" for the
    Logistics, Supplies, and Services (LSS) Agreement).

    Args:
        name: The full name.
        acronym: Its acronym.

    Returns:
        (prompt, answer).
    """
    words = name.split()
    if not acronym_matches(acronym, name) and len(words) > 2 and acronym_matches(acronym, " ".join(words[:-1])):
        return f"What does {acronym} stand for in the name of the {acronym} {words[-1]}?", " ".join(words[:-1])
    return f"What does the acronym {acronym} stand for?", name


def _swap(pair: tuple[str, str]) -> tuple[str, str]:
    return pair[1], pair[0]


def _list_item_prompt(span: Span, dated: list[Span], what: str, who: str) -> str | None:
    """The question for one name of a dated list ("a Defense Cooperation Agreement (2017); a
    Security Cooperation Roadmap (2019), ..."), told apart from the others without stating its
    year, which a question of its own asks: by its category when no other item shares it
    ("Which roadmap ...?"), or as the first or the most recent of the list; None otherwise."""
    verb = "conclude"
    if sum(1 for n in dated if n.category == span.category) == 1 and span.category and span.category != what:
        return f"Which {span.category} did {who} {verb}?"
    years = sorted(n.year or 0 for n in dated)
    if len(dated) >= 3 and span.year == years[0] and years[1] > years[0]:
        return f"Which {what} did {who} {verb} first?"
    if len(dated) >= 3 and span.year == years[-1] and years[-2] < years[-1]:
        return f"Which {what} did {who} {verb} most recently?"
    if sum(1 for n in dated if n.category == span.category) == 1 and span.category:
        return f"Which {span.category} did {who} {verb}?"
    return None


_LIST_LEAD = re.compile(r"(?:\b(?:the|its|their)\s+(?:[\w.]+-[a-z]+\s+)?)$")


def _dated_list_prompt(sentence: str, span: Span, dated: list[Span]) -> str | None:
    """The question for one name of a list of names each led by its year ("the 1998 Belfast
    Agreement, the 2006 St. Andrews Agreement, and the 2015 Fresh Start Agreement"): the
    sentence up to the list, with this name's own year kept to tell it from the others
    ("... the implementation of the 2006 _____."). None when two names share a year, when the
    sentence goes on after the list, or when the prompt would be too long."""
    if len(dated) < 2 or sum(1 for n in dated if n.year == span.year) > 1:
        return None
    first = min(dated, key=lambda n: n.start)
    last = max(dated, key=lambda n: n.end)
    if not first.year_span or sentence[last.end :].strip(" .") or first.year_span[0] > first.start:
        return None
    lead = _LIST_LEAD.search(sentence, 0, first.year_span[0])
    if not lead:
        return None
    head = sentence[: lead.start()].rstrip()
    text = f"{head} the {span.year} {BLANK}."
    if len(text.split()) > MAX_CLOZE_WORDS or len(head.split()) < 4 or head.split()[0].lower() in _PRONOUN_STARTS:
        return None
    return FILL_IN + text[0].upper() + text[1:]


_WHICH = re.compile(r"(?:\s+(?:status|program|process|system))?,\s+which\s+(?P<verb>[a-z]+)\s")


def _relative_prompt(sentence: str, span: Span, names: list[Span]) -> str | None:
    """The question for a name that a relative clause describes ("the inclusion of Article XIX,
    which recognized the status quo of ... but outlawed their expansion, created ..."): "Which
    article of the Five-Power Treaty recognized the status quo of ... but outlawed their
    expansion?". The clause runs to the comma before the main verb, or to the end."""
    match = _WHICH.match(sentence, span.end)
    if not match or not (form := verb_form(match["verb"])) or form[1] not in ("VBD", "VBZ"):
        return None
    rest = sentence[match.start("verb") :].rstrip(". ")
    for comma in re.finditer(r",\s+(?P<word>[a-z]+)\b", rest):
        next_form = verb_form(comma["word"])
        if next_form and next_form[1] in ("VBD", "VBZ") and comma["word"] not in ("and", "but"):
            rest = rest[: comma.start()]
            break
    owner = next((n for n in names if n.end <= span.start and n.kind == "agreement" and n is not span), None)
    of = f" of the {owner.value}" if owner and span.category in ("article", "section", "chapter") else ""
    question = f"Which {span.category}{of} {rest}?"
    if dangling(question) or not 5 <= len(question.split()) <= MAX_CLOZE_WORDS:
        return None
    return question


_PRONOUN_STARTS = frozenset("it this these they that those he she we".split())


def _singular(noun_phrase: str) -> str:
    words = noun_phrase.split()
    if words and words[-1].endswith("s"):
        words[-1] = noun_lemma(words[-1])
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

"""Several documents to one draft deck: merge facts, report conflicts, write YAML.

The same fact in two documents becomes one fact citing both; two documents
that give different answers to the same question are reported as a
:class:`Conflict` and both facts are kept, so an author decides.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import yaml
from rapidfuzz import fuzz, process

from quiz.answers import DateValue, is_correct
from quiz.extract.facts import Fact, extract_facts
from quiz.extract.questions import name_pool, questions_for, slug
from quiz.extract.text import split_paragraphs

__all__ = ["Conflict", "Draft", "draft_deck", "merge_facts"]

_QUESTION_WORDS = re.compile(
    r"^(?:fill in the blank:|on what date|in what month and year|in what (?:fiscal )?year|in what decade|"
    r"since when|until when|over which (?:fiscal )?years|how much|how many)\s*",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two documents answering the same question differently.

    Attributes:
        prompt: The question both facts answer.
        answers: (answer, document, paragraph) for each side.
    """

    prompt: str
    answers: tuple[tuple[str, str, int], ...]


@dataclass(slots=True)
class Draft:
    """A draft deck made from documents.

    Attributes:
        deck_id: The deck id for the bank.
        title: The deck title.
        facts: Facts after merging, in document order.
        questions: Bank question mappings, two siblings per fact.
        conflicts: Disagreements between documents.
        skipped_lines: (document, paragraph, line) set aside as page furniture.
    """

    deck_id: str
    title: str
    facts: list[Fact] = field(default_factory=list)
    questions: list[dict[str, object]] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    skipped_lines: list[tuple[str, int, str]] = field(default_factory=list)

    def summary(self) -> str:
        """A few lines for a person: facts by kind, questions, furniture, conflicts."""
        kinds = Counter(f.kind for f in self.facts)
        lines = [
            f"facts: {len(self.facts)} (" + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) + ")",
            f"questions written: {len(self.questions)}",
            f"lines skipped as furniture: {len(self.skipped_lines)}",
            f"conflicts between documents: {len(self.conflicts)}",
        ]
        for conflict in self.conflicts:
            sides = "; ".join(f"{a!r} in {d} paragraph {p}" for a, d, p in conflict.answers)
            lines.append(f"  conflict: {conflict.prompt} -> {sides}")
        return "\n".join(lines)

    def to_yaml(self) -> str:
        """The deck in the bank's YAML format, loadable with ``yaml.safe_load``."""
        header = "# Draft deck written by `bank extract`; review every question before shipping it.\n"
        body = {"deck": {"id": self.deck_id, "title": self.title}, "questions": self.questions}
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: same output, faster
        return header + yaml.dump(body, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


def _topic(fact: Fact) -> str:
    return _QUESTION_WORDS.sub("", fact.prompt.lower()).rstrip("?")


def _coarser(a: Fact, b: Fact) -> tuple[Fact, Fact]:
    rank = {"decade": 0, "year": 1, "range": 1, "month": 2, "day": 3}
    pa = rank[a.value.precision] if isinstance(a.value, DateValue) else 0
    pb = rank[b.value.precision] if isinstance(b.value, DateValue) else 0
    return (a, b) if pa <= pb else (b, a)


def merge_facts(facts: Sequence[Fact]) -> tuple[list[Fact], list[Conflict]]:
    """Merge facts that ask the same thing; report those that disagree.

    Two facts ask the same thing when they come from different documents, are
    of one kind and their prompts, without the question words, are
    near-identical (rapidfuzz token-sort ratio of at least 90). A date stated at
    two precisions that agree is kept at the finer one.

    Args:
        facts: Facts from one or more documents.

    Returns:
        The merged facts and the conflicts found.
    """
    merged: list[Fact] = []
    topics: list[str] = []
    conflicts: list[Conflict] = []
    index: dict[tuple[str, str], set[int]] = {}  # (kind, document) -> merged facts citing it
    for fact in facts:
        topic = _topic(fact)
        candidates: dict[int, str] = {}
        if len(topic.split()) >= 4:
            own = index.get((fact.kind, fact.document), set())
            for (kind, _), members in index.items():
                if kind == fact.kind:
                    candidates.update((i, topics[i]) for i in members - own)
        matches = (
            process.extract(topic, candidates, scorer=fuzz.token_sort_ratio, score_cutoff=90, limit=None)
            if candidates
            else []
        )
        for _, _, i in sorted(matches, key=lambda m: m[2]):
            seen = merged[i]
            coarse, fine = _coarser(seen, fact)
            if is_correct(fine.answer, coarse.answer, fact.kind):
                merged[i] = replace(fine, sources=tuple(dict.fromkeys(seen.sources + fact.sources)))
                topics[i] = _topic(merged[i])
                index.setdefault((fact.kind, fact.document), set()).add(i)
                break
            conflicts.append(
                Conflict(
                    seen.prompt,
                    ((seen.answer, seen.document, seen.paragraph), (fact.answer, fact.document, fact.paragraph)),
                )
            )
        else:
            merged.append(fact)
            topics.append(topic)
            index.setdefault((fact.kind, fact.document), set()).add(len(merged) - 1)
    return merged, conflicts


def draft_deck(documents: Sequence[tuple[str, str]], *, deck_id: str, title: str) -> Draft:
    """Extract facts from documents and write them up as a draft deck.

    Args:
        documents: (file name, text) pairs.
        deck_id: The deck id; question ids start with it.
        title: The deck title.

    Returns:
        The draft with questions, conflicts and skipped furniture lines.
    """
    draft = Draft(deck_id, title)
    facts: list[Fact] = []
    for name, text in documents:
        facts.extend(extract_facts(text, document=name))
        for paragraph in split_paragraphs(text):
            draft.skipped_lines.extend((name, paragraph.number, line) for line in paragraph.skipped)
    draft.facts, draft.conflicts = merge_facts(facts)
    names = name_pool(draft.facts)
    used: set[str] = set()
    counts: Counter[str] = Counter()
    siblings: dict[str, str] = {}
    for fact in draft.facts:
        base = f"{deck_id}-{slug(fact.prompt)}" if deck_id else slug(fact.prompt)
        key = base
        while key in used:
            counts[base] += 1
            key = f"{base}-{counts[base] + 1}"
        used.add(key)
        sibling = siblings.setdefault(fact.group, key) if fact.group else key
        draft.questions.extend(questions_for(fact, key, names, sibling=sibling))
    return draft

"""Measure the extractor against hand answer keys and hand labels.

For one document, :func:`evaluate_document` drafts its questions the way
``bank extract`` does and reports: recall by kind of key item (an item counts
when some question has it, or an accepted form, as its answer and cites its
paragraph), the junk rate by the hand labels, the questions no label covers
yet, and prompt lengths. :func:`summarize` adds results up and
:func:`shortfalls` compares them with :class:`Targets`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from quiz.answers import is_correct
from quiz.extract.corpus import KEY_KINDS, KeyItem, Label
from quiz.extract.deck import draft_deck

__all__ = ["DocumentResult", "Question", "Targets", "evaluate_document", "format_table", "shortfalls", "summarize"]

_FAMILY = {"date": ("date",), "amount": ("money", "percent", "number"), "name": ("agreement", "name")}


@dataclass(frozen=True, slots=True)
class Targets:
    """The quality a corpus must reach.

    Attributes:
        recall: Least share of key items found, by kind.
        junk: Largest share of labelled questions labelled junk.
        max_words: Longest prompt allowed, in words.
    """

    recall: Mapping[str, float] = field(default_factory=lambda: {"date": 0.95, "amount": 0.95, "name": 0.90})
    junk: float = 0.05
    max_words: int = 40


@dataclass(frozen=True, slots=True)
class Question:
    """A distinct question of a draft: one prompt and answer (siblings share them).

    Attributes:
        prompt: The prompt.
        answer: The answer.
        kind: The bank kind.
        paragraphs: The paragraphs of this document it cites.
    """

    prompt: str
    answer: str
    kind: str
    paragraphs: tuple[int, ...]

    @property
    def words(self) -> int:
        """The prompt's length in words."""
        return len(self.prompt.split())


@dataclass(slots=True)
class DocumentResult:
    """What the extractor did on one document (or, summed, on several).

    Attributes:
        name: The document's name in the corpus.
        found: Key items found, by kind.
        total: Key items, by kind.
        missed: Key items no question answers.
        questions: The distinct questions written.
        junk: Questions labelled junk, with the label.
        good: How many questions are labelled good.
        unlabelled: Questions no label covers (or labelled "?").
        stale: Labels that match no question written now.
    """

    name: str
    found: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KEY_KINDS, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KEY_KINDS, 0))
    missed: list[KeyItem] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    junk: list[tuple[Question, Label]] = field(default_factory=list)
    good: int = 0
    unlabelled: list[Question] = field(default_factory=list)
    stale: list[Label] = field(default_factory=list)

    def recall(self, kind: str) -> float | None:
        """Share of the kind's key items found; None when the key has none."""
        return self.found[kind] / self.total[kind] if self.total[kind] else None

    @property
    def labelled(self) -> int:
        """Questions with a good or junk label."""
        return self.good + len(self.junk)

    @property
    def junk_rate(self) -> float | None:
        """Share of labelled questions labelled junk; None when none is labelled."""
        return len(self.junk) / self.labelled if self.labelled else None

    @property
    def max_words(self) -> int:
        """The longest prompt, in words."""
        return max((q.words for q in self.questions), default=0)


def _questions(document: str, text: str) -> list[Question]:
    draft = draft_deck([(document, text)], deck_id="", title="")
    seen: dict[tuple[str, str], Question] = {}
    for raw in draft.questions:
        prompt, answer = str(raw["prompt"]), str(raw.get("answer", ""))
        sources = raw.get("source") or []
        sources = sources if isinstance(sources, list) else [sources]
        paragraphs = tuple(int(s["paragraph"]) for s in sources if s.get("document") == document)
        seen.setdefault((prompt, answer), Question(prompt, answer, str(raw.get("kind", "other")), paragraphs))
    return list(seen.values())


def _answers(question: Question, item: KeyItem) -> bool:
    if question.kind not in _FAMILY[item.kind] or item.paragraph not in question.paragraphs:
        return False
    for expected in (item.answer, *item.accept):
        if is_correct(question.answer, expected, question.kind):
            return True
        if item.kind == "name" and is_correct(expected, question.answer, question.kind):
            return True  # "Visa Waiver Program" for a question answering "Visa Waiver Program (VWP)"
    return False


def evaluate_document(
    name: str, document: str, text: str, items: Sequence[KeyItem], labels: Mapping[tuple[str, str], Label]
) -> DocumentResult:
    """Draft one document's questions and measure them.

    Args:
        name: The document's name in the corpus, for the report.
        document: Its file name (what questions cite).
        text: Its text.
        items: Its answer key.
        labels: Hand labels by (prompt, answer).

    Returns:
        The measurements.
    """
    result = DocumentResult(name)
    result.questions = _questions(document, text)
    for item in items:
        result.total[item.kind] += 1
        if any(_answers(q, item) for q in result.questions):
            result.found[item.kind] += 1
        else:
            result.missed.append(item)
    for question in result.questions:
        label = labels.get((question.prompt, question.answer))
        if label is None or label.label == "?":
            result.unlabelled.append(question)
        elif label.label == "junk":
            result.junk.append((question, label))
        else:
            result.good += 1
    asked = {(q.prompt, q.answer) for q in result.questions}
    result.stale = [label for key, label in labels.items() if key not in asked]
    return result


def summarize(name: str, results: Iterable[DocumentResult]) -> DocumentResult:
    """Add several documents' results up.

    Args:
        name: The total's name ("total", "seeds").
        results: The results to add.

    Returns:
        One result holding every list and count of the others.
    """
    total = DocumentResult(name)
    for result in results:
        for kind in KEY_KINDS:
            total.found[kind] += result.found[kind]
            total.total[kind] += result.total[kind]
        total.missed.extend(result.missed)
        total.questions.extend(result.questions)
        total.junk.extend(result.junk)
        total.good += result.good
        total.unlabelled.extend(result.unlabelled)
        total.stale.extend(result.stale)
    return total


def shortfalls(result: DocumentResult, targets: Targets) -> list[str]:
    """Say where a result falls short of the targets.

    Args:
        result: Usually a total.
        targets: The targets.

    Returns:
        One sentence per target missed; empty when all are met.
    """
    problems = []
    for kind in KEY_KINDS:
        recall = result.recall(kind)
        if recall is not None and recall < targets.recall[kind]:
            problems.append(f"{result.name}: {kind} recall {recall:.1%} is below {targets.recall[kind]:.0%}")
    if result.junk_rate is not None and result.junk_rate > targets.junk:
        problems.append(f"{result.name}: junk {result.junk_rate:.1%} is above {targets.junk:.0%}")
    long = [q for q in result.questions if q.words > targets.max_words]
    if long:
        problems.append(f"{result.name}: {len(long)} prompt(s) over {targets.max_words} words")
    if result.unlabelled:
        problems.append(f"{result.name}: {len(result.unlabelled)} question(s) without a label")
    return problems


def _cell(found: int, total: int) -> str:
    return f"{found}/{total} {found / total:>4.0%}" if total else "-"


def format_table(rows: Sequence[DocumentResult]) -> str:
    """The per-document table ``bank evaluate`` prints.

    Args:
        rows: Results, documents then totals.

    Returns:
        Aligned text, one line per result.
    """
    head = ("document", "dates", "amounts", "names", "questions", "junk", "unlabelled", "max words")
    lines = [head]
    for r in rows:
        junk = f"{len(r.junk)}/{r.labelled} {r.junk_rate:>4.0%}" if r.junk_rate is not None else "-"
        lines.append(
            (
                r.name,
                _cell(r.found["date"], r.total["date"]),
                _cell(r.found["amount"], r.total["amount"]),
                _cell(r.found["name"], r.total["name"]),
                str(len(r.questions)),
                junk,
                str(len(r.unlabelled)),
                str(r.max_words),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    return "\n".join(
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        )
        for line in lines
    )

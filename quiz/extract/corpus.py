"""An evaluation corpus on disk: documents, hand answer keys and hand labels.

A corpus folder holds, for each document, ``<slug>.key.yaml`` (the answer key)
beside ``<slug>.labels.yaml`` (a teacher's verdict on every question the
extractor wrote). The key names its document: ``document: <slug>.txt``
relative to the key, or ``documents_dir: shared-seeds`` for the two seed
documents, which live in the shared seeds folder outside the repository.

Pure Python: reads and writes plain files, no Flask and no database.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

__all__ = [
    "KEY_KINDS",
    "LABELS",
    "Case",
    "CorpusError",
    "KeyItem",
    "Label",
    "find_seeds_dir",
    "load_corpus",
    "write_labels",
]

KEY_KINDS: tuple[str, ...] = ("date", "amount", "name")
"""The kinds of key item: dates, amounts (money, percentages, counts) and names."""
LABELS: tuple[str, ...] = ("good", "junk", "?")
"""A label's verdicts; "?" marks an entry written for a teacher to fill in."""
SEEDS_ENV = "QUIZ_SEEDS_DIR"
_SHARED_SEEDS = "shared-seeds"


class CorpusError(Exception):
    """A key or labels file that cannot be used, with the file named."""


@dataclass(frozen=True, slots=True)
class KeyItem:
    """One thing a key says the extractor should ask about.

    Attributes:
        kind: "date", "amount" or "name".
        answer: The answer as the key writes it.
        accept: Other forms that count as the same answer.
        paragraph: The 1-based paragraph that states it.
        note: The key author's note.
    """

    kind: str
    answer: str
    paragraph: int
    accept: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class Label:
    """A teacher's verdict on one question, keyed by its prompt and answer.

    Attributes:
        prompt: The question's prompt, exactly as the extractor wrote it.
        answer: The question's answer.
        label: "good", "junk" or "?" (not judged yet).
        reason: Why a question is junk.
        paragraph: The paragraph the question cites, for the reader's sake.
    """

    prompt: str
    answer: str
    label: str
    reason: str = ""
    paragraph: int | None = None


@dataclass(slots=True)
class Case:
    """One document of the corpus with its key and labels.

    Attributes:
        name: The key's path relative to the corpus folder, without
            ``.key.yaml`` ("seeds/001_bc627bcb90f32704").
        group: The top-level folder it sits in ("" for the corpus itself).
        document: The document's path.
        key_path: The key file.
        labels_path: The labels file beside the key (may not exist yet).
        items: The key's items.
        labels: The labels by (prompt, answer).
    """

    name: str
    group: str
    document: Path
    key_path: Path
    labels_path: Path
    items: list[KeyItem] = field(default_factory=list)
    labels: dict[tuple[str, str], Label] = field(default_factory=dict)

    def text(self) -> str:
        """The document's text (UTF-8, a byte-order mark dropped)."""
        return self.document.read_text(encoding="utf-8-sig")


def find_seeds_dir(start: Path, override: str | os.PathLike[str] | None = None) -> Path | None:
    """Find the shared seeds folder.

    Args:
        start: A folder inside the checkout (the corpus folder).
        override: A folder given by option; else ``$QUIZ_SEEDS_DIR``; else the
            nearest ``shared/seeds`` beside the checkout or above it (a
            clone has ``../shared`` beside it; a worktree may sit deeper).

    Returns:
        The folder, or None when there is none.
    """
    chosen = override or os.environ.get(SEEDS_ENV)
    if chosen:
        return Path(chosen)
    for parent in start.resolve().parents:
        if (parent / "shared" / "seeds").is_dir():
            return parent / "shared" / "seeds"
    return None


def _load_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise CorpusError(f"{path}: {error}") from error


def _items(path: Path, data: dict[str, object]) -> list[KeyItem]:
    items = []
    raw = data.get("items") or []
    if not isinstance(raw, list):
        raise CorpusError(f"{path}: 'items' must be a list")
    for number, entry in enumerate(raw, 1):
        if not isinstance(entry, dict):
            raise CorpusError(f"{path}: item {number} is not a mapping")
        kind, answer, paragraph = entry.get("kind"), entry.get("answer"), entry.get("paragraph")
        if kind not in KEY_KINDS:
            raise CorpusError(f"{path}: item {number}: kind must be one of {', '.join(KEY_KINDS)}, not {kind!r}")
        if answer is None or not isinstance(paragraph, int) or paragraph < 1:
            raise CorpusError(f"{path}: item {number}: needs an answer and a paragraph number from 1")
        accept = entry.get("accept") or []
        items.append(KeyItem(kind, str(answer), paragraph, tuple(str(a) for a in accept), str(entry.get("note") or "")))
    return items


def _labels(path: Path) -> dict[tuple[str, str], Label]:
    if not path.exists():
        return {}
    data = _load_yaml(path) or {}
    raw = data.get("labels") if isinstance(data, dict) else None
    if raw is None:
        return {}
    if not isinstance(raw, list):
        raise CorpusError(f"{path}: 'labels' must be a list")
    labels = {}
    for number, entry in enumerate(raw, 1):
        if not isinstance(entry, dict) or "prompt" not in entry or "answer" not in entry:
            raise CorpusError(f"{path}: label {number} needs a prompt and an answer")
        verdict = str(entry.get("label", "?"))
        if verdict not in LABELS:
            raise CorpusError(f"{path}: label {number}: must be good, junk or ?, not {verdict!r}")
        reason = str(entry.get("reason") or "")
        if verdict == "junk" and not reason:
            raise CorpusError(f"{path}: label {number}: a junk label needs a reason")
        label = Label(str(entry["prompt"]), str(entry["answer"]), verdict, reason, entry.get("paragraph"))
        labels[(label.prompt, label.answer)] = label
    return labels


def load_corpus(folder: Path, *, seeds_dir: Path | None = None) -> list[Case]:
    """Read every key under a corpus folder, subfolders included.

    Args:
        folder: The corpus folder.
        seeds_dir: Where documents of keys saying ``documents_dir:
            shared-seeds`` live (see :func:`find_seeds_dir`).

    Returns:
        The cases, sorted by name.

    Raises:
        CorpusError: A key that is malformed or whose document is missing.
    """
    cases = []
    for key_path in sorted(folder.rglob("*.key.yaml")):
        data = _load_yaml(key_path)
        if not isinstance(data, dict) or not data.get("document"):
            raise CorpusError(f"{key_path}: a key needs a 'document'")
        if data.get("documents_dir") == _SHARED_SEEDS:
            if seeds_dir is None:
                raise CorpusError(
                    f"{key_path}: its document is in the shared seeds folder, which was not found; "
                    f"give --seeds-dir or set {SEEDS_ENV}"
                )
            document = seeds_dir / str(data["document"])
        else:
            document = key_path.parent / str(data["document"])
        if not document.is_file():
            raise CorpusError(f"{key_path}: document {document} not found")
        relative = key_path.relative_to(folder)
        name = str(relative)[: -len(".key.yaml")]
        labels_path = key_path.with_name(key_path.name[: -len(".key.yaml")] + ".labels.yaml")
        cases.append(
            Case(
                name=name,
                group=relative.parts[0] if len(relative.parts) > 1 else "",
                document=document,
                key_path=key_path,
                labels_path=labels_path,
                items=_items(key_path, data),
                labels=_labels(labels_path),
            )
        )
    return cases


def write_labels(case: Case, new: Iterable[Label], *, keep: set[tuple[str, str]] | None = None) -> int:
    """Add labels to a case's labels file, keeping the ones it has.

    Args:
        case: The case; its ``labels`` are updated too.
        new: Labels to add (usually with ``label: "?"`` for a teacher to fill).
        keep: When given, only existing labels with these keys are kept
            (drops labels of questions the extractor no longer writes).

    Returns:
        How many labels were added.
    """
    labels = {k: v for k, v in case.labels.items() if keep is None or k in keep}
    added = 0
    for label in new:
        if (label.prompt, label.answer) not in labels:
            labels[(label.prompt, label.answer)] = label
            added += 1
    entries = []
    for label in labels.values():
        entry: dict[str, object] = {"prompt": label.prompt, "answer": label.answer}
        if label.paragraph is not None:
            entry["paragraph"] = label.paragraph
        entry["label"] = label.label
        if label.reason:
            entry["reason"] = label.reason
        entries.append(entry)
    header = (
        f"# Hand labels for the questions `bank extract` writes on {case.document.name}.\n"
        '# label: good | junk (junk needs a reason); `bank evaluate --write-missing-labels` adds "?" entries.\n'
    )
    body = {"document": case.document.name, "labels": entries}
    case.labels_path.write_text(
        header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8"
    )
    case.labels = labels
    return added

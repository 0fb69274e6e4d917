"""Validate bank files and turn them into :mod:`quiz.bank.model` values.

Every problem is collected, not just the first: syntax errors, unknown fields
(with a suggestion), missing or mistyped fields, ids used twice (across files
too), choice questions whose answer is not a choice, duplicate choices, empty
prompts, clozes without a gap. Warnings cover a missing source and prompts that
say the same thing as another one.
"""

from __future__ import annotations

import difflib
import gc
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from quiz.answers.tolerance import parse_tolerance
from quiz.bank.documents import DOCUMENTS_FOLDER, document_paragraphs, is_document_name, read_document_text
from quiz.bank.media import MEDIA_FOLDER, MediaSource, check_media, media_links
from quiz.bank.model import (
    KINDS,
    NUMERIC_KINDS,
    TYPES,
    BankDeck,
    BankDocument,
    BankQuestion,
    Source,
    cloze_blank,
    cloze_gaps,
)
from quiz.bank.problems import BankError, ProblemList, place
from quiz.bank.reader import Node, read_yaml

__all__ = [
    "BANK_SUFFIXES",
    "Bank",
    "ParsedFile",
    "bank_files",
    "check_files",
    "load_bank",
    "validate_paths",
    "validate_sources",
]

BANK_SUFFIXES = (".yaml", ".yml")
TOP_FIELDS = ("deck", "questions", "documents")
DECK_FIELDS = ("id", "title")
DOCUMENT_FIELDS = ("title", "show_text", "origin")
_BOOLEANS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}
QUESTION_FIELDS = (
    "id",
    "type",
    "prompt",
    "answer",
    "accept",
    "choices",
    "kind",
    "explanation",
    "source",
    "tags",
    "fact",
    "tolerance",
)
SOURCE_FIELDS = ("document", "paragraph")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_WORDS = re.compile(r"[a-z0-9]+")
_FILLER = frozenset({"a", "an", "the", "of", "in", "on", "to", "and", "did", "does", "do", "what", "which"})


@dataclass(slots=True)
class ParsedFile:
    """A bank file read into node trees, one per deck, ready to be checked.

    Attributes:
        name: The file's name, used in messages.
        documents: One tree per deck, shaped like a YAML bank document, whose
            nodes carry positions in the original file.
        unit: How positions are named: "" for ``line:column``; a word such as
            "note" for files that are not text (``deck.apkg: note 12``).
        expects_sources: Whether a question without a source is worth a warning
            (files from other tools never have one).
        on_disk: Whether the file is on disk, so that document texts (and, without
            ``media``, images and sounds) are looked for beside it.
        media: The images and sounds that came with the file (a zip, an Anki
            package), by name; None to look in the ``media/`` folder beside it.
    """

    name: str
    documents: list[Node]
    unit: str = ""
    expects_sources: bool = True
    on_disk: bool = False
    media: Mapping[str, bytes] | None = None


@dataclass(frozen=True, slots=True)
class Bank:
    """Every deck read from a set of files, and the warnings they raised."""

    decks: tuple[BankDeck, ...]
    warnings: tuple[object, ...] = ()

    @property
    def questions(self) -> list[BankQuestion]:
        """All questions of all decks, in file order."""
        return [q for deck in self.decks for q in deck.questions]


def bank_files(paths: Iterable[Path | str]) -> list[Path]:
    """Expand folders into their ``.yaml``/``.yml`` files (sorted); keep files as given."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in BANK_SUFFIXES and p.is_file()))
        else:
            found.append(path)
    return found


def _at(node: Node, offset: int) -> Node:
    """Where ``offset`` of a text falls in the file: exact for a value on one line, else the value's start."""
    text = str(node.value)
    if "\n" in text[:offset] or node.kind != "scalar":
        return node
    return Node("scalar", node.line, node.column + offset + (0 if node.plain else 1), text)


def _suggest(name: str, allowed: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else f"; expected one of: {', '.join(allowed)}"


class _FileChecker:
    """Checks one file's node tree, recording problems against its path."""

    def __init__(
        self,
        path: str,
        problems: ProblemList,
        *,
        on_disk: bool = False,
        unit: str = "",
        expects_sources: bool = True,
        media: Mapping[str, bytes] | None = None,
    ) -> None:
        self.path = path
        self.problems = problems
        folder = Path(path).parent / MEDIA_FOLDER if on_disk else None
        self.media_source = MediaSource(media, folder)
        #: The media files each checked question uses, by name, for its deck.
        self.media_used: dict[str, bytes] = {}
        #: Whether the file is on disk, so that document texts are looked for beside it.
        self.on_disk = on_disk
        self.unit = unit
        self.expects_sources = expects_sources
        #: Every well-formed question id and deck id seen, with its position,
        #: even in questions with other errors, for the cross-file checks.
        self.question_ids: list[tuple[str, Node]] = []
        self.deck_ids: list[tuple[str, Node]] = []

    def error(self, node: Node, message: str) -> None:
        self.problems.error(self.path, node.line, node.column, message, unit=self.unit)

    def warning(self, node: Node, message: str) -> None:
        self.problems.warning(self.path, node.line, node.column, message, unit=self.unit)

    def fields(self, node: Node, allowed: Sequence[str], what: str) -> dict[str, tuple[Node, Node]]:
        """Return a mapping's fields by name, reporting unknown and repeated ones."""
        found: dict[str, tuple[Node, Node]] = {}
        for key, value in node.value:
            if key.kind != "scalar":
                self.error(key, f"a field name must be text, not {key.describe()}")
                continue
            name = key.value
            if name in found:
                first = found[name][0]
                at = f"{self.unit} {first.line}" if self.unit else f"{first.line}:{first.column}"
                self.error(key, f"field '{name}' is given twice in this {what} (first at {at})")
                continue
            if name not in allowed:
                self.error(key, f"unknown field '{name}' in {what}{_suggest(name, allowed)}")
                continue
            found[name] = (key, value)
        return found

    def text(
        self, fields: dict[str, tuple[Node, Node]], name: str, owner: Node, *, required: bool, what: str
    ) -> str | None:
        """Return a scalar field as text; report it missing, null or of the wrong type."""
        if name not in fields:
            if required:
                self.error(owner, f"{what} is missing required field '{name}'")
            return None
        key, value = fields[name]
        if value.is_null:
            if required:
                self.error(value, f"'{name}' is empty")
            return None
        if value.kind != "scalar":
            self.error(value, f"'{name}' should be text, not {value.describe()}")
            return None
        return value.value

    def text_list(self, fields: dict[str, tuple[Node, Node]], name: str) -> list[tuple[str, Node]]:
        """Return a list-of-text field as (text, node) pairs; report wrong types."""
        if name not in fields:
            return []
        value = fields[name][1]
        if value.is_null:
            return []
        if value.kind != "seq":
            self.error(value, f"'{name}' should be a list, not {value.describe()}")
            return []
        items: list[tuple[str, Node]] = []
        for item in value.value:
            if item.kind != "scalar" or item.is_null:
                self.error(item, f"each item of '{name}' should be text, not {item.describe()}")
            else:
                items.append((item.value, item))
        return items

    def sources(self, fields: dict[str, tuple[Node, Node]], owner: Node) -> tuple[Source, ...]:
        if "source" not in fields or fields["source"][1].is_null:
            if self.expects_sources:
                self.warning(owner, "question has no source (document and paragraph)")
            return ()
        value = fields["source"][1]
        entries = value.value if value.kind == "seq" else [value]
        found: list[Source] = []
        for entry in entries:
            if entry.kind != "map":
                self.error(entry, f"'source' should be a mapping with document and paragraph, not {entry.describe()}")
                continue
            parts = self.fields(entry, SOURCE_FIELDS, "source")
            document = self.text(parts, "document", entry, required=True, what="source")
            paragraph = self.text(parts, "paragraph", entry, required=True, what="source")
            if paragraph is not None and not (paragraph.isdigit() and int(paragraph) >= 1):
                self.error(parts["paragraph"][1], f"'paragraph' should be a whole number from 1, not {paragraph!r}")
                paragraph = None
            if document is not None and paragraph is not None:
                found.append(Source(document.strip(), int(paragraph)))
        return tuple(found)

    def choice(
        self, fields: dict[str, tuple[Node, Node]], owner: Node, qtype: str | None, answer: str | None
    ) -> tuple[str, ...]:
        choices = self.text_list(fields, "choices")
        if qtype != "choice":
            if "choices" in fields and qtype in TYPES:
                self.error(fields["choices"][0], f"'choices' is only used by choice questions, not {qtype}")
            return tuple(text for text, _ in choices)
        if "choices" not in fields:
            self.error(owner, "a choice question needs 'choices'")
            return ()
        seen: dict[str, Node] = {}
        for text, node in choices:
            folded = " ".join(text.split()).casefold()
            if folded in seen:
                first = seen[folded]
                self.error(node, f"duplicate choice {text!r} (first at {first.line}:{first.column})")
            else:
                seen[folded] = node
        if 0 < len(choices) < 2:
            self.error(fields["choices"][1], "a choice question needs at least two choices")
        if answer is not None and choices and answer.strip() not in {t.strip() for t, _ in choices}:
            node = fields["answer"][1] if "answer" in fields else owner
            self.error(node, f"answer {answer!r} is not among the choices")
        return tuple(text.strip() for text, _ in choices)

    def question(self, node: Node) -> BankQuestion | None:
        """Check one question; return it if it has no error."""
        before = len(self.problems.errors)
        if node.kind != "map":
            self.error(node, f"each question should be a mapping of fields, not {node.describe()}")
            return None
        fields = self.fields(node, QUESTION_FIELDS, "question")
        what = "question"
        key = self.text(fields, "id", node, required=True, what=what)
        if key is not None and not ID_PATTERN.match(key):
            self.error(fields["id"][1], f"id {key!r} should be letters, digits, '.', '_' or '-' (at most 100)")
        elif key is not None:
            self.question_ids.append((key, fields["id"][1]))
        qtype = self.text(fields, "type", node, required=True, what=what)
        if qtype is not None and qtype not in TYPES:
            self.error(fields["type"][1], f"unknown question type '{qtype}'{_suggest(qtype, TYPES)}")
        prompt = self.text(fields, "prompt", node, required=True, what=what)
        if prompt is not None and not prompt.strip():
            self.error(fields["prompt"][1], "the prompt is empty")
        answer = self.answer(fields, node, qtype, prompt)
        kind = self.text(fields, "kind", node, required=False, what=what) or "other"
        if kind not in KINDS:
            self.error(fields["kind"][1], f"unknown kind '{kind}'{_suggest(kind, KINDS)}")
        accept = tuple(text.strip() for text, _ in self.text_list(fields, "accept"))
        choices = self.choice(fields, node, qtype, answer)
        explanation = self.text(fields, "explanation", node, required=False, what=what) or ""
        tags = tuple(text.strip() for text, _ in self.text_list(fields, "tags"))
        fact = self.text(fields, "fact", node, required=False, what=what)
        sources = self.sources(fields, node)
        tolerance = self.tolerance(fields, qtype, kind)
        self.check_media(fields)
        if len(self.problems.errors) > before or key is None or qtype is None or prompt is None or answer is None:
            return None
        return BankQuestion(
            key=key,
            type=qtype,
            prompt=prompt.strip(),
            answer=answer,
            accept=accept,
            choices=choices,
            kind=kind,
            explanation=explanation.strip(),
            sources=sources,
            tags=tags,
            fact=fact.strip() if fact else None,
            tolerance=tolerance,
            path=self.path,
            line=node.line,
            column=node.column,
        )

    def check_media(self, fields: dict[str, tuple[Node, Node]]) -> None:
        """Check every image and sound link of a question's texts, at its place in the file."""
        nodes = [fields[name][1] for name in ("prompt", "answer", "explanation") if name in fields]
        for name in ("choices", "accept"):
            if name in fields and fields[name][1].kind == "seq":
                nodes.extend(fields[name][1].value)
        for node in nodes:
            if node.kind != "scalar" or "![" not in str(node.value):
                continue
            for link in media_links(str(node.value)):
                problem, data = check_media(link, self.media_source)
                if problem is not None:
                    self.error(_at(node, link.offset), problem)
                elif link.name is not None and data is not None:
                    self.media_used[link.name] = data

    def tolerance(self, fields: dict[str, tuple[Node, Node]], qtype: str | None, kind: str) -> str | None:
        """Return a question's tolerance in its canonical form ("0.5", "2%"), checking where it may be used."""
        if "tolerance" not in fields:
            return None
        node = fields["tolerance"][1]
        text = self.text(fields, "tolerance", node, required=False, what="question")
        if text is None:
            return None
        tolerance = parse_tolerance(text)
        if tolerance is None:
            self.error(node, f"'tolerance' should be a number such as 0.5 or a percentage such as 2%, not {text!r}")
            return None
        if kind not in NUMERIC_KINDS:
            self.error(node, f"'tolerance' needs kind number, percent or money, not {kind}")
            return None
        if qtype in ("flashcard", "choice"):
            self.error(node, f"'tolerance' applies to typed answers (short or cloze), not to {qtype} questions")
            return None
        return str(tolerance)

    def answer(
        self, fields: dict[str, tuple[Node, Node]], node: Node, qtype: str | None, prompt: str | None
    ) -> str | None:
        if qtype == "cloze":
            if "answer" in fields:
                self.error(
                    fields["answer"][0], "a cloze question takes its answers from the {{...}} gaps; remove 'answer'"
                )
                return None
            if prompt is None:
                return None
            gaps = cloze_gaps(prompt)
            if not gaps:
                self.error(fields["prompt"][1], "a cloze prompt needs at least one {{...}} gap")
                return None
            if any(not gap for gap in gaps):
                self.error(fields["prompt"][1], "a cloze gap is empty: write the answer inside {{...}}")
                return None
            if not cloze_blank(prompt, "").strip():
                self.error(fields["prompt"][1], "a cloze prompt needs some text outside its gaps")
                return None
            return "; ".join(gap[0] for gap in gaps)
        answer = self.text(fields, "answer", node, required=True, what="question")
        if answer is not None and not answer.strip():
            self.error(fields["answer"][1], "the answer is empty")
            return None
        return answer.strip() if answer is not None else None

    def flag(self, fields: dict[str, tuple[Node, Node]], name: str) -> bool:
        """Return a true/false field (absent or empty: false); report anything else."""
        if name not in fields or fields[name][1].is_null:
            return False
        value = fields[name][1]
        if value.kind == "scalar" and value.plain and value.value.lower() in _BOOLEANS:
            return _BOOLEANS[value.value.lower()]
        shown = value.value if value.kind == "scalar" else value.describe()
        self.error(value, f"'{name}' should be true or false, not {shown!r}")
        return False

    def documents(self, node: Node) -> list[BankDocument]:
        """Check a ``documents:`` map of file name to title; read each text found beside the file."""
        if node.is_null:
            return []
        if node.kind != "map":
            self.error(node, f"'documents' should map each document's file name to its title, not {node.describe()}")
            return []
        found: list[BankDocument] = []
        seen: dict[str, Node] = {}
        for key, value in node.value:
            if key.kind != "scalar" or key.is_null:
                self.error(key, f"a document is named by its file name, not {key.describe()}")
                continue
            name = key.value.strip()
            if not is_document_name(name):
                self.error(key, f"document {name!r} should be a plain file name, without folders")
                continue
            if name in seen:
                first = seen[name]
                self.error(key, f"document '{name}' is given twice in this file (first at {first.line}:{first.column})")
                continue
            seen[name] = key
            if value.kind != "map":
                self.error(value, f"document '{name}' should be a mapping with a title, not {value.describe()}")
                continue
            fields = self.fields(value, DOCUMENT_FIELDS, "document")
            title = self.text(fields, "title", value, required=True, what=f"document '{name}'")
            if title is not None and not title.strip():
                self.error(fields["title"][1], "the title is empty")
                title = None
            show_text = self.flag(fields, "show_text")
            origin = self.text(fields, "origin", value, required=False, what="document") or ""
            text = read_document_text(Path(self.path), name, self.problems) if self.on_disk else None
            if show_text and text is None and self.on_disk:
                self.warning(
                    fields["show_text"][1],
                    f"{DOCUMENTS_FOLDER}/{name} is not beside this file: learners will see the title only",
                )
            if title is not None:
                found.append(
                    BankDocument(
                        name, " ".join(title.split()), show_text, origin.strip(), text, self.path, key.line, key.column
                    )
                )
        return found

    def deck(self, root: Node) -> BankDeck | None:
        """Check a whole file; return its deck if it has no error."""
        before = len(self.problems.errors)
        self.media_used = {}
        if root.kind != "map":
            self.error(root, f"a bank file should be a mapping with 'deck' and 'questions', not {root.describe()}")
            return None
        top = self.fields(root, TOP_FIELDS, "bank file")
        deck_key = title = None
        if "deck" not in top:
            self.error(root, "bank file is missing required field 'deck'")
        elif top["deck"][1].kind != "map":
            self.error(top["deck"][1], f"'deck' should be a mapping with id and title, not {top['deck'][1].describe()}")
        else:
            deck_node = top["deck"][1]
            deck_fields = self.fields(deck_node, DECK_FIELDS, "deck")
            deck_key = self.text(deck_fields, "id", deck_node, required=True, what="deck")
            if deck_key is not None and not ID_PATTERN.match(deck_key):
                self.error(deck_fields["id"][1], f"deck id {deck_key!r} should be letters, digits, '.', '_' or '-'")
            elif deck_key is not None:
                self.deck_ids.append((deck_key, deck_fields["id"][1]))
            title = self.text(deck_fields, "title", deck_node, required=True, what="deck")
        documents = self.documents(top["documents"][1]) if "documents" in top else []
        questions: list[BankQuestion] = []
        if "questions" not in top:
            self.error(root, "bank file is missing required field 'questions'")
        elif not top["questions"][1].is_null:
            listing = top["questions"][1]
            if listing.kind != "seq":
                self.error(listing, f"'questions' should be a list, not {listing.describe()}")
            else:
                questions = [q for q in map(self.question, listing.value) if q is not None]
        if len(self.problems.errors) > before or deck_key is None or title is None:
            return None
        return BankDeck(
            deck_key, title.strip(), tuple(questions), path=self.path, documents=tuple(documents), media=self.media_used
        )


def _prompt_signature(prompt: str) -> tuple[str, ...]:
    return tuple(w for w in _WORDS.findall(cloze_blank(prompt, " ").casefold()) if w not in _FILLER)


def _check_unique(seen_in: list[_FileChecker], problems: ProblemList) -> None:
    """Report question ids and deck ids used twice, naming the first place."""
    for what, attribute in (("question id", "question_ids"), ("deck id", "deck_ids")):
        first: dict[str, tuple[_FileChecker, Node]] = {}
        for checker in seen_in:
            for key, node in getattr(checker, attribute):
                if key in first:
                    owner, earlier = first[key]
                    at = place(owner.path, earlier.line, earlier.column, owner.unit)
                    checker.error(node, f"{what} '{key}' is already used at {at}")
                else:
                    first[key] = (checker, node)


def _check_documents(decks: list[BankDeck], problems: ProblemList) -> None:
    """Report a document described differently in two places; warn about paragraphs it does not have."""
    first: dict[str, BankDocument] = {}
    paragraphs: dict[str, int] = {}
    for deck in decks:
        for doc in deck.documents:
            earlier = first.setdefault(doc.name, doc)
            if earlier is not doc and (earlier.title, earlier.show_text, earlier.origin) != (
                doc.title,
                doc.show_text,
                doc.origin,
            ):
                problems.error(
                    doc.path,
                    doc.line,
                    doc.column,
                    f"document '{doc.name}' is described differently at {earlier.path}:{earlier.line}:{earlier.column}",
                )
            if doc.text is not None and doc.name not in paragraphs:
                paragraphs[doc.name] = len(document_paragraphs(doc.text))
    for deck in decks:
        for q in deck.questions:
            for source in q.sources:
                count = paragraphs.get(source.document)
                if count is not None and source.paragraph > count:
                    problems.warning(
                        q.path,
                        q.line,
                        q.column,
                        f"source '{source.document}' has {count} paragraphs; there is no paragraph {source.paragraph}",
                    )


def _check_near_duplicates(decks: list[BankDeck], problems: ProblemList, units: dict[str, str]) -> None:
    """Warn about prompts that say the same as an earlier one (siblings excepted)."""
    prompts: dict[tuple[object, ...], BankQuestion] = {}
    for deck in decks:
        for q in deck.questions:
            signature = (q.type == "cloze", *_prompt_signature(q.prompt))
            other = prompts.setdefault(signature, q)
            # Siblings (questions drawn from one fact) ask the same thing on purpose.
            if other is not q and not (q.fact and q.fact == other.fact):
                unit, other_unit = units.get(q.path, ""), units.get(other.path, "")
                at = f"{other.path}: {other_unit} {other.line}" if other_unit else f"{other.path}:{other.line}"
                problems.warning(
                    q.path, q.line, q.column, f"prompt is nearly the same as question '{other.key}' at {at}", unit=unit
                )


def validate_sources(
    paths: Sequence[Path | str],
    *,
    uploads: dict[str, bytes] | None = None,
    media: Mapping[str, bytes] | None = None,
) -> tuple[Bank, ProblemList]:
    """Validate files (and uploaded contents) as one bank.

    Args:
        paths: Files or folders; folders contribute their ``.yaml`` files.
        uploads: Optional ``{name: bytes}`` of uploaded files, checked as if they
            were files with those names.
        media: The images and sounds that came with the uploads, by name (files
            on disk find theirs in the ``media/`` folder beside them).

    Returns:
        The bank made of every deck without errors, and all problems found
        (errors and warnings), sorted by file and position.
    """
    with _collector_paused():
        return _validate(paths, uploads or {}, media)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold off Python's cyclic garbage collector while building many small objects.

    Reading a bank creates hundreds of thousands of nodes that all stay alive;
    the collector would walk them again and again (40% of the time to read a
    10,000-question bank). Nothing here makes reference cycles to reclaim.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _validate(
    paths: Sequence[Path | str], uploads: dict[str, bytes], media: Mapping[str, bytes] | None
) -> tuple[Bank, ProblemList]:
    problems = ProblemList()
    files: list[ParsedFile] = []
    inputs: list[tuple[str, bytes | None]] = [(str(p), None) for p in bank_files(paths)]
    inputs += list(uploads.items())
    for name, data in inputs:
        documents = read_yaml(name, problems, data=data)
        if documents is None:
            continue
        if not documents:
            problems.error(name, 1, 1, "the file is empty; a bank file has 'deck' and 'questions'")
        files.append(ParsedFile(name, documents, on_disk=data is None, media=None if data is None else media or {}))
    return check_files(files, problems), problems


def check_files(files: Sequence[ParsedFile], problems: ProblemList) -> Bank:
    """Check parsed bank files together, as one bank.

    Every file, whatever format it was read from, meets the same rules; ids
    must be unique across all of them.

    Args:
        files: The files, read into node trees.
        problems: Where problems are added (sorted at the end).

    Returns:
        The bank made of every deck without errors.
    """
    with _collector_paused():
        decks: list[BankDeck] = []
        checkers: list[_FileChecker] = []
        for parsed in files:
            checker = _FileChecker(
                parsed.name,
                problems,
                on_disk=parsed.on_disk,
                unit=parsed.unit,
                expects_sources=parsed.expects_sources,
                media=parsed.media,
            )
            checkers.append(checker)
            decks.extend(deck for deck in map(checker.deck, parsed.documents) if deck is not None)
        _check_unique(checkers, problems)
        _check_documents(decks, problems)
        _check_near_duplicates(decks, problems, {f.name: f.unit for f in files if f.unit})
        problems.sort()
        return Bank(tuple(decks), tuple(problems.warnings))


def validate_paths(paths: Sequence[Path | str]) -> tuple[Bank, ProblemList]:
    """Validate bank files or folders; see :func:`validate_sources`."""
    return validate_sources(paths)


def load_bank(paths: Sequence[Path | str]) -> Bank:
    """Read and validate a bank; raise :class:`BankError` on any error.

    Nothing is returned half-loaded: one error anywhere means no bank at all.
    """
    bank, problems = validate_sources(paths)
    if problems.errors:
        raise BankError(list(problems))
    return bank

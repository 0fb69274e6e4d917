"""Instructor uploads: bank files to preview and apply, documents to draft questions.

Nothing reaches the catalogue until the instructor says so: a bank upload is
validated and stored, previewed (what would be added, changed and retired),
then applied in one transaction; a document upload becomes draft questions
that are accepted, edited or rejected one by one.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
import yaml

from quiz.bank import Bank, ProblemList, validate_sources
from quiz.bank.reader import byte_position, looks_binary
from quiz.bank.validate import ID_PATTERN
from quiz.bank.writer import dump_decks, question_fields
from quiz.database import reading
from quiz.extensions import db
from quiz.extract import draft_deck, warm_up_in_background
from quiz.interop import format_for, read
from quiz.models import Deck, DeckOwner, Question, Upload, User
from quiz.models.types import utcnow
from quiz.services.bank.catalog import (
    ImportResult,
    apply_import,
    plan_import,
    prepare_import,
    stored_decks,
    write_import,
)
from quiz.services.bank.media import load_media, store_media

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "MAX_DRAFTS",
    "BulkResult",
    "FieldProblem",
    "UploadError",
    "UploadNotFound",
    "UploadSummary",
    "apply_upload",
    "list_uploads",
    "review_drafts",
    "set_abandoned",
    "cut_short",
    "decode_text",
    "draft_bank",
    "preview_upload",
    "review_draft_question",
    "start_bank_upload",
    "start_document",
]

MAX_DOCUMENT_BYTES = 1024 * 1024
#: Draft questions kept from one document. A 1 MB document can give 40,000; a
#: reviewer works through a few hundred, and every accept rewrites the draft.
MAX_DRAFTS = 2_000
PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"


class UploadError(ValueError):
    """An upload that cannot be used; the message says why."""


class UploadNotFound(UploadError):
    """No such upload, or not one the instructor may see (another instructor's)."""


def decode_text(filename: str, data: bytes, *, limit: int = MAX_DOCUMENT_BYTES) -> str:
    """Return an uploaded file's text, refusing what is not UTF-8 text.

    Raises:
        UploadError: The file is empty, too large, binary or not UTF-8.
    """
    if not data.strip():
        raise UploadError(f"{filename} is empty.")
    if len(data) > limit:
        raise UploadError(f"{filename} is {len(data):,} bytes; the limit is {limit:,}.")
    if looks_binary(data):
        raise UploadError(f"{filename} looks like a binary file; upload plain text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = byte_position(data, exc.start)
        raise UploadError(
            f"{filename} is not UTF-8 text (byte 0x{data[exc.start]:02x} at line {line}, column {column}); "
            "save it as UTF-8 and upload it again."
        ) from None


# --- bank files ---------------------------------------------------------------


def _bank_of(upload: Upload) -> tuple[Bank, ProblemList]:
    # Uploads in other formats are kept as the YAML they amount to.
    name = upload.filename if upload.notes is None else f"{upload.filename}.yaml"
    return validate_sources([], uploads={name: upload.content.encode()}, media=load_media(upload.media))


def start_bank_upload(
    user_id: int, filename: str, data: bytes, *, format: str | None = None
) -> tuple[Upload | None, ProblemList]:
    """Validate an uploaded bank file and keep it for preview if it has no error.

    A file in another tool's format (CSV/TSV, Anki package, GIFT, Moodle XML;
    see :mod:`quiz.interop`), or a zip of bank files with their ``media/``
    folder, is read into decks and kept as the bank YAML it amounts to, with
    the list of what could not be carried over; the images and sounds its
    questions use are stored (by content) with it.

    Args:
        user_id: The instructor.
        filename: The file's name (its ending chooses the format).
        data: Its bytes.
        format: The format, overriding the file name.

    Returns:
        The stored upload (None when there were errors) and every problem found.
    """
    fmt = format or format_for(filename, data)
    if fmt in (None, "yaml"):
        _, problems = validate_sources([], uploads={filename: data})
        if problems.errors:
            return None, problems
        content, notes = data.decode("utf-8-sig"), None
    else:
        imported = read(filename, data, format=fmt)
        problems = imported.problems
        if problems.errors:
            return None, problems
        if not imported.decks:
            problems.error(filename, 1, 1, "the file holds no question this app can use")
            return None, problems
        content, notes = dump_decks(imported.decks), [str(p) for p in problems.warnings]
    media = store_media(imported.media, now=utcnow()) if fmt not in (None, "yaml") and imported.media else None
    upload = Upload(user_id=user_id, kind="bank", filename=filename, content=content, notes=notes, media=media)
    db.session.add(upload)
    db.session.commit()
    return upload, problems


def preview_upload(upload: Upload) -> ImportResult:
    """Return what applying a stored bank upload would do now, changing nothing."""
    bank, _ = _bank_of(upload)
    return plan_import(bank)


def apply_upload(upload_id: int, *, now: datetime, owner: int | None = None, by: int | None = None) -> ImportResult:
    """Apply a stored bank upload once, holding the write lock only to write.

    Reading the file, validating it and comparing it with the catalogue run
    first, as a plain read; then one short transaction marks the upload applied
    and writes the changes (see :func:`quiz.services.bank.catalog.write_import`).

    Args:
        upload_id: The upload.
        now: The time of the change.
        owner: The instructor who must own it (None: anyone's, for an admin).
        by: Who applies it, for the questions' history (the decks it adds are
            the upload's author's to edit in the browser).

    Raises:
        UploadNotFound: There is no such upload, or it is another instructor's.
        UploadError: The upload was already applied, or abandoned, or it would
            change a deck another instructor made in the browser.
    """
    query = sa.select(Upload).where(Upload.id == upload_id, Upload.kind == "bank")
    # A request that may write took SQLite's write lock with its first query
    # (loading the user); let it go before the long read.
    db.session.commit()
    with reading():
        upload = db.session.scalar(query)
        if upload is None or (owner is not None and upload.user_id != owner):
            db.session.rollback()
            raise UploadNotFound("That upload no longer exists.")
        if upload.applied_at is not None:
            raise UploadError(f"{upload.filename} was already applied.")
        if upload.abandoned_at is not None:
            raise UploadError(f"{upload.filename} was abandoned; reopen it before applying it.")
        bank, problems = _bank_of(upload)
        if problems.errors:  # pragma: no cover - checked on upload; kept as a guard
            raise UploadError(f"{upload.filename} has errors; nothing was applied.")
        if owner is not None:
            _check_deck_owners(bank, owner)
        prepared = prepare_import(
            bank, by=by if by is not None else upload.user_id, origin="upload", owner=upload.user_id
        )
        db.session.rollback()
    upload = db.session.scalar(query.with_for_update())
    if upload is None or upload.applied_at is not None:  # applied meanwhile, by a second click
        db.session.rollback()
        raise UploadError(f"{upload.filename if upload else 'That upload'} was already applied.")
    upload.applied_at = now  # committed with the import, or not at all
    return write_import(prepared, now=now)


def _check_deck_owners(bank: Bank, user_id: int) -> None:
    """Refuse a bank that would change a deck another instructor made in the browser."""
    keys = [deck.key for deck in bank.decks]
    taken = db.session.execute(
        sa.select(Deck.key)
        .join(DeckOwner, DeckOwner.deck_id == Deck.id)
        .where(Deck.key.in_(keys), DeckOwner.user_id != user_id)
    ).scalars()
    found = sorted(taken)
    if found:
        db.session.rollback()
        raise UploadError(
            f"Deck {', '.join(repr(k) for k in found)} belongs to another instructor; "
            "only they or an admin can change it. Give your deck another id."
        )


# --- documents ----------------------------------------------------------------


def prepare_drafting() -> None:
    """Get the extractor ready while an instructor picks a document: its word lists take a few
    seconds to load the first time, in the background rather than in the draft request."""
    warm_up_in_background()


def start_document(user_id: int, filename: str, data: bytes, *, deck_key: str, title: str) -> Upload:
    """Draft questions from an uploaded document, for review.

    Args:
        user_id: The instructor.
        filename: The document's name, cited as the questions' source.
        data: The uploaded bytes (UTF-8 text).
        deck_key: Id of the new deck accepted questions go into.
        title: Its title.

    Raises:
        UploadError: The file is not usable text, the deck id is malformed or
            already taken, or the document holds nothing to ask about.
    """
    text = decode_text(filename, data)
    if not ID_PATTERN.match(deck_key):
        raise UploadError("A deck id is letters, digits, '.', '_' or '-' (at most 100).")
    if db.session.scalar(sa.select(Deck.id).where(Deck.key == deck_key)) is not None:
        raise UploadError(f"A deck with id {deck_key!r} exists already; choose a new id for the draft.")
    draft = draft_deck([(filename, text)], deck_id=deck_key, title=title)
    if not draft.questions:
        raise UploadError(f"Found no dates, amounts or names to ask about in {filename}.")
    upload = Upload(
        user_id=user_id,
        kind="document",
        filename=filename,
        content=text,
        deck_key=deck_key,
        deck_title=title,
        draft=[{"status": PENDING, "fields": question} for question in _first_drafts(draft.questions)],
        drafts_found=len(draft.questions),
    )
    db.session.add(upload)
    db.session.commit()
    return upload


def _first_drafts(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first :data:`MAX_DRAFTS` questions, less those of a fact cut in two (its siblings go together)."""
    limit = MAX_DRAFTS
    if len(questions) <= limit:
        return questions
    kept = questions[:limit]
    cut = questions[limit].get("fact")
    while cut is not None and len(kept) > 1 and kept[-1].get("fact") == cut:
        kept.pop()
    return kept


def cut_short(upload: Upload) -> str | None:
    """Say how an upload was cut short (None when every draft question was kept)."""
    found, kept = upload.drafts_found or 0, len(upload.draft)
    if found <= kept:
        return None
    last = _paragraph(upload.draft[-1]["fields"])
    where = f", up to paragraph {last}," if last is not None else ""
    return (
        f"{upload.filename} gave {found:,} draft questions; only the first {kept:,}{where} were kept "
        f"(at most {MAX_DRAFTS:,} per document). Upload the rest of the document as a separate file."
    )


def _paragraph(fields: dict[str, Any]) -> int | None:
    source = fields.get("source")
    if isinstance(source, list):
        source = source[-1] if source else None
    return source.get("paragraph") if isinstance(source, dict) else None


#: Fields of a draft question an instructor may edit before accepting it.
EDITABLE = ("prompt", "answer", "accept", "choices", "explanation")


def _draft_text(questions: list[dict[str, Any]], *, deck_key: str, title: str) -> str:
    return yaml.safe_dump(
        {"deck": {"id": deck_key, "title": title}, "questions": questions}, sort_keys=False, allow_unicode=True
    )


def draft_bank(questions: list[dict[str, Any]], *, deck_key: str, title: str) -> tuple[Bank, ProblemList]:
    """Validate draft questions as a one-deck bank, exactly as if read from a file."""
    text = _draft_text(questions, deck_key=deck_key, title=title)
    return validate_sources([], uploads={f"{deck_key}.yaml": text.encode()})


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """A problem with an edited draft question, tied to the field it is about (None: the question)."""

    field: str | None
    message: str


_NAMED_FIELD = re.compile(r"field '(\w+)'")


def _field_lines(text: str) -> list[tuple[int, int, str]]:
    """The line span (1-based, inclusive) of each field of the first question of a dumped draft bank."""
    root = yaml.compose(text)
    questions = next((value for key, value in root.value if key.value == "questions"), None)
    if not isinstance(questions, yaml.SequenceNode) or not questions.value:
        return []
    question = questions.value[0]
    if not isinstance(question, yaml.MappingNode):
        return []
    # A value ends where the next key starts; its end mark is on the line after.
    return [
        (key.start_mark.line + 1, max(key.start_mark.line + 1, value.end_mark.line), key.value)
        for key, value in question.value
    ]


def problems_by_field(
    fields: dict[str, Any],
    *,
    deck_key: str,
    title: str,
    editable: tuple[str, ...] = EDITABLE,
    media: dict[str, bytes] | None = None,
) -> list[FieldProblem]:
    """Validate one question as a bank file would be, each error tied to its field.

    Args:
        fields: The question as a bank file holds it.
        deck_key, title: The deck it is checked in.
        editable: The fields a form shows; an error about another field is the question's.
        media: The images and sounds its deck has, by name.
    """
    text = _draft_text([fields], deck_key=deck_key, title=title)
    _, problems = validate_sources([], uploads={f"{deck_key}.yaml": text.encode()}, media=media)
    spans = _field_lines(text)
    found = []
    for problem in problems.errors:
        named = _NAMED_FIELD.search(problem.message)
        name = next(
            (n for first, last, n in spans if first <= problem.line <= last and problem.line != spans[0][0]), None
        )
        if named and named.group(1) in editable:
            name = named.group(1)
        found.append(FieldProblem(name if name in editable else None, problem.message))
    return found


def _edited(fields: dict[str, Any], edits: dict[str, Any] | None) -> dict[str, Any]:
    result = dict(fields)
    for name, value in (edits or {}).items():
        if name not in EDITABLE or (name == "choices" and "choices" not in fields):
            continue
        if value in (None, "", []):
            result.pop(name, None)
        else:
            result[name] = value
    return result


def _locked_draft(upload_id: int) -> Upload:
    upload = db.session.scalar(
        sa.select(Upload).where(Upload.id == upload_id, Upload.kind == "document").with_for_update()
    )
    if upload is None:
        raise UploadError("That draft no longer exists.")
    if upload.abandoned_at is not None:
        db.session.rollback()
        raise UploadError(f"The draft from {upload.filename} was abandoned; reopen it to review its questions.")
    return upload


def _accept_problems(upload: Upload, fields: dict[str, Any]) -> list[FieldProblem]:
    deck_key, title = upload.deck_key or "draft", upload.deck_title or "Draft"
    problems = problems_by_field(fields, deck_key=deck_key, title=title)
    if problems:
        return problems
    taken = db.session.execute(
        sa.select(Deck.key).join(Question, Question.deck_id == Deck.id).where(Question.key == fields["id"])
    ).scalar()
    if taken is not None and taken != upload.deck_key:
        return [FieldProblem(None, f"question id '{fields['id']}' is already used in deck '{taken}'")]
    return []


def _deck_questions(upload: Upload, entries: list[dict[str, Any]], touched: list[int]) -> list[dict[str, Any]]:
    """The draft's deck after a review: its questions as stored (with whatever was edited, added
    or retired in the browser since), with the reviewed drafts put in or taken out."""
    deck_id = db.session.scalar(sa.select(Deck.id).where(Deck.key == upload.deck_key))
    stored = stored_decks(deck_id) if deck_id is not None else []
    current = {q.key: question_fields(q) for q in stored[0].questions} if stored else {}
    for index in touched:
        fields = entries[index]["fields"]
        if entries[index]["status"] == ACCEPTED:
            current[fields["id"]] = fields
        else:
            current.pop(fields.get("id"), None)
    return list(current.values())


def _save_draft(
    upload: Upload,
    entries: list[dict[str, Any]],
    *,
    reimport: bool,
    touched: list[int],
    now: datetime,
    by: int | None = None,
) -> None:
    """Store the reviewed entries; when the accepted set changed, import the deck with the reviewed ones."""
    upload.draft = entries
    if reimport:
        deck_key, title = upload.deck_key or "draft", upload.deck_title or "Draft"
        bank, _ = draft_bank(_deck_questions(upload, entries, touched), deck_key=deck_key, title=title)
        author = upload.user_id
        apply_import(bank, now=now, by=by if by is not None else author, origin="draft", owner=author)
    else:
        db.session.commit()


def review_draft_question(
    upload_id: int,
    index: int,
    *,
    accept: bool,
    edits: dict[str, Any] | None = None,
    now: datetime,
    by: int | None = None,
) -> list[FieldProblem]:
    """Accept (possibly edited) or reject one draft question.

    Accepted questions are imported into the draft's deck at once; rejecting
    one that was accepted retires it. Nothing changes when an edit is invalid.

    Returns:
        Problems with the edited question, one per problem and tied to its field
        (empty when it was saved).

    Raises:
        UploadError: The draft or the question is gone, or the draft was abandoned.
    """
    upload = _locked_draft(upload_id)
    if not 0 <= index < len(upload.draft):
        db.session.rollback()
        raise UploadError("That draft question no longer exists.")
    entries = [dict(entry) for entry in upload.draft]
    entry = entries[index]
    was_accepted = entry["status"] == ACCEPTED
    if accept:
        fields = _edited(entry["fields"], edits)
        problems = _accept_problems(upload, fields)
        if problems:
            db.session.rollback()
            return problems
        entry.update(status=ACCEPTED, fields=fields)
    else:
        entry["status"] = REJECTED
    _save_draft(upload, entries, reimport=accept or was_accepted, touched=[index], now=now, by=by)
    return []


@dataclass(frozen=True, slots=True)
class BulkResult:
    """What a bulk accept or reject did."""

    changed: int
    #: Questions left as they were because they do not validate: index -> problems.
    refused: dict[int, list[FieldProblem]] = dataclasses.field(default_factory=dict)

    def summary(self, accept: bool) -> str:
        verb = "Accepted" if accept else "Rejected"
        text = f"{verb} {self.changed} question{'' if self.changed == 1 else 's'}."
        if self.refused:
            numbers = ", ".join(str(i + 1) for i in sorted(self.refused))
            text += f" Not accepted, because they need editing first: {numbers}."
        return text


def review_drafts(
    upload_id: int,
    indexes: list[int] | None,
    *,
    accept: bool,
    kind: str | None = None,
    now: datetime,
    by: int | None = None,
) -> BulkResult:
    """Accept or reject many draft questions in one transaction.

    Args:
        upload_id: The document upload.
        indexes: The questions chosen; None means every question still pending
            (of ``kind``, when given).
        accept: Accept them as drafted, or reject them.
        kind: With ``indexes=None``, only pending questions of this kind.
        now: The time of the change.

    Questions that would not validate are left pending and reported; the rest
    are saved together. Rejecting accepted questions retires them.

    Raises:
        UploadError: The draft is gone or abandoned, or an index is out of range.
    """
    upload = _locked_draft(upload_id)
    entries = [dict(entry) for entry in upload.draft]
    if indexes is None:
        chosen = [
            i
            for i, e in enumerate(entries)
            if e["status"] == PENDING and (kind is None or e["fields"].get("kind") == kind)
        ]
    else:
        chosen = sorted(set(indexes))
        if any(not 0 <= i < len(entries) for i in chosen):
            db.session.rollback()
            raise UploadError("Some of the chosen draft questions no longer exist.")
    changed, refused, reimport, touched = 0, {}, False, []
    ids = Counter(e["fields"].get("id") for e in entries if e["status"] == ACCEPTED)
    for i in chosen:
        entry = entries[i]
        wanted = ACCEPTED if accept else REJECTED
        if entry["status"] == wanted:
            continue
        if accept:
            problems = _accept_problems(upload, entry["fields"])
            if not problems and ids[entry["fields"].get("id")]:
                problems = [FieldProblem(None, f"question id '{entry['fields'].get('id')}' is accepted twice")]
            if problems:
                refused[i] = problems
                continue
            ids[entry["fields"].get("id")] += 1
        reimport = reimport or accept or entry["status"] == ACCEPTED
        entry["status"] = wanted
        touched.append(i)
        changed += 1
    if changed:
        _save_draft(upload, entries, reimport=reimport, touched=touched, now=now, by=by)
    else:
        db.session.rollback()
    return BulkResult(changed, refused)


def set_abandoned(upload_id: int, *, abandoned: bool, now: datetime) -> Upload:
    """Set an upload aside (or take it up again). Accepted questions stay in their deck.

    Raises:
        UploadError: The upload is gone, or it is a bank file already applied.
    """
    upload = db.session.scalar(sa.select(Upload).where(Upload.id == upload_id).with_for_update())
    if upload is None:
        raise UploadError("That upload no longer exists.")
    if upload.applied_at is not None:
        db.session.rollback()
        raise UploadError(f"{upload.filename} was applied; there is nothing to abandon.")
    upload.abandoned_at = now if abandoned else None
    db.session.commit()
    return upload


# --- the list of uploads ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UploadSummary:
    """One row of an instructor's list of uploads."""

    id: int
    kind: str
    filename: str
    author: str
    deck_key: str | None
    created_at: datetime
    state: str  # open, applied or abandoned
    questions: int | None  # draft questions (None for a bank file)
    accepted: int
    rejected: int
    pending: int


def _state(upload: Upload, pending: int) -> str:
    if upload.abandoned_at is not None:
        return "abandoned"
    if upload.applied_at is not None or (upload.kind == "document" and pending == 0):
        return "applied"
    return "open"


def list_uploads(user_id: int | None, *, state: str | None = None) -> list[UploadSummary]:
    """The uploads of one instructor (None: everyone's, for admins), newest first.

    Args:
        user_id: Whose uploads; None lists all of them.
        state: Only those in this state (open, applied, abandoned).
    """
    query = (
        sa.select(Upload, User.username)
        .join(User, User.id == Upload.user_id)
        .order_by(Upload.created_at.desc(), Upload.id.desc())
    )
    if user_id is not None:
        query = query.where(Upload.user_id == user_id)
    rows = []
    for upload, author in db.session.execute(query):
        if upload.kind == "document":
            counts = Counter(entry["status"] for entry in upload.draft)
            total = len(upload.draft)
        else:
            counts, total = Counter(), None
        summary = UploadSummary(
            id=upload.id,
            kind=upload.kind,
            filename=upload.filename,
            author=author,
            deck_key=upload.deck_key,
            created_at=upload.created_at,
            state=_state(upload, counts[PENDING]),
            questions=total,
            accepted=counts[ACCEPTED],
            rejected=counts[REJECTED],
            pending=counts[PENDING],
        )
        if state is None or summary.state == state:
            rows.append(summary)
    db.session.rollback()
    return rows

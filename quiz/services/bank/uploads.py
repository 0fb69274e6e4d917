"""Instructor uploads: bank files to preview and apply, documents to draft questions.

Nothing reaches the catalogue until the instructor says so: a bank upload is
validated and stored, previewed (what would be added, changed and retired),
then applied in one transaction; a document upload becomes draft questions
that are accepted, edited or rejected one by one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
import yaml

from quiz.bank import Bank, ProblemList, validate_sources
from quiz.bank.reader import byte_position, looks_binary
from quiz.bank.validate import ID_PATTERN
from quiz.bank.writer import dump_decks
from quiz.database import reading
from quiz.extensions import db
from quiz.extract import draft_deck, warm_up_in_background
from quiz.interop import format_for, read
from quiz.models import Deck, Question, Upload
from quiz.models.types import utcnow
from quiz.services.bank.catalog import ImportResult, apply_import, plan_import, prepare_import, write_import
from quiz.services.bank.media import load_media, store_media

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "MAX_DRAFTS",
    "UploadError",
    "apply_upload",
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


def apply_upload(upload_id: int, *, now: datetime) -> ImportResult:
    """Apply a stored bank upload once, holding the write lock only to write.

    Reading the file, validating it and comparing it with the catalogue run
    first, as a plain read; then one short transaction marks the upload applied
    and writes the changes (see :func:`quiz.services.bank.catalog.write_import`).

    Raises:
        UploadError: The upload is unknown or was already applied.
    """
    query = sa.select(Upload).where(Upload.id == upload_id, Upload.kind == "bank")
    # A request that may write took SQLite's write lock with its first query
    # (loading the user); let it go before the long read.
    db.session.commit()
    with reading():
        upload = db.session.scalar(query)
        if upload is None:
            raise UploadError("That upload no longer exists.")
        if upload.applied_at is not None:
            raise UploadError(f"{upload.filename} was already applied.")
        bank, problems = _bank_of(upload)
        if problems.errors:  # pragma: no cover - checked on upload; kept as a guard
            raise UploadError(f"{upload.filename} has errors; nothing was applied.")
        prepared = prepare_import(bank)
        db.session.rollback()
    upload = db.session.scalar(query.with_for_update())
    if upload is None or upload.applied_at is not None:  # applied meanwhile, by a second click
        db.session.rollback()
        raise UploadError(f"{upload.filename if upload else 'That upload'} was already applied.")
    upload.applied_at = now  # committed with the import, or not at all
    return write_import(prepared, now=now)


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


def draft_bank(questions: list[dict[str, Any]], *, deck_key: str, title: str) -> tuple[Bank, ProblemList]:
    """Validate draft questions as a one-deck bank, exactly as if read from a file."""
    text = yaml.safe_dump(
        {"deck": {"id": deck_key, "title": title}, "questions": questions}, sort_keys=False, allow_unicode=True
    )
    return validate_sources([], uploads={f"{deck_key}.yaml": text.encode()})


def review_draft_question(
    upload_id: int, index: int, *, accept: bool, edits: dict[str, Any] | None = None, now: datetime
) -> list[str]:
    """Accept (possibly edited) or reject one draft question.

    Accepted questions are imported into the draft's deck at once; rejecting
    one that was accepted retires it. Nothing changes when an edit is invalid.

    Returns:
        Problems with the edited question (empty when it was saved).
    """
    upload = db.session.scalar(
        sa.select(Upload).where(Upload.id == upload_id, Upload.kind == "document").with_for_update()
    )
    if upload is None or not 0 <= index < len(upload.draft):
        raise UploadError("That draft question no longer exists.")
    deck_key, title = upload.deck_key or "draft", upload.deck_title or "Draft"
    entries = [dict(entry) for entry in upload.draft]
    entry = entries[index]
    was_accepted = entry["status"] == ACCEPTED
    if accept:
        fields = dict(entry["fields"])
        for name, value in (edits or {}).items():
            if name not in EDITABLE or (name == "choices" and "choices" not in fields):
                continue
            if value in (None, "", []):
                fields.pop(name, None)
            else:
                fields[name] = value
        _, problems = draft_bank([fields], deck_key=deck_key, title=title)
        if problems.errors:
            db.session.rollback()
            return [p.message for p in problems.errors]
        taken = db.session.execute(
            sa.select(Deck.key).join(Question, Question.deck_id == Deck.id).where(Question.key == fields["id"])
        ).scalar()
        if taken is not None and taken != upload.deck_key:
            db.session.rollback()
            return [f"question id '{fields['id']}' is already used in deck '{taken}'"]
        entry.update(status=ACCEPTED, fields=fields)
    else:
        entry["status"] = REJECTED
    upload.draft = entries
    if accept or was_accepted:
        # The deck holds exactly the accepted questions: import it whole.
        accepted = [e["fields"] for e in entries if e["status"] == ACCEPTED]
        bank, _ = draft_bank(accepted, deck_key=deck_key, title=title)
        apply_import(bank, now=now)
    else:
        db.session.commit()
    return []

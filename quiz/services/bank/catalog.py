"""The question catalogue in the database, kept in step with the YAML bank.

Importing compares the bank with what is stored, question by question (keyed by
the stable YAML id), and applies the difference in one transaction:

* a new id is added;
* a changed prompt, explanation, tags, choices or source keep every learner's
  card and history; a changed answer resets the learners' cards (history kept),
  unless the old and new answers are the same answer written differently;
* an id missing from a deck's file is retired: no longer studied, history kept;
  putting it back revives it.

Documents named in the files' ``documents:`` maps are added or updated (title,
whether learners may read them, origin, text); a bank without a document's text
(an upload) keeps the text already stored. Documents are never removed by an
import: another deck file may still cite them.

Images and sounds are stored once by content (:class:`~quiz.models.MediaFile`,
keyed by SHA-256); each imported deck's names for them (``media/map.png``) are
replaced by the names its questions use now.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from quiz.answers import is_correct
from quiz.bank import Bank, BankDeck, BankDocument, BankQuestion, Source, bank_files, document_files, load_bank
from quiz.bank.edits import changed_fields
from quiz.bank.media import MEDIA_FOLDER, media_type
from quiz.database import reading
from quiz.extensions import db
from quiz.models import Card, Deck, DeckMedia, DeckOwner, Document, MediaFile, Meta, Question, QuestionEdit
from quiz.models.types import UTCDateTime
from quiz.services.bank.tags import sync_tags

__all__ = [
    "DeckCount",
    "ImportResult",
    "PreparedImport",
    "apply_import",
    "bank_fingerprint",
    "bank_question",
    "cards_reset_by",
    "deck_counts",
    "plan_import",
    "prepare_import",
    "stored_decks",
    "sync_bank_dir",
    "write_import",
]

FINGERPRINT_KEY = "bank_fingerprint"
#: Meta key of a counter every import that changes the catalogue bumps.
VERSION_KEY = "catalog_version"
POSITION_STRIDE = 1_000_000
#: Fields whose change is reported. A question's position also follows the
#: file, but moving because another question came or went is not a change.
COMPARED = (
    "deck_id",
    "type",
    "kind",
    "prompt",
    "answer",
    "accept",
    "choices",
    "explanation",
    "sources",
    "tags",
    "fact",
    "tolerance",
)
JSON_FIELDS = frozenset({"accept", "choices", "sources", "tags"})
#: How an import came, as a question's history names it.
ORIGINS = ("file", "upload", "draft", "browser")


@dataclass(slots=True)
class ImportResult:
    """What an import did (or, for a plan, would do), by question id."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    reset: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    revived: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    decks_added: list[str] = field(default_factory=list)
    #: Documents whose title, text or visibility is new or changed, by file name.
    documents: list[str] = field(default_factory=list)
    #: Images and sounds new or changed, or no longer used, as ``deck/name``.
    media: list[str] = field(default_factory=list)

    @property
    def is_noop(self) -> bool:
        """True when nothing would change."""
        return not (
            self.added
            or self.changed
            or self.retired
            or self.revived
            or self.decks_added
            or self.documents
            or self.media
        )

    def summary(self) -> str:
        """One line for people: counts of each outcome."""
        text = (
            f"added {len(self.added)}, changed {len(self.changed)}, retired {len(self.retired)}, "
            f"revived {len(self.revived)}, unchanged {len(self.unchanged)}"
        )
        if self.documents:
            text += f"; documents added or updated: {', '.join(self.documents)}"
        if self.media:
            text += f"; images and sounds added, changed or dropped: {len(self.media)}"
        if self.reset:
            text += f"; answers changed, learners' progress reset on {len(self.reset)}: {', '.join(self.reset)}"
        return text


def _row(q: BankQuestion, deck_id: int, position: int, where: tuple[str, int] | None = None) -> dict[str, Any]:
    row = {
        "key": q.key,
        "deck_id": deck_id,
        "position": position,
        "type": q.type,
        "kind": q.kind,
        "prompt": q.prompt,
        "answer": q.answer,
        "accept": list(q.accept),
        "choices": list(q.choices),
        "explanation": q.explanation,
        "sources": [{"document": s.document, "paragraph": s.paragraph} for s in q.sources],
        "tags": list(q.tags),
        "fact": q.fact,
        "tolerance": q.tolerance,
    }
    if where is not None:
        row["source_path"], row["source_line"] = where
    return row


def _source_path(path: str, root: Path) -> str:
    """A bank file's path relative to ``root`` (as given when it lies elsewhere), with ``/``."""
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()


def _decoded(old: dict[str, Any], name: str) -> Any:
    value = old[name]
    return json.loads(value) if name in JSON_FIELDS and isinstance(value, str) else value


def _history(old: dict[str, Any], new: dict[str, Any], deck_keys: dict[Any, str]) -> dict[str, list[Any]]:
    """What an import changes in a stored question, field by field (the deck by its id)."""
    before = {name: _decoded(old, name) for name in COMPARED if name != "deck_id"}
    after = {name: new[name] for name in COMPARED if name != "deck_id"}
    found = changed_fields(before, after)
    if old["deck_id"] != new["deck_id"]:
        found = {"deck": [deck_keys.get(old["deck_id"]), deck_keys.get(new["deck_id"])]} | found
    return found


def _differs(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Compare a stored row with a bank row.

    JSON fields come back as text from SQLite (cheaper than decoding them all),
    and already decoded from PostgreSQL, whose driver parses ``json`` itself.
    """
    for name in COMPARED:
        if name in JSON_FIELDS:
            stored = old[name]
            if isinstance(stored, str):
                if stored != json.dumps(new[name]) and json.loads(stored) != new[name]:
                    return True
            elif stored != new[name]:
                return True
        elif old[name] != new[name]:
            return True
    return False


def _same_answer(old: dict[str, Any], new: dict[str, Any]) -> bool:
    if old["answer"] == new["answer"]:
        return True
    kind = new["kind"]
    return is_correct(old["answer"], new["answer"], kind) and is_correct(new["answer"], old["answer"], kind)


@dataclass(slots=True)
class _Work:
    result: ImportResult
    decks: dict[str, dict[str, Any]]
    inserts: list[dict[str, Any]]
    updates: list[dict[str, Any]]
    moves: list[dict[str, Any]]
    reset_ids: list[int]
    retire_ids: list[int]
    documents: list[dict[str, Any]] = field(default_factory=list)
    #: For each changed or revived question: its id, "changed" or "revived", and what changed.
    history: list[tuple[int, str, dict[str, list[Any]]]] = field(default_factory=list)
    #: Files to store (not stored yet), by SHA-256: (MIME type, bytes).
    media_files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    #: For each imported deck whose media changed: its names and their SHA-256.
    deck_media: dict[str, dict[str, str]] = field(default_factory=dict)


def _compare(bank: Bank, files_root: Path | None = None) -> _Work:
    """Compare ``bank`` with the catalogue; with ``files_root``, also where each question is written."""
    result = ImportResult()
    decks = {
        row.key: dict(row._mapping) | {"stored_title": row.title, "stored_source": row.source_path}
        for row in db.session.execute(sa.select(Deck.__table__))
    }
    next_position = max((d["position"] for d in decks.values()), default=-1) + 1
    for deck in bank.decks:
        if deck.key not in decks:
            decks[deck.key] = {
                "id": None,
                "key": deck.key,
                "title": deck.title,
                "stored_title": None,
                "position": next_position,
                "source_path": None,
                "stored_source": None,
            }
            next_position += 1
            result.decks_added.append(deck.key)
        decks[deck.key]["title"] = deck.title
        if files_root is not None and deck.path:
            decks[deck.key]["source_path"] = _source_path(deck.path, files_root)
    deck_keys = {info["id"]: key for key, info in decks.items()}
    # JSON columns come back as their stored text: decoding 40,000 small lists
    # cost more than the rest of the comparison (see _differs).
    columns = ("id", "key", "position", "retired_at", "source_path", "source_line", *COMPARED)
    table = Question.__table__
    selected = [sa.type_coerce(table.c[n], sa.Text) if n in JSON_FIELDS else table.c[n] for n in columns]
    stored = {row[1]: dict(zip(columns, row, strict=True)) for row in db.session.execute(sa.select(*selected))}
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    moves: list[dict[str, Any]] = []
    reset_ids: list[int] = []
    history: list[tuple[int, str, dict[str, list[Any]]]] = []
    imported_decks: set[Any] = set()
    seen: set[str] = set()
    for deck in bank.decks:
        info = decks[deck.key]
        imported_decks.add(info["id"])
        # One file per deck: its path is worked out once, not per question.
        paths = {deck.path: info.get("source_path")} if files_root is not None else {}
        for index, q in enumerate(deck.questions):
            seen.add(q.key)
            where = None
            if files_root is not None:
                if q.path not in paths:
                    paths[q.path] = _source_path(q.path, files_root)
                where = (paths[q.path], q.line)
            new = _row(q, info["id"], info["position"] * POSITION_STRIDE + index, where)
            old = stored.get(q.key)
            if old is None:
                inserts.append(new | {"_deck": deck.key})
                result.added.append(q.key)
                continue
            differs = _differs(old, new)
            if old["retired_at"] is not None:
                result.revived.append(q.key)
            elif differs:
                result.changed.append(q.key)
            else:
                result.unchanged.append(q.key)
                moved = old["position"] != new["position"]
                if where is not None and (old["source_path"], old["source_line"]) != where:
                    moved = True
                if moved:
                    move = {"id": old["id"], "position": new["position"]}
                    if where is not None:
                        move["source_path"], move["source_line"] = where
                    moves.append(move)
                continue
            if not _same_answer(old, new):
                result.reset.append(q.key)
                reset_ids.append(old["id"])
            updates.append(new | {"id": old["id"], "_deck": deck.key})
            action = "revived" if old["retired_at"] is not None else "changed"
            history.append((old["id"], action, _history(old, new, deck_keys)))
    retire_ids = []
    for key, old in stored.items():
        if key not in seen and old["retired_at"] is None and old["deck_id"] in imported_decks:
            result.retired.append(key)
            retire_ids.append(old["id"])
    work = _Work(
        result, decks, inserts, updates, moves, reset_ids, retire_ids, _compare_documents(bank, result), history
    )
    _compare_media(bank, decks, work)
    return work


def _compare_media(bank: Bank, decks: dict[str, dict[str, Any]], work: _Work) -> None:
    """Work out which files to store and which decks' names for them change."""
    wanted: dict[str, dict[str, str]] = {}
    contents: dict[str, tuple[str, bytes]] = {}
    for deck in bank.decks:
        names = wanted.setdefault(deck.key, {})
        for name, data in deck.media.items():
            digest = hashlib.sha256(data).hexdigest()
            names[name] = digest
            contents.setdefault(digest, (media_type(name) or "application/octet-stream", data))
    ids = {decks[key]["id"]: key for key in wanted if decks[key]["id"] is not None}
    stored: dict[str, dict[str, str]] = {key: {} for key in wanted}
    if ids:
        for row in db.session.execute(sa.select(DeckMedia).where(DeckMedia.deck_id.in_(ids))).scalars():
            stored[ids[row.deck_id]][row.name] = row.sha256
    if contents:
        known = set(db.session.scalars(sa.select(MediaFile.sha256).where(MediaFile.sha256.in_(contents))))
        work.media_files = {digest: found for digest, found in contents.items() if digest not in known}
    for key, names in wanted.items():
        if names != stored[key]:
            work.deck_media[key] = names
            changed = {n for n in names.keys() | stored[key].keys() if names.get(n) != stored[key].get(n)}
            work.result.media.extend(f"{key}/{MEDIA_FOLDER}/{name}" for name in sorted(changed))


def _compare_documents(bank: Bank, result: ImportResult) -> list[dict[str, Any]]:
    """Return the document rows to write (``id`` None for a new one), noting their names in ``result``."""
    declared: dict[str, BankDocument] = {}
    for deck in bank.decks:
        for doc in deck.documents:
            declared.setdefault(doc.name, doc)
    if not declared:
        return []
    table = Document.__table__
    stored = {
        row.key: row
        for row in db.session.execute(
            sa.select(table.c.id, table.c.key, table.c.title, table.c.show_text, table.c.origin, table.c.text).where(
                table.c.key.in_(declared)
            )
        )
    }
    rows = []
    for name, doc in declared.items():
        old = stored.get(name)
        text = doc.text if doc.text is not None else (old.text if old is not None else None)
        new = {"key": name, "title": doc.title, "show_text": doc.show_text, "origin": doc.origin, "text": text}
        if old is not None and all(getattr(old, k) == v for k, v in new.items()):
            continue
        rows.append(new | {"id": old.id if old is not None else None})
        result.documents.append(name)
    return rows


def plan_import(bank: Bank) -> ImportResult:
    """Return what importing ``bank`` would do, changing nothing."""
    return _compare(bank).result


def cards_reset_by(bank: Bank) -> dict[str, int]:
    """For each question whose cards importing ``bank`` would reset: how many learners' cards, by id.

    The same rule as the import itself (a changed answer, unless it is the
    same answer written differently), read without changing anything.
    """
    work = _compare(bank)
    if not work.reset_ids:
        return {}
    counts = dict(
        db.session.execute(
            sa.select(Card.question_id, sa.func.count())
            .where(Card.question_id.in_(work.reset_ids))
            .group_by(Card.question_id)
        ).all()
    )
    return dict(zip(work.result.reset, (counts.get(i, 0) for i in work.reset_ids), strict=True))


@dataclass(slots=True)
class _Prebound:
    """New question rows with every value already converted for the database driver.

    Converting 10,000 rows (JSON lists, times) through SQLAlchemy took longer
    than writing them; done while preparing, the write transaction only hands
    finished rows to the driver. The deck id (new decks get theirs when they
    are written) and the time stamp are filled in at write time.
    """

    sql: str
    rows: list[list[Any]]
    decks: list[str]
    deck_at: int
    time_at: int
    time_processor: Any
    positional: bool
    names: list[str]

    def parameters(self, deck_ids: dict[str, int], now: datetime) -> list[Any]:
        stamp = self.time_processor(now) if self.time_processor else now
        out = []
        for row, deck in zip(self.rows, self.decks, strict=True):
            row[self.deck_at], row[self.time_at] = deck_ids[deck], stamp
            out.append(tuple(row) if self.positional else dict(zip(self.names, row, strict=True)))
        return out


def _prebind(inserts: list[dict[str, Any]], dialect: sa.Dialect) -> _Prebound | None:
    if not inserts:
        return None
    table = Question.__table__
    names = [name for name in inserts[0] if name != "_deck"] + ["updated_at"]
    compiled = table.insert().values({name: sa.bindparam(name) for name in names}).compile(dialect=dialect)
    order = list(compiled.positiontup) if compiled.positional else names
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in order]
    converted = []
    for row in inserts:
        values = [row.get(name) for name in order]
        for i, process in enumerate(processors):
            if process is not None and order[i] not in ("deck_id", "updated_at"):
                values[i] = process(values[i])
        converted.append(values)
    return _Prebound(
        sql=str(compiled),
        rows=converted,
        decks=[row["_deck"] for row in inserts],
        deck_at=order.index("deck_id"),
        time_at=order.index("updated_at"),
        time_processor=processors[order.index("updated_at")],
        positional=compiled.positional,
        names=order,
    )


@dataclass(slots=True)
class PreparedImport:
    """An import worked out against the catalogue as it was at ``version``, ready to write."""

    bank: Bank
    work: _Work
    version: str
    inserts: _Prebound | None = None
    #: Who made the change (None: nobody signed in, e.g. the bank folder at start-up).
    by: int | None = None
    #: How it came (one of :data:`ORIGINS`), for the questions' history.
    origin: str = "file"
    files_root: Path | None = None
    #: Whose the decks it adds outside the bank folder are (by default ``by``).
    owner: int | None = None


def _version() -> str:
    stored = db.session.get(Meta, VERSION_KEY)
    return stored.value if stored is not None else "0"


def _lock_version() -> str:
    """Lock the catalogue's version row for this transaction (creating it if needed) and return it."""
    dialect = db.session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Meta)
    db.session.execute(insert.values(key=VERSION_KEY, value="0").on_conflict_do_nothing(index_elements=["key"]))
    return db.session.scalar(sa.select(Meta.value).where(Meta.key == VERSION_KEY).with_for_update())


def prepare_import(
    bank: Bank,
    *,
    by: int | None = None,
    origin: str = "file",
    files_root: Path | None = None,
    owner: int | None = None,
) -> PreparedImport:
    """Compare ``bank`` with the stored catalogue, changing nothing.

    The slow part of an import (reading the whole catalogue, comparing every
    question, checking changed answers); run it outside the write transaction,
    then hand the result to :func:`write_import`.

    Args:
        bank: A validated bank.
        by: The account making the change, for the questions' history; a deck
            it adds outside the bank folder becomes that account's to edit.
        origin: How the change came (one of :data:`ORIGINS`).
        files_root: For bank files that are the source of truth (the bank
            folder, ``bank import``): the folder their paths are kept relative
            to; each question's file and line is stored, and their decks are
            read-only in the browser. None for uploads and browser edits.
        owner: Whose the decks it adds are, when not ``by``'s (an admin
            applying an instructor's upload).
    """
    version = _version()
    work = _compare(bank, files_root)
    return PreparedImport(
        bank,
        work,
        version,
        _prebind(work.inserts, db.session.get_bind().dialect),
        by,
        origin,
        files_root,
        owner if owner is not None else by,
    )


def write_import(prepared: PreparedImport, *, now: datetime) -> ImportResult:
    """Write a prepared import in one short transaction, and commit.

    If another import changed the catalogue since it was prepared, the
    comparison is made again inside the transaction, so nothing is lost.
    """
    try:
        current = _lock_version()
        if current == prepared.version:
            work, inserts = prepared.work, prepared.inserts
        else:
            work = _compare(prepared.bank, prepared.files_root)
            inserts = _prebind(work.inserts, db.session.get_bind().dialect)
        _write(work, inserts, now, by=prepared.by, origin=prepared.origin, owner=prepared.owner)
        if not work.result.is_noop:
            db.session.execute(sa.update(Meta).where(Meta.key == VERSION_KEY).values(value=str(int(current) + 1)))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return work.result


def apply_import(
    bank: Bank,
    *,
    now: datetime,
    by: int | None = None,
    origin: str = "file",
    files_root: Path | None = None,
    owner: int | None = None,
) -> ImportResult:
    """Bring the stored catalogue in line with ``bank`` in one transaction.

    When no transaction is open yet, the comparison runs first as a plain read
    (without SQLite's write lock), and only the writes hold the lock.

    Args:
        bank: A validated bank (see :func:`quiz.bank.load_bank`).
        now: Time stamp for changed and retired questions.
        by, origin, files_root, owner: As for :func:`prepare_import`.

    Returns:
        What was added, changed, reset, retired, revived and left unchanged.
    """
    options = {"by": by, "origin": origin, "files_root": files_root, "owner": owner}
    if db.session().in_transaction():
        prepared = prepare_import(bank, **options)
    else:
        with reading():
            prepared = prepare_import(bank, **options)
            db.session.rollback()
    return write_import(prepared, now=now)


def _write(
    work: _Work, inserts: _Prebound | None, now: datetime, *, by: int | None, origin: str, owner: int | None
) -> None:
    deck_ids: dict[str, int] = {}
    for key, info in work.decks.items():
        if info["id"] is None:
            deck = Deck(key=key, title=info["title"], position=info["position"], source_path=info["source_path"])
            db.session.add(deck)
            db.session.flush()
            info["id"] = deck.id
            if owner is not None and info["source_path"] is None:
                db.session.add(DeckOwner(deck_id=deck.id, user_id=owner))
        else:
            values = {}
            if info["title"] != info["stored_title"]:
                values["title"] = info["title"]
            if info["source_path"] != info["stored_source"] and info["source_path"] is not None:
                values["source_path"] = info["source_path"]
            if values:
                db.session.execute(sa.update(Deck).where(Deck.id == info["id"]).values(values))
        deck_ids[key] = info["id"]
    if inserts is not None:
        db.session.connection().exec_driver_sql(inserts.sql, inserts.parameters(deck_ids, now))
    edited = [_with_deck(row, deck_ids) | {"updated_at": now, "retired_at": None} for row in work.updates]
    for rows in (work.moves, edited):
        if rows:
            db.session.execute(sa.update(Question), rows)
    reset_counts: dict[int, int] = {}
    if work.reset_ids:
        reset_counts = dict(
            db.session.execute(
                sa.select(Card.question_id, sa.func.count())
                .where(Card.question_id.in_(work.reset_ids))
                .group_by(Card.question_id)
            ).all()
        )
        db.session.execute(sa.delete(Card).where(Card.question_id.in_(work.reset_ids)))
    sync_tags([*work.inserts, *work.updates])
    if work.retire_ids:
        db.session.execute(
            sa.update(Question).where(Question.id.in_(work.retire_ids)).values(retired_at=now, updated_at=now)
        )
    _write_history(work, deck_ids, reset_counts, now, by=by, origin=origin)
    for digest, (mime, data) in work.media_files.items():
        db.session.execute(
            sa.insert(MediaFile).values(sha256=digest, mime=mime, size=len(data), data=data, created_at=now)
        )
    for key, names in work.deck_media.items():
        db.session.execute(sa.delete(DeckMedia).where(DeckMedia.deck_id == deck_ids[key]))
        if names:
            rows = [{"deck_id": deck_ids[key], "name": name, "sha256": digest} for name, digest in names.items()]
            db.session.execute(sa.insert(DeckMedia), rows)
    for row in work.documents:
        values = {k: v for k, v in row.items() if k != "id"} | {"updated_at": now}
        if row["id"] is None:
            db.session.execute(sa.insert(Document).values(values))
        else:
            db.session.execute(sa.update(Document).where(Document.id == row["id"]).values(values))


def _write_history(
    work: _Work, deck_ids: dict[str, int], reset_counts: dict[int, int], now: datetime, *, by: int | None, origin: str
) -> None:
    """One history entry for every question the import added, changed, revived or retired."""
    base = {"user_id": by, "at": now, "origin": origin}
    rows = [
        base | {"question_id": qid, "action": action, "changes": changes, "reset_cards": reset_counts.get(qid, 0)}
        for qid, action, changes in work.history
    ]
    rows += [
        base | {"question_id": qid, "action": "retired", "changes": {}, "reset_cards": 0} for qid in work.retire_ids
    ]
    if rows:
        db.session.execute(sa.insert(QuestionEdit), rows)
    # New questions got their ids from the database: one INSERT ... SELECT per
    # slice of keys, by the unique index on the key (no read of the catalogue).
    added = [row["key"] for row in work.inserts]
    columns = ("question_id", "user_id", "at", "action", "origin", "changes", "reset_cards")
    typed = [(by, sa.Integer()), (now, UTCDateTime()), ("added", sa.String()), (origin, sa.String())]
    typed += [({}, sa.JSON()), (0, sa.Integer())]
    # PostgreSQL needs the parameters' types spelled out; a CAST on SQLite would
    # give a date or JSON text numeric affinity, so there they go as they are.
    postgres = db.session.get_bind().dialect.name == "postgresql"
    values = [sa.cast(sa.literal(v, t), t) if postgres else sa.literal(v, t) for v, t in typed]
    for start in range(0, len(added), 500):
        chosen = sa.select(Question.id, *values).where(Question.key.in_(added[start : start + 500]))
        db.session.execute(sa.insert(QuestionEdit).from_select(columns, chosen))


def _with_deck(row: dict[str, Any], deck_ids: dict[str, int]) -> dict[str, Any]:
    out = {k: v for k, v in row.items() if k != "_deck"}
    deck_id = deck_ids[row["_deck"]]
    out["deck_id"] = deck_id
    return out


def media_paths(bank_paths: list[Path]) -> list[Path]:
    """The files of the ``media/`` folders beside bank files, sorted."""
    folders = dict.fromkeys(path.parent / MEDIA_FOLDER for path in bank_paths)
    return sorted(p for folder in folders if folder.is_dir() for p in folder.iterdir() if p.is_file())


def bank_fingerprint(paths: list[Path]) -> str:
    """Hash the names and contents of bank files, to notice when they change."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.parent.name).encode() + b"/" + path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def sync_bank_dir(folder: Path | str, *, now: datetime) -> ImportResult | None:
    """Import the bank folder if its files changed since the last sync.

    Raises:
        quiz.bank.BankError: A bank file has errors; nothing is imported.

    Returns:
        What the import did, or None if the files were unchanged.
    """
    files = bank_files([folder])
    fingerprint = bank_fingerprint(files + document_files(folder) + media_paths(files))
    stored = db.session.get(Meta, FINGERPRINT_KEY)
    if stored is not None and stored.value == fingerprint:
        db.session.rollback()
        return None
    bank = load_bank(files)
    # Recorded in the import's own transaction: both land or neither does.
    db.session.merge(Meta(key=FINGERPRINT_KEY, value=fingerprint))
    return apply_import(bank, now=now, origin="file", files_root=Path(folder).resolve().parent)


def bank_question(row: Any) -> BankQuestion:
    """A stored question row as the bank question it was imported from."""
    return BankQuestion(
        key=row.key,
        type=row.type,
        prompt=row.prompt,
        answer=row.answer,
        accept=tuple(row.accept),
        choices=tuple(row.choices),
        kind=row.kind,
        explanation=row.explanation,
        sources=tuple(Source(s["document"], s["paragraph"]) for s in row.sources),
        tags=tuple(row.tags),
        fact=row.fact,
        tolerance=row.tolerance,
    )


def stored_decks(deck_id: int | None = None, *, revive: tuple[int, ...] = ()) -> list[BankDeck]:
    """Return the stored catalogue as bank decks: active questions, in bank order.

    Args:
        deck_id: Only this deck.
        revive: Retired questions to include as if they were active, by id.
    """
    questions: dict[int, list[BankQuestion]] = {}
    chosen = Question.retired_at.is_(None)
    if revive:
        chosen = sa.or_(chosen, Question.id.in_(revive))
    if deck_id is not None:
        chosen = sa.and_(chosen, Question.deck_id == deck_id)
    rows = db.session.execute(sa.select(Question.__table__).where(chosen).order_by(Question.position, Question.id))
    for row in rows:
        questions.setdefault(row.deck_id, []).append(bank_question(row))
    documents = {
        doc.key: BankDocument(doc.key, doc.title, doc.show_text, doc.origin)
        for doc in db.session.execute(sa.select(Document)).scalars()
    }
    media: dict[int, dict[str, bytes]] = {}
    for deck, name, data in db.session.execute(
        sa.select(DeckMedia.deck_id, DeckMedia.name, MediaFile.data)
        .join(MediaFile, MediaFile.sha256 == DeckMedia.sha256)
        .where(sa.true() if deck_id is None else DeckMedia.deck_id == deck_id)
    ):
        media.setdefault(deck, {})[name] = data
    query = sa.select(Deck).order_by(Deck.position, Deck.id)
    if deck_id is not None:
        query = query.where(Deck.id == deck_id)
    decks = db.session.execute(query).scalars()
    found = []
    for deck in decks:
        listed = questions.get(deck.id, [])
        cited = dict.fromkeys(s.document for q in listed for s in q.sources if s.document in documents)
        found.append(
            BankDeck(
                deck.key,
                deck.title,
                tuple(listed),
                documents=tuple(documents[n] for n in cited),
                media=media.get(deck.id, {}),
            )
        )
    return found


@dataclass(frozen=True, slots=True)
class DeckCount:
    """A deck with how many of its questions are studied and retired."""

    key: str
    title: str
    active: int
    retired: int


def deck_counts() -> list[DeckCount]:
    """Return every deck, in bank order, with its question counts."""
    rows = db.session.execute(
        sa.select(
            Deck.key,
            Deck.title,
            sa.func.count(Question.id).filter(Question.retired_at.is_(None)),
            sa.func.count(Question.id).filter(Question.retired_at.is_not(None)),
        )
        .outerjoin(Question, Question.deck_id == Deck.id)
        .group_by(Deck.id)
        .order_by(Deck.position, Deck.id)
    )
    return [DeckCount(*row) for row in rows]

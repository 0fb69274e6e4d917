"""Editing a deck made in the browser: edit, add, retire and revive questions, export the deck.

A deck imported from a bank file (``Deck.source_path`` set) is read-only here:
the file is the source of truth, and the question page names its file and line.
A deck made in the browser (an upload, a document's drafts) may be edited by
the instructor who made it and by admins.

Every edit is carried out as an import of the whole deck with the change made
(:mod:`quiz.services.bank.catalog`): it is validated by the same bank rules as a
file, a changed answer resets learners' cards by the same rule, and the import
records the change in the question's history. Because a reset loses learners'
progress, :func:`save_question` refuses to make one until the caller confirms
it with the token the refusal gave.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from quiz.bank import Bank, BankDeck, validate_sources
from quiz.bank.edits import apply_edits, edit_token, editable_fields
from quiz.bank.writer import deck_fields, dump_decks, dump_fields, question_fields
from quiz.extensions import db
from quiz.models import Deck, DeckOwner, Question, QuestionEdit, User
from quiz.services.bank.catalog import ImportResult, apply_import, cards_reset_by, stored_decks
from quiz.services.bank.uploads import FieldProblem, problems_by_field

__all__ = [
    "DeckRights",
    "EditError",
    "HistoryEntry",
    "NotAllowed",
    "SaveOutcome",
    "add_question",
    "deck_rights",
    "export_deck",
    "question_history",
    "save_question",
    "set_retired",
]


class EditError(ValueError):
    """An edit that cannot be made; the message says why."""


class NotAllowed(EditError):
    """The deck is file-backed, or not this account's to edit."""


@dataclass(frozen=True, slots=True)
class DeckRights:
    """Whether an account may edit a deck in the browser, and if not, why."""

    editable: bool
    #: The bank file a file-backed deck is read from (None for a deck made in the browser).
    source_path: str | None
    #: The instructor who made a browser deck (None: nobody recorded).
    owner: str | None


def deck_rights(deck: Deck, *, user_id: int, is_admin: bool) -> DeckRights:
    """Who may edit ``deck`` here: nobody when it is file-backed; else its maker and admins."""
    owner = db.session.execute(
        sa.select(User.id, User.username)
        .join(DeckOwner, DeckOwner.user_id == User.id)
        .where(DeckOwner.deck_id == deck.id)
    ).first()
    if deck.source_path is not None:
        return DeckRights(False, deck.source_path, None)
    mine = owner is not None and owner.id == user_id
    return DeckRights(is_admin or mine, None, owner.username if owner else None)


def _check(deck: Deck, user_id: int, is_admin: bool) -> None:
    rights = deck_rights(deck, user_id=user_id, is_admin=is_admin)
    if not rights.editable:
        db.session.rollback()
        if rights.source_path:
            raise NotAllowed(f"Deck {deck.key!r} is read from {rights.source_path}; edit the file instead.")
        raise NotAllowed(f"Deck {deck.key!r} is not yours to edit; ask its author or an admin.")


@dataclass(slots=True)
class SaveOutcome:
    """What saving an edit did.

    Exactly one holds: ``problems`` (nothing saved), ``confirm`` (nothing saved:
    the edit would reset ``cards`` learners' cards, and must be sent again with
    this token), or ``result`` (saved).
    """

    problems: list[FieldProblem] = field(default_factory=list)
    confirm: str | None = None
    cards: int = 0
    result: ImportResult | None = None
    question_id: int | None = None

    @property
    def saved(self) -> bool:
        return self.result is not None


def _deck_bank(deck: BankDeck, questions: list[dict[str, Any]]) -> tuple[Bank | None, list[FieldProblem]]:
    """Validate a deck with its questions as bank mappings, as an upload of its YAML would be."""
    text = dump_fields([deck_fields(deck, questions)])
    bank, problems = validate_sources([], uploads={f"{deck.key}.yaml": text.encode()}, media=deck.media)
    if problems.errors:
        return None, [FieldProblem(None, p.message) for p in problems.errors]
    return bank, []


def _stored_deck(deck_id: int, *, revive: tuple[int, ...] = ()) -> BankDeck:
    found = stored_decks(deck_id, revive=revive)
    if not found:
        raise EditError("That deck no longer exists.")
    return found[0]


def _save(
    deck: Deck,
    questions: list[dict[str, Any]],
    fields: dict[str, Any],
    allowed: tuple[str, ...],
    *,
    user_id: int,
    confirm: str | None,
    now: datetime,
) -> SaveOutcome:
    """Validate one question, then its deck, warn about resets, and import the deck."""
    stored = _stored_deck(deck.id)
    problems = problems_by_field(fields, deck_key=deck.key, title=deck.title, editable=allowed, media=stored.media)
    if not problems:
        bank, problems = _deck_bank(stored, questions)
    if problems:
        db.session.rollback()
        return SaveOutcome(problems=problems)
    assert bank is not None
    resets = cards_reset_by(bank)
    cards = sum(resets.values())
    token = edit_token(fields)
    if cards and confirm != token:
        db.session.rollback()
        return SaveOutcome(confirm=token, cards=cards)
    result = apply_import(bank, now=now, by=user_id, origin="browser")
    question_id = db.session.scalar(sa.select(Question.id).where(Question.key == fields["id"]))
    db.session.rollback()  # a read: end it, rather than hold a transaction open
    return SaveOutcome(result=result, question_id=question_id, cards=cards)


def _question(question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None:
        db.session.rollback()
        raise EditError("That question no longer exists.")
    return question


def save_question(
    question_id: int,
    edits: dict[str, Any],
    *,
    user_id: int,
    is_admin: bool,
    confirm: str | None = None,
    now: datetime,
) -> SaveOutcome:
    """Save an edit of one question of a browser deck, as an import of its deck would.

    Args:
        question_id: The question.
        edits: New values of the fields its form shows (see
            :func:`quiz.bank.edits.editable_fields`); others are ignored.
        user_id, is_admin: Who edits.
        confirm: The token a previous call returned when the edit resets
            learners' cards; without it such an edit is not saved.
        now: The time of the change.

    Raises:
        NotAllowed: The deck is file-backed, or not this account's.
        EditError: The question is gone, or it is retired (revive it first).
    """
    question = _question(question_id)
    deck = question.deck
    _check(deck, user_id, is_admin)
    if question.retired_at is not None:
        db.session.rollback()
        raise EditError("This question is retired; revive it before editing it.")
    stored = _stored_deck(deck.id)
    mappings = [question_fields(q) for q in stored.questions]
    index = next(i for i, q in enumerate(stored.questions) if q.key == question.key)
    allowed = editable_fields(question.type)
    fields = apply_edits(mappings[index], edits, allowed)
    mappings[index] = fields
    return _save(deck, mappings, fields, allowed, user_id=user_id, confirm=confirm, now=now)


def add_question(deck_id: int, edits: dict[str, Any], *, user_id: int, is_admin: bool, now: datetime) -> SaveOutcome:
    """Add a question at the end of a browser deck (a new id: nothing to reset).

    Raises:
        NotAllowed: The deck is file-backed, or not this account's.
        EditError: The deck is gone.
    """
    deck = db.session.get(Deck, deck_id)
    if deck is None:
        db.session.rollback()
        raise EditError("That deck no longer exists.")
    _check(deck, user_id, is_admin)
    allowed = editable_fields(edits.get("type") or "short", adding=True)
    fields = apply_edits({}, edits, allowed)
    key = fields.get("id")
    if key and db.session.scalar(sa.select(Question.id).where(Question.key == key)) is not None:
        db.session.rollback()
        return SaveOutcome(problems=[FieldProblem("id", f"question id '{key}' is already used; choose another")])
    stored = _stored_deck(deck.id)
    mappings = [*(question_fields(q) for q in stored.questions), fields]
    return _save(deck, mappings, fields, allowed, user_id=user_id, confirm=None, now=now)


def set_retired(question_id: int, *, retired: bool, user_id: int, is_admin: bool, now: datetime) -> ImportResult:
    """Retire a question of a browser deck (no longer studied, progress kept), or revive it.

    Raises:
        NotAllowed: The deck is file-backed, or not this account's.
        EditError: The question is gone, already in that state, or cannot
            come back (its deck now holds another question like it).
    """
    question = _question(question_id)
    deck = question.deck
    _check(deck, user_id, is_admin)
    if (question.retired_at is not None) == retired:
        db.session.rollback()
        raise EditError(f"This question is already {'retired' if retired else 'in use'}.")
    stored = _stored_deck(deck.id, revive=() if retired else (question.id,))
    mappings = [question_fields(q) for q in stored.questions if not (retired and q.key == question.key)]
    bank, problems = _deck_bank(stored, mappings)
    if bank is None:
        db.session.rollback()
        raise EditError("; ".join(p.message for p in problems))
    return apply_import(bank, now=now, by=user_id, origin="browser")


def export_deck(deck_id: int) -> tuple[str, str] | None:
    """A deck's active questions as a bank file: (file name, YAML), or None if there is no such deck.

    Importing the file gives the same questions under the same ids, so
    learners keep their progress.
    """
    found = stored_decks(deck_id)
    db.session.rollback()
    if not found:
        return None
    return f"{found[0].key}.yaml", dump_decks(found)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change in a question's history."""

    at: datetime
    who: str | None
    action: str
    origin: str
    changes: dict[str, list[Any]]
    reset_cards: int


def question_history(question_id: int) -> list[HistoryEntry]:
    """Every recorded change to a question, newest first."""
    rows = db.session.execute(
        sa.select(QuestionEdit, User.username)
        .outerjoin(User, User.id == QuestionEdit.user_id)
        .where(QuestionEdit.question_id == question_id)
        .order_by(QuestionEdit.at.desc(), QuestionEdit.id.desc())
    ).all()
    return [
        HistoryEntry(edit.at, name, edit.action, edit.origin, dict(edit.changes or {}), edit.reset_cards)
        for edit, name in rows
    ]

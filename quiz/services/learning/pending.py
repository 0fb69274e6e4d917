"""The card in hand, kept on the server between showing, answering and rating it.

Checking an answer stores what the learner typed, the verdict and when the card
was shown in one row per learner (:class:`quiz.models.PendingCard`); rating the
card takes that row and records the review with it, in one transaction. Nothing
a learner types rides in the session cookie, and a form sent twice (a
double-click) still records one review: the second rating finds the card moved
on, the second answer finds the first one kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from quiz.database import reading
from quiz.extensions import db
from quiz.models import PendingCard
from quiz.scheduling import Rating
from quiz.services.learning import queue
from quiz.services.learning.study import (
    MAX_ANSWER_LENGTH,
    MAX_DURATION_MS,
    Learner,
    check_answer,
    record_review,
    undo_last,
)

__all__ = [
    "MAX_ANSWER_LENGTH",
    "AnswerTooLong",
    "Pending",
    "answer_card",
    "in_hand_item",
    "rate_card",
    "undo",
]


class AnswerTooLong(ValueError):
    """An answer longer than :data:`MAX_ANSWER_LENGTH`; the message says so."""


@dataclass(frozen=True, slots=True)
class Pending:
    """The learner's card in hand.

    Attributes:
        question_id: The question.
        reps: The card's review count when it was shown.
        answered: True once an answer was checked (or a flashcard revealed);
            False for a card undo put back, to show first.
        answer: What the learner typed or chose (None for a flashcard).
        correct: The check's verdict (None for a flashcard).
        duration_ms: From showing the card to answering it.
    """

    question_id: int
    reps: int
    answered: bool
    answer: str | None
    correct: bool | None
    duration_ms: int


_p = PendingCard.__table__
_USER = _p.c.user_id == sa.bindparam("user")
_COLUMNS = (_p.c.question_id, _p.c.reps, _p.c.answer, _p.c.correct, _p.c.shown_at, _p.c.answered_at)
_TAKE = (
    sa.delete(_p)
    .where(_USER, _p.c.question_id == sa.bindparam("question"), _p.c.reps == sa.bindparam("reps"))
    .returning(*_COLUMNS)
)


def _pending(row: Sequence[Any]) -> Pending:
    """The card in hand from the values of :data:`_COLUMNS`, in that order."""
    question_id, reps, answer, correct, shown_at, answered_at = row
    answered = answered_at is not None
    elapsed = (answered_at - shown_at) if answered and shown_at is not None else timedelta(0)
    duration = max(0, min(int(elapsed.total_seconds() * 1000), MAX_DURATION_MS))
    return Pending(question_id, reps, answered, answer, correct, duration)


#: The card in hand with its study item, in one statement (the study page reads both on every showing).
_IN_HAND_ITEM = queue.with_study_item(_p, *(column.label(f"held_{column.name}") for column in _COLUMNS))


def in_hand_item(user: Learner, now: datetime) -> tuple[Pending | None, queue.StudyItem | None]:
    """Return the learner's card in hand, if any, and its study item as :func:`queue.study_item` finds it.

    The item is None when there is no card in hand, or its question is retired
    or held back; the card in hand may be stale (compare ``reps``).
    """
    row = db.session.execute(_IN_HAND_ITEM, {"user": user.id, "now": now}).first()
    if row is None:
        return None, None
    held = _pending(row[-len(_COLUMNS) :])
    return held, queue.item_of(row)


_COLUMN_NAMES = ("user_id", "question_id", "reps", "answer", "correct", "shown_at", "answered_at")
_upserts: dict[tuple[str, bool], Any] = {}


def _upsert_statement(dialect: str, keep_answer: bool) -> Any:
    """``INSERT ... ON CONFLICT (user_id) DO UPDATE``, built once per database and variant."""
    key = (dialect, keep_answer)
    if key not in _upserts:
        # On the table, not the mapped class: a Core insert skips the ORM's bulk-insert machinery.
        insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(_p)
        excluded = insert.excluded
        where = None
        if keep_answer:
            # A second answer to the same showing (a double-click) keeps the first.
            where = sa.or_(
                _p.c.answered_at.is_(None),
                _p.c.question_id != excluded.question_id,
                _p.c.reps != excluded.reps,
            )
        _upserts[key] = insert.values({name: sa.bindparam(name) for name in _COLUMN_NAMES}).on_conflict_do_update(
            index_elements=["user_id"], set_={name: excluded[name] for name in _COLUMN_NAMES[1:]}, where=where
        )
    return _upserts[key]


def _upsert(values: dict[str, Any], *, keep_answer: bool) -> None:
    """Insert the learner's row or replace it; with ``keep_answer``, an answer to the same showing stays."""
    statement = _upsert_statement(db.session.get_bind().dialect.name, keep_answer)
    db.session.execute(statement, values)


def answer_card(
    user: Learner,
    question_id: int,
    reps: int,
    given: str | Sequence[str] | None,
    *,
    shown_ms: int | None,
    now: datetime,
) -> bool:
    """Check an answer to the card on screen and keep it until the card is rated.

    Args:
        user: The learner.
        question_id: The question answered.
        reps: The card's review count when it was shown (from the form).
        given: The typed or chosen text; one text per gap for a cloze; None to
            reveal a flashcard.
        shown_ms: When the card was shown, in epoch milliseconds (from the form).
        now: The current time (aware, UTC).

    Returns:
        False when the card is no longer the one shown (rated meanwhile, or
        retired); nothing is stored then.

    Raises:
        AnswerTooLong: The answer exceeds :data:`MAX_ANSWER_LENGTH`; nothing is stored.
    """
    texts = [given] if isinstance(given, str) else list(given or [])
    if sum(len(text) for text in texts) > MAX_ANSWER_LENGTH:
        raise AnswerTooLong(
            f"Answers are at most {MAX_ANSWER_LENGTH} characters; yours was longer. Shorten it and check again."
        )
    # Read and check as a plain read: on SQLite the write lock is taken only
    # for the one row written below, not while the answer is checked.
    with reading():
        item = queue.study_item(user, question_id)
        db.session.rollback()
    if item is None or item.reps != reps:
        return False
    if item.question.type == "flashcard":
        answer, correct = None, None
    elif item.question.type == "cloze":
        gaps = [text.strip() for text in texts]
        answer, correct = "; ".join(gaps), check_answer(item.question, gaps)
    else:
        answer = (texts[0] if texts else "").strip()
        correct = check_answer(item.question, answer)
    shown_at = None
    if shown_ms is not None:
        earliest = now - timedelta(milliseconds=MAX_DURATION_MS)
        shown_at = min(max(datetime.fromtimestamp(shown_ms / 1000, now.tzinfo), earliest), now)
    values = {
        "user_id": user.id,
        "question_id": question_id,
        "reps": reps,
        "answer": answer,
        "correct": correct,
        "shown_at": shown_at,
        "answered_at": now,
    }
    _upsert(values, keep_answer=True)
    db.session.commit()
    return True


def rate_card(
    user: Learner,
    question_id: int,
    rating: Rating,
    *,
    seen_reps: int,
    shown_ms: int | None = None,
    now: datetime,
) -> int | None:
    """Record a rating of the card in hand with its checked answer, and clear it, in one transaction.

    A rating sent twice records one review: the second finds the card moved on.

    Returns:
        The new review's id, or None if nothing was recorded.
    """
    row = db.session.execute(_TAKE, {"user": user.id, "question": question_id, "reps": seen_reps}).first()
    held = _pending(row) if row is not None and row.answered_at is not None else None
    if held is None and shown_ms is not None:
        duration = max(0, int(now.timestamp() * 1000) - shown_ms)
    else:
        duration = held.duration_ms if held is not None else 0
    review_id = record_review(
        user,
        question_id,
        rating,
        seen_reps=seen_reps,
        now=now,
        answer=held.answer if held is not None else None,
        correct=held.correct if held is not None else None,
        duration_ms=duration,
    )
    if review_id is None:
        db.session.commit()  # the taken row, if any, goes: its card has moved on
    return review_id


def undo(user: Learner, now: datetime) -> int | None:
    """Undo the learner's last rating today and put that card in hand, to show first.

    Returns:
        The question put back, or None when there was nothing to undo.
    """
    question_id = undo_last(user, now)
    if question_id is not None:
        item = queue.study_item(user, question_id)
        if item is not None:
            values = {
                "user_id": user.id,
                "question_id": question_id,
                "reps": item.reps,
                "answer": None,
                "correct": None,
                "shown_at": None,
                "answered_at": None,
            }
            _upsert(values, keep_answer=False)
            db.session.commit()
    else:
        db.session.rollback()
    return question_id

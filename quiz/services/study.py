"""The study loop: which card comes next, recording a rating, undoing one.

Due cards come first (learning cards when their minutes are up, review cards
during the study day they fall due), then new cards up to the learner's daily
limit. Like Anki's sibling burying, a question is held back for the rest of the
study day once another question drawn from the same fact has been reviewed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from quiz import scheduling
from quiz.answers import is_correct
from quiz.bank import cloze_gaps
from quiz.days import day_bounds
from quiz.extensions import db
from quiz.models import Card, Question, Review, User
from quiz.scheduling import CardState, Rating, State

__all__ = [
    "Queue",
    "StudyItem",
    "card_state",
    "check_answer",
    "next_card",
    "next_due_at",
    "queue_counts",
    "record_review",
    "study_item",
    "undo_last",
]

MAX_DURATION_MS = 10 * 60 * 1000


@dataclass(frozen=True, slots=True)
class StudyItem:
    """A question to show, with the learner's card for it (None when new)."""

    question: Question
    card: Card | None

    @property
    def reps(self) -> int:
        """Reviews so far; rating forms carry it to spot double submissions."""
        return self.card.reps if self.card is not None else 0

    @property
    def state(self) -> CardState | None:
        """The card's FSRS state, or None for a new card."""
        return card_state(self.card) if self.card is not None else None


@dataclass(frozen=True, slots=True)
class Queue:
    """What is left to study today."""

    due: int
    new: int


def card_state(card: Card) -> CardState:
    """Return the FSRS state held by a card row."""
    return CardState(State(card.state), card.step, card.stability, card.difficulty, card.due, card.last_review)


def _not_buried(user: User, day_start: datetime) -> sa.ColumnElement[bool]:
    """Condition: no sibling of the question was reviewed this study day."""
    sibling = aliased(Question)
    reviewed_sibling = (
        sa.select(Review.id)
        .join(sibling, sibling.id == Review.question_id)
        .where(
            Review.user_id == user.id,
            Review.reviewed_at >= day_start,
            Review.undone_at.is_(None),
            sibling.fact == Question.fact,
            sibling.id != Question.id,
        )
        .exists()
    )
    return sa.or_(Question.fact.is_(None), ~reviewed_sibling)


def _due_condition(user: User, now: datetime, day_end: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(
        Card.user_id == user.id,
        Card.due < day_end,
        sa.or_(Card.state == State.Review.value, Card.due <= now),
        Question.retired_at.is_(None),
    )


def _new_today(user: User, day_start: datetime) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Review.id)).where(
            Review.user_id == user.id,
            Review.reviewed_at >= day_start,
            Review.state_before.is_(None),
            Review.undone_at.is_(None),
        )
    ) or 0


def _unseen(user: User) -> sa.Select[tuple[Question]]:
    seen = sa.select(Card.question_id).where(Card.user_id == user.id, Card.question_id == Question.id)
    return sa.select(Question).where(Question.retired_at.is_(None), ~seen.exists())


def study_item(user: User, question_id: int) -> StudyItem | None:
    """Return an active question with the learner's card for it, if any."""
    question = db.session.get(Question, question_id)
    if question is None or question.retired_at is not None:
        return None
    return StudyItem(question, db.session.get(Card, (user.id, question_id)))


def next_card(user: User, now: datetime, *, prefer: int | None = None) -> StudyItem | None:
    """Return the next question for ``user`` to study, or None when done for now.

    Args:
        user: The learner.
        now: The current time (aware, UTC).
        prefer: A question id to show first if it is due or new (after an undo).
    """
    day_start, day_end = day_bounds(now, user.timezone, user.day_start_hour)
    if prefer is not None:
        item = study_item(user, prefer)
        if item is not None and (item.card is None or item.card.due < day_end):
            return item
    row = db.session.execute(
        sa.select(Card, Question)
        .join(Question, Question.id == Card.question_id)
        .where(_due_condition(user, now, day_end), _not_buried(user, day_start))
        .order_by(Card.due)
        .limit(1)
    ).first()
    if row is not None:
        return StudyItem(row.Question, row.Card)
    if _new_today(user, day_start) >= user.new_per_day:
        return None
    question = db.session.scalar(
        _unseen(user).where(_not_buried(user, day_start)).order_by(Question.position, Question.id).limit(1)
    )
    return StudyItem(question, None) if question is not None else None


def queue_counts(user: User, now: datetime) -> Queue:
    """Count the cards due now and the new cards still allowed today."""
    day_start, day_end = day_bounds(now, user.timezone, user.day_start_hour)
    due = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Card)
        .join(Question, Question.id == Card.question_id)
        .where(_due_condition(user, now, day_end))
    ) or 0
    allowed = max(user.new_per_day - _new_today(user, day_start), 0)
    new = 0
    if allowed:
        unseen = _unseen(user).with_only_columns(Question.id).limit(allowed).subquery()
        new = db.session.scalar(sa.select(sa.func.count()).select_from(unseen)) or 0
    return Queue(due=due, new=new)


def next_due_at(user: User) -> datetime | None:
    """Return when the learner's next card falls due, if any card is scheduled."""
    return db.session.scalar(
        sa.select(sa.func.min(Card.due))
        .join(Question, Question.id == Card.question_id)
        .where(Card.user_id == user.id, Question.retired_at.is_(None))
    )


def check_answer(question: Question, given: str | Sequence[str]) -> bool:
    """Check a learner's answer leniently by the question's type and kind.

    Args:
        question: The question answered.
        given: The typed text or chosen choice; for a cloze, one text per gap.

    Returns:
        True when the answer is right.
    """
    if question.type == "cloze":
        gaps = cloze_gaps(question.prompt)
        answers = [given] if isinstance(given, str) else list(given)
        return len(answers) == len(gaps) and all(
            any(is_correct(typed, alt, question.kind) for alt in gap) for typed, gap in zip(answers, gaps)
        )
    text = given if isinstance(given, str) else " ".join(given)
    if question.type == "choice":
        return text.strip() == question.answer.strip()
    return any(is_correct(text, expected, question.kind) for expected in (question.answer, *question.accept))


def record_review(
    user: User,
    question_id: int,
    rating: Rating,
    *,
    seen_reps: int,
    now: datetime,
    answer: str | None = None,
    correct: bool | None = None,
    duration_ms: int = 0,
    origin: str = "study",
) -> Review | None:
    """Schedule the card with FSRS, append to the review log and commit.

    Args:
        user: The learner.
        question_id: The question rated.
        rating: Again, Hard, Good or Easy.
        seen_reps: The card's review count when the question was shown. If the
            card has moved on since (the same form submitted twice), nothing is
            recorded.
        now: The time of the review (aware, UTC).
        answer: What the learner typed or chose, if anything.
        correct: The answer check's verdict; when None (a flashcard), a rating
            above Again counts as correct.
        duration_ms: Time from showing the question to answering it.
        origin: ``"study"`` or ``"quiz"``.

    Returns:
        The new review, or None if nothing was recorded.
    """
    question = db.session.get(Question, question_id)
    if question is None or question.retired_at is not None:
        return None
    card = db.session.scalar(
        sa.select(Card).where(Card.user_id == user.id, Card.question_id == question_id).with_for_update()
    )
    if (card.reps if card is not None else 0) != seen_reps:
        return None
    before = card_state(card) if card is not None else None
    after = scheduling.review(before, rating, now, desired_retention=user.desired_retention)
    lapses_before = card.lapses if card is not None else 0
    if card is None:
        card = Card(user_id=user.id, question_id=question_id, reps=0, lapses=0)
        db.session.add(card)
    review = Review(
        user_id=user.id,
        question_id=question_id,
        rating=int(rating),
        answer=answer,
        correct=bool(correct) if correct is not None else rating != Rating.Again,
        duration_ms=max(0, min(int(duration_ms), MAX_DURATION_MS)),
        reviewed_at=now,
        origin=origin,
        state_before=before.state.value if before else None,
        step_before=before.step if before else None,
        stability_before=before.stability if before else None,
        difficulty_before=before.difficulty if before else None,
        due_before=before.due if before else None,
        last_review_before=before.last_review if before else None,
        lapses_before=lapses_before,
        interval_before=_days(before.due - before.last_review) if before and before.last_review else None,
        state_after=after.state.value,
        stability_after=after.stability,
        difficulty_after=after.difficulty,
        due_after=after.due,
        interval_after=_days(after.due - now),
    )
    _apply(card, after)
    card.reps += 1
    if before is not None and before.state == State.Review and rating == Rating.Again:
        card.lapses += 1
    db.session.add(review)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        # Another request created this card first (a double submission racing
        # on a database with row locks); it recorded the review.
        db.session.rollback()
        return None
    return review


def _days(delta: object) -> float:
    return delta.total_seconds() / 86400  # type: ignore[attr-defined]


def _apply(card: Card, state: CardState) -> None:
    card.state = state.state.value
    card.step = state.step
    card.stability = state.stability
    card.difficulty = state.difficulty
    card.due = state.due
    card.last_review = state.last_review


def undo_last(user: User, now: datetime) -> int | None:
    """Undo the learner's latest rating of this study day.

    The review stays in the log, marked as undone; the card goes back to the
    state it had before. Returns the question id to show again, or None when
    there is nothing to undo.
    """
    day_start, _ = day_bounds(now, user.timezone, user.day_start_hour)
    review = db.session.scalar(
        sa.select(Review)
        .where(Review.user_id == user.id, Review.reviewed_at >= day_start, Review.undone_at.is_(None),
               Review.origin == "study")
        .order_by(Review.id.desc())
        .limit(1)
    )
    if review is None:
        return None
    card = db.session.scalar(
        sa.select(Card).where(Card.user_id == user.id, Card.question_id == review.question_id).with_for_update()
    )
    if card is None or card.last_review != review.reviewed_at:
        return None
    if review.state_before is None:
        db.session.delete(card)
    else:
        _apply(card, CardState(State(review.state_before), review.step_before, review.stability_before,
                               review.difficulty_before, review.due_before or now, review.last_review_before))
        card.reps -= 1
        card.lapses = review.lapses_before
    review.undone_at = now
    db.session.commit()
    return review.question_id

"""Recording what a learner did: checking an answer, rating a card with FSRS, undo.

The review log is append-only: every rating adds a row holding the card's state
before and after; undo marks the row and restores the card, it never deletes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa

from quiz import scheduling
from quiz.answers import is_correct
from quiz.bank import cloze_gaps
from quiz.days import day_bounds, study_date
from quiz.extensions import db
from quiz.models import Card, Question, Review, User
from quiz.richtext import plain
from quiz.scheduling import CardState, Rating, State
from quiz.services.learning import holds
from quiz.services.learning.comforts import balanced_review
from quiz.services.stats import daily

__all__ = [
    "MAX_ANSWER_LENGTH",
    "MAX_DURATION_MS",
    "Answerable",
    "Learner",
    "card_state",
    "check_answer",
    "predicted_recall",
    "record_review",
    "review_row",
    "undo_last",
]

MAX_DURATION_MS = 10 * 60 * 1000
#: Longest answer accepted, in characters (all gaps of a cloze together): a few
#: hundred, far more than any answer needs, and small enough to store and show.
MAX_ANSWER_LENGTH = 500


class Learner(Protocol):
    """What the study loop needs to know about a learner."""

    id: int
    desired_retention: float
    new_per_day: int
    timezone: str
    day_start_hour: int
    new_frontier: int
    #: Parameters fitted to the learner; None: fsrs's defaults.
    fsrs_parameters: Sequence[float] | None
    #: Scheduling comforts: even out due days; weekdays to keep light (bit 0 Monday).
    load_balance: bool
    easy_days: int
    #: Lapses that make a card a leech; 0: never.
    leech_threshold: int


class Answerable(Protocol):
    """What checking an answer needs to know about a question."""

    type: str
    kind: str
    prompt: str
    answer: str
    accept: Sequence[str]
    tolerance: str | None


def check_answer(question: Answerable, given: str | Sequence[str]) -> bool:
    """Check a learner's answer leniently by the question's type and kind.

    Args:
        question: The question answered.
        given: The typed text or chosen choice; for a cloze, one text per gap.

    Returns:
        True when the answer is right.
    """
    # Answers are checked against the text a learner reads, not its markup ("**Vilnius**" is "Vilnius").
    if question.type == "cloze":
        gaps = cloze_gaps(question.prompt)
        answers = [given] if isinstance(given, str) else list(given)
        return len(answers) == len(gaps) and all(
            any(is_correct(typed, plain(alt), question.kind, tolerance=question.tolerance) for alt in gap)
            for typed, gap in zip(answers, gaps, strict=True)
        )
    text = given if isinstance(given, str) else " ".join(given)
    if question.type == "choice":
        return text.strip() == question.answer.strip()
    prompt = plain(question.prompt)
    return any(
        is_correct(text, plain(expected), question.kind, prompt=prompt, tolerance=question.tolerance)
        for expected in (question.answer, *question.accept)
    )


def card_state(card: Card) -> CardState:
    """Return the FSRS state held by a card row."""
    return CardState(State(card.state), card.step, card.stability, card.difficulty, card.due, card.last_review)


# Rating is the hottest write: its statements are built once, and rows go
# through Core, not the ORM's unit of work (which cost half of a rating).
_q, _c, _r, _u = Question.__table__, Card.__table__, Review.__table__, User.__table__
_KEY = sa.and_(_c.c.user_id == sa.bindparam("user"), _c.c.question_id == sa.bindparam("question"))
# The question's bank position (None once retired) and the learner's zone, which
# names the study day the review counts toward. On PostgreSQL the learner's row
# stays key-share locked until commit, so that a change of zone, which locks it
# for update and recounts their days, waits for the review or the review for it.
_POSITION_AND_ZONE = (
    sa.select(_q.c.position, _u.c.timezone, _u.c.day_start_hour)
    .select_from(_q.join(_u, _u.c.id == sa.bindparam("user")))
    .where(_q.c.id == sa.bindparam("question"), _q.c.retired_at.is_(None))
    .with_for_update(read=True, key_share=True, of=_u)
)
_ZONE = (
    sa.select(_u.c.timezone, _u.c.day_start_hour)
    .where(_u.c.id == sa.bindparam("user"))
    .with_for_update(read=True, key_share=True)
)
_CARD = sa.select(
    _c.c.state, _c.c.step, _c.c.stability, _c.c.difficulty, _c.c.due, _c.c.last_review, _c.c.reps, _c.c.lapses
).where(_KEY)
#: The card, locked for the rating (a row lock on PostgreSQL; SQLite has no FOR UPDATE and needs none).
_CARD_FOR_UPDATE = _CARD.with_for_update()
_INSERT_CARD = sa.insert(_c)
_UPDATE_CARD = sa.update(_c).where(_KEY)
_INSERT_REVIEW = sa.insert(_r)
_ADVANCE_FRONTIER = (
    sa.update(_u)
    .where(_u.c.id == sa.bindparam("user"), _u.c.new_frontier < sa.bindparam("position"))
    .values(new_frontier=sa.bindparam("position"))
)


def record_review(
    user: Learner,
    question_id: int,
    rating: Rating,
    *,
    seen_reps: int,
    now: datetime,
    answer: str | None = None,
    correct: bool | None = None,
    duration_ms: int = 0,
    origin: str = "study",
) -> int | None:
    """Schedule the card with FSRS, append to the review log, count it toward its study day and commit.

    A lapse that reaches the learner's leech threshold also marks the card a
    leech and suspends it, in the same transaction (:mod:`quiz.services.learning.holds`).

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
        The new review's id, or None if nothing was recorded.
    """
    key = {"user": user.id, "question": question_id}
    found = db.session.execute(_POSITION_AND_ZONE, key).first()
    if found is None:
        return None
    position, tz, hour = found
    # On SQLite the request's BEGIN IMMEDIATE already serializes writers; elsewhere
    # the row lock does.
    card = db.session.execute(_CARD_FOR_UPDATE, key).first()
    if (card.reps if card is not None else 0) != seen_reps:
        return None
    before = (
        CardState(State(card.state), card.step, card.stability, card.difficulty, card.due, card.last_review)
        if card is not None
        else None
    )
    if user.load_balance or user.easy_days:
        after = balanced_review(user, before, rating, now, seed=f"{user.id}:{question_id}:{seen_reps}")
    else:
        after = scheduling.review(
            before, rating, now, desired_retention=user.desired_retention, parameters=user.fsrs_parameters
        )
    lapses_before = card.lapses if card is not None else 0
    lapsed = before is not None and before.state == State.Review and rating == Rating.Again
    lapses = lapses_before + lapsed
    state = {
        "state": after.state.value,
        "step": after.step,
        "stability": after.stability,
        "difficulty": after.difficulty,
        "due": after.due,
        "last_review": after.last_review,
        "reps": seen_reps + 1,
        "lapses": lapses,
    }
    try:
        if card is None:
            db.session.execute(_ADVANCE_FRONTIER, {"user": user.id, "position": position})
            db.session.execute(_INSERT_CARD, {"user_id": user.id, "question_id": question_id, **state})
        else:
            db.session.execute(_UPDATE_CARD, {**key, **state})
        row = review_row(
            user.id,
            question_id,
            rating,
            before,
            after,
            now,
            answer=answer,
            correct=bool(correct) if correct is not None else rating != Rating.Again,
            duration_ms=max(0, min(int(duration_ms), MAX_DURATION_MS)),
            origin=origin,
            lapses_before=lapses_before,
            recall_predicted=predicted_recall(before, now, user.fsrs_parameters),
        )
        review_id = db.session.execute(_INSERT_REVIEW, row).inserted_primary_key[0]
        if lapsed and holds.is_leech_lapse(lapses, user.leech_threshold):
            holds.mark_leech(user.id, question_id, now)
        daily.count_review(user.id, study_date(now, tz, hour).toordinal(), row)
        db.session.commit()
    except sa.exc.IntegrityError:
        # Another request created this card first (a double submission racing
        # on a database with row locks); it recorded the review.
        db.session.rollback()
        return None
    return review_id


def review_row(
    user_id: int,
    question_id: int,
    rating: Rating,
    before: CardState | None,
    after: CardState,
    now: datetime,
    *,
    answer: str | None,
    correct: bool,
    duration_ms: int,
    origin: str,
    lapses_before: int,
    recall_predicted: float | None = None,
) -> dict[str, Any]:
    """Return the review-log row for one rating: who, what, and the card before and after.

    Used by :func:`record_review` and by the benchmarks that seed histories in bulk.
    """
    return {
        "user_id": user_id,
        "question_id": question_id,
        "rating": int(rating),
        "answer": answer,
        "correct": correct,
        "duration_ms": duration_ms,
        "reviewed_at": now,
        "origin": origin,
        "state_before": before.state.value if before else None,
        "step_before": before.step if before else None,
        "stability_before": before.stability if before else None,
        "difficulty_before": before.difficulty if before else None,
        "due_before": before.due if before else None,
        "last_review_before": before.last_review if before else None,
        "lapses_before": lapses_before,
        "interval_before": _days(before.due - before.last_review) if before and before.last_review else None,
        "state_after": after.state.value,
        "stability_after": after.stability,
        "difficulty_after": after.difficulty,
        "due_after": after.due,
        "interval_after": _days(after.due - now),
        "recall_predicted": recall_predicted,
        "undone_at": None,
    }


def predicted_recall(before: CardState | None, now: datetime, parameters: Sequence[float] | None) -> float | None:
    """Return the recall the scheduler predicts for a review at ``now``, if a day or more has passed.

    Same-day reviews (learning steps) are not predictions FSRS is judged on, as
    in its optimizer and Anki's evaluation.
    """
    if before is None or before.last_review is None or before.stability is None:
        return None
    if (now - before.last_review).days < 1:
        return None
    return scheduling.retrievability(before, now, desired_retention=0.9, parameters=parameters)


def _days(delta: Any) -> float:
    return delta.total_seconds() / 86400


def _apply(card: Card, state: CardState) -> None:
    card.state = state.state.value
    card.step = state.step
    card.stability = state.stability
    card.difficulty = state.difficulty
    card.due = state.due
    card.last_review = state.last_review


def undo_last(user: Learner, now: datetime) -> int | None:
    """Undo the learner's latest rating of this study day.

    The review stays in the log, marked as undone, and leaves its study day's
    tallies; the card goes back to the state it had before. Returns the question
    id to show again, or None when there is nothing to undo.
    """
    zone = db.session.execute(_ZONE, {"user": user.id}).first()
    if zone is None:
        return None
    tz, hour = zone
    day_start, _ = day_bounds(now, tz, hour)
    review = db.session.scalar(
        sa.select(Review)
        .where(
            Review.user_id == user.id,
            Review.reviewed_at >= day_start,
            Review.undone_at.is_(None),
            Review.origin == "study",
        )
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
        _apply(
            card,
            CardState(
                State(review.state_before),
                review.step_before,
                review.stability_before,
                review.difficulty_before,
                review.due_before or now,
                review.last_review_before,
            ),
        )
        card.reps -= 1
        card.lapses = review.lapses_before
    review.undone_at = now
    holds.unmark_leech(user.id, review.question_id, review.reviewed_at)
    counted = {name: getattr(review, name) for name in (*daily.REVIEW_FIELDS, "question_id")}
    daily.uncount_review(user.id, study_date(review.reviewed_at, tz, hour).toordinal(), counted)
    db.session.commit()
    return review.question_id

"""Scored quizzes: draw the questions, take the answers one at a time, score the attempt.

Every attempt is stored with one row per question. An attempt left half-way stays
unfinished and can be resumed. The deadline of a timed attempt is kept here, on
the server, and is the only one that counts: an attempt whose deadline passed is
finished at its deadline the next time the learner opens or answers it (or opens
the quiz or progress pages), whatever the page's countdown said. Each answer also counts as a review for the scheduler
(:func:`quiz.services.learning.study.record_review` with ``origin="quiz"``), rated as its
check suggests.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from quiz.bank import KINDS
from quiz.extensions import db
from quiz.models import Card, Deck, Question, QuestionTag, QuizAnswer, QuizAttempt
from quiz.scheduling import suggested_rating
from quiz.services.learning.study import MAX_ANSWER_LENGTH, MAX_DURATION_MS, Learner, check_answer, record_review

__all__ = [
    "MAX_LENGTH",
    "FewerMatch",
    "Options",
    "Outcome",
    "QuizError",
    "Summary",
    "answer_question",
    "attempt_of",
    "close_overdue",
    "current_slot",
    "finish",
    "new_attempt",
    "options",
    "overdue",
    "recent_attempts",
    "start_quiz",
    "timed_out",
    "unfinished_attempts",
]

MAX_LENGTH = 50


class QuizError(ValueError):
    """A quiz that cannot be started; the message says why, for people."""


class FewerMatch(QuizError):
    """Fewer questions match than were asked for, and a shorter quiz was not accepted.

    Attributes:
        available: How many questions a quiz of that choice can have.
        requested: How many were asked for.
    """

    def __init__(self, available: int, requested: int) -> None:
        self.available = available
        self.requested = requested
        only = "Only 1 question matches" if available == 1 else f"Only {available} questions match"
        super().__init__(f"{only} that choice; the quiz would have {available}, not {requested}.")


class Outcome(enum.Enum):
    """What became of a submitted answer."""

    RECORDED = "recorded"
    #: The answer was for a question already answered (a form sent twice).
    STALE = "stale"
    #: The attempt was already over.
    CLOSED = "closed"
    #: The time limit had passed; the attempt is now finished.
    TIME_UP = "time up"
    #: The answer was longer than any answer may be; nothing was stored.
    TOO_LONG = "too long"


@dataclass(frozen=True, slots=True)
class Options:
    """What a quiz can be drawn from: decks (id, title) and kinds with active questions."""

    decks: list[tuple[int, str]]
    kinds: list[str]


@dataclass(frozen=True, slots=True)
class Summary:
    """An attempt as the quiz and progress pages list it."""

    attempt: QuizAttempt
    answered: int

    @property
    def unfinished(self) -> bool:
        """The attempt can be resumed (it is not over, and any time limit has not passed)."""
        return self.attempt.finished_at is None


def options() -> Options:
    """Return the decks and kinds that have active questions, in bank order."""
    active = Question.retired_at.is_(None)
    decks = db.session.execute(
        sa.select(Deck.id, Deck.title)
        .where(sa.select(Question.id).where(Question.deck_id == Deck.id, active).exists())
        .order_by(Deck.position, Deck.id)
    )
    present = set(db.session.scalars(sa.select(Question.kind).where(active).distinct()))
    return Options(
        decks=[(deck_id, title) for deck_id, title in decks], kinds=[kind for kind in KINDS if kind in present]
    )


def _conditions(deck_id: int | None, kinds: Sequence[str], tag: str | None = None) -> list[sa.ColumnElement[bool]]:
    conditions = [Question.retired_at.is_(None)]
    if deck_id is not None:
        conditions.append(Question.deck_id == deck_id)
    if tag is not None:
        conditions.append(Question.id.in_(sa.select(QuestionTag.question_id).where(QuestionTag.tag == tag)))
    if kinds:
        conditions.append(Question.kind.in_(kinds))
    return conditions


def _fact() -> sa.ColumnElement[str]:
    """What makes questions siblings: their fact, or (without one) the question itself."""
    return sa.func.coalesce(Question.fact, sa.literal("#") + sa.cast(Question.id, sa.String))


def _draw(deck_id: int | None, kinds: Sequence[str], length: int, tag: str | None = None) -> list[int]:
    """Pick up to ``length`` active questions at random, at most one per fact."""
    # Questions drawn from one fact give each other away: keep one of each.
    ranked = (
        sa.select(Question.id, sa.func.row_number().over(partition_by=_fact(), order_by=sa.func.random()).label("n"))
        .where(*_conditions(deck_id, kinds, tag))
        .subquery()
    )
    drawn = sa.select(ranked.c.id).where(ranked.c.n == 1).order_by(sa.func.random()).limit(length)
    return list(db.session.scalars(drawn))


def start_quiz(
    user: Learner,
    *,
    deck_id: int | None,
    kinds: Sequence[str],
    length: int,
    time_limit_s: int | None,
    now: datetime,
    accept_fewer: bool = False,
) -> QuizAttempt:
    """Draw the questions of a new quiz and store the attempt.

    Args:
        user: The learner.
        deck_id: The deck to draw from, or None for every deck.
        kinds: The kinds of question wanted; empty for every kind.
        length: How many questions.
        time_limit_s: Seconds allowed for the whole quiz, or None.
        now: The current time (aware, UTC).
        accept_fewer: When fewer questions match than ``length``, start a
            shorter quiz rather than raise :class:`FewerMatch`.

    Raises:
        FewerMatch: Fewer questions match than asked for (and some do), and
            ``accept_fewer`` is false.
        QuizError: The length is out of range, or no active question matches.
    """
    attempt = new_attempt(
        user,
        deck_id=deck_id,
        kinds=kinds,
        length=length,
        time_limit_s=time_limit_s,
        now=now,
        accept_fewer=accept_fewer,
    )
    db.session.commit()
    return attempt


def new_attempt(
    user: Learner,
    *,
    deck_id: int | None,
    kinds: Sequence[str],
    length: int,
    time_limit_s: int | None,
    now: datetime,
    accept_fewer: bool = False,
    tag: str | None = None,
) -> QuizAttempt:
    """Draw a quiz as :func:`start_quiz` does and add it to the session, without committing.

    For a service that stores something with the attempt (an assignment's quiz)
    in the same transaction. ``tag`` draws only questions with that tag.
    """
    if not 1 <= length <= MAX_LENGTH:
        raise QuizError(f"A quiz has 1 to {MAX_LENGTH} questions.")
    if time_limit_s is not None and time_limit_s <= 0:
        raise QuizError("A time limit must be at least a minute.")
    question_ids = _draw(deck_id, kinds, length, tag)
    if not question_ids:
        raise QuizError("No questions match that choice of deck and kinds.")
    if len(question_ids) < length and not accept_fewer:
        raise FewerMatch(len(question_ids), length)
    attempt = QuizAttempt(
        user_id=user.id,
        deck_id=deck_id,
        kinds=sorted(kinds),
        length=len(question_ids),
        requested=length,
        time_limit_s=time_limit_s,
        started_at=now,
        deadline=now + timedelta(seconds=time_limit_s) if time_limit_s else None,
        answers=[QuizAnswer(position=i, question_id=q) for i, q in enumerate(question_ids, start=1)],
    )
    db.session.add(attempt)
    db.session.flush()
    return attempt


def attempt_of(user: Learner, attempt_id: int, *, lock: bool = False) -> QuizAttempt | None:
    """Return the learner's own attempt with this id, or None (another's is None too)."""
    query = sa.select(QuizAttempt).where(QuizAttempt.id == attempt_id, QuizAttempt.user_id == user.id)
    return db.session.scalar(query.with_for_update() if lock else query)


def overdue(attempt: QuizAttempt, now: datetime) -> bool:
    """Return True when the attempt is unfinished and its deadline has passed."""
    return attempt.finished_at is None and attempt.deadline is not None and now >= attempt.deadline


def timed_out(attempt: QuizAttempt) -> bool:
    """Return True when the attempt ended because its time ran out (it was finished at its deadline)."""
    return attempt.deadline is not None and attempt.finished_at == attempt.deadline


def current_slot(attempt: QuizAttempt) -> QuizAnswer | None:
    """Return the first question of the attempt not answered yet, if any."""
    return next((slot for slot in attempt.answers if slot.answered_at is None), None)


def _close(attempt: QuizAttempt, at: datetime) -> None:
    attempt.finished_at = at
    attempt.score = db.session.scalar(
        sa.select(sa.func.count(QuizAnswer.id)).where(QuizAnswer.attempt_id == attempt.id, QuizAnswer.correct.is_(True))
    )


def answer_question(
    user: Learner,
    attempt_id: int,
    position: int,
    given: str | Sequence[str],
    *,
    now: datetime,
    shown_ms: int | None = None,
) -> Outcome | None:
    """Check and store the answer to one question of an attempt, once.

    The answer also goes to the scheduler as a review rated Good when right and
    Again when wrong. Answering the last question finishes the attempt.

    Args:
        user: The learner.
        attempt_id: Their attempt.
        position: The question's place in the attempt (1-based), as the form showed it.
        given: The typed or chosen answer; for a cloze, one text per gap.
        now: The current time (aware, UTC).
        shown_ms: When the question was shown, in epoch milliseconds; the answer's
            time taken runs from then to ``now``.

    Returns:
        What became of the answer, or None when the attempt is not the learner's.
    """
    if sum(map(len, [given] if isinstance(given, str) else given)) > MAX_ANSWER_LENGTH:
        return Outcome.TOO_LONG
    attempt = attempt_of(user, attempt_id, lock=True)
    if attempt is None:
        return None
    if attempt.finished_at is not None:
        return Outcome.CLOSED
    if attempt.deadline is not None and now >= attempt.deadline:
        _close(attempt, attempt.deadline)
        db.session.commit()
        return Outcome.TIME_UP
    slot = current_slot(attempt)
    if slot is None or slot.position != position:
        return Outcome.STALE
    question = slot.question
    correct = check_answer(question, given)
    slot.answer = given if isinstance(given, str) else "; ".join(given)
    slot.correct = correct
    slot.answered_at = now
    taken = int(now.timestamp() * 1000) - shown_ms if shown_ms is not None else 0
    slot.duration_ms = max(0, min(taken, MAX_DURATION_MS))
    if slot.position == attempt.length:
        _close(attempt, now)
    card = db.session.get(Card, (user.id, question.id))
    # record_review commits this answer together with the review; when it records
    # nothing (a retired question), the answer is committed here.
    record_review(
        user,
        question.id,
        suggested_rating(correct),
        seen_reps=card.reps if card is not None else 0,
        now=now,
        answer=slot.answer,
        correct=correct,
        duration_ms=slot.duration_ms,
        origin="quiz",
    )
    db.session.commit()
    return Outcome.RECORDED if slot.answered_at is not None else Outcome.STALE


def finish(user: Learner, attempt_id: int, *, now: datetime) -> bool:
    """End an attempt now (or at its deadline, if that passed); unanswered questions count as wrong.

    Returns:
        False when the attempt is not the learner's; True otherwise.
    """
    attempt = attempt_of(user, attempt_id, lock=True)
    if attempt is None:
        return False
    if attempt.finished_at is None:
        _close(attempt, min(now, attempt.deadline) if attempt.deadline is not None else now)
        db.session.commit()
    return True


def close_overdue(user: Learner, now: datetime) -> int:
    """Finish, at their deadlines, the learner's attempts whose time limit has passed.

    The pages that list attempts call this first, so that an attempt left open
    past its deadline shows (and counts) as the finished attempt it is.

    Returns:
        How many attempts it finished.
    """
    late = list(
        db.session.scalars(
            sa.select(QuizAttempt)
            .where(
                QuizAttempt.user_id == user.id,
                QuizAttempt.finished_at.is_(None),
                QuizAttempt.deadline.is_not(None),
                QuizAttempt.deadline <= now,
            )
            .with_for_update()
        )
    )
    for attempt in late:
        _close(attempt, attempt.deadline)
    if late:
        db.session.commit()
    return len(late)


def _answered() -> sa.ScalarSelect[int]:
    return (
        sa.select(sa.func.count(QuizAnswer.id))
        .where(QuizAnswer.attempt_id == QuizAttempt.id, QuizAnswer.answered_at.is_not(None))
        .scalar_subquery()
    )


def recent_attempts(user: Learner, *, limit: int = 10) -> list[Summary]:
    """Return the learner's latest attempts, newest first, with how many questions each had answered."""
    rows = db.session.execute(
        sa.select(QuizAttempt, _answered())
        .where(QuizAttempt.user_id == user.id)
        .order_by(QuizAttempt.started_at.desc(), QuizAttempt.id.desc())
        .limit(limit)
    )
    return [Summary(attempt, count) for attempt, count in rows]


def unfinished_attempts(user: Learner, since: datetime, *, limit: int = 20) -> list[Summary]:
    """Return the learner's attempts started since ``since`` and not finished, newest first.

    Call :func:`close_overdue` first: an attempt past its deadline is over, not unfinished.
    """
    rows = db.session.execute(
        sa.select(QuizAttempt, _answered())
        .where(
            QuizAttempt.user_id == user.id,
            QuizAttempt.finished_at.is_(None),
            QuizAttempt.started_at >= since,
        )
        .order_by(QuizAttempt.started_at.desc(), QuizAttempt.id.desc())
        .limit(limit)
    )
    return [Summary(attempt, count) for attempt, count in rows]

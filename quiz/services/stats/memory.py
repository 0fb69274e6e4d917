"""What a learner has learned: mastery by kind, the weakest cards, one question's history.

Both figures rest on what FSRS has learned about each card, not on the chance of
recalling it this minute: right after a review that chance is close to 1 for
every card, and says nothing about how well it is known. A card is *mastered*
once its stability (the days over which FSRS expects recall to fall to 90%)
reaches :data:`MASTERY_DAYS`, three weeks, the interval at which Anki calls a
card mature. The *weakest* cards are those forgotten most often after being
learned (lapses), then the least stable. One question's page also shows the
predicted recall now (FSRS retrievability, :func:`quiz.scheduling.retrievability`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from quiz.bank import KINDS
from quiz.extensions import db
from quiz.models import Card, Question, Review
from quiz.scheduling import retrievability
from quiz.services.learning.study import Learner, card_state
from quiz.services.stats.history import MATURE_DAYS

__all__ = ["MASTERY_DAYS", "KindMastery", "QuestionHistory", "WeakCard", "mastery", "question_history", "weakest"]

#: A card is mastered once its stability reaches this many days (Anki's "mature" interval).
MASTERY_DAYS = MATURE_DAYS


@dataclass(frozen=True, slots=True)
class KindMastery:
    """Of ``questions`` active questions of a kind, how many the learner has mastered."""

    kind: str
    questions: int
    mastered: int

    @property
    def share(self) -> float | None:
        return self.mastered / self.questions if self.questions else None


@dataclass(frozen=True, slots=True)
class WeakCard:
    """A card the learner has studied but not mastered, with what ranks it among the weakest."""

    question: Question
    card: Card

    @property
    def lapses(self) -> int:
        """Times the card was forgotten after it had been learned (rated Again in review)."""
        return self.card.lapses

    @property
    def stability(self) -> float:
        """Days over which FSRS expects recall of the card to fall to 90%."""
        return self.card.stability or 0.0


@dataclass(frozen=True, slots=True)
class QuestionHistory:
    """One question as one learner knows it: the card, predicted recall and every review."""

    question: Question
    card: Card | None
    recall: float | None
    reviews: list[Review]


def _reviewed() -> sa.ColumnElement[bool]:
    return sa.and_(Card.last_review.is_not(None), Card.stability.is_not(None))


def _mastered() -> sa.ColumnElement[bool]:
    return sa.and_(_reviewed(), Card.stability >= MASTERY_DAYS)


# Active questions by kind, and the learner's mastered cards of active questions by kind:
# two short reads (the bank's questions; the learner's cards by key) rather than one
# outer join of every question to the learner's cards.
_QUESTIONS_BY_KIND = (
    sa.select(Question.kind, sa.func.count()).where(Question.retired_at.is_(None)).group_by(Question.kind)
)
_MASTERED_BY_KIND = (
    sa.select(Question.kind, sa.func.count())
    .select_from(Card)
    .join(Question, Question.id == Card.question_id)
    .where(Card.user_id == sa.bindparam("user"), _mastered(), Question.retired_at.is_(None))
    .group_by(Question.kind)
)


def mastery(user: Learner) -> list[KindMastery]:
    """Return, per kind, how many of the active questions the learner has mastered.

    A question is mastered when its card's stability has reached :data:`MASTERY_DAYS`;
    a question never studied counts as not mastered.
    """
    totals = dict(db.session.execute(_QUESTIONS_BY_KIND).all())
    mastered = dict(db.session.execute(_MASTERED_BY_KIND, {"user": user.id}).all())
    return [KindMastery(kind, totals[kind], mastered.get(kind, 0)) for kind in KINDS if kind in totals]


def weakest(user: Learner, *, limit: int = 10) -> list[WeakCard]:
    """Return the learner's weakest cards: studied, not mastered, most lapses first, then least stable.

    Ties go to the question that comes first in the bank.
    """
    rows = db.session.execute(
        sa.select(Card, Question)
        .join(Question, Question.id == Card.question_id)
        .where(Card.user_id == user.id, Question.retired_at.is_(None), _reviewed(), Card.stability < MASTERY_DAYS)
        .order_by(Card.lapses.desc(), Card.stability, Question.position, Question.id)
        .limit(limit)
    )
    return [WeakCard(question, card) for card, question in rows]


def question_history(user: Learner, question_id: int, now: datetime) -> QuestionHistory | None:
    """Return one question with the learner's own card and reviews of it (newest first), or None."""
    question = db.session.get(Question, question_id)
    if question is None:
        return None
    card = db.session.get(Card, (user.id, question_id))
    reviews = list(
        db.session.scalars(
            sa.select(Review)
            .where(Review.user_id == user.id, Review.question_id == question_id)
            .order_by(Review.reviewed_at.desc(), Review.id.desc())
        )
    )
    recall = None
    if card is not None and card.last_review is not None and card.stability is not None:
        recall = retrievability(
            card_state(card), now, desired_retention=user.desired_retention, parameters=user.fsrs_parameters
        )
    return QuestionHistory(question, card, recall, reviews)

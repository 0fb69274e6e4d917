"""What a learner remembers now: mastery by kind, the weakest cards, one question's history.

Predicted recall is FSRS retrievability (:func:`quiz.scheduling.retrievability`).
Counting the cards above a target happens in SQL through
:func:`quiz.scheduling.recall_limit`, which turns "recall >= target" into a
comparison of elapsed days with stability.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

import sqlalchemy as sa

from quiz.bank import KINDS
from quiz.extensions import db
from quiz.models import Card, Question, Review
from quiz.scheduling import recall_limit, retrievability
from quiz.services.learning.study import Learner, card_state
from quiz.services.stats.sqldays import epoch_seconds

__all__ = ["CardRecall", "KindMastery", "QuestionHistory", "mastery", "question_history", "weakest"]

DAY_SECONDS = 86_400


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
class CardRecall:
    """A question with the learner's predicted recall of it now."""

    question: Question
    card: Card
    recall: float


@dataclass(frozen=True, slots=True)
class QuestionHistory:
    """One question as one learner knows it: the card, predicted recall and every review."""

    question: Question
    card: Card | None
    recall: float | None
    reviews: list[Review]


# Whole days from the card's last review to ``now`` (epoch seconds), as fsrs counts them.
_ELAPSED_DAYS = (sa.bindparam("now", type_=sa.BigInteger()) - epoch_seconds(Card.last_review)) // DAY_SECONDS
_REVIEWED = sa.and_(Card.last_review.is_not(None), Card.stability.is_not(None))
_MASTERED = sa.and_(_REVIEWED, _ELAPSED_DAYS <= Card.stability * sa.bindparam("limit", type_=sa.Float()))
_MASTERY = (
    sa.select(Question.kind, sa.func.count(Question.id), sa.func.sum(sa.case((_MASTERED, 1), else_=0)))
    .outerjoin(Card, sa.and_(Card.question_id == Question.id, Card.user_id == sa.bindparam("user")))
    .where(Question.retired_at.is_(None))
    .group_by(Question.kind)
)


def _now(now: datetime) -> int:
    return int(now.timestamp() // 1)


def mastery(user: Learner, now: datetime) -> list[KindMastery]:
    """Return, per kind, the share of active questions whose predicted recall is at or above the learner's target.

    A question never studied has no recall to speak of: it counts as not mastered.
    """
    rows = db.session.execute(
        _MASTERY, {"user": user.id, "now": _now(now), "limit": recall_limit(user.desired_retention)}
    )
    found = {kind: KindMastery(kind, total, done or 0) for kind, total, done in rows}
    return [found[kind] for kind in KINDS if kind in found]


@cache
def _weakest(limit: int) -> sa.Select[tuple[Card, Question]]:
    # Recall falls as elapsed days / stability grows: order by that ratio in SQL.
    ratio = sa.cast(_ELAPSED_DAYS, sa.Float) / Card.stability
    return (
        sa.select(Card, Question)
        .join(Question, Question.id == Card.question_id)
        .where(Card.user_id == sa.bindparam("user"), Question.retired_at.is_(None), _REVIEWED)
        .order_by(ratio.desc(), Question.position)
        .limit(limit)
    )


def weakest(user: Learner, now: datetime, *, limit: int = 10) -> list[CardRecall]:
    """Return the learner's studied cards with the lowest predicted recall now, lowest first."""
    rows = db.session.execute(_weakest(limit), {"user": user.id, "now": _now(now)})
    return [
        CardRecall(question, card, retrievability(card_state(card), now, desired_retention=user.desired_retention))
        for card, question in rows
    ]


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
        recall = retrievability(card_state(card), now, desired_retention=user.desired_retention)
    return QuestionHistory(question, card, recall, reviews)

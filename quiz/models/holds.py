"""What a learner holds back from their queue: suspended and buried cards, and leeches."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db
from quiz.models.types import UTCDateTime, utcnow

__all__ = ["Hold"]


class Hold(db.Model):
    """One learner's hold on one question's card.

    Kept apart from :class:`~quiz.models.Card` because a card that was never
    studied (a new card, which has no card row) can be suspended or buried too,
    and because forgetting a card (deleting its card row) keeps its suspension.
    A row exists only while it holds something: a suspension, a bury that has
    not ended, or the leech mark.
    """

    __tablename__ = "card_hold"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("question.id", ondelete="CASCADE"), primary_key=True)
    # Out of the queue until unsuspended (by hand, or in the card browser).
    suspended: Mapped[bool] = mapped_column(default=False)
    # Out of the queue until this instant: the start of the learner's next study day.
    buried_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Lapsed as often as the learner's leech threshold says (and was suspended then).
    leech: Mapped[bool] = mapped_column(default=False)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

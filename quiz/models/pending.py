"""The card a learner has in hand: shown, perhaps answered, not yet rated."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db
from quiz.models.types import UTCDateTime

__all__ = ["PendingCard"]


class PendingCard(db.Model):
    """One row per learner: the checked answer waiting for its rating, or the card to show first.

    Kept on the server so that nothing a learner types travels in their cookie.
    ``reps`` is the card's review count when it was shown; once the card moves
    on (rated here, or in a quiz) the row is stale and ignored. A row without
    ``answered_at`` names a card put back by undo, to show first.
    """

    __tablename__ = "pending_card"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("question.id", ondelete="CASCADE"), index=True)
    reps: Mapped[int]
    answer: Mapped[str | None] = mapped_column(sa.Text)
    # The check's verdict; None for a flashcard (the learner judges).
    correct: Mapped[bool | None]
    shown_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

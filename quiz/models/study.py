"""What each learner knows: FSRS card states and the append-only review log."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.bank import Question
from quiz.models.types import UTCDateTime

__all__ = ["Card", "Review"]


class Card(db.Model):
    """One learner's FSRS memory state for one question."""

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("question.id", ondelete="CASCADE"), primary_key=True)
    state: Mapped[int]
    step: Mapped[int | None]
    stability: Mapped[float | None]
    difficulty: Mapped[float | None]
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Counts reviews; a rating form carries the value it saw, so a second
    # submission of the same form is recognised and records nothing.
    reps: Mapped[int] = mapped_column(default=0)
    lapses: Mapped[int] = mapped_column(default=0)

    # Covers "what is due for this user" (state included, so counting needs no row).
    __table_args__ = (sa.Index("ix_card_user_due", "user_id", "due", "state"),)


class Review(db.Model):
    """Append-only log of every rating. Undo marks a row, it never deletes it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("question.id", ondelete="CASCADE"))
    rating: Mapped[int]
    answer: Mapped[str | None] = mapped_column(sa.Text)
    correct: Mapped[bool]
    duration_ms: Mapped[int] = mapped_column(default=0)
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    origin: Mapped[str] = mapped_column(sa.String(10), default="study")
    # The card before the review (all None for a new card), kept for undo and for
    # statistics such as true retention of mature cards.
    state_before: Mapped[int | None]
    step_before: Mapped[int | None]
    stability_before: Mapped[float | None]
    difficulty_before: Mapped[float | None]
    due_before: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_review_before: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lapses_before: Mapped[int] = mapped_column(default=0)
    # Interval the card had before this review and the one it got, in days.
    interval_before: Mapped[float | None]
    state_after: Mapped[int]
    stability_after: Mapped[float]
    difficulty_after: Mapped[float]
    due_after: Mapped[datetime] = mapped_column(UTCDateTime)
    interval_after: Mapped[float]
    # The recall the scheduler predicted for this review (fsrs retrievability
    # with the learner's parameters then), for reviews a day or more after the
    # previous one; compared with what happened, it shows calibration.
    recall_predicted: Mapped[float | None]
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    question: Mapped[Question] = relationship()

    __table_args__ = (
        sa.Index("ix_review_user_time", "user_id", "reviewed_at"),
        sa.Index("ix_review_question_time", "question_id", "reviewed_at"),
        # First reviews only: counts the new cards a learner started today.
        sa.Index(
            "ix_review_user_first",
            "user_id",
            "reviewed_at",
            sqlite_where=sa.text("state_before IS NULL"),
            postgresql_where=sa.text("state_before IS NULL"),
        ),
        # The reviews that count (not undone), with what progress figures read:
        # counts per day, accuracy, retention, time and item analysis come from
        # the index alone, without visiting the table.
        sa.Index(
            "ix_review_user_live",
            "user_id",
            "reviewed_at",
            "question_id",
            "rating",
            "correct",
            "duration_ms",
            "state_before",
            "interval_before",
            sqlite_where=sa.text("undone_at IS NULL"),
            postgresql_where=sa.text("undone_at IS NULL"),
        ),
        # The same reviews in (learner, question) order, with what the item
        # analysis counts: all-time records per learner and question come out
        # of it already grouped.
        sa.Index(
            "ix_review_user_item",
            "user_id",
            "question_id",
            "reviewed_at",
            "rating",
            "correct",
            "state_before",
            sqlite_where=sa.text("undone_at IS NULL"),
            postgresql_where=sa.text("undone_at IS NULL"),
        ),
        # The wrong answers learners typed or chose (a small part of the log), for
        # the item analysis's list of the most common ones.
        sa.Index(
            "ix_review_wrong_answer",
            "user_id",
            "reviewed_at",
            sqlite_where=sa.text("correct = 0 AND answer IS NOT NULL"),
            postgresql_where=sa.text("correct = false AND answer IS NOT NULL"),
        ),
    )

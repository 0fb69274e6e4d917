"""Figures kept beside the review log so that progress pages need not read all of it."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db

__all__ = ["ItemDay", "StudyDay"]


class StudyDay(db.Model):
    """One learner's reviews that count (not undone) on one of their study days, tallied.

    A copy of what the review log says, kept up to date as reviews are recorded
    and undone (:mod:`quiz.services.learning.study`) and rebuilt from the log
    whenever it could disagree: by the migration that made it, by
    ``flask --app quiz database rebuild-aggregates``, and for one learner when
    their time zone or day-start hour changes, since that moves reviews from one
    study day to another. A row exists only for a day with at least one review.
    """

    __tablename__ = "study_day"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    # The study day (quiz.days.study_date) as its proleptic ordinal, date.toordinal():
    # periods and streaks are then integer arithmetic on every database.
    day: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    # Reviews by rating: Again, Hard, Good, Easy.
    again: Mapped[int] = mapped_column(default=0)
    hard: Mapped[int] = mapped_column(default=0)
    good: Mapped[int] = mapped_column(default=0)
    easy: Mapped[int] = mapped_column(default=0)
    # Answers right (for flashcards: not rated Again).
    correct: Mapped[int] = mapped_column(default=0)
    duration_ms: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    # Reviews of mature cards (in review with an interval of 21 days or more), and of those the ones not rated Again.
    mature: Mapped[int] = mapped_column(default=0)
    mature_passed: Mapped[int] = mapped_column(default=0)

    # Rows are read by learner and day range: on SQLite the table is stored in that order.
    __table_args__ = {"sqlite_with_rowid": False}


class ItemDay(db.Model):
    """One learner's reviews that count of one question on one of their study days, tallied.

    What the class view's item analysis reads for a period (7 to 365 days): a
    learner's record on each question over the period is the sum of a few rows
    here instead of every review. Kept and rebuilt with :class:`StudyDay`, in the
    same transactions and by the same code (:mod:`quiz.services.stats.daily`). A
    row exists only for a question reviewed that day.
    """

    __tablename__ = "item_day"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("question.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    # The study day as in StudyDay.day.
    day: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    # Reviews, answers right, reviews made while the card was in review, and of those the ones rated Again.
    attempts: Mapped[int] = mapped_column(default=0)
    correct: Mapped[int] = mapped_column(default=0)
    in_review: Mapped[int] = mapped_column(default=0)
    lapses: Mapped[int] = mapped_column(default=0)

    # Stored (on SQLite) in (learner, question, day) order: the item analysis reads a
    # learner's rows already grouped by question, and skips the days before the
    # period on the way, which costs less than sorting the period's rows (a
    # (learner, day) order would need that sort, and did, at twice the time).
    __table_args__ = {"sqlite_with_rowid": False}

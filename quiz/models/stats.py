"""Figures kept beside the review log so that progress pages need not read all of it."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db

__all__ = ["StudyDay"]


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

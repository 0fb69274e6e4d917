"""Classes an instructor runs: their members, assignments, and the quizzes taken for an assignment."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db
from quiz.models.types import UTCDateTime, utcnow

__all__ = ["Assignment", "AssignmentQuiz", "ClassMember", "Classroom"]


class Classroom(db.Model):
    """A class: an instructor's group of learners, joined with a code (``class`` is a reserved word)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    # Random and unguessable; a new one can be made, which stops the old one working.
    join_code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClassMember(db.Model):
    """One learner in one class."""

    __tablename__ = "class_member"

    class_id: Mapped[int] = mapped_column(sa.ForeignKey("classroom.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Assignment(db.Model):
    """Work set for a class: the cards of one deck or one tag, due on a day, with a goal.

    The goal is either or both of: every card studied at least once
    (``require_studied``), and a quiz of ``quiz_length`` questions drawn from the
    cards with at least ``pass_percent`` right (``quiz_length`` None: no quiz).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(sa.ForeignKey("classroom.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    # One of the two names the cards: a deck, or a tag.
    deck_id: Mapped[int | None] = mapped_column(sa.ForeignKey("deck.id", ondelete="SET NULL"))
    tag: Mapped[str | None] = mapped_column(sa.String(100))
    # The day it is due, in the zone of the instructor who set it; due_at is the end of that day.
    due_on: Mapped[date] = mapped_column(sa.Date)
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    require_studied: Mapped[bool] = mapped_column(default=True)
    quiz_length: Mapped[int | None]
    pass_percent: Mapped[int] = mapped_column(default=85)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AssignmentQuiz(db.Model):
    """A quiz attempt a learner took for an assignment."""

    __tablename__ = "assignment_quiz"

    attempt_id: Mapped[int] = mapped_column(sa.ForeignKey("quiz_attempt.id", ondelete="CASCADE"), primary_key=True)
    assignment_id: Mapped[int] = mapped_column(sa.ForeignKey("assignment.id", ondelete="CASCADE"), index=True)

"""Database models (SQLAlchemy 2.0 typed declarative).

Times are stored in UTC. SQLite hands datetimes back without a time zone even for
``DateTime(timezone=True)``; :class:`UTCDateTime` converts at this one place, so
every datetime the app sees is aware and in UTC, as ``fsrs`` requires.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from quiz.extensions import db

__all__ = [
    "Card",
    "Deck",
    "Meta",
    "Question",
    "QuizAnswer",
    "QuizAttempt",
    "Review",
    "Role",
    "Upload",
    "User",
    "UTCDateTime",
    "utcnow",
]


def utcnow() -> datetime:
    """Return the current time, aware and in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every database.

    Naive datetimes are refused on the way in, so a local time can never be
    stored by mistake. SQLite stores naive UTC text; other databases keep the zone.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Role:
    """User roles. A plain string column keeps migrations simple."""

    LEARNER = "learner"
    INSTRUCTOR = "instructor"


class User(UserMixin, db.Model):
    """A person who studies (and, as an instructor, manages the bank)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    role: Mapped[str] = mapped_column(sa.String(20), default=Role.LEARNER)
    # Bumped on logout and password change; part of the login cookie, so a cookie
    # captured before logout stops working.
    session_version: Mapped[int] = mapped_column(default=1)
    desired_retention: Mapped[float] = mapped_column(default=0.9)
    new_per_day: Mapped[int] = mapped_column(default=20)
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC")
    day_start_hour: Mapped[int] = mapped_column(default=4)
    # Bank position of the furthest new card introduced. New cards are shown in
    # bank order from here on; ones left behind it (a question added earlier in a
    # deck, a card reset) come after, as new cards added to an Anki deck do.
    new_frontier: Mapped[int] = mapped_column(default=-1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_instructor(self) -> bool:
        return self.role == Role.INSTRUCTOR

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


class Deck(db.Model):
    """A group of questions, one per bank file."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(100), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    position: Mapped[int] = mapped_column(default=0)

    questions: Mapped[list[Question]] = relationship(back_populates="deck")


class Question(db.Model):
    """One question of the bank, keyed by its stable YAML id."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(100), unique=True)
    deck_id: Mapped[int] = mapped_column(sa.ForeignKey("deck.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    type: Mapped[str] = mapped_column(sa.String(20))
    kind: Mapped[str] = mapped_column(sa.String(20), default="other")
    prompt: Mapped[str] = mapped_column(sa.Text)
    answer: Mapped[str] = mapped_column(sa.Text)
    accept: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    choices: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    explanation: Mapped[str] = mapped_column(sa.Text, default="")
    sources: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    tags: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # Questions drawn from one fact share this key; a learner sees at most one
    # of them per study day.
    fact: Mapped[str | None] = mapped_column(sa.String(100), index=True)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    deck: Mapped[Deck] = relationship(back_populates="questions")

    __table_args__ = (sa.Index("ix_question_active_order", "retired_at", "position"),)


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
    )


class QuizAttempt(db.Model):
    """One scored quiz: what the learner asked for, when, and (once over) the score.

    An attempt left half-way keeps ``finished_at`` empty: it stays unfinished.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    # None: questions from every deck.
    deck_id: Mapped[int | None] = mapped_column(sa.ForeignKey("deck.id", ondelete="SET NULL"))
    # The kinds asked for; empty: every kind.
    kinds: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    length: Mapped[int]
    time_limit_s: Mapped[int | None]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Right answers, counted when the attempt finishes.
    score: Mapped[int | None]

    deck: Mapped[Deck | None] = relationship()
    answers: Mapped[list[QuizAnswer]] = relationship(
        back_populates="attempt", order_by="QuizAnswer.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.Index("ix_quiz_attempt_user_started", "user_id", "started_at"),
        sa.Index("ix_quiz_attempt_user_finished", "user_id", "finished_at"),
    )


class QuizAnswer(db.Model):
    """One question of a quiz attempt, in order, and the learner's answer once given."""

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(sa.ForeignKey("quiz_attempt.id", ondelete="CASCADE"))
    position: Mapped[int]
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("question.id", ondelete="CASCADE"), index=True)
    answer: Mapped[str | None] = mapped_column(sa.Text)
    correct: Mapped[bool | None]
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    duration_ms: Mapped[int] = mapped_column(default=0)

    attempt: Mapped[QuizAttempt] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()

    __table_args__ = (sa.UniqueConstraint("attempt_id", "position"),)


class Meta(db.Model):
    """Small key/value facts about the database itself (e.g. the bank fingerprint)."""

    key: Mapped[str] = mapped_column(sa.String(50), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text)


class Upload(db.Model):
    """A file an instructor uploaded, kept between its preview and its use.

    A bank upload (``kind="bank"``) holds YAML to validate, preview and apply.
    A document upload (``kind="document"``) holds the text and the extractor's
    draft questions, each with a review status, until they are accepted into
    the deck named here.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(10))
    filename: Mapped[str] = mapped_column(sa.String(255))
    content: Mapped[str] = mapped_column(sa.Text)
    deck_key: Mapped[str | None] = mapped_column(sa.String(100))
    deck_title: Mapped[str | None] = mapped_column(sa.String(200))
    draft: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

"""Scored quizzes: attempts and their answers."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.bank import Deck, Question
from quiz.models.types import UTCDateTime

__all__ = ["QuizAnswer", "QuizAttempt"]


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
    # The length asked for (None before it was kept): more than ``length`` when fewer questions matched.
    requested: Mapped[int | None]
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

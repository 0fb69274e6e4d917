"""The question bank: decks, questions, instructors' uploads and small facts about the database."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.types import UTCDateTime, utcnow

__all__ = ["Deck", "Meta", "Question", "QuestionTag", "Upload"]


class Deck(db.Model):
    """A group of questions, one per bank file."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(100), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    position: Mapped[int] = mapped_column(default=0)
    #: The bank file it is imported from, relative to the bank folder's parent
    #: (``questions/us-lithuania.yaml``); None for a deck made in the browser
    #: (an uploaded file or a document's drafts), which the browser may edit.
    source_path: Mapped[str | None] = mapped_column(sa.String(500))

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
    # How far a typed numeric answer may be off: "0.5" or "2%" (see quiz.answers.tolerance).
    tolerance: Mapped[str | None] = mapped_column(sa.String(40))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Where a question of a file-backed deck is written (see ``Deck.source_path``)
    #: and the line its entry starts on, as of the last import; None otherwise.
    source_path: Mapped[str | None] = mapped_column(sa.String(500))
    source_line: Mapped[int | None]

    deck: Mapped[Deck] = relationship(back_populates="questions")

    __table_args__ = (sa.Index("ix_question_active_order", "retired_at", "position"),)


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
    # How many draft questions the extractor found; more than ``draft`` holds
    # when the document gave more than one upload may keep.
    drafts_found: Mapped[int | None]
    #: For a bank upload in another format (CSV, Anki, Moodle): what could not be
    #: carried over, one message each, shown with the preview.
    notes: Mapped[list[str] | None] = mapped_column(sa.JSON)
    #: For a bank upload with images and sounds (a zip, a package): their names
    #: and the stored files (:class:`~quiz.models.MediaFile`) they stand for.
    media: Mapped[dict[str, str] | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set aside by its author: listed as abandoned, and read-only until reopened.
    abandoned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class QuestionTag(db.Model):
    """One tag of one active or retired question: the index a learner's tag choice filters by.

    A copy of ``Question.tags`` kept by the bank import, so that "questions
    tagged X" is an index lookup on every database rather than a JSON search.
    """

    __tablename__ = "question_tag"

    tag: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("question.id", ondelete="CASCADE"), primary_key=True, index=True
    )

"""Who may edit a deck made in the browser, and the history of every question."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db
from quiz.models.types import UTCDateTime, utcnow

__all__ = ["DeckOwner", "QuestionEdit"]


class DeckOwner(db.Model):
    """The instructor who made a deck through the browser (an upload or a document's drafts).

    Only they and admins may edit it there. A deck without a row (made before
    owners were kept, by ``bank import``, or whose author's account is gone)
    is edited by admins only.
    """

    __tablename__ = "deck_owner"

    deck_id: Mapped[int] = mapped_column(sa.ForeignKey("deck.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)


class QuestionEdit(db.Model):
    """One change to one question: an edit in the browser, a retire or revive, an import that changed it.

    ``changes`` maps each changed field to ``[before, after]`` (``{}`` when the
    question was added, retired or revived without other change).
    """

    __tablename__ = "question_edit"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("question.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: added, changed, retired or revived.
    action: Mapped[str] = mapped_column(sa.String(20))
    #: How it came: browser (an edit on the question page), file (the bank folder or
    #: ``bank import``), upload (a bank file uploaded) or draft (a document's drafts).
    origin: Mapped[str] = mapped_column(sa.String(20))
    changes: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    #: Learners' cards the change reset to new (a changed answer).
    reset_cards: Mapped[int] = mapped_column(default=0)

    __table_args__ = (sa.Index("ix_question_edit_question_at", "question_id", "at"),)

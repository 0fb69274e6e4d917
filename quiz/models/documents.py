"""Source documents the bank's questions cite: a title for learners and, where allowed, the text."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db
from quiz.models.types import UTCDateTime, utcnow

__all__ = ["Document"]


class Document(db.Model):
    """A document named in a bank file's ``documents:`` map, keyed by the file name sources cite."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(255), unique=True)
    title: Mapped[str] = mapped_column(sa.String(500))
    # The instructor's choice: learners may read the text (else they see the title only).
    show_text: Mapped[bool] = mapped_column(default=False)
    origin: Mapped[str] = mapped_column(sa.Text, default="")
    text: Mapped[str | None] = mapped_column(sa.Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

"""Images and sounds of the bank: stored once by content, named per deck."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db
from quiz.models.types import UTCDateTime, utcnow

__all__ = ["DeckMedia", "MediaFile"]


class MediaFile(db.Model):
    """A file's bytes, keyed by their SHA-256: the same image used by ten decks is stored once."""

    __tablename__ = "media_file"

    sha256: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    mime: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DeckMedia(db.Model):
    """A deck's name for a file (``media/map.png`` in its texts) and the content it stands for."""

    __tablename__ = "deck_media"

    deck_id: Mapped[int] = mapped_column(sa.ForeignKey("deck.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    sha256: Mapped[str] = mapped_column(sa.ForeignKey("media_file.sha256"), index=True)

"""What keeps accounts safe: failed-login counters and password reset links."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db
from quiz.models.types import UTCDateTime

__all__ = ["LoginThrottle", "PasswordReset"]


class LoginThrottle(db.Model):
    """Recent failures under one key, shared by every worker and app server.

    The key is a SHA-256 of what is counted (an account and a client, an account,
    an address), so names typed by mistake, passwords among them, are not kept.
    """

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class PasswordReset(db.Model):
    """A one-time link that lets its holder set a new password, for an hour.

    Only the SHA-256 of the link's token is stored: the database alone does not
    give anyone a working link.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # Who made it: an instructor or admin, or None when the learner asked by email.
    made_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

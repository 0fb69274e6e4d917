"""People and their roles."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db
from quiz.models.types import UTCDateTime, utcnow

__all__ = ["Role", "User"]


class Role:
    """User roles. A plain string column keeps migrations simple."""

    LEARNER = "learner"
    INSTRUCTOR = "instructor"
    ADMIN = "admin"
    #: Roles that see the instructor pages (an admin is an instructor too).
    TEACHING = frozenset({INSTRUCTOR, ADMIN})


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
        return self.role in Role.TEACHING

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

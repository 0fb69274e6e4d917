"""People and their roles."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from quiz.accounts.names import KEY_MAX, USERNAME_MAX, canonical
from quiz.extensions import db
from quiz.models.types import UTCDateTime, utcnow

__all__ = ["Role", "User"]


class Role:
    """User roles. A plain string column keeps migrations simple."""

    LEARNER = "learner"
    INSTRUCTOR = "instructor"
    ADMIN = "admin"
    #: What is left of a deleted learner: their anonymised reviews, under a name
    #: nobody chose and a password nobody can type. Never signs in.
    FORMER = "former"
    #: The roles a person can be given.
    CHOICES = (LEARNER, INSTRUCTOR, ADMIN)
    #: Roles that see the instructor pages (an admin is an instructor too).
    TEACHING = frozenset({INSTRUCTOR, ADMIN})


def _canonical_username(context: Any) -> str:
    return canonical(context.get_current_parameters()["username"])


class User(UserMixin, db.Model):
    """A person who studies (and, as an instructor, manages the bank)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(USERNAME_MAX), unique=True)
    # The name as compared (NFKC + case folding, see quiz.accounts.names): one account per form.
    username_key: Mapped[str] = mapped_column(sa.String(KEY_MAX), unique=True, index=True, default=_canonical_username)
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
    # The FSRS parameters fitted to this learner (None: fsrs's defaults), a copy
    # of their adopted ParameterSet kept here because every rating reads it.
    fsrs_parameters: Mapped[list[float] | None] = mapped_column(sa.JSON)
    # Scheduling comforts, off by default: even out due days; and the weekdays
    # (bit 0 Monday ... bit 6 Sunday) to keep light.
    load_balance: Mapped[bool] = mapped_column(default=False)
    easy_days: Mapped[int] = mapped_column(default=0)
    # What the study page draws from: one deck, one tag, or (both None) everything.
    study_deck_id: Mapped[int | None] = mapped_column(sa.ForeignKey("deck.id", ondelete="SET NULL"))
    study_tag: Mapped[str | None] = mapped_column(sa.String(100))
    # Lapses that make a card a leech (marked and suspended, as in Anki); 0 turns leeches off.
    leech_threshold: Mapped[int] = mapped_column(default=8)
    # Custom study. More new cards today: this many extra, until the end of the study day they were asked on.
    new_extra: Mapped[int] = mapped_column(default=0)
    new_extra_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A custom session in progress: "ahead" (cards due in the next custom_days days) or
    # "failed" (cards rated Again in the last custom_days days), each card once since custom_since.
    custom_kind: Mapped[str | None] = mapped_column(sa.String(10))
    custom_days: Mapped[int] = mapped_column(default=0)
    custom_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Where a reset link is sent when the learner asks for one (optional; mail must be set up).
    email: Mapped[str | None] = mapped_column(sa.String(254))

    @property
    def is_instructor(self) -> bool:
        return self.role in Role.TEACHING

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

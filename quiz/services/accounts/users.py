"""Accounts: registration, sign-in checks, roles and study settings."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from quiz.days import time_zones, zone
from quiz.extensions import db
from quiz.models import Role, User

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "AccountError",
    "SessionUser",
    "Settings",
    "authenticate",
    "create_user",
    "end_sessions",
    "load_session_user",
    "update_settings",
]

MIN_PASSWORD_LENGTH = 8
USERNAME_MAX = 40


class AccountError(ValueError):
    """A request about an account that cannot be honoured; the message says why."""


def _normalise(username: str) -> str:
    return username.strip()


def create_user(username: str, password: str, *, role: str = Role.LEARNER, timezone: str | None = None) -> User:
    """Create an account and commit it.

    Args:
        username: The name to sign in with (case is kept, but must be unique ignoring case).
        password: At least :data:`MIN_PASSWORD_LENGTH` characters.
        role: :class:`~quiz.models.Role` of the account.
        timezone: IANA zone the browser reported; anything unknown (or nothing) means UTC.

    Raises:
        AccountError: The name is empty, too long or taken, or the password is
            shorter than :data:`MIN_PASSWORD_LENGTH`.
    """
    username = _normalise(username)
    if not username:
        raise AccountError("Choose a user name.")
    if len(username) > USERNAME_MAX:
        raise AccountError(f"User names are at most {USERNAME_MAX} characters.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Passwords need at least {MIN_PASSWORD_LENGTH} characters.")
    taken = db.session.scalar(sa.select(User.id).where(sa.func.lower(User.username) == username.lower()))
    if taken is not None:
        raise AccountError(f"The user name {username!r} is taken.")
    zone_name = timezone if timezone in time_zones() else "UTC"
    user = User(username=username, password_hash=generate_password_hash(password), role=role, timezone=zone_name)
    db.session.add(user)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise AccountError(f"The user name {username!r} is taken.") from None
    return user


def authenticate(username: str, password: str) -> User:
    """Return the user with these credentials.

    Raises:
        AccountError: No such user, or the password is wrong (the message says which).
    """
    user = db.session.scalar(sa.select(User).where(sa.func.lower(User.username) == _normalise(username).lower()))
    if user is None:
        raise AccountError(f"There is no account called {username.strip()!r}.")
    if not check_password_hash(user.password_hash, password):
        raise AccountError("Wrong password.")
    return user


@dataclass(frozen=True, slots=True)
class SessionUser(UserMixin):
    """The signed-in user of a request: a plain, read-only copy of their row.

    Loaded on every request, so it skips the ORM; changes go through the
    functions of this module, which update the row itself.
    """

    id: int
    username: str
    role: str
    session_version: int
    desired_retention: float
    new_per_day: int
    timezone: str
    day_start_hour: int
    new_frontier: int

    @property
    def is_instructor(self) -> bool:
        return self.role in Role.TEACHING

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


_user = User.__table__
_LOAD_USER = sa.select(*(_user.c[name] for name in SessionUser.__dataclass_fields__)).where(
    _user.c.id == sa.bindparam("id")
)


def load_session_user(session_id: str) -> SessionUser | None:
    """Return the user a login cookie names, if its session version is current.

    The cookie holds ``"<id>:<session version>"``; logging out bumps the version,
    so a cookie copied before logout no longer signs anyone in.
    """
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    row = db.session.execute(_LOAD_USER, {"id": int(user_id)}).first()
    if row is None or row.session_version != int(version):
        return None
    return SessionUser(*row)


def end_sessions(user: User | SessionUser) -> None:
    """Invalidate every login cookie of ``user`` (used on logout)."""
    db.session.execute(sa.update(User).where(User.id == user.id).values(session_version=User.session_version + 1))
    db.session.commit()


@dataclass(frozen=True, slots=True)
class Settings:
    """A learner's study settings."""

    desired_retention: float
    new_per_day: int
    timezone: str
    day_start_hour: int


def update_settings(user: User | SessionUser, settings: Settings) -> None:
    """Save a learner's settings after checking each value.

    Raises:
        AccountError: A value is out of range or the time zone is unknown.
    """
    if not 0.70 <= settings.desired_retention <= 0.97:
        raise AccountError("Desired retention must be between 0.70 and 0.97.")
    if not 0 <= settings.new_per_day <= 9999:
        raise AccountError("New cards per day must be between 0 and 9999.")
    if not 0 <= settings.day_start_hour <= 23:
        raise AccountError("The study day starts at an hour from 0 to 23.")
    try:
        zone(settings.timezone)
    except (KeyError, ValueError):
        raise AccountError(f"Unknown time zone {settings.timezone!r}.") from None
    db.session.execute(
        sa.update(User)
        .where(User.id == user.id)
        .values(
            desired_retention=settings.desired_retention,
            new_per_day=settings.new_per_day,
            timezone=settings.timezone,
            day_start_hour=settings.day_start_hour,
        )
    )
    db.session.commit()

"""Accounts: registration, sign-in checks, passwords, sessions and study settings.

A login is refused with one message, "The user name or password is wrong.", whether
or not the name exists, after the same work: the same counters are charged (see
:mod:`quiz.services.accounts.throttle`) and a password hash is checked either way
(a dummy one when there is no account).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_login import UserMixin

from quiz.accounts import names, passwords
from quiz.accounts.names import USERNAME_MAX
from quiz.accounts.throttling import wait_message
from quiz.days import time_zones, zone
from quiz.extensions import db
from quiz.models import Assignment, ClassMember, PendingCard, Role, User
from quiz.services.accounts import throttle
from quiz.services.accounts.throttle import Client
from quiz.services.stats import daily

#: The highest leech threshold the settings accept.
LEECH_MAX = 99

__all__ = [
    "LEECH_MAX",
    "MIN_PASSWORD_LENGTH",
    "USERNAME_MAX",
    "WRONG_LOGIN",
    "AccountError",
    "Client",
    "SessionUser",
    "Settings",
    "Throttled",
    "authenticate",
    "change_password",
    "confirm_password",
    "create_user",
    "email_of",
    "end_sessions",
    "find_user",
    "load_session_user",
    "register",
    "session_user",
    "set_email",
    "update_settings",
]

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1000
WRONG_LOGIN = "The user name or password is wrong."


class AccountError(ValueError):
    """A request about an account that cannot be honoured; the message says why."""


class Throttled(AccountError):
    """Too many attempts: the client must wait :attr:`wait` before the next."""

    def __init__(self, wait: timedelta, message: str | None = None) -> None:
        super().__init__(message or wait_message(wait))
        self.wait = wait


def _check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Passwords need at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"Passwords are at most {MAX_PASSWORD_LENGTH} characters.")


def _storable(key: str) -> bool:
    """Whether a canonical name could belong to an account (and can be sent to the database)."""
    if len(key) > names.KEY_MAX or "\x00" in key:
        return False
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def find_user(name: str) -> User | None:
    """Return the account called ``name`` (compared in canonical form), if any."""
    key = names.canonical(name)
    return db.session.scalar(sa.select(User).where(User.username_key == key)) if _storable(key) else None


def create_user(username: str, password: str, *, role: str = Role.LEARNER, timezone: str | None = None) -> User:
    """Create an account and commit it.

    Args:
        username: The name to sign in with, shown as typed (NFKC); unique in canonical form.
        password: :data:`MIN_PASSWORD_LENGTH` to :data:`MAX_PASSWORD_LENGTH` characters.
        role: :class:`~quiz.models.Role` of the account.
        timezone: IANA zone the browser reported; anything unknown (or nothing) means UTC.

    Raises:
        AccountError: The name is refused (see :mod:`quiz.accounts.names`) or
            taken, or the password is too short or too long.
    """
    try:
        shown = names.check(username)
    except names.UnacceptableName as exc:
        raise AccountError(str(exc)) from None
    _check_password_rules(password)
    key = names.canonical(shown)
    taken = AccountError(f"The user name {shown!r} is taken.")
    if db.session.scalar(sa.select(User.id).where(User.username_key == key)) is not None:
        raise taken
    password_hash = passwords.hash_password(password)
    zone_name = timezone if timezone in time_zones() else "UTC"
    user = User(username=shown, username_key=key, password_hash=password_hash, role=role, timezone=zone_name)
    db.session.add(user)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise taken from None
    return user


def register(username: str, password: str, client: Client, *, now: datetime, timezone: str | None = None) -> User:
    """Create a learner's account from the registration page, counted against the client's address.

    Raises:
        Throttled: Too many accounts were made from this address lately.
        AccountError: As :func:`create_user`.
    """
    wait = throttle.reserve(throttle.register_counters(client), now)
    if wait is not None:
        raise Throttled(wait, f"Too many new accounts from your network; try again in {_minutes(wait)}.")
    return create_user(username, password, timezone=timezone)


def _minutes(wait: timedelta) -> str:
    minutes = max(1, -(-int(wait.total_seconds()) // 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def authenticate(username: str, password: str, client: Client, *, now: datetime) -> SessionUser:
    """Return the user with these credentials, and record when they logged in.

    Raises:
        Throttled: Too many failures lately (from this client, or against this
            account or from this address by unknown clients).
        AccountError: :data:`WRONG_LOGIN`, whether the name or the password is wrong.
    """
    key = names.canonical(username)
    row = (
        db.session.execute(sa.select(User.id, User.password_hash).where(User.username_key == key)).first()
        if _storable(key)
        else None
    )
    user_id, stored = row if row is not None else (None, None)
    counters = throttle.login_counters(key, client, user_id)
    wait = throttle.reserve(counters, now)
    if wait is not None:
        raise Throttled(wait)
    # No transaction is open here: the slow check holds no lock.
    verdict = passwords.verify(stored, password)
    if not verdict.ok or user_id is None:
        raise AccountError(WRONG_LOGIN)
    values: dict[str, object] = {"last_login_at": now}
    if verdict.rehash:
        values["password_hash"] = passwords.hash_password(password)
    throttle.forgive(counters)
    db.session.execute(sa.update(User).where(User.id == user_id).values(**values))
    db.session.commit()
    found = session_user(user_id)
    assert found is not None
    return found


def confirm_password(user_id: int, password: str, client: Client, *, now: datetime) -> None:
    """Check a signed-in user's current password, throttled as a login is (the caller commits).

    Raises:
        Throttled: Too many wrong passwords lately.
        AccountError: The password is wrong.
    """
    key, stored = db.session.execute(sa.select(User.username_key, User.password_hash).where(User.id == user_id)).one()
    counters = throttle.login_counters(key, client, user_id)
    wait = throttle.reserve(counters, now)
    if wait is not None:
        raise Throttled(wait)
    if not passwords.verify(stored, password).ok:
        raise AccountError("That is not your current password.")
    throttle.forgive(counters)


def set_password(user_id: int, password_hash: str) -> None:
    """Store a new password hash and end every session of the account (the caller commits)."""
    db.session.execute(
        sa.update(User)
        .where(User.id == user_id)
        .values(password_hash=password_hash, session_version=User.session_version + 1)
    )


def change_password(user_id: int, current: str, new: str, client: Client, *, now: datetime) -> SessionUser:
    """Replace the password after checking the current one; every other session ends.

    Returns:
        The user as they now are, to sign this browser in again with.

    Raises:
        Throttled, AccountError: The current password is wrong (or too many
            guesses), or the new one breaks the rules.
    """
    _check_password_rules(new)
    password_hash = passwords.hash_password(new)
    confirm_password(user_id, current, client, now=now)
    set_password(user_id, password_hash)
    db.session.commit()
    found = session_user(user_id)
    assert found is not None
    return found


def set_email(user_id: int, password: str, email: str, client: Client, *, now: datetime) -> None:
    """Set (or, with an empty ``email``, remove) where reset links are mailed; asks for the password.

    Raises:
        Throttled, AccountError: The password is wrong, or the address does not look like one.
    """
    email = email.strip()
    if email and (len(email) > 254 or "@" not in email.strip("@") or not email.isprintable() or " " in email):
        raise AccountError("That does not look like an email address.")
    confirm_password(user_id, password, client, now=now)
    db.session.execute(sa.update(User).where(User.id == user_id).values(email=email or None))
    db.session.commit()


def email_of(user_id: int) -> str | None:
    """The address reset links of an account are mailed to, if any."""
    return db.session.scalar(sa.select(User.email).where(User.id == user_id))


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
    fsrs_parameters: list[float] | None
    load_balance: bool
    easy_days: int
    study_deck_id: int | None
    study_tag: str | None
    leech_threshold: int
    new_extra: int
    new_extra_until: datetime | None
    custom_kind: str | None
    custom_days: int
    custom_since: datetime | None
    #: Whether the learner had a card in hand (see :mod:`quiz.services.learning.pending`) when this was read:
    #: the study page, shown most often with none, then skips reading it.
    holds_card: bool
    #: Whether any class the learner is in had an assignment when this was read: the study page, which lists
    #: the open ones, then skips looking for them.
    has_assignments: bool

    @property
    def is_instructor(self) -> bool:
        return self.role in Role.TEACHING

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


_user, _pending = User.__table__, PendingCard.__table__
_member, _assignment = ClassMember.__table__, Assignment.__table__
#: The user's row, with two flags read along (one statement where the study page took three).
_FLAGS = {
    "holds_card": sa.exists().where(_pending.c.user_id == _user.c.id),
    "has_assignments": sa.exists().where(_member.c.user_id == _user.c.id, _assignment.c.class_id == _member.c.class_id),
}
_LOAD_USER = sa.select(
    *(_FLAGS[name].label(name) if name in _FLAGS else _user.c[name] for name in SessionUser.__dataclass_fields__)
).where(_user.c.id == sa.bindparam("id"))


def session_user(user_id: int) -> SessionUser | None:
    """Return the signed-in view of one account."""
    row = db.session.execute(_LOAD_USER, {"id": user_id}).first()
    return None if row is None else SessionUser(*row)


def load_session_user(session_id: str) -> SessionUser | None:
    """Return the user a login cookie names, if its session version is current.

    The cookie holds ``"<id>:<session version>"``; logging out and changing the
    password bump the version, so a cookie copied before no longer signs anyone in.
    """
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()) or len(user_id) > 18:
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
    #: None: left as it is.
    leech_threshold: int | None = None


def update_settings(user: User | SessionUser, settings: Settings) -> None:
    """Save a learner's settings after checking each value.

    A new time zone or day-start hour moves reviews between study days: the
    learner's daily tallies are recounted in the same transaction.

    Raises:
        AccountError: A value is out of range or the time zone is unknown.
    """
    if not 0.70 <= settings.desired_retention <= 0.97:
        raise AccountError("Desired retention must be between 0.70 and 0.97.")
    if not 0 <= settings.new_per_day <= 9999:
        raise AccountError("New cards per day must be between 0 and 9999.")
    if not 0 <= settings.day_start_hour <= 23:
        raise AccountError("The study day starts at an hour from 0 to 23.")
    if settings.leech_threshold is not None and not 0 <= settings.leech_threshold <= LEECH_MAX:
        raise AccountError(f"The leech threshold must be 0 (off) to {LEECH_MAX} lapses.")
    try:
        zone(settings.timezone)
    except (KeyError, ValueError):
        raise AccountError(f"Unknown time zone {settings.timezone!r}.") from None
    counted_in = daily.lock_zone(user.id)
    db.session.execute(
        sa.update(User)
        .where(User.id == user.id)
        .values(
            desired_retention=settings.desired_retention,
            new_per_day=settings.new_per_day,
            timezone=settings.timezone,
            day_start_hour=settings.day_start_hour,
            **({} if settings.leech_threshold is None else {"leech_threshold": settings.leech_threshold}),
        )
    )
    if counted_in != (settings.timezone, settings.day_start_hour):
        daily.recount(user.id, (settings.timezone, settings.day_start_hour))
    db.session.commit()

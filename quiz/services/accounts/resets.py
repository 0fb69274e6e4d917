"""Password reset links: made by an instructor or admin, or mailed to a learner who asks.

A link carries a random token; the database keeps only its SHA-256, with who it
is for, who made it and when it expires (an hour after). It works once: using it
sets the new password, ends every session of the account and forgets the failed
logins counted against it, so an owner locked out by someone else's guessing is
back in. Making a new link for an account cancels its older unused ones.

Instructors make links for learners; admins for anyone.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_mail import Message

from quiz.accounts import names, passwords
from quiz.extensions import db, mail
from quiz.models import PasswordReset, Role, User
from quiz.security import MAX_ID
from quiz.services.accounts import throttle
from quiz.services.accounts.users import (
    AccountError,
    Client,
    SessionUser,
    Throttled,
    _check_password_rules,
    find_user,
    session_user,
    set_password,
)

__all__ = [
    "LIFETIME",
    "ResetLink",
    "mail_enabled",
    "make_reset_link",
    "may_reset",
    "reset_target",
    "send_reset_mail",
    "use_reset_link",
]

log = logging.getLogger(__name__)

#: How long a link works.
LIFETIME = timedelta(hours=1)
_TOKEN_MAX = 100


@dataclass(frozen=True, slots=True)
class ResetLink:
    """A link just made: its secret token (shown once), whose account it opens, and when it stops working."""

    token: str
    username: str
    expires_at: datetime


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def may_reset(by: SessionUser | None, target_role: str) -> bool:
    """Whether ``by`` (None: the command line or the account's own mailbox) may make a link for such an account."""
    if target_role == Role.FORMER:
        return False
    if by is None or by.is_admin:
        return True
    return by.is_instructor and target_role == Role.LEARNER


def make_reset_link(user_id: int, by: SessionUser | None, *, now: datetime) -> ResetLink:
    """Make a one-time link for an account and commit it; older unused links of the account stop working.

    Raises:
        AccountError: No such account, or ``by`` may not reset it.
    """
    query = sa.select(User.username, User.role).where(User.id == user_id)
    row = db.session.execute(query).first() if 0 < user_id <= MAX_ID else None
    if row is None or not may_reset(by, row.role):
        raise AccountError("You can't make a reset link for that account.")
    token = secrets.token_urlsafe(32)
    unused = sa.delete(PasswordReset).where(PasswordReset.user_id == user_id, PasswordReset.used_at.is_(None))
    db.session.execute(unused)
    db.session.add(
        PasswordReset(
            user_id=user_id,
            token_hash=_digest(token),
            made_by_id=by.id if by else None,
            created_at=now,
            expires_at=now + LIFETIME,
        )
    )
    db.session.commit()
    return ResetLink(token, row.username, now + LIFETIME)


def _live(token: str, now: datetime) -> sa.Select[tuple[PasswordReset]]:
    return sa.select(PasswordReset).where(
        PasswordReset.token_hash == _digest(token), PasswordReset.used_at.is_(None), PasswordReset.expires_at > now
    )


def reset_target(token: str, now: datetime) -> str | None:
    """Return the name of the account a working link is for, or None (unknown, used or expired)."""
    if len(token) > _TOKEN_MAX:
        return None
    live = _live(token, now).subquery()
    return db.session.scalar(sa.select(User.username).join(live, live.c.user_id == User.id))


def use_reset_link(token: str, password: str, *, now: datetime) -> SessionUser:
    """Set a new password through a link, once; ends every session of the account.

    Returns:
        The account, to sign the browser in with.

    Raises:
        AccountError: The link does not work (unknown, used or expired), or the password breaks the rules.
    """
    _check_password_rules(password)
    dead = AccountError("This reset link does not work any more. Ask for a new one.")
    if len(token) > _TOKEN_MAX:
        raise dead
    password_hash = passwords.hash_password(password)
    reset = db.session.scalar(_live(token, now).with_for_update())
    if reset is None:
        db.session.rollback()
        raise dead
    reset.used_at = now
    set_password(reset.user_id, password_hash)
    key = db.session.scalar(sa.select(User.username_key).where(User.id == reset.user_id))
    throttle.clear_account(key)
    user_id = reset.user_id
    db.session.commit()
    found = session_user(user_id)
    assert found is not None
    return found


def mail_enabled() -> bool:
    """Whether learners can ask for a link by email (mail server, sender and site address set)."""
    config = current_app.config
    return bool(config.get("MAIL_SERVER") and config.get("MAIL_DEFAULT_SENDER") and config.get("BASE_URL"))


def send_reset_mail(name: str, client: Client, link_for: Callable[[str], str], *, now: datetime) -> None:
    """Mail a reset link to the account called ``name``, if it has an email address.

    Says nothing about whether it had one (the page tells everyone the same).

    Raises:
        Throttled: Too many requests for this account or from this address lately.
    """
    key = names.canonical(name)
    wait = throttle.reserve(throttle.reset_request_counters(key, client), now)
    if wait is not None:
        raise Throttled(wait)
    user = find_user(name)
    if user is None or not user.email or not may_reset(None, user.role):
        return
    user_id, email, username = user.id, user.email, user.username
    link = make_reset_link(user_id, None, now=now)
    message = Message(
        subject="Your quiz password reset link",
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
        recipients=[email],
        body=(
            f"Someone (we hope you) asked to reset the password of the quiz account {username!r}.\n\n"
            f"Open this link within an hour to choose a new password; it works once:\n\n{link_for(link.token)}\n\n"
            "If you did not ask, ignore this message: your password stays as it is.\n"
        ),
    )
    try:
        mail.send(message)
    except (OSError, smtplib.SMTPException):
        # The page says the same either way; the log tells the admin.
        log.exception("could not mail a reset link for user %s", user_id)

"""Who does what: roles, the list of accounts on the admin page, and renaming.

Learners study; instructors also manage the bank, see the class and make reset
links for learners; admins also change roles and make reset links for anyone.
The last admin cannot be demoted from the web (``flask user role`` can always
make a new one).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from quiz.accounts import names
from quiz.extensions import db
from quiz.models import Meta, Role, User
from quiz.security import MAX_ID
from quiz.services.accounts.resets import may_reset
from quiz.services.accounts.users import AccountError, SessionUser, find_user

__all__ = ["AccountRow", "accounts_for", "name_report", "rename_user", "set_role"]

#: The meta row where migration 0006_accounts left its report on existing user names.
NAME_REPORT = "username_report"


@dataclass(frozen=True, slots=True)
class AccountRow:
    """One account on the admin page."""

    id: int
    username: str
    role: str
    created_at: datetime
    last_login_at: datetime | None
    has_email: bool
    can_reset: bool


def accounts_for(viewer: SessionUser) -> list[AccountRow]:
    """The accounts ``viewer`` manages: everyone for an admin, learners for an instructor, by name."""
    roles = Role.CHOICES if viewer.is_admin else (Role.LEARNER,)
    rows = db.session.execute(
        sa.select(User.id, User.username, User.role, User.created_at, User.last_login_at, User.email.is_not(None))
        .where(User.role.in_(roles))
        .order_by(User.username_key)
    )
    return [AccountRow(*row, can_reset=may_reset(viewer, row.role)) for row in rows]


def set_role(user_id: int, role: str, by: SessionUser | None) -> str:
    """Give an account a role and commit; return its name.

    Args:
        by: The admin doing it, or None from the command line.

    Raises:
        AccountError: Not a role, no such account, not allowed, or it would leave no admin.
    """
    if role not in Role.CHOICES:
        raise AccountError(f"Roles are {', '.join(Role.CHOICES)}.")
    if by is not None and not by.is_admin:
        raise AccountError("Only admins change roles.")
    user = db.session.get(User, user_id) if 0 < user_id <= MAX_ID else None
    if user is None or user.role == Role.FORMER:
        raise AccountError("There is no such account.")
    if by is not None and user.role == Role.ADMIN and role != Role.ADMIN:
        admins = db.session.scalar(sa.select(sa.func.count(User.id)).where(User.role == Role.ADMIN))
        if admins <= 1:
            raise AccountError(f"{user.username} is the only admin: make someone else an admin first.")
    user.role = role
    name = user.username
    db.session.commit()
    return name


def rename_user(old: str, new: str) -> str:
    """Rename an account (for the command line) and commit; return the new name.

    Raises:
        AccountError: No such account, or the new name is refused or taken.
    """
    user = find_user(old)
    if user is None or user.role == Role.FORMER:
        raise AccountError(f"There is no account called {old!r}.")
    try:
        shown = names.check(new)
    except names.UnacceptableName as exc:
        raise AccountError(str(exc)) from None
    key = names.canonical(shown)
    if db.session.scalar(sa.select(User.id).where(User.username_key == key, User.id != user.id)) is not None:
        raise AccountError(f"The user name {shown!r} is taken.")
    user.username, user.username_key = shown, key
    db.session.commit()
    return shown


def name_report() -> list[str]:
    """What migration 0006_accounts found among existing user names (renamed duplicates, names now refused)."""
    value = db.session.scalar(sa.select(Meta.value).where(Meta.key == NAME_REPORT))
    return json.loads(value) if value else []

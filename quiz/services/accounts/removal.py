"""Deleting one's own account, keeping the class statistics as they were.

A learner's reviews and quiz attempts are not deleted but handed to a new account
of the *former* role, with a random name and no usable password, and the answers
they typed (free text that may say who they are) are blanked. Their cards,
settings, uploads and reset links go with the account. The class roster lists
learners only, so the person is gone from it; the item analysis counts former
learners' reviews as before, each under its own former account, so a question's
attempts, share correct and discrimination index do not change when someone
leaves. Accounts of other roles, and learners with no history, are simply deleted.
"""

from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa

from quiz.accounts.passwords import UNUSABLE
from quiz.extensions import db
from quiz.models import ItemDay, QuizAnswer, QuizAttempt, Review, Role, StudyDay, User
from quiz.services.accounts.users import AccountError, Client, confirm_password

__all__ = ["delete_account"]


def _anonymise(user: User) -> None:
    """Hand the learner's reviews and quiz attempts to a new former-learner account."""
    has_history = db.session.scalar(
        sa.select(sa.exists().where(Review.user_id == user.id) | sa.exists().where(QuizAttempt.user_id == user.id))
    )
    if not has_history:
        return
    former = User(
        username=f"former-{secrets.token_hex(6)}",
        password_hash=UNUSABLE,
        role=Role.FORMER,
        session_version=1,
        desired_retention=user.desired_retention,
        new_per_day=0,
        timezone=user.timezone,
        day_start_hour=user.day_start_hour,
        created_at=user.created_at,
    )
    db.session.add(former)
    db.session.flush()
    db.session.execute(sa.update(Review).where(Review.user_id == user.id).values(user_id=former.id, answer=None))
    db.session.execute(sa.update(QuizAttempt).where(QuizAttempt.user_id == user.id).values(user_id=former.id))
    # The study-day tallies go with the reviews (same zone and hour, so they stay exact).
    db.session.execute(sa.update(StudyDay).where(StudyDay.user_id == user.id).values(user_id=former.id))
    db.session.execute(sa.update(ItemDay).where(ItemDay.user_id == user.id).values(user_id=former.id))
    attempts = sa.select(QuizAttempt.id).where(QuizAttempt.user_id == former.id)
    db.session.execute(sa.update(QuizAnswer).where(QuizAnswer.attempt_id.in_(attempts)).values(answer=None))


def delete_account(user_id: int, password: str, client: Client, *, now: datetime) -> None:
    """Delete the signed-in user's account after checking their password, and commit.

    Raises:
        Throttled, AccountError: The password is wrong (or too many guesses), or
            this is the only admin.
    """
    confirm_password(user_id, password, client, now=now)
    user = db.session.get(User, user_id)
    if user is None:
        raise AccountError("This account no longer exists.")
    if user.role == Role.ADMIN:
        admins = db.session.scalar(sa.select(sa.func.count(User.id)).where(User.role == Role.ADMIN))
        if admins <= 1:
            db.session.commit()  # the password was right: keep the throttle's forgiveness
            raise AccountError("You are the only admin: make someone else an admin before deleting your account.")
    if user.role == Role.LEARNER:
        _anonymise(user)
    db.session.execute(sa.delete(User).where(User.id == user_id))
    db.session.commit()

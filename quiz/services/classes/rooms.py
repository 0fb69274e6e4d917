"""Classes and their members: create, join with a code, leave; who may see which class.

An instructor sees and changes only the classes they own; an admin sees all.
Any signed-in person joins a class with its code (or link) and may be in
several. Every change here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from quiz.extensions import db
from quiz.grading import new_code, normalize_code
from quiz.models import ClassMember, Classroom, User, utcnow

__all__ = [
    "NAME_MAX",
    "ClassError",
    "Member",
    "Person",
    "class_by_code",
    "class_for",
    "create_class",
    "delete_class",
    "join",
    "leave",
    "member_ids",
    "members",
    "my_classes",
    "regenerate_code",
    "remove_member",
    "visible_classes",
]

NAME_MAX = 100


class Person(Protocol):
    """The signed-in user, as these services need them."""

    id: int

    @property
    def is_admin(self) -> bool: ...


class ClassError(ValueError):
    """A class change that cannot be made; the message says why, for people."""


@dataclass(frozen=True, slots=True)
class Member:
    """A learner in a class."""

    user_id: int
    username: str
    joined_at: datetime


def _owned_by(user: Person) -> sa.ColumnElement[bool]:
    return sa.true() if user.is_admin else Classroom.owner_id == user.id


def visible_classes(user: Person) -> list[tuple[Classroom, str, int]]:
    """The classes ``user`` may see (their own; every class for an admin), by name, with owner and size."""
    size = (
        sa.select(sa.func.count())
        .select_from(ClassMember)
        .where(ClassMember.class_id == Classroom.id)
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(Classroom, User.username, size)
        .join(User, User.id == Classroom.owner_id)
        .where(_owned_by(user))
        .order_by(sa.func.lower(Classroom.name), Classroom.id)
    )
    return [(room, owner, count) for room, owner, count in rows]


def class_for(user: Person, class_id: int) -> Classroom | None:
    """The class, if ``user`` owns it or is an admin; None otherwise (and for no such class)."""
    return db.session.scalar(sa.select(Classroom).where(Classroom.id == class_id, _owned_by(user)))


def _name(text: str) -> str:
    name = " ".join((text or "").split())
    if not name:
        raise ClassError("Give the class a name.")
    if len(name) > NAME_MAX:
        raise ClassError(f"A class name is at most {NAME_MAX} characters.")
    return name


def _unique_code() -> str:
    for _ in range(20):
        code = new_code()
        if db.session.scalar(sa.select(Classroom.id).where(Classroom.join_code == code)) is None:
            return code
    raise ClassError("Could not make a new join code; try again.")  # pragma: no cover - 45 bits of randomness


def create_class(owner: Person, name: str) -> Classroom:
    """Create a class owned by ``owner`` with a fresh join code.

    Raises:
        ClassError: The name is empty or too long.
    """
    room = Classroom(owner_id=owner.id, name=_name(name), join_code=_unique_code())
    db.session.add(room)
    db.session.commit()
    return room


def regenerate_code(user: Person, class_id: int) -> Classroom | None:
    """Give the class a new join code (the old code and link stop working); None when not the user's class."""
    room = class_for(user, class_id)
    if room is None:
        return None
    room.join_code = _unique_code()
    db.session.commit()
    return room


def delete_class(user: Person, class_id: int) -> bool:
    """Delete the class with its members' places and its assignments (their reviews and quizzes stay)."""
    room = class_for(user, class_id)
    if room is None:
        return False
    db.session.execute(sa.delete(Classroom).where(Classroom.id == room.id))
    db.session.commit()
    return True


def member_ids(class_id: int) -> sa.Select[tuple[int]]:
    """SQL selecting the ids of the class's members (the ``user_ids`` the class views filter by)."""
    return sa.select(ClassMember.user_id).where(ClassMember.class_id == class_id)


def members(class_id: int) -> list[Member]:
    """The class's members, by name."""
    rows = db.session.execute(
        sa.select(User.id, User.username, ClassMember.joined_at)
        .join(ClassMember, ClassMember.user_id == User.id)
        .where(ClassMember.class_id == class_id)
        .order_by(User.username_key)
    )
    return [Member(*row) for row in rows]


def remove_member(user: Person, class_id: int, member_id: int) -> bool:
    """Take a learner out of one of ``user``'s classes; False when the class is not theirs."""
    if class_for(user, class_id) is None:
        return False
    db.session.execute(sa.delete(ClassMember).where(ClassMember.class_id == class_id, ClassMember.user_id == member_id))
    db.session.commit()
    return True


def class_by_code(code: str) -> Classroom | None:
    """The class with this join code (typed in any case, with or without spaces and dashes), if any."""
    normal = normalize_code(code)
    if not normal:
        return None
    return db.session.scalar(sa.select(Classroom).where(Classroom.join_code == normal))


def join(user: Person, code: str, now: datetime | None = None) -> tuple[Classroom, bool]:
    """Join the class with this code.

    Returns:
        The class, and whether the user joined now (False: already a member).

    Raises:
        ClassError: No class has that code.
    """
    room = class_by_code(code)
    if room is None:
        raise ClassError("No class has that code. Check it with your instructor; codes can be changed.")
    exists = db.session.get(ClassMember, (room.id, user.id))
    if exists is not None:
        return room, False
    db.session.add(ClassMember(class_id=room.id, user_id=user.id, joined_at=now or utcnow()))
    try:
        db.session.commit()
    except IntegrityError:  # the same join sent twice at once
        db.session.rollback()
        return room, False
    return room, True


def leave(user: Person, class_id: int) -> str | None:
    """Leave the class; return its name, or None when the user was not in it."""
    name = db.session.scalar(
        sa.select(Classroom.name)
        .join(ClassMember, ClassMember.class_id == Classroom.id)
        .where(Classroom.id == class_id, ClassMember.user_id == user.id)
    )
    if name is None:
        return None
    db.session.execute(sa.delete(ClassMember).where(ClassMember.class_id == class_id, ClassMember.user_id == user.id))
    db.session.commit()
    return name


def my_classes(user: Person) -> list[tuple[Classroom, str]]:
    """The classes ``user`` belongs to, by name, with each owner's name."""
    rows = db.session.execute(
        sa.select(Classroom, User.username)
        .join(ClassMember, ClassMember.class_id == Classroom.id)
        .join(User, User.id == Classroom.owner_id)
        .where(ClassMember.user_id == user.id)
        .order_by(sa.func.lower(Classroom.name), Classroom.id)
    )
    return [(room, owner) for room, owner in rows]

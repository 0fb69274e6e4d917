"""Holding cards back and starting them over: suspend, bury, forget, and leeches.

* **Suspend** takes a card out of the queue until it is unsuspended.
* **Bury** takes it out until the learner's next study day starts (their zone,
  their day-start hour), as Anki's "bury until tomorrow".
* **Forget** puts a card back among the new cards: its card row goes, as when an
  instructor changes a question's answer; its reviews stay in the log (the
  statistics read the log, so what was studied still counts as studied), and
  its next review counts as the first review of a new card.
* **Leeches**: a card that lapses (is forgotten after it was learned) as often
  as the learner's threshold says is marked a leech and suspended, as Anki does
  at 8 lapses; if it is unsuspended and keeps lapsing, it is suspended again
  every half threshold (at 12, 16, ...).

Any card of an active question can be held, a new one too; holds live in
:class:`~quiz.models.Hold`, one row per learner and question while it holds
something. Every change here commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa

from quiz.database import read_before_writing
from quiz.days import day_bounds
from quiz.extensions import db
from quiz.models import Card, Hold, Question
from quiz.scheduling import Rating

if TYPE_CHECKING:
    from quiz.services.learning.study import Learner

__all__ = [
    "ACTIONS",
    "apply",
    "became_leech",
    "is_leech_lapse",
    "mark_leech",
    "unmark_leech",
]

#: What a learner can do to the cards they select: the verb of each, as the pages word it.
ACTIONS = {
    "suspend": "suspended",
    "unsuspend": "unsuspended",
    "bury": "buried until your next study day",
    "unbury": "unburied",
    "forget": "forgotten: they are new cards again",
}

_h, _c, _q = Hold.__table__, Card.__table__, Question.__table__


def is_leech_lapse(lapses: int, threshold: int) -> bool:
    """True when a card's ``lapses``-th lapse makes it a leech (at the threshold, then every half threshold)."""
    if threshold <= 0 or lapses < threshold:
        return False
    return (lapses - threshold) % max(threshold // 2, 1) == 0


def mark_leech(user_id: int, question_id: int, now: datetime) -> None:
    """Mark a card a leech and suspend it (no commit: part of recording the review that lapsed)."""
    updated = db.session.execute(
        sa.update(_h)
        .where(_h.c.user_id == user_id, _h.c.question_id == question_id)
        .values(suspended=True, leech=True, changed_at=now)
    ).rowcount
    if not updated:
        db.session.execute(
            sa.insert(_h).values(
                user_id=user_id, question_id=question_id, suspended=True, leech=True, buried_until=None, changed_at=now
            )
        )


def unmark_leech(user_id: int, question_id: int, reviewed_at: datetime) -> None:
    """Undo the leech mark (and its suspension) that the review at ``reviewed_at`` made, if it made one (no commit)."""
    db.session.execute(
        sa.update(_h)
        .where(_h.c.user_id == user_id, _h.c.question_id == question_id, _h.c.leech, _h.c.changed_at == reviewed_at)
        .values(leech=False, suspended=False)
    )
    _drop_empty(user_id, reviewed_at)


_BECAME_LEECH = sa.select(_h.c.leech).where(
    _h.c.user_id == sa.bindparam("user"),
    _h.c.question_id == sa.bindparam("question"),
    _h.c.leech,
    _h.c.changed_at == sa.bindparam("now", type_=_h.c.changed_at.type),
)


def became_leech(user: Learner, question_id: int, rating: Rating, now: datetime) -> bool:
    """True when the rating recorded at ``now`` made this card a leech (only an Again can)."""
    return rating == Rating.Again and _leech_since(user.id, question_id, now)


@read_before_writing
def _leech_since(user_id: int, question_id: int, now: datetime) -> bool:
    # Asked after the rating's commit, in a request that may write: a read transaction of its
    # own, ended at once, rather than one holding SQLite's write lock.
    return db.session.execute(_BECAME_LEECH, {"user": user_id, "question": question_id, "now": now}).first() is not None


def _active_ids(question_ids: Iterable[int]) -> list[int]:
    ids = sorted({int(i) for i in question_ids})
    found: list[int] = []
    for start in range(0, len(ids), 500):
        found += db.session.scalars(
            sa.select(_q.c.id).where(_q.c.id.in_(ids[start : start + 500]), _q.c.retired_at.is_(None))
        ).all()
    return found


def apply(user: Learner, action: str, question_ids: Iterable[int], now: datetime) -> int:
    """Suspend, unsuspend, bury, unbury or forget the learner's cards of these questions, and commit.

    Args:
        user: The learner.
        action: One of :data:`ACTIONS`.
        question_ids: The questions whose cards to act on; retired or unknown ones are left out.
        now: The current time (aware, UTC); a bury lasts until the learner's next study day starts.

    Returns:
        How many cards changed.

    Raises:
        ValueError: ``action`` is not one of :data:`ACTIONS`.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    ids = _active_ids(question_ids)
    changed = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        if action == "forget":
            changed += _forget(user.id, chunk, now)
        elif action in ("suspend", "bury"):
            _, day_end = day_bounds(now, user.timezone, user.day_start_hour)
            values = {"suspended": True} if action == "suspend" else {"buried_until": day_end}
            changed += _hold(user.id, chunk, values, now)
        else:
            values = {"suspended": False} if action == "unsuspend" else {"buried_until": None}
            column = _h.c.suspended if action == "unsuspend" else _h.c.buried_until > now
            changed += db.session.execute(
                sa.update(_h)
                .where(_h.c.user_id == user.id, _h.c.question_id.in_(chunk), column)
                .values(**values, changed_at=now)
            ).rowcount
    _drop_empty(user.id, now)
    db.session.commit()
    return changed


def _hold(user_id: int, ids: list[int], values: dict[str, object], now: datetime) -> int:
    """Set ``values`` on the learner's holds of ``ids``, making the rows that do not exist yet."""
    existing = set(
        db.session.scalars(sa.select(_h.c.question_id).where(_h.c.user_id == user_id, _h.c.question_id.in_(ids)))
    )
    column, value = next(iter(values.items()))
    # Count the cards this changes: an already suspended card is not suspended again.
    unchanged = (
        set(
            db.session.scalars(
                sa.select(_h.c.question_id).where(
                    _h.c.user_id == user_id, _h.c.question_id.in_(ids), _h.c[column] == value
                )
            )
        )
        if existing
        else set()
    )
    if existing:
        db.session.execute(
            sa.update(_h)
            .where(_h.c.user_id == user_id, _h.c.question_id.in_(existing))
            .values(**values, changed_at=now)
        )
    fresh = [i for i in ids if i not in existing]
    if fresh:
        base = {"suspended": False, "buried_until": None, "leech": False, "changed_at": now}
        db.session.execute(sa.insert(_h), [base | values | {"user_id": user_id, "question_id": i} for i in fresh])
    return len(ids) - len(unchanged)


def _forget(user_id: int, ids: list[int], now: datetime) -> int:
    """Delete the learner's card rows of ``ids`` (reviews stay) and clear their leech marks."""
    forgotten = db.session.execute(sa.delete(_c).where(_c.c.user_id == user_id, _c.c.question_id.in_(ids))).rowcount
    db.session.execute(
        sa.update(_h)
        .where(_h.c.user_id == user_id, _h.c.question_id.in_(ids), _h.c.leech)
        .values(leech=False, changed_at=now)
    )
    return forgotten


def _drop_empty(user_id: int, now: datetime) -> None:
    """Delete the learner's holds that hold nothing any more (bury over, not suspended, no leech mark)."""
    db.session.execute(
        sa.delete(_h).where(
            _h.c.user_id == user_id,
            sa.not_(_h.c.suspended),
            sa.not_(_h.c.leech),
            sa.or_(_h.c.buried_until.is_(None), _h.c.buried_until <= now),
        )
    )

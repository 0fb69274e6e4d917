"""Scheduling comforts: load balancing and easy days, applied when a card is rated.

FSRS gives the interval; :func:`quiz.memory.balanced_interval` picks the day
within its fuzz range, from the cards already due on those days (load
balancing) and the weekdays the learner keeps light (easy days). Both are off
unless the learner turns them on in their settings; when both are off, the
review goes through fsrs's own fuzz as before. Reads only; the caller commits.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

import sqlalchemy as sa

from quiz import scheduling
from quiz.days import day_start, study_date
from quiz.extensions import db
from quiz.memory import balanced_interval, fuzz_range
from quiz.models import Card
from quiz.scheduling import CardState, Rating, State

__all__ = ["Planner", "balanced_review", "easy_weekdays", "weekdays_mask"]

DAY = timedelta(days=1)


class Planner(Protocol):
    """What placing a review needs to know about a learner."""

    id: int
    desired_retention: float
    timezone: str
    day_start_hour: int
    fsrs_parameters: Sequence[float] | None
    load_balance: bool
    easy_days: int


def easy_weekdays(mask: int) -> frozenset[int]:
    """Return the weekdays (Monday 0 to Sunday 6) set in an easy-days bit mask."""
    return frozenset(day for day in range(7) if mask >> day & 1)


def weekdays_mask(days: Sequence[int]) -> int:
    """Return the bit mask of weekdays (Monday 0 to Sunday 6)."""
    return sum(1 << day for day in set(days) if 0 <= day <= 6)


_c = Card.__table__
_DUE_BETWEEN = sa.select(_c.c.due).where(
    _c.c.user_id == sa.bindparam("user"),
    _c.c.due >= sa.bindparam("begins", type_=Card.due.type),
    _c.c.due < sa.bindparam("ends", type_=Card.due.type),
)


def _due_per_day(user: Planner, now: datetime, first: int, last: int) -> Counter[int]:
    """Cards of ``user`` due on each study day from ``first`` to ``last`` days after today."""
    tz, hour = user.timezone, user.day_start_hour
    today = study_date(now, tz, hour)
    begins = day_start(today + timedelta(days=first), tz, hour)
    ends = day_start(today + timedelta(days=last + 1), tz, hour)
    rows = db.session.scalars(_DUE_BETWEEN, {"user": user.id, "begins": begins, "ends": ends})
    return Counter((study_date(due, tz, hour) - today).days for due in rows)


def balanced_review(user: Planner, before: CardState | None, rating: Rating, now: datetime, *, seed: str) -> CardState:
    """Apply a rating with FSRS, then place a review interval on the day the learner's comforts choose.

    Learning steps and intervals too short to fuzz are left as FSRS gives them.

    Args:
        user: The learner (load balancing or easy days on).
        before: The card before the rating, None for a new card.
        rating: The rating.
        now: When (aware, UTC).
        seed: Makes the choice repeatable for this card and review.
    """
    after = scheduling.review(
        before, rating, now, desired_retention=user.desired_retention, fuzz=False, parameters=user.fsrs_parameters
    )
    if after.state != State.Review:
        return after
    interval = (after.due - now) / DAY
    low, high = fuzz_range(interval)
    if low == high:
        return after
    today = study_date(now, user.timezone, user.day_start_hour)
    days = balanced_interval(
        interval,
        weekday=lambda d: (today + timedelta(days=d)).weekday(),
        easy_days=easy_weekdays(user.easy_days),
        due=_due_per_day(user, now, low, high) if user.load_balance else None,
        seed=seed,
    )
    return dataclasses.replace(after, due=now + days * DAY)

"""Study days and streaks: runs of consecutive study days with at least one review.

A streak is current while its last day is today or yesterday: a learner who
has not studied yet today keeps yesterday's streak until the day ends. Days are
the learner's own study days, read from their tallies
(:mod:`quiz.services.stats.daily`): one row per day studied.

For one learner (the progress page) every study day is read and the runs are
found on those few hundred rows. A class needs only the current streaks: the
last :data:`WINDOW` days of each learner come back as the bits of one integer
(one row per learner), and the few learners whose streak goes back further are
read a window deeper.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from quiz.days import study_date
from quiz.extensions import db
from quiz.models import StudyDay, User
from quiz.services.learning.study import Learner
from quiz.services.stats.sqldays import per_zone

__all__ = ["WINDOW", "Streak", "StudyDays", "current_streaks", "study_days"]


@dataclass(frozen=True, slots=True)
class Streak:
    """Days in the current run of study days, and in the longest run ever."""

    current: int
    longest: int


@dataclass(frozen=True, slots=True)
class StudyDays:
    """A learner's reviews on each study day they studied, and their streaks."""

    reviews: dict[date, int]
    streak: Streak


def _reviews() -> sa.ColumnElement[int]:
    return StudyDay.again + StudyDay.hard + StudyDay.good + StudyDay.easy


_DAYS = (
    sa.select(StudyDay.day, _reviews())
    .where(StudyDay.user_id == sa.bindparam("user"), StudyDay.day <= sa.bindparam("today"))
    .order_by(StudyDay.day)
)


def study_days(user: Learner, now: datetime) -> StudyDays:
    """Count the learner's reviews on every study day up to today, and find the streaks."""
    today = study_date(now, user.timezone, user.day_start_hour).toordinal()
    rows = db.session.execute(_DAYS, {"user": user.id, "today": today}).all()
    longest = run = 0
    previous = None
    for day, _ in rows:
        run = run + 1 if previous == day - 1 else 1
        longest = max(longest, run)
        previous = day
    current = run if previous is not None and previous >= today - 1 else 0
    return StudyDays({date.fromordinal(day): count for day, count in rows}, Streak(current, longest))


#: Days a probe of a class's streaks reads per learner: one bit each of a 64-bit integer.
WINDOW = 63


def _masks(
    learners: sa.ColumnElement[bool], today: sa.ColumnElement[int], days: tuple[int, int], skip: int
) -> dict[int, int]:
    """Each matching learner's study days among the WINDOW days ending ``skip`` days before their today, as bits.

    Bit ``k`` of a learner's mask is set when they studied ``skip + k`` days
    before their today. Learners who studied on none of those days are left out.

    Args:
        learners: A condition on :class:`~quiz.models.User`.
        today: SQL for the ordinal of each learner's today (by their zone).
        days: The earliest and the latest of those todays, so that each
            learner's days are read as one range of the table's key.
        skip: How many days before today the window ends.
    """
    first, last = days
    back = today - skip - StudyDay.day
    # The days are distinct, so the sum of their bits is their union.
    mask = sa.cast(sa.func.sum(sa.cast(sa.literal(1), sa.BigInteger).op("<<")(back)), sa.BigInteger)
    rows = db.session.execute(
        sa.select(StudyDay.user_id, mask)
        .join(User, User.id == StudyDay.user_id)
        .where(
            StudyDay.user_id.in_(sa.select(User.id).where(learners)),
            StudyDay.day.between(first - skip - (WINDOW - 1), last - skip),
            back.between(0, WINDOW - 1),
        )
        .group_by(StudyDay.user_id)
    )
    return dict(rows.all())


def _run(mask: int) -> int:
    """How many bits are set from bit 0 up, before the first clear one."""
    return ((~mask) & (mask + 1)).bit_length() - 1


def current_streaks(learners: sa.ColumnElement[bool], now: datetime) -> dict[int, int]:
    """Return the current streak of every user matching ``learners`` (0 for those without one).

    Each learner's last :data:`WINDOW` days are read at once as the bits of one
    integer; the few whose run goes back further are read a window deeper.

    Args:
        learners: A condition on :class:`~quiz.models.User`.
        now: The current time (aware, UTC).
    """
    users = db.session.execute(sa.select(User.id, User.timezone, User.day_start_hour).where(learners)).all()
    if not users:
        return {}
    zones = {(tz, hour) for _, tz, hour in users}
    todays = {zone: study_date(now, *zone).toordinal() for zone in zones}
    today = per_zone(todays, sa.Integer())
    days = (min(todays.values()), max(todays.values()))
    result = dict.fromkeys((user_id for user_id, _, _ in users), 0)
    # A streak still counts when today has not been studied yet: it then ends yesterday.
    going: list[int] = []
    for user_id, mask in _masks(learners, today, days, 0).items():
        ends = 0 if mask & 1 else 1 if mask & 2 else None
        if ends is not None:
            result[user_id] = _run(mask >> ends)
            if ends + result[user_id] == WINDOW:
                going.append(user_id)
    skip = WINDOW
    while going:
        masks = _masks(User.id.in_(going), today, days, skip)
        going = []
        for user_id, mask in masks.items():
            if mask & 1:
                result[user_id] += _run(mask)
                if mask == (1 << WINDOW) - 1:
                    going.append(user_id)
        skip += WINDOW
    return result

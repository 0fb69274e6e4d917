"""Study days and streaks: runs of consecutive study days with at least one review.

A streak is current while its last day is today or yesterday: a learner who
has not studied yet today keeps yesterday's streak until the day ends. Days are
the learner's own study days, read from their tallies
(:mod:`quiz.services.stats.daily`): one row per day studied.

For one learner (the progress page) every study day is read and the runs are
found on those few hundred rows. A class needs only the current streaks: the
last :data:`DEPTH` days of each learner are read, and the few learners whose
streak goes back further are read deeper, in SQL (gaps and islands: along a run,
a day's number plus its rank from the latest is constant).
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

__all__ = ["DEPTH", "Streak", "StudyDays", "current_streaks", "study_days"]

#: How many days back the first look at a class's streaks goes.
DEPTH = 7


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


def study_days(user: Learner, now: datetime) -> StudyDays:
    """Count the learner's reviews on every study day up to today, and find the streaks."""
    today = study_date(now, user.timezone, user.day_start_hour).toordinal()
    rows = db.session.execute(
        sa.select(StudyDay.day, _reviews())
        .where(StudyDay.user_id == user.id, StudyDay.day <= today)
        .order_by(StudyDay.day)
    ).all()
    longest = run = 0
    previous = None
    for day, _ in rows:
        run = run + 1 if previous == day - 1 else 1
        longest = max(longest, run)
        previous = day
    current = run if previous is not None and previous >= today - 1 else 0
    return StudyDays({date.fromordinal(day): count for day, count in rows}, Streak(current, longest))


def _probe(learners: sa.ColumnElement[bool], today: sa.ColumnElement[int], depth: int) -> dict[int, int | None]:
    """Current streak of each matching learner who has one; None where it may go back further than ``depth`` days."""
    recent = (
        sa.select(StudyDay.user_id, StudyDay.day, today.label("today"))
        .join(User, User.id == StudyDay.user_id)
        .where(learners, StudyDay.day <= today, StudyDay.day >= today - depth)
        .subquery("recent")
    )
    ranked = sa.select(
        recent.c.user_id,
        recent.c.today,
        recent.c.day,
        (recent.c.day + sa.func.row_number().over(partition_by=recent.c.user_id, order_by=recent.c.day.desc())).label(
            "island"
        ),
        sa.func.max(recent.c.day).over(partition_by=recent.c.user_id).label("last"),
    ).subquery("ranked")
    # The run holding the latest day: its island is that day + 1.
    run = sa.func.sum(sa.case((ranked.c.island == ranked.c.last + 1, 1), else_=0))
    rows = db.session.execute(
        sa.select(ranked.c.user_id, run, sa.func.max(ranked.c.last), sa.func.max(ranked.c.today))
        .where(ranked.c.last >= ranked.c.today - 1)
        .group_by(ranked.c.user_id)
    )
    return {user_id: (None if last - length < today_ - depth else length) for user_id, length, last, today_ in rows}


def current_streaks(learners: sa.ColumnElement[bool], now: datetime) -> dict[int, int]:
    """Return the current streak of every user matching ``learners`` (0 for those without one).

    Args:
        learners: A condition on :class:`~quiz.models.User`.
        now: The current time (aware, UTC).
    """
    users = db.session.execute(sa.select(User.id, User.timezone, User.day_start_hour).where(learners)).all()
    if not users:
        return {}
    zones = {(tz, hour) for _, tz, hour in users}
    today = per_zone({(tz, hour): study_date(now, tz, hour).toordinal() for tz, hour in zones}, sa.Integer())
    result = dict.fromkeys((user_id for user_id, _, _ in users), 0)
    pending, depth = learners, DEPTH
    while True:
        probed = _probe(pending, today, depth)
        result |= {user_id: streak for user_id, streak in probed.items() if streak is not None}
        deeper = [user_id for user_id, streak in probed.items() if streak is None]
        if not deeper:
            return result
        # Look eight times further back; a run cannot be longer than the history.
        pending, depth = User.id.in_(deeper), depth * 8

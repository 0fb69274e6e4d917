"""Study streaks: runs of consecutive study days with at least one review.

Computed in SQL with window functions (gaps and islands): each learner's study
days, numbered in the learner's own zone, minus their rank, are constant along a
run. A streak is current while its last day is today or yesterday: a learner who
has not studied yet today keeps yesterday's streak until the day ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from quiz.days import study_date
from quiz.extensions import db
from quiz.models import Review, User
from quiz.services.sqldays import Zone, per_zone, zone_day_number, zone_pieces

__all__ = ["Streak", "streak", "streak_table"]


@dataclass(frozen=True, slots=True)
class Streak:
    """Days in the current run of study days, and in the longest run ever."""

    current: int
    longest: int


def streak_table(learners: sa.ColumnElement[bool], now: datetime) -> sa.Subquery | None:
    """Return a subquery of ``(user_id, current, longest)`` for the users matching ``learners``.

    Users without any review have no row. Returns None when none of them has reviewed.

    Args:
        learners: A condition on :class:`~quiz.models.User`.
        now: The current time (aware, UTC).
    """
    reviewed = sa.and_(learners, Review.undone_at.is_(None))
    first = db.session.scalar(sa.select(sa.func.min(Review.reviewed_at)).join(User, User.id == Review.user_id).where(reviewed))
    if first is None:
        return None
    zones: list[Zone] = [
        (tz, hour)
        for tz, hour in db.session.execute(sa.select(User.timezone, User.day_start_hour).where(learners).distinct())
    ]
    today = per_zone({(tz, hour): study_date(now, tz, hour).toordinal() for tz, hour in zones}, sa.Integer())
    days = (
        sa.select(
            Review.user_id,
            zone_day_number(Review.reviewed_at, zone_pieces(zones, min(first, now), now)).label("day"),
            today.label("today"),
        )
        .join(User, User.id == Review.user_id)
        .where(reviewed)
        .distinct()
        .cte("study_days")
    )
    rank = sa.func.row_number().over(partition_by=days.c.user_id, order_by=days.c.day)
    runs = sa.select(days.c.user_id, days.c.today, days.c.day, (days.c.day - rank).label("run")).cte("runs")
    lengths = (
        sa.select(runs.c.user_id, runs.c.today, sa.func.count().label("length"), sa.func.max(runs.c.day).label("last"))
        .group_by(runs.c.user_id, runs.c.today, runs.c.run)
        .cte("streak_runs")
    )
    return (
        sa.select(
            lengths.c.user_id,
            sa.func.max(sa.case((lengths.c.last >= lengths.c.today - 1, lengths.c.length), else_=0)).label("current"),
            sa.func.max(lengths.c.length).label("longest"),
        )
        .group_by(lengths.c.user_id)
        .subquery("streaks")
    )


def streak(user: User, now: datetime) -> Streak:
    """Return the learner's current and longest streak, in study days."""
    table = streak_table(User.id == user.id, now)
    if table is None:
        return Streak(0, 0)
    row = db.session.execute(sa.select(table.c.current, table.c.longest)).first()
    return Streak(row.current, row.longest) if row is not None else Streak(0, 0)

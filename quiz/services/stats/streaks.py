"""Study days and streaks: runs of consecutive study days with at least one review.

A streak is current while its last day is today or yesterday: a learner who
has not studied yet today keeps yesterday's streak until the day ends. Days are
the learner's own study days (:mod:`quiz.services.stats.sqldays`), and every count is
one index range per day.

For one learner (the progress page) every study day since the first review is
counted, and the runs are found in SQL with window functions (gaps and islands:
along a run, a day's number minus its rank is constant). A class needs only the
current streaks: the last :data:`DEPTH` days of each learner are probed, and the
few learners whose streak goes back further are probed deeper.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from quiz.days import day_start, study_date
from quiz.extensions import db
from quiz.models import Review, User, UTCDateTime
from quiz.services.learning.study import Learner
from quiz.services.stats.history import live_reviews
from quiz.services.stats.sqldays import Zone, day_spans, spans_table, zones_of

__all__ = ["DEPTH", "Streak", "StudyDays", "current_streaks", "study_days"]

#: How many days back the first probe of a class's streaks looks.
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


def study_days(user: Learner, now: datetime) -> StudyDays:
    """Count the learner's reviews on every study day since the first, and find the streaks."""
    tz, hour = user.timezone, user.day_start_hour
    first_at = db.session.scalar(sa.select(sa.func.min(Review.reviewed_at)).where(live_reviews(user.id)))
    if first_at is None:
        return StudyDays({}, Streak(0, 0))
    today = study_date(now, tz, hour)
    days = spans_table(day_spans(min(study_date(first_at, tz, hour), today), today, tz, hour), "days")
    reviews = (
        sa.select(sa.func.count(Review.id))
        .where(live_reviews(user.id), Review.reviewed_at >= days.c.begins, Review.reviewed_at < days.c.ends)
        .scalar_subquery()
    )
    counted = sa.select(days.c.n.label("day"), reviews.label("reviews")).cte("counted")
    studied = (
        sa.select(
            counted.c.day,
            counted.c.reviews,
            (counted.c.day - sa.func.row_number().over(order_by=counted.c.day)).label("run"),
        )
        .where(counted.c.reviews > 0)
        .cte("studied")
    )
    rows = db.session.execute(
        sa.select(studied.c.day, studied.c.reviews, sa.func.count().over(partition_by=studied.c.run)).order_by(
            studied.c.day
        )
    ).all()
    if not rows:
        return StudyDays({}, Streak(0, 0))
    last_day, _, last_run = rows[-1]
    current = last_run if last_day >= today.toordinal() - 1 else 0
    return StudyDays(
        {date.fromordinal(day): count for day, count, _ in rows},
        Streak(current, max(length for _, _, length in rows)),
    )


def _probe(learners: sa.ColumnElement[bool], zones: list[Zone], now: datetime, depth: int) -> dict[int, int | None]:
    """Current streak of each matching learner, None where it reaches ``depth`` days back or more."""
    bounds = []
    for tz, hour in zones:
        today = study_date(now, tz, hour)
        bounds += [
            (
                tz,
                hour,
                k,
                day_start(today - timedelta(days=k), tz, hour),
                day_start(today - timedelta(days=k - 1), tz, hour),
            )
            for k in range(depth + 1)
        ]
    recent = (
        sa.values(
            sa.column("tz", sa.String),
            sa.column("hour", sa.Integer),
            sa.column("k", sa.Integer),
            sa.column("begins", UTCDateTime),
            sa.column("ends", UTCDateTime),
            name="recent_days",
        )
        .data(bounds)
        .cte("recent_days")
    )
    reviewed = (
        sa.select(Review.id)
        .where(live_reviews(User.id), Review.reviewed_at >= recent.c.begins, Review.reviewed_at < recent.c.ends)
        .exists()
    )
    marks = (
        sa.select(User.id.label("user_id"), recent.c.k, sa.case((reviewed, 1), else_=0).label("studied"))
        .join(recent, sa.and_(recent.c.tz == User.timezone, recent.c.hour == User.day_start_hour))
        .where(learners)
        .cte("marks")
    )

    def on(k: int) -> sa.ColumnElement[int]:
        return sa.func.max(sa.case((marks.c.k == k, marks.c.studied), else_=0))

    def first_gap_from(k: int) -> sa.ColumnElement[int]:
        return sa.func.min(sa.case((sa.and_(marks.c.k >= k, marks.c.studied == 0), marks.c.k)))

    # Studied today: the run is days 0 .. (first gap from yesterday) - 1. Studied
    # yesterday only: days 1 .. (first gap from the day before) - 1. No gap found
    # within the depth: NULL, look deeper.
    current = sa.case((on(0) == 1, first_gap_from(1)), (on(1) == 1, first_gap_from(2) - 1), else_=0)
    return dict(db.session.execute(sa.select(marks.c.user_id, current).group_by(marks.c.user_id)).all())


def current_streaks(learners: sa.ColumnElement[bool], now: datetime) -> dict[int, int]:
    """Return the current streak of every user matching ``learners``.

    Args:
        learners: A condition on :class:`~quiz.models.User`.
        now: The current time (aware, UTC).
    """
    result: dict[int, int] = {}
    pending, depth = learners, DEPTH
    while zones := zones_of(pending):
        probed = _probe(pending, zones, now, depth)
        result |= {user_id: streak for user_id, streak in probed.items() if streak is not None}
        deeper = [user_id for user_id, streak in probed.items() if streak is None]
        if not deeper:
            break
        # Look eight times further back, but never before the first review: there
        # the run has to end.
        pending = User.id.in_(deeper)
        first = db.session.scalar(
            sa.select(sa.func.min(Review.reviewed_at)).where(Review.user_id.in_(deeper), Review.undone_at.is_(None))
        )
        depth = min(depth * 8, (now - first).days + 2)
    return result

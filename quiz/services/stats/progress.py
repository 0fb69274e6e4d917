"""Progress figures, computed in SQL from cards and the learner's study-day tallies.

:func:`overview` gives the figures at a glance; :func:`progress_page` gathers
everything the progress page shows for a chosen period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from quiz.days import day_bounds, day_start, study_date
from quiz.extensions import db
from quiz.models import Card, Question, QuizAttempt, StudyDay
from quiz.periods import Period
from quiz.scheduling import State
from quiz.services.learning.study import Learner
from quiz.services.stats.history import Activity, Score, activity, quiz_scores
from quiz.services.stats.memory import CardRecall, KindMastery, mastery, weakest
from quiz.services.stats.streaks import Streak, study_days

__all__ = ["FORECAST_DAYS", "CALENDAR_WEEKS", "Overview", "ProgressPage", "overview", "progress_page"]

#: The due forecast covers this many study days, today included.
FORECAST_DAYS = 30
#: The study calendar shows this many weeks before the current one.
CALENDAR_WEEKS = 52


@dataclass(frozen=True, slots=True)
class Overview:
    """A learner's progress at a glance."""

    new: int
    learning: int
    review: int
    reviews_today: int
    reviews_7: int
    reviews_30: int
    accuracy_7: float | None
    accuracy_30: float | None
    forecast: list[tuple[date, int]]


def _recent(user: Learner, today: int) -> sa.Row[tuple[int, ...]]:
    """Reviews today, and reviews and right answers over the last 7 and 30 study days."""
    reviews = StudyDay.again + StudyDay.hard + StudyDay.good + StudyDay.easy

    def since(first: int, column: sa.ColumnElement[int]) -> sa.ColumnElement[int]:
        return sa.cast(sa.func.coalesce(sa.func.sum(sa.case((StudyDay.day >= first, column), else_=0)), 0), sa.Integer)

    return db.session.execute(
        sa.select(
            since(today, reviews),
            since(today - 6, reviews),
            since(today - 6, StudyDay.correct),
            since(today - 29, reviews),
            since(today - 29, StudyDay.correct),
        ).where(StudyDay.user_id == user.id, StudyDay.day >= today - 29)
    ).one()


def overview(user: Learner, now: datetime, *, forecast_days: int = 7) -> Overview:
    """Return card counts by state, recent reviews and accuracy, and the due forecast.

    Args:
        user: The learner.
        now: The current time (aware, UTC).
        forecast_days: How many study days, from today, the forecast covers.
    """
    tz, hour = user.timezone, user.day_start_hour
    active = Question.retired_at.is_(None)
    total = db.session.scalar(sa.select(sa.func.count(Question.id)).where(active)) or 0
    by_state = dict(
        db.session.execute(
            sa.select(Card.state, sa.func.count())
            .join(Question, Question.id == Card.question_id)
            .where(Card.user_id == user.id, active)
            .group_by(Card.state)
        ).all()
    )
    learning = by_state.get(State.Learning.value, 0) + by_state.get(State.Relearning.value, 0)
    review = by_state.get(State.Review.value, 0)
    today = study_date(now, tz, hour)
    reviews_today, reviews_7, correct_7, reviews_30, correct_30 = _recent(user, today.toordinal())
    ends = [day_bounds(now, tz, hour, offset=i)[1] for i in range(forecast_days)]
    buckets = [
        sa.func.sum(sa.case((sa.and_(Card.due < end, *([Card.due >= ends[i - 1]] if i else [])), 1), else_=0))
        for i, end in enumerate(ends)
    ]
    counts = db.session.execute(
        sa.select(*buckets).join(Question, Question.id == Card.question_id).where(Card.user_id == user.id, active)
    ).one()
    forecast = [(date.fromordinal(today.toordinal() + i), int(n or 0)) for i, n in enumerate(counts)]
    return Overview(
        new=max(total - learning - review, 0),
        learning=learning,
        review=review,
        reviews_today=reviews_today,
        reviews_7=reviews_7,
        reviews_30=reviews_30,
        accuracy_7=correct_7 / reviews_7 if reviews_7 else None,
        accuracy_30=correct_30 / reviews_30 if reviews_30 else None,
        forecast=forecast,
    )


@dataclass(frozen=True, slots=True)
class ProgressPage:
    """Everything the progress page shows for one learner and period."""

    period: Period
    target: float
    overview: Overview
    activity: Activity
    #: When the period's first study day starts and its last one ends.
    since: datetime
    until: datetime
    scores: list[Score]
    unfinished: int
    streak: Streak
    calendar: dict[date, int]
    calendar_first: date
    mastery: list[KindMastery]
    weakest: list[CardRecall]


def progress_page(user: Learner, now: datetime, period: Period) -> ProgressPage:
    """Gather the learner's figures: at a glance, over ``period``, and in memory now.

    Args:
        user: The learner.
        now: The current time (aware, UTC).
        period: The span the charts of activity and quiz scores cover.
    """
    tz, hour = user.timezone, user.day_start_hour
    spent = activity(user, now, period)
    since, until = day_start(spent.first, tz, hour), day_start(spent.last + timedelta(days=1), tz, hour)
    unfinished = db.session.scalar(
        sa.select(sa.func.count(QuizAttempt.id)).where(
            QuizAttempt.user_id == user.id,
            QuizAttempt.finished_at.is_(None),
            QuizAttempt.started_at >= since,
        )
    )
    today = spent.last
    calendar_first = today - timedelta(days=today.weekday() + 7 * CALENDAR_WEEKS)
    studied = study_days(user, now)
    return ProgressPage(
        period=period,
        target=user.desired_retention,
        overview=overview(user, now, forecast_days=FORECAST_DAYS),
        activity=spent,
        since=since,
        until=until,
        scores=quiz_scores(user, since, until),
        unfinished=unfinished or 0,
        streak=studied.streak,
        calendar={day: n for day, n in studied.reviews.items() if day >= calendar_first},
        calendar_first=calendar_first,
        mastery=mastery(user, now),
        weakest=weakest(user, now),
    )

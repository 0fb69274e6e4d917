"""Progress figures, computed in SQL from cards and the review log.

:func:`overview` gives the figures at a glance; :func:`progress_page` gathers
everything the progress page shows for a chosen period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from quiz.days import day_bounds, day_start, study_date
from quiz.extensions import db
from quiz.models import Card, Question, Review, User
from quiz.periods import Period
from quiz.scheduling import State
from quiz.services.learning.quizzes import Summary, unfinished_attempts
from quiz.services.learning.study import Learner
from quiz.services.stats.history import Activity, Score, activity, quiz_scores
from quiz.services.stats.memory import KindMastery, WeakCard, mastery, weakest
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


def _accuracy(user: User, since: datetime) -> tuple[int, float | None]:
    count, correct = db.session.execute(
        sa.select(sa.func.count(Review.id), sa.func.sum(sa.case((Review.correct, 1), else_=0))).where(
            Review.user_id == user.id, Review.reviewed_at >= since, Review.undone_at.is_(None)
        )
    ).one()
    return count, (correct / count if count else None)


def overview(user: User, now: datetime, *, forecast_days: int = 7) -> Overview:
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
    today_start, _ = day_bounds(now, tz, hour)
    reviews_today, _ = _accuracy(user, today_start)
    reviews_7, accuracy_7 = _accuracy(user, day_bounds(now, tz, hour, offset=-6)[0])
    reviews_30, accuracy_30 = _accuracy(user, day_bounds(now, tz, hour, offset=-29)[0])
    ends = [day_bounds(now, tz, hour, offset=i)[1] for i in range(forecast_days)]
    buckets = [
        sa.func.sum(sa.case((sa.and_(Card.due < end, *([Card.due >= ends[i - 1]] if i else [])), 1), else_=0))
        for i, end in enumerate(ends)
    ]
    counts = db.session.execute(
        sa.select(*buckets).join(Question, Question.id == Card.question_id).where(Card.user_id == user.id, active)
    ).one()
    today = study_date(now, tz, hour)
    forecast = [(date.fromordinal(today.toordinal() + i), int(n or 0)) for i, n in enumerate(counts)]
    return Overview(
        new=max(total - learning - review, 0),
        learning=learning,
        review=review,
        reviews_today=reviews_today,
        reviews_7=reviews_7,
        reviews_30=reviews_30,
        accuracy_7=accuracy_7,
        accuracy_30=accuracy_30,
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
    #: Quizzes started in the period and not finished (they can be resumed), newest first.
    unfinished: list[Summary]
    streak: Streak
    calendar: dict[date, int]
    calendar_first: date
    mastery: list[KindMastery]
    weakest: list[WeakCard]


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
        unfinished=unfinished_attempts(user, since),
        streak=studied.streak,
        calendar={day: n for day, n in studied.reviews.items() if day >= calendar_first},
        calendar_first=calendar_first,
        mastery=mastery(user),
        weakest=weakest(user),
    )

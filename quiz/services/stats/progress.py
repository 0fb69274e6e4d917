"""Progress figures, computed in SQL from cards and the learner's study-day tallies.

:func:`overview` gives the figures at a glance; :func:`progress_page` gathers
everything the progress page shows for a chosen period.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache

import sqlalchemy as sa

from quiz.days import day_start, study_date
from quiz.extensions import db
from quiz.models import Card, Question, StudyDay, UTCDateTime
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


_ACTIVE = Question.retired_at.is_(None)
_USER = sa.bindparam("user")
_TOTAL = sa.select(sa.func.count(Question.id)).where(_ACTIVE)
_REVIEWS = StudyDay.again + StudyDay.hard + StudyDay.good + StudyDay.easy


def _since(first: sa.BindParameter[int], column: sa.ColumnElement[int]) -> sa.ColumnElement[int]:
    return sa.cast(sa.func.coalesce(sa.func.sum(sa.case((StudyDay.day >= first, column), else_=0)), 0), sa.Integer)


# Reviews today, and reviews and right answers over the last 7 and 30 study days
# (days are ordinals): a month of the learner's study days.
_RECENT = sa.select(
    _since(sa.bindparam("today"), _REVIEWS),
    _since(sa.bindparam("week"), _REVIEWS),
    _since(sa.bindparam("week"), StudyDay.correct),
    _since(sa.bindparam("month"), _REVIEWS),
    _since(sa.bindparam("month"), StudyDay.correct),
).where(StudyDay.user_id == _USER, StudyDay.day >= sa.bindparam("month"))


# Cards of questions still asked: a retired question's card no longer counts.
_ACTIVE_CARD = Card.question_id.not_in(sa.select(Question.id).where(Question.retired_at.is_not(None)))
_BY_STATE = sa.select(Card.state, sa.func.count()).where(Card.user_id == _USER, _ACTIVE_CARD).group_by(Card.state)


@cache
def _falling_due(days: int) -> sa.CompoundSelect:
    """Cards falling due on each of ``days`` study days, as rows ``(day, count)``.

    ``since0`` .. and ``until0`` .. bind when each day starts and ends (the first
    starts at the beginning of time, so that overdue cards count today). Each day
    is one range of the index ``ix_card_user_due``.
    """
    when = UTCDateTime()
    return sa.union_all(
        *(
            sa.select(sa.literal(n, sa.Integer), sa.func.count()).where(
                Card.user_id == _USER,
                Card.due >= sa.bindparam(f"since{n}", type_=when),
                Card.due < sa.bindparam(f"until{n}", type_=when),
                _ACTIVE_CARD,
            )
            for n in range(days)
        )
    )


#: When "overdue" begins: any due date counts toward today.
_EVER = datetime(1, 1, 1, tzinfo=UTC)


def overview(user: Learner, now: datetime, *, forecast_days: int = 7) -> Overview:
    """Return card counts by state, recent reviews and accuracy, and the due forecast.

    Args:
        user: The learner.
        now: The current time (aware, UTC).
        forecast_days: How many study days, from today, the forecast covers.
    """
    tz, hour = user.timezone, user.day_start_hour
    today = study_date(now, tz, hour)
    first = today.toordinal()
    reviews_today, reviews_7, correct_7, reviews_30, correct_30 = db.session.execute(
        _RECENT, {"user": user.id, "today": first, "week": first - 6, "month": first - 29}
    ).one()
    bounds = [_EVER] + [day_start(today + timedelta(days=n + 1), tz, hour) for n in range(forecast_days)]
    days = {f"since{n}": bounds[n] for n in range(forecast_days)} | {
        f"until{n}": bounds[n + 1] for n in range(forecast_days)
    }
    due = dict(db.session.execute(_falling_due(forecast_days), {"user": user.id, **days}).all())
    by_state = Counter(dict(db.session.execute(_BY_STATE, {"user": user.id}).all()))
    learning = by_state[State.Learning.value] + by_state[State.Relearning.value]
    review = by_state[State.Review.value]
    total = db.session.scalar(_TOTAL) or 0
    forecast = [(today + timedelta(days=n), due.get(n, 0)) for n in range(forecast_days)]
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

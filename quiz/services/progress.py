"""Progress figures, computed in SQL from cards and the review log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from quiz.days import day_bounds, study_date
from quiz.extensions import db
from quiz.models import Card, Question, Review, User
from quiz.scheduling import State

__all__ = ["Overview", "overview"]


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

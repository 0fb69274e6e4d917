"""A learner's review history by study day: activity over a period, and quiz scores.

Everything is counted in SQL. Study days follow the learner's time zone and
day-start hour (:mod:`quiz.services.stats.sqldays`); undone reviews never count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from quiz.days import study_date
from quiz.extensions import db
from quiz.models import Deck, QuizAttempt, Review
from quiz.periods import Period, bucket_days
from quiz.scheduling import Rating, State
from quiz.services.learning.study import Learner
from quiz.services.stats.sqldays import bucket_spans, spans_table

__all__ = [
    "MATURE_DAYS",
    "Activity",
    "Bucket",
    "Score",
    "Tally",
    "activity",
    "live_reviews",
    "mature",
    "passed",
    "period_days",
    "quiz_scores",
    "tally_columns",
]

#: A card is mature once its interval reaches this many days (as in Anki).
MATURE_DAYS = 21


def mature() -> sa.ColumnElement[bool]:
    """Condition: the review was of a mature card (in review, interval of 21 days or more)."""
    return sa.and_(Review.state_before == State.Review.value, Review.interval_before >= MATURE_DAYS)


def passed() -> sa.ColumnElement[bool]:
    """Condition: the learner recalled the card (any rating but Again)."""
    return Review.rating != Rating.Again.value


def _count_if(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.sum(sa.case((condition, 1), else_=0))


def tally_columns() -> list[sa.ColumnElement[int]]:
    """Aggregates of a group of reviews: count, right, milliseconds, mature, mature passed."""
    return [
        sa.func.count(Review.id),
        _count_if(Review.correct),
        sa.func.sum(Review.duration_ms),
        _count_if(mature()),
        _count_if(sa.and_(mature(), passed())),
    ]


@dataclass(frozen=True, slots=True)
class Tally:
    """Reviews counted over some days.

    Attributes:
        ratings: Reviews rated Again, Hard, Good and Easy.
        correct: Reviews whose answer was right (or, for flashcards, not Again).
        seconds: Time spent answering.
        mature: Reviews of mature cards.
        mature_passed: Of those, the ones not rated Again.
    """

    ratings: tuple[int, int, int, int] = (0, 0, 0, 0)
    correct: int = 0
    seconds: float = 0.0
    mature: int = 0
    mature_passed: int = 0

    @property
    def reviews(self) -> int:
        return sum(self.ratings)

    @property
    def accuracy(self) -> float | None:
        """Share of reviews answered right; None without reviews."""
        return self.correct / self.reviews if self.reviews else None

    @property
    def retention(self) -> float | None:
        """True retention: share of reviews of mature cards passed; None without any."""
        return self.mature_passed / self.mature if self.mature else None

    @classmethod
    def total(cls, tallies: Iterable[Tally]) -> Tally:
        """Return the sum of several tallies."""
        items = list(tallies)
        return cls(
            ratings=tuple(sum(t.ratings[i] for t in items) for i in range(4)),  # type: ignore[arg-type]
            correct=sum(t.correct for t in items),
            seconds=sum(t.seconds for t in items),
            mature=sum(t.mature for t in items),
            mature_passed=sum(t.mature_passed for t in items),
        )


@dataclass(frozen=True, slots=True)
class Bucket:
    """The reviews of ``days`` study days from ``first``."""

    first: date
    days: int
    tally: Tally


@dataclass(frozen=True, slots=True)
class Activity:
    """Reviews over a period, in buckets of a day (or of whole weeks for long periods)."""

    first: date
    last: date
    bucket_days: int
    buckets: list[Bucket]
    total: Tally


def live_reviews(user_id: int | sa.ColumnElement[int]) -> sa.ColumnElement[bool]:
    """Condition: a review of this user that was not undone (served by the index ``ix_review_user_live``)."""
    return sa.and_(Review.user_id == user_id, Review.undone_at.is_(None))


def period_days(user: Learner, now: datetime, period: Period) -> tuple[date, date]:
    """Return the first and last study day of ``period`` for ``user`` (the last is today).

    "All time" starts on the day of the learner's first review (today if none).
    """
    tz, hour = user.timezone, user.day_start_hour
    today = study_date(now, tz, hour)
    if period.days is not None:
        return today - timedelta(days=period.days - 1), today
    first = db.session.scalar(sa.select(sa.func.min(Review.reviewed_at)).where(live_reviews(user.id)))
    return (min(study_date(first, tz, hour), today) if first else today), today


def activity(user: Learner, now: datetime, period: Period) -> Activity:
    """Count the learner's reviews over ``period`` by rating, per day or per week.

    Buckets are aligned so that the last one ends today; the first may be shorter.
    """
    tz, hour = user.timezone, user.day_start_hour
    first, last = period_days(user, now, period)
    size = bucket_days((last - first).days + 1)
    spans = bucket_spans(first, last, size, tz, hour)
    buckets = spans_table(spans, "buckets")
    rows = db.session.execute(
        sa.select(buckets.c.n, Review.rating, *tally_columns())
        .select_from(buckets)
        .join(
            Review,
            sa.and_(live_reviews(user.id), Review.reviewed_at >= buckets.c.begins, Review.reviewed_at < buckets.c.ends),
        )
        .group_by(buckets.c.n, Review.rating)
    )
    parts: list[list[Tally]] = [[] for _ in spans]
    for n, rating, reviews, correct, ms, mature_n, mature_ok in rows:
        ratings = [0, 0, 0, 0]
        ratings[rating - 1] = reviews
        parts[n].append(Tally(tuple(ratings), correct or 0, (ms or 0) / 1000, mature_n or 0, mature_ok or 0))  # type: ignore[arg-type]
    result = []
    for n in reversed(range(len(spans))):
        end = last - timedelta(days=n * size)
        start = max(end - timedelta(days=size - 1), first)
        result.append(Bucket(start, (end - start).days + 1, Tally.total(parts[n])))
    return Activity(first, last, size, result, Tally.total(b.tally for b in result))


@dataclass(frozen=True, slots=True)
class Score:
    """A finished quiz attempt as a point on the scores chart."""

    attempt_id: int
    finished_at: datetime
    score: int
    length: int
    deck: str

    @property
    def share(self) -> float:
        return self.score / self.length


def quiz_scores(user: Learner, since: datetime, until: datetime) -> list[Score]:
    """Return the learner's quiz attempts finished in ``[since, until)``, oldest first."""
    rows = db.session.execute(
        sa.select(QuizAttempt.id, QuizAttempt.finished_at, QuizAttempt.score, QuizAttempt.length, Deck.title)
        .outerjoin(Deck, Deck.id == QuizAttempt.deck_id)
        .where(
            QuizAttempt.user_id == user.id,
            QuizAttempt.finished_at >= since,
            QuizAttempt.finished_at < until,
        )
        .order_by(QuizAttempt.finished_at, QuizAttempt.id)
    )
    return [Score(a, f, s or 0, n, title or "All decks") for a, f, s, n, title in rows]

"""A learner's review history by study day: activity over a period, and quiz scores.

Activity is counted from the learner's study-day tallies (:mod:`quiz.services.stats.daily`):
one row per day studied, so a year of history is a few hundred rows. Study days
follow the learner's time zone and day-start hour; undone reviews never count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from quiz.days import study_date
from quiz.extensions import db
from quiz.models import Deck, QuizAttempt, Review, StudyDay, UTCDateTime
from quiz.periods import Period, bucket_days
from quiz.services.learning.study import Learner
from quiz.services.stats.daily import MATURE_DAYS, mature, passed

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
    "tally_sums",
]


def tally_sums() -> list[sa.ColumnElement[int]]:
    """Sums of study days, in :class:`Tally` order: the four ratings, right, milliseconds, mature, mature passed."""
    d = StudyDay
    columns = (d.again, d.hard, d.good, d.easy, d.correct, d.duration_ms, d.mature, d.mature_passed)
    # A sum of integers is a numeric on PostgreSQL (for BIGINT columns): cast it back.
    return [sa.cast(sa.func.coalesce(sa.func.sum(column), 0), sa.BigInteger) for column in columns]


@dataclass(frozen=True, slots=True)
class Tally:
    """Reviews counted over some days.

    Attributes:
        ratings: Reviews rated Again, Hard, Good and Easy.
        correct: Reviews whose answer was right (or, for flashcards, not Again).
        milliseconds: Time spent answering.
        mature: Reviews of mature cards.
        mature_passed: Of those, the ones not rated Again.
    """

    ratings: tuple[int, int, int, int] = (0, 0, 0, 0)
    correct: int = 0
    milliseconds: int = 0
    mature: int = 0
    mature_passed: int = 0

    @classmethod
    def of(cls, sums: Iterable[int]) -> Tally:
        """Return the tally of the values :func:`tally_sums` selects."""
        again, hard, good, easy, correct, milliseconds, mature_n, mature_ok = sums
        return cls((again, hard, good, easy), correct, milliseconds, mature_n, mature_ok)

    @property
    def reviews(self) -> int:
        return sum(self.ratings)

    @property
    def seconds(self) -> float:
        return self.milliseconds / 1000

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
            milliseconds=sum(t.milliseconds for t in items),
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


_FIRST_DAY = sa.select(sa.func.min(StudyDay.day)).where(StudyDay.user_id == sa.bindparam("user"))
# Bucket 0 ends on the period's last day, bucket 1 the day before bucket 0 starts, and so on.
_BUCKET = (sa.bindparam("last") - StudyDay.day) // sa.bindparam("size")
_BUCKETS = (
    sa.select(_BUCKET, *tally_sums())
    .where(StudyDay.user_id == sa.bindparam("user"), StudyDay.day.between(sa.bindparam("first"), sa.bindparam("last")))
    .group_by(_BUCKET)
)


def period_days(user: Learner, now: datetime, period: Period) -> tuple[date, date]:
    """Return the first and last study day of ``period`` for ``user`` (the last is today).

    "All time" starts on the learner's first study day (today if none).
    """
    today = study_date(now, user.timezone, user.day_start_hour)
    if period.days is not None:
        return today - timedelta(days=period.days - 1), today
    first = db.session.scalar(_FIRST_DAY, {"user": user.id})
    return (min(date.fromordinal(first), today) if first is not None else today), today


def activity(user: Learner, now: datetime, period: Period) -> Activity:
    """Count the learner's reviews over ``period`` by rating, per day or per week.

    Buckets are aligned so that the last one ends today; the first may be shorter.
    """
    first, last = period_days(user, now, period)
    days = (last - first).days + 1
    size = bucket_days(days)
    rows = db.session.execute(
        _BUCKETS, {"user": user.id, "first": first.toordinal(), "last": last.toordinal(), "size": size}
    )
    tallies = {n: Tally.of(sums) for n, *sums in rows}
    result = []
    for n in reversed(range(-(-days // size))):
        end = last - timedelta(days=n * size)
        start = max(end - timedelta(days=size - 1), first)
        result.append(Bucket(start, (end - start).days + 1, tallies.get(n, Tally())))
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


_SCORES = (
    sa.select(QuizAttempt.id, QuizAttempt.finished_at, QuizAttempt.score, QuizAttempt.length, Deck.title)
    .outerjoin(Deck, Deck.id == QuizAttempt.deck_id)
    .where(
        QuizAttempt.user_id == sa.bindparam("user"),
        QuizAttempt.finished_at >= sa.bindparam("since", type_=UTCDateTime()),
        QuizAttempt.finished_at < sa.bindparam("until", type_=UTCDateTime()),
    )
    .order_by(QuizAttempt.finished_at, QuizAttempt.id)
)


def quiz_scores(user: Learner, since: datetime, until: datetime) -> list[Score]:
    """Return the learner's quiz attempts finished in ``[since, until)``, oldest first."""
    rows = db.session.execute(_SCORES, {"user": user.id, "since": since, "until": until})
    return [Score(a, f, s or 0, n, title or "All decks") for a, f, s, n, title in rows]

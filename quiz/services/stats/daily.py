"""Per-learner daily tallies of the review log, kept as reviews are written.

A progress page reads a learner's study days (:class:`~quiz.models.StudyDay`:
reviews by rating, right answers, time, reviews of mature cards and how many of
those passed), a few hundred rows, instead of every review. The class view's
item analysis reads, for a period, each learner's tallies per question and study
day (:class:`~quiz.models.ItemDay`: reviews, right answers, reviews in review
and lapses). Both are kept in step with the log, together:

* recording a review adds it to its study day, undoing it takes it away again
  (:func:`count_review` and :func:`uncount_review`, one upsert per table;
  :mod:`quiz.services.learning.study` calls them in the same transaction);
* :func:`recount` rebuilds a learner's days from the log. A study day starts at
  the learner's hour in their zone, so a change of either moves reviews between
  days: saving such a change recounts that learner, which costs
  one pass over their log, once, instead of making every page add up finer
  (hourly UTC) buckets that would also break on zones half or three quarters of
  an hour off UTC. The migration that made the table, and
  ``flask --app quiz database rebuild-aggregates``, recount everyone.

Concurrency: the write path reads the learner's zone in its first statement and,
on PostgreSQL, holds a key-share lock on their row until it commits;
a change of zone locks the row for update first (:func:`lock_zone`). A rating racing
a change of zone is therefore counted either before the recount (which then sees
it) or after it (in the new zone). On SQLite every write transaction already
runs alone (``BEGIN IMMEDIATE``). Nothing here commits except :func:`rebuild`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from quiz.days import day_start, study_date
from quiz.extensions import db
from quiz.models import ItemDay, Review, StudyDay, User
from quiz.scheduling import Rating, State
from quiz.services.stats.sqldays import Zone

__all__ = [
    "COUNTS",
    "ITEM_COUNTS",
    "MATURE_DAYS",
    "REVIEW_FIELDS",
    "Rebuilt",
    "count_review",
    "item_counts",
    "lock_zone",
    "mature",
    "passed",
    "rebuild",
    "recount",
    "review_counts",
    "tally",
    "uncount_review",
]

#: A card is mature once its interval reaches this many days (as in Anki).
MATURE_DAYS = 21
#: The tallied columns of a study day.
COUNTS = ("again", "hard", "good", "easy", "correct", "duration_ms", "mature", "mature_passed")
RATING_COLUMNS = ("again", "hard", "good", "easy")
#: What :func:`review_counts` reads of a review.
REVIEW_FIELDS = ("rating", "correct", "duration_ms", "state_before", "interval_before")
#: The tallied columns of a learner's day on one question.
ITEM_COUNTS = ("attempts", "correct", "in_review", "lapses")


def mature() -> sa.ColumnElement[bool]:
    """Condition: the review was of a mature card (in review, interval of 21 days or more)."""
    return sa.and_(Review.state_before == State.Review.value, Review.interval_before >= MATURE_DAYS)


def passed() -> sa.ColumnElement[bool]:
    """Condition: the learner recalled the card (any rating but Again)."""
    return Review.rating != Rating.Again.value


_IN_REVIEW = State.Review.value


def _is_mature(state_before: int | None, interval_before: float | None) -> bool:
    return state_before == _IN_REVIEW and interval_before is not None and interval_before >= MATURE_DAYS


def review_counts(row: Mapping[str, Any], sign: int = 1) -> dict[str, int]:
    """Return what one review-log row adds to its study day (``sign=-1``: takes away), as :func:`mature` counts."""
    rating = row["rating"]
    is_mature = _is_mature(row["state_before"], row["interval_before"])
    counts = dict.fromkeys(COUNTS, 0)
    counts[RATING_COLUMNS[rating - 1]] = sign
    counts["correct"] = sign if row["correct"] else 0
    counts["duration_ms"] = sign * row["duration_ms"]
    counts["mature"] = sign if is_mature else 0
    counts["mature_passed"] = sign if is_mature and rating != Rating.Again.value else 0
    return counts


def item_counts(row: Mapping[str, Any], sign: int = 1) -> dict[str, int]:
    """Return what one review-log row adds to its learner's day on its question (``sign=-1``: takes away)."""
    in_review = row["state_before"] == _IN_REVIEW
    return {
        "attempts": sign,
        "correct": sign if row["correct"] else 0,
        "in_review": sign if in_review else 0,
        "lapses": sign if in_review and row["rating"] == Rating.Again.value else 0,
    }


_day, _item, _review = StudyDay.__table__, ItemDay.__table__, Review.__table__
_KEY = sa.and_(_day.c.user_id == sa.bindparam("user_id"), _day.c.day == sa.bindparam("day"))
_PRUNE = sa.delete(_day).where(_KEY, *(_day.c[name] == 0 for name in RATING_COLUMNS))
_ITEM_KEY = sa.and_(
    _item.c.user_id == sa.bindparam("user_id"),
    _item.c.day == sa.bindparam("day"),
    _item.c.question_id == sa.bindparam("question_id"),
)
_PRUNE_ITEM = sa.delete(_item).where(_ITEM_KEY, _item.c.attempts == 0)
_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


#: Each tally table with its key and its counted columns.
_TALLIES = {
    "study_day": (_day, ("user_id", "day"), COUNTS),
    "item_day": (_item, ("user_id", "question_id", "day"), ITEM_COUNTS),
}


@cache
def _upsert(dialect: str, table: str = "study_day") -> sa.Insert:
    """INSERT a study day (or a day on a question), or add to the one there (prebuilt once per database kind)."""
    target, key, counts = _TALLIES[table]
    try:
        insert = _INSERTS[dialect](target)
    except KeyError:
        raise NotImplementedError(f"study-day tallies need SQLite or PostgreSQL, not {dialect}") from None
    return insert.on_conflict_do_update(
        index_elements=[target.c[name] for name in key],
        set_={name: target.c[name] + insert.excluded[name] for name in counts},
    )


def count_review(user_id: int, day: int, row: Mapping[str, Any]) -> None:
    """Add a review-log row (with its ``question_id``) to the learner's study day ``day`` (an ordinal)."""
    dialect = _dialect()
    db.session.execute(_upsert(dialect), {"user_id": user_id, "day": day, **review_counts(row)})
    db.session.execute(
        _upsert(dialect, "item_day"),
        {"user_id": user_id, "day": day, "question_id": row["question_id"], **item_counts(row)},
    )


def uncount_review(user_id: int, day: int, row: Mapping[str, Any]) -> None:
    """Take an undone review (with its ``question_id``) away from its study day; a day left without reviews goes."""
    dialect = _dialect()
    db.session.execute(_upsert(dialect), {"user_id": user_id, "day": day, **review_counts(row, -1)})
    db.session.execute(_PRUNE, {"user_id": user_id, "day": day})
    item = {"user_id": user_id, "day": day, "question_id": row["question_id"]}
    db.session.execute(_upsert(dialect, "item_day"), {**item, **item_counts(row, -1)})
    db.session.execute(_PRUNE_ITEM, item)


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def lock_zone(user_id: int) -> Zone | None:
    """Lock the learner's row for a change of zone; return their zone and day-start hour (None: no such user)."""
    row = db.session.execute(
        sa.select(User.timezone, User.day_start_hour).where(User.id == user_id).with_for_update()
    ).first()
    return (row.timezone, row.day_start_hour) if row is not None else None


_LOG = (
    sa.select(_review.c.reviewed_at, *(_review.c[name] for name in REVIEW_FIELDS), _review.c.question_id)
    .where(_review.c.user_id == sa.bindparam("user_id"), _review.c.undone_at.is_(None))
    .order_by(_review.c.reviewed_at)
)


def tally(
    rows: Iterable[Sequence[Any]], zone: Zone
) -> tuple[dict[int, dict[str, int]], dict[tuple[int, int], dict[str, int]]]:
    """Add up reviews by study day in ``zone``, and by study day and question, as the write path would one by one.

    Args:
        rows: ``(reviewed_at, *REVIEW_FIELDS, question_id)`` of each review, in time order.
        zone: The learner's time zone and day-start hour.

    Returns:
        The study days (ordinal -> :func:`review_counts`' tallies) and the days on
        each question ((ordinal, question id) -> :func:`item_counts`' tallies).
    """
    tz, hour = zone
    days: dict[int, list[int]] = {}
    items: dict[tuple[int, int], list[int]] = {}
    begins = ends = None
    day = 0
    tally: list[int] = []
    again = Rating.Again.value
    for at, rating, correct, duration_ms, state_before, interval_before, question_id in rows:
        if begins is None or not begins <= at < ends:
            date = study_date(at, tz, hour)
            begins, ends = day_start(date, tz, hour), day_start(date + timedelta(days=1), tz, hour)
            day = date.toordinal()
            tally = days.setdefault(day, [0] * len(COUNTS))
        tally[rating - 1] += 1  # again, hard, good, easy
        tally[4] += bool(correct)
        tally[5] += duration_ms
        if _is_mature(state_before, interval_before):
            tally[6] += 1
            tally[7] += rating != again
        item = items.get((day, question_id))
        if item is None:
            item = items[day, question_id] = [0, 0, 0, 0]
        item[0] += 1
        item[1] += bool(correct)
        if state_before == _IN_REVIEW:
            item[2] += 1
            item[3] += rating == again
    return (
        {day: dict(zip(COUNTS, tally, strict=True)) for day, tally in days.items()},
        {key: dict(zip(ITEM_COUNTS, item, strict=True)) for key, item in items.items()},
    )


def recount(user_id: int, zone: Zone | None = None) -> int:
    """Rebuild the learner's study days, and their days on each question, from the review log.

    One read of their reviews, in time order, counted as the write path counts
    them (:func:`review_counts`, :func:`item_counts`). Returns how many days they studied.

    Args:
        user_id: The learner.
        zone: Their time zone and day-start hour, if the caller has them (read from the database otherwise).
    """
    if zone is None:
        tz, hour = db.session.execute(sa.select(User.timezone, User.day_start_hour).where(User.id == user_id)).one()
        zone = (tz, hour)
    db.session.execute(sa.delete(_day).where(_day.c.user_id == user_id))
    db.session.execute(sa.delete(_item).where(_item.c.user_id == user_id))
    days, items = tally(db.session.execute(_LOG, {"user_id": user_id}), zone)
    if days:
        db.session.execute(sa.insert(_day), [{"user_id": user_id, "day": day, **tally} for day, tally in days.items()])
        db.session.execute(
            sa.insert(_item),
            [{"user_id": user_id, "day": day, "question_id": q, **tally} for (day, q), tally in items.items()],
        )
    return len(days)


@dataclass(frozen=True, slots=True)
class Rebuilt:
    """What :func:`rebuild` did: learners recounted and the study days found."""

    learners: int
    days: int


def rebuild(user_ids: Iterable[int] | None = None) -> Rebuilt:
    """Recount the study days of these learners (everyone by default) from the review log, and commit.

    Each learner is recounted and committed on their own, so a long rebuild never
    holds the write lock for long.
    """
    if user_ids is None:
        user_ids = db.session.scalars(sa.select(User.id).order_by(User.id)).all()
    learners = days = 0
    for user_id in user_ids:
        zone = db.session.execute(sa.select(User.timezone, User.day_start_hour).where(User.id == user_id)).first()
        if zone is None:
            continue
        days += recount(user_id, (zone.timezone, zone.day_start_hour))
        learners += 1
        db.session.commit()
    return Rebuilt(learners, days)

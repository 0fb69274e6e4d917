"""Progress figures worked out directly from the review log, in plain Python.

The services count from study-day tallies kept as reviews are written and
undone; these functions read every review that counts instead, the way the pages
used to, and are what the tests hold the services to.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from quiz.days import day_start, study_date
from quiz.models import ItemDay, Review, Role, StudyDay, User
from quiz.periods import Period, bucket_days

#: Per study day: Again, Hard, Good, Easy, right answers, milliseconds, mature reviews, mature reviews passed.
Tally = tuple[int, int, int, int, int, int, int, int]
EMPTY: Tally = (0, 0, 0, 0, 0, 0, 0, 0)


@dataclass(frozen=True)
class Logged:
    """A review that counts (not undone)."""

    user_id: int
    question_id: int
    rating: int
    correct: bool
    duration_ms: int
    state_before: int | None
    interval_before: float | None
    reviewed_at: datetime

    @property
    def mature(self) -> bool:
        return self.state_before == 2 and self.interval_before is not None and self.interval_before >= 21


def live_log(session: Any) -> list[Logged]:
    """Every review not undone, oldest first."""
    rows = session.execute(
        sa.select(
            Review.user_id,
            Review.question_id,
            Review.rating,
            Review.correct,
            Review.duration_ms,
            Review.state_before,
            Review.interval_before,
            Review.reviewed_at,
        )
        .where(Review.undone_at.is_(None))
        .order_by(Review.id)
    )
    return [Logged(*row) for row in rows]


def zones(session: Any) -> dict[int, tuple[str, int]]:
    """Each user's time zone and day-start hour."""
    rows = session.execute(sa.select(User.id, User.timezone, User.day_start_hour))
    return {user_id: (tz, hour) for user_id, tz, hour in rows}


def learners(session: Any) -> list[int]:
    return list(session.scalars(sa.select(User.id).where(User.role == Role.LEARNER)))


def day_tallies(log: list[Logged], user_id: int, tz: str, hour: int) -> dict[date, Tally]:
    """The learner's reviews added up by study day."""
    days: dict[date, list[int]] = defaultdict(lambda: list(EMPTY))
    for r in log:
        if r.user_id != user_id:
            continue
        t = days[study_date(r.reviewed_at, tz, hour)]
        t[r.rating - 1] += 1
        t[4] += r.correct
        t[5] += r.duration_ms
        t[6] += r.mature
        t[7] += r.mature and r.rating != 1
    return {day: tuple(t) for day, t in days.items()}  # type: ignore[misc]


def stored_tallies(session: Any, user_id: int) -> dict[date, Tally]:
    """The learner's study days as the table keeps them."""
    d = StudyDay
    rows = session.execute(
        sa.select(d.day, d.again, d.hard, d.good, d.easy, d.correct, d.duration_ms, d.mature, d.mature_passed).where(
            d.user_id == user_id
        )
    )
    return {date.fromordinal(day): tuple(rest) for day, *rest in rows}


#: Per study day and question: reviews, right answers, reviews in review, lapses (in review, rated Again).
ItemTally = tuple[int, int, int, int]


def item_tallies(log: list[Logged], user_id: int, tz: str, hour: int) -> dict[tuple[date, int], ItemTally]:
    """The learner's reviews added up by study day and question."""
    items: dict[tuple[date, int], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r in log:
        if r.user_id != user_id:
            continue
        t = items[(study_date(r.reviewed_at, tz, hour), r.question_id)]
        t[0] += 1
        t[1] += r.correct
        t[2] += r.state_before == 2
        t[3] += r.state_before == 2 and r.rating == 1
    return {key: tuple(t) for key, t in items.items()}  # type: ignore[misc]


def stored_item_tallies(session: Any, user_id: int) -> dict[tuple[date, int], ItemTally]:
    """The learner's days on each question as the table keeps them."""
    i = ItemDay
    rows = session.execute(
        sa.select(i.day, i.question_id, i.attempts, i.correct, i.in_review, i.lapses).where(i.user_id == user_id)
    )
    return {(date.fromordinal(day), question_id): tuple(rest) for day, question_id, *rest in rows}


def counted(log: list[Logged], user_id: int, tz: str, hour: int) -> tuple[dict, dict]:
    """Both tallies of the learner (per study day, per study day and question), from the log."""
    return day_tallies(log, user_id, tz, hour), item_tallies(log, user_id, tz, hour)


def kept(session: Any, user_id: int) -> tuple[dict, dict]:
    """Both tallies of the learner as the tables keep them."""
    return stored_tallies(session, user_id), stored_item_tallies(session, user_id)


def add(tallies: list[Tally]) -> Tally:
    return tuple(sum(t[i] for t in tallies) for i in range(8))  # type: ignore[return-value]


def activity(days: dict[date, Tally], today: date, period: Period) -> list[tuple[date, int, Tally]]:
    """The period's buckets (first day, days, tally), oldest first, the last ending today."""
    if period.days is not None:
        first = today - timedelta(days=period.days - 1)
    else:
        first = min([*days, today])
    size = bucket_days((today - first).days + 1)
    buckets = []
    end = today
    while end >= first:
        start = max(end - timedelta(days=size - 1), first)
        span = [days.get(start + timedelta(days=i), EMPTY) for i in range((end - start).days + 1)]
        buckets.append((start, (end - start).days + 1, add(span)))
        end = start - timedelta(days=1)
    return buckets[::-1]


def streaks(days: dict[date, Tally], today: date) -> tuple[int, int]:
    """Current and longest run of study days up to today."""
    studied = sorted(day for day, t in days.items() if day <= today and sum(t[:4]))
    longest = run = 0
    previous = None
    for day in studied:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    current = run if previous is not None and previous >= today - timedelta(days=1) else 0
    return current, longest


def period_start(now: datetime, zone: tuple[str, int], period: Period) -> datetime | None:
    """When the period begins for a learner in ``zone`` (None: all time)."""
    if period.days is None:
        return None
    tz, hour = zone
    return day_start(study_date(now, tz, hour) - timedelta(days=period.days - 1), tz, hour)


def items(
    log: list[Logged], learner_ids: list[int], starts: dict[int, datetime | None]
) -> dict[int, tuple[int, int, float, float | None, float | None]]:
    """Item analysis per question: attempts, learners, share correct, lapse rate, discrimination."""
    pairs: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r in log:
        start = starts.get(r.user_id)
        if r.user_id not in learner_ids or (start is not None and r.reviewed_at < start):
            continue
        p = pairs[(r.user_id, r.question_id)]
        p[0] += 1
        p[1] += r.correct
        p[2] += r.state_before == 2
        p[3] += r.state_before == 2 and r.rating == 1
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for (user_id, _), (attempts, right, _, _) in pairs.items():
        totals[user_id][0] += attempts
        totals[user_id][1] += right
    order = sorted(totals, key=lambda u: (-totals[u][1] / totals[u][0], u))
    rank = {user_id: i + 1 for i, user_id in enumerate(order)}
    n = len(order)
    group = max(1, (27 * n + 50) // 100)
    by_question: dict[int, list[tuple[int, list[int]]]] = defaultdict(list)
    for (user_id, question_id), record in pairs.items():
        by_question[question_id].append((user_id, record))
    found = {}
    for question_id, records in by_question.items():
        attempts = sum(r[0] for _, r in records)
        right = sum(r[1] for _, r in records)
        in_review = sum(r[2] for _, r in records)
        lapses = sum(r[3] for _, r in records)
        upper = [r[1] / r[0] for u, r in records if rank[u] <= group]
        lower = [r[1] / r[0] for u, r in records if rank[u] > n - group]
        discrimination = None
        if n >= 2 and upper and lower:
            discrimination = sum(upper) / len(upper) - sum(lower) / len(lower)
        found[question_id] = (
            attempts,
            len(records),
            right / attempts,
            lapses / in_review if in_review else None,
            discrimination,
        )
    return found


def assert_items_agree(
    found: list[Any], expected: dict[int, tuple], context: Any = None, *, discrimination: bool = True
) -> None:
    """The class view's item rows (``found``) hold the figures :func:`items` works out from the log.

    ``discrimination=False`` leaves D out (a class of one learner has none to compare).
    """
    by_question = {i.question_id: i for i in found}
    assert by_question.keys() == expected.keys(), context
    for question_id, (attempts, learners, correct, lapse_rate, discriminates) in expected.items():
        item = by_question[question_id]
        assert (item.attempts, item.learners) == (attempts, learners), context
        assert item.correct == pytest.approx(correct), context
        assert item.lapse_rate == pytest.approx(lapse_rate), context
        if discrimination:
            assert item.discrimination == pytest.approx(discriminates), context

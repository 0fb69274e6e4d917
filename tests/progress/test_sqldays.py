"""Study-day spans: their bounds follow quiz.days, and the database buckets instants by them exactly."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from quiz.days import day_bounds, study_date
from quiz.extensions import db
from quiz.models import UTCDateTime
from quiz.services.stats.sqldays import bucket_spans, day_spans, spans_table

NY = "America/New_York"


def hours(span):
    return (span[2] - span[1]) / timedelta(hours=1)


def test_new_york_days_at_4am_last_23_hours_in_march_and_25_in_november():
    march = day_spans(date(2026, 3, 6), date(2026, 3, 9), NY, 4)
    assert [date.fromordinal(n) for n, _, _ in march] == [date(2026, 3, d) for d in (6, 7, 8, 9)]
    assert [hours(s) for s in march] == [24, 23, 24, 24]
    assert march[1][1:] == (datetime(2026, 3, 7, 9, tzinfo=UTC), datetime(2026, 3, 8, 8, tzinfo=UTC))
    november = day_spans(date(2026, 10, 30), date(2026, 11, 1), NY, 4)
    assert [hours(s) for s in november] == [24, 25, 24]
    assert november[1][1:] == (datetime(2026, 10, 31, 8, tzinfo=UTC), datetime(2026, 11, 1, 9, tzinfo=UTC))


def test_buckets_end_today_and_the_earliest_may_be_shorter():
    spans = bucket_spans(date(2026, 3, 1), date(2026, 3, 16), 7, "UTC", 0)
    assert [(n, b.date(), e.date()) for n, b, e in spans] == [
        (0, date(2026, 3, 10), date(2026, 3, 17)),
        (1, date(2026, 3, 3), date(2026, 3, 10)),
        (2, date(2026, 3, 1), date(2026, 3, 3)),
    ]


def boundary_instants(tz: str, hour: int) -> list[datetime]:
    """Instants either side of every study-day start around the 2026 clock changes."""
    instants = []
    for first in (date(2026, 3, 5), date(2026, 3, 27), date(2026, 10, 1), date(2026, 10, 29)):
        for n in range(6):
            noon = datetime.combine(first + timedelta(days=n), datetime.min.time(), UTC) + timedelta(hours=12)
            start, end = day_bounds(noon, tz, hour)
            instants += [
                start - timedelta(microseconds=1),
                start,
                start + timedelta(seconds=1),
                end - timedelta(hours=1),
                end - timedelta(microseconds=1),
            ]
    return instants


def test_the_database_puts_each_instant_in_the_study_day_quiz_days_names(app):
    for tz, hour in ((NY, 4), (NY, 2), ("Europe/London", 1), ("Australia/Lord_Howe", 2)):
        instants = boundary_instants(tz, hour)
        days = spans_table(day_spans(date(2026, 3, 1), date(2026, 11, 10), tz, hour), "days")
        moments = sa.values(sa.column("i", sa.Integer), sa.column("t", UTCDateTime), name="moments")
        moments = moments.data(list(enumerate(instants))).cte("moments")
        query = (
            sa.select(moments.c.i, days.c.n)
            .join(days, sa.and_(days.c.begins <= moments.c.t, days.c.ends > moments.c.t))
            .order_by(moments.c.i)
        )
        with app.app_context():
            found = db.session.execute(query).all()
        expected = [(i, study_date(t, tz, hour).toordinal()) for i, t in enumerate(instants)]
        assert [tuple(row) for row in found] == expected, (tz, hour)

"""Study-day numbering: the piecewise formula, and its SQL form, agree with quiz.days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.daymap import DAY_SECONDS, Piece, pieces
from quiz.days import day_bounds, study_date
from quiz.extensions import db
from quiz.models import UTCDateTime
from quiz.services.sqldays import day_number

# Zones with a one-hour change each way, one with a half-hour change (Lord Howe),
# one south of the equator, one without any change.
ZONES = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Australia/Sydney", "Asia/Kolkata", "UTC"]
SPAN = (date(2025, 12, 1), date(2027, 1, 31))


def formula(instant: datetime, tz: str, hour: int) -> int:
    """The formula written out on its own: the last piece started by ``instant`` decides."""
    piece = [p for p in pieces(tz, hour, *SPAN) if p.start <= instant][-1]
    return (int(instant.timestamp() // 1) - piece.offset) // DAY_SECONDS


@settings(max_examples=500, deadline=None)
@given(
    tz=st.sampled_from(ZONES),
    hour=st.integers(0, 23),
    seconds=st.integers(0, (SPAN[1] - SPAN[0]).days * DAY_SECONDS - 3 * DAY_SECONDS),
)
def test_the_formula_names_the_same_study_day_as_quiz_days(tz, hour, seconds):
    instant = datetime.combine(SPAN[0], datetime.min.time(), UTC) + timedelta(days=2, seconds=seconds)
    assert formula(instant, tz, hour) == study_date(instant, tz, hour).toordinal()


def test_new_york_2026_with_4am_days_has_a_short_and_a_long_day():
    cut = pieces("America/New_York", 4, date(2026, 1, 1), date(2026, 12, 31))
    assert [p.start for p in cut] == [
        datetime(2026, 1, 1, 9, tzinfo=UTC),  # 4 a.m. EST
        datetime(2026, 3, 8, 8, tzinfo=UTC),  # 4 a.m. EDT: the day of 7 March lasted 23 hours
        datetime(2026, 11, 1, 8, tzinfo=UTC),  # the 25th hour of 31 October's study day
        datetime(2026, 11, 1, 9, tzinfo=UTC),  # 4 a.m. EST again
    ]
    # The 25th hour still counts as 31 October.
    last_hour = datetime(2026, 11, 1, 8, 30, tzinfo=UTC)
    assert (int(last_hour.timestamp()) - cut[2].offset) // DAY_SECONDS == date(2026, 10, 31).toordinal()


def test_a_zone_without_clock_changes_is_one_piece():
    start = datetime(2026, 1, 1, 4, tzinfo=UTC)
    offset = int(start.timestamp()) - date(2026, 1, 1).toordinal() * DAY_SECONDS
    assert pieces("UTC", 4, date(2026, 1, 1), date(2026, 12, 31)) == (Piece(start, offset),)


def boundary_instants(tz: str, hour: int) -> list[datetime]:
    """Instants either side of every study-day start around the 2026 clock changes."""
    instants = []
    for first in (date(2026, 3, 5), date(2026, 3, 27), date(2026, 10, 1), date(2026, 10, 22), date(2026, 10, 29)):
        for n in range(7):
            noon = datetime.combine(first + timedelta(days=n), datetime.min.time(), UTC) + timedelta(hours=12)
            start, end = day_bounds(noon, tz, hour)
            instants += [
                start - timedelta(seconds=1),
                start,
                start + timedelta(microseconds=999_999),
                end - timedelta(hours=1),
                end - timedelta(microseconds=1),
            ]
    return instants


def test_the_sql_form_buckets_like_quiz_days_at_every_day_and_dst_boundary(app):
    for tz, hours in (("America/New_York", (0, 1, 2, 4)), ("Europe/London", (0, 1, 4)), ("Australia/Lord_Howe", (2, 4))):
        for hour in hours:
            cut = pieces(tz, hour, date(2026, 1, 1), date(2026, 12, 31))
            instants = boundary_instants(tz, hour)
            with app.app_context():
                columns = [day_number(sa.literal(i, UTCDateTime), cut) for i in instants]
                got = list(db.session.execute(sa.select(*columns)).one())
            assert got == [study_date(i, tz, hour).toordinal() for i in instants], (tz, hour)

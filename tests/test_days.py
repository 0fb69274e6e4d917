"""Study days follow the learner's zone and day-start hour, across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.days import day_bounds, day_start, study_date

NY = "America/New_York"


def test_before_the_start_hour_counts_toward_the_previous_day():
    # 02:30 local on 25 Nov is still the study day of 24 Nov with a 4 a.m. start.
    late = datetime(2026, 11, 25, 7, 30, tzinfo=UTC)  # 02:30 EST
    assert study_date(late, NY, 4) == date(2026, 11, 24)
    assert study_date(late, NY, 0) == date(2026, 11, 25)
    start, end = day_bounds(late, NY, 4)
    assert start == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 04:00 EST
    assert end - start == timedelta(hours=24)


def test_spring_forward_day_is_23_hours():
    # DST began 2026-03-08 at 02:00 in New York.
    noon = datetime(2026, 3, 8, 16, 0, tzinfo=UTC)
    start, end = day_bounds(noon, NY, 4)
    assert start == datetime(2026, 3, 8, 8, 0, tzinfo=UTC)  # 04:00 EDT
    assert end == datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
    before, _ = day_bounds(noon, NY, 4, offset=-1)
    assert start - before == timedelta(hours=23)


def test_fall_back_day_is_25_hours():
    # DST ended 2026-11-01 at 02:00 in New York; the day that starts at 04:00 EDT
    # on 31 Oct ends at 04:00 EST on 1 Nov.
    start, end = day_bounds(datetime(2026, 10, 31, 20, 0, tzinfo=UTC), NY, 4)
    assert start == datetime(2026, 10, 31, 8, 0, tzinfo=UTC)
    assert end == datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    assert end - start == timedelta(hours=25)


def test_far_east_zone():
    start, _ = day_bounds(datetime(2026, 6, 1, 0, 0, tzinfo=UTC), "Pacific/Auckland", 4)
    assert start == datetime(2026, 5, 31, 16, 0, tzinfo=UTC)  # 04:00 NZST on 1 June


def test_a_jump_over_the_start_hour_moves_the_day_boundary_for_both_functions():
    # Antarctica/Troll goes from UTC+0 to UTC+2 at 01:00 UTC on 25 March 2018,
    # straight past a 2 a.m. day start: the hour after the jump reads 03:xx on the
    # wall clock, yet the day (as day_start() bounds it) starts at 02:00 UTC.
    troll = "Antarctica/Troll"
    after_jump = datetime(2018, 3, 25, 1, 30, tzinfo=UTC)  # 03:30 local
    start, end = day_bounds(after_jump, troll, 2)
    assert start <= after_jump < end
    assert study_date(after_jump, troll, 2) == date(2018, 3, 24)
    assert study_date(datetime(2018, 3, 25, 2, 0, tzinfo=UTC), troll, 2) == date(2018, 3, 25)


@settings(max_examples=300, deadline=None)
@given(
    instant=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)),
    tz=st.sampled_from(
        [
            "UTC",
            NY,
            "Europe/London",
            "Asia/Kolkata",
            "Asia/Kathmandu",
            "Australia/Lord_Howe",
            "Antarctica/Troll",
            "America/Santiago",
            "Pacific/Apia",
            "Pacific/Chatham",
            "America/St_Johns",
        ]
    ),
    hour=st.integers(0, 23),
)
def test_a_study_day_holds_exactly_the_instants_between_its_start_and_the_next(instant, tz, hour):
    day = study_date(instant, tz, hour)
    assert day_start(day, tz, hour) <= instant < day_start(day + timedelta(days=1), tz, hour)

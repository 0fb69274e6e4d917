"""Study days follow the learner's zone and day-start hour, across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from quiz.days import day_bounds, study_date

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

"""The progress page's charts from plain figures: units that suit the values, honest axes and trends."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

import pytest

from quiz.periods import bucket_days
from quiz.progress import figures
from quiz.services.stats.history import Activity, Bucket, Score, Tally

TODAY = date(2026, 12, 1)


def tally(reviews: int = 0, seconds: float = 0.0) -> Tally:
    """A tally of ``reviews`` reviews rated Good taking ``seconds`` in all."""
    names = {f.name for f in dataclasses.fields(Tally)}
    time = {"seconds": seconds} if "seconds" in names else {"milliseconds": round(seconds * 1000)}
    return Tally(ratings=(0, 0, reviews, 0), correct=reviews, **time)


def activity(days: int, per_day: list[tuple[int, float]] | None = None) -> Activity:
    """``days`` study days ending TODAY, in the page's buckets; ``per_day`` gives (reviews, seconds) per bucket."""
    first = TODAY - timedelta(days=days - 1)
    size = bucket_days(days)
    buckets = []
    end = TODAY
    n = 0
    while end >= first:
        start = max(end - timedelta(days=size - 1), first)
        reviews, seconds = (per_day or [])[n] if per_day and n < len(per_day) else (0, 0.0)
        buckets.append(Bucket(start, (end - start).days + 1, tally(reviews, seconds)))
        end = start - timedelta(days=1)
        n += 1
    buckets.reverse()
    return Activity(first, TODAY, size, buckets, Tally.total(b.tally for b in buckets))


def texts(svg: str, css: str) -> list[str]:
    return [t.text for t in ET.fromstring(str(svg)).iter("text") if t.get("class") == css]


@pytest.mark.parametrize(
    ("seconds", "unit"),
    [
        (0, "seconds"),
        (5, "seconds"),
        (119, "seconds"),
        (120, "minutes"),
        (3 * 3600 - 1, "minutes"),
        (4 * 3600, "hours"),
    ],
)
def test_time_per_day_is_in_the_unit_its_busiest_day_needs(seconds, unit):
    assert figures.time_unit(seconds).name == unit


def test_time_per_day_over_a_year_of_short_sessions_reads_in_seconds_with_distinct_ticks():
    # A few seconds a week: a daily average of about a second, which minutes would write as 0.0.
    spent = activity(365, [(1, 4.0), (2, 9.0), (1, 2.0)] * 18)
    svg = figures.time_chart(spent)
    ticks = texts(svg, "tick y")
    assert texts(svg, "tick caption") == ["seconds"]
    assert len(ticks) == len(set(ticks)) >= 3 and "0.0" not in ticks
    assert "Time per day, in seconds" in svg and " s</title>" in svg
    # The axis names months and years over a year, not days.
    assert all(len(label.split()) == 2 and label.split()[1].isdigit() for label in texts(svg, "tick x"))


def test_time_per_day_of_long_sessions_reads_in_minutes():
    spent = activity(30, [(40, 25 * 60.0), (10, 5 * 60.0)])
    svg = figures.time_chart(spent)
    assert texts(svg, "tick caption") == ["minutes"]
    assert texts(svg, "tick y")[-1] in {"25", "30"}
    assert "30 min answering" in svg


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 s"), (44.6, "45 s"), (59.4, "59 s"), (60, "1 min"), (754, "13 min"), (3600, "1 h"), (4830, "1 h 21 min")],
)
def test_time_spent_reads_as_people_write_it(seconds, text):
    assert figures.time_spent(seconds) == text


def score(at: datetime, right: int, of: int = 5, attempt: int = 1) -> Score:
    return Score(attempt, at, right, of, "Test deck")


def bounds(spent: Activity) -> tuple[datetime, datetime]:
    since = datetime.combine(spent.first, datetime.min.time(), UTC) + timedelta(hours=4)
    until = datetime.combine(spent.last, datetime.min.time(), UTC) + timedelta(days=1, hours=4)
    return since, until


def test_quizzes_of_one_day_draw_no_trend_and_the_axis_names_that_day_once():
    spent = activity(1)  # "all time" for a learner who started today
    since, until = bounds(spent)
    at = since + timedelta(hours=10)
    scores = [score(at + timedelta(minutes=m), right) for m, right in ((0, 1), (5, 3), (9, 5))]
    svg = figures.scores_chart(scores, spent, since, until, "UTC", 4)
    root = ET.fromstring(str(svg))
    assert root.find("line[@class='trend']") is None
    assert texts(svg, "tick x") == ["Tue 1 Dec"]
    assert len(root.findall("circle")) == 3
    assert "trend" not in root.findtext("desc")


def test_quizzes_on_two_days_or_more_draw_a_trend_and_say_which_way():
    spent = activity(30)
    since, until = bounds(spent)
    scores = [score(since + timedelta(days=d, hours=6), right) for d, right in ((3, 1), (10, 2), (20, 4))]
    svg = figures.scores_chart(scores, spent, since, until, "UTC", 4)
    root = ET.fromstring(str(svg))
    trend = root.find("line[@class='trend']")
    assert trend is not None and float(trend.get("y2")) < float(trend.get("y1"))  # rising: higher up the picture
    assert root.findtext("desc").endswith("The trend is rising.")
    assert texts(svg, "tick x") == ["2 Nov", "1 Dec"]


def test_two_quizzes_are_points_not_a_trend():
    spent = activity(30)
    since, until = bounds(spent)
    scores = [score(since + timedelta(days=d, hours=6), right) for d, right in ((3, 1), (20, 4))]
    assert (
        ET.fromstring(str(figures.scores_chart(scores, spent, since, until, "UTC", 4))).find("line[@class='trend']")
        is None
    )


def test_the_calendar_opens_on_today():
    first = TODAY - timedelta(days=TODAY.weekday() + 7 * 52)
    svg = figures.calendar_chart({TODAY: 4}, first, TODAY)
    root = ET.fromstring(str(svg))
    squares = root.findall("rect")
    last = max(squares, key=lambda r: (float(r.get("x")), float(r.get("y"))))
    assert last.findtext("title").startswith("Tue 01 Dec 2026") and last.get("class") == "heat4"

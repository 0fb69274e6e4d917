"""The SVG charts: right geometry for known data, accessible markup, escaped text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from quiz.charts import (
    Point,
    Series,
    bar_chart,
    calendar_heatmap,
    heat_level,
    line_chart,
    linear_trend,
    meter_chart,
    nice_scale,
)

# The plotting area of a 480 x 220 chart: 12 above, 28 below.
INNER_HEIGHT = 180


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(str(svg))
    assert root.tag == "svg" and root.get("role") == "img" and root.get("width") == "100%"
    assert root.get("viewBox", "").startswith("0 0 ")
    labelled = root.get("aria-labelledby").split()
    assert [root.find(tag).get("id") for tag in ("title", "desc")] == labelled
    return root


@pytest.mark.parametrize(
    ("value", "whole", "expected"),
    [
        (0, True, (1, 1)),
        (4, True, (4, 1)),
        (7, True, (8, 2)),
        (137, True, (150, 50)),
        (1234, True, (1500, 500)),
        (0.3, False, (0.3, 0.1)),
        (0.9, False, (1.0, 0.5)),
    ],
)
def test_axes_end_on_a_nice_number(value, whole, expected):
    assert nice_scale(value, whole=whole) == pytest.approx(expected)


def test_the_trend_is_the_least_squares_line():
    # By hand: mean x 1, mean y 2/3; slope = ((-1)(-2/3) + 0 + (1)(4/3)) / 2 = 1; intercept = -1/3.
    assert linear_trend([(0, 0), (1, 0), (2, 2)]) == pytest.approx((1.0, -1 / 3))
    assert linear_trend([(5, 0.4)]) is None
    assert linear_trend([(1, 0.2), (1, 0.8)]) is None


def test_stacked_bars_are_as_tall_as_their_values():
    svg = parse(
        bar_chart(
            ["Mon", "Tue"],
            [Series("Again", [1, 0], "r1"), Series("Good", [3, 2], "r3")],
            chart_id="reviews",
            title="Reviews per day",
            description="Two days.",
        )
    )
    rects = svg.findall("g/rect")
    # Axis 0..4: a review is 45 units high.
    assert [(r.get("class"), float(r.get("height"))) for r in rects] == [("r1", 45), ("r3", 135), ("r3", 90)]
    assert [g.findtext("title") for g in svg.findall("g")] == ["Mon: Again 1, Good 3", "Tue: Good 2"]
    assert svg.findtext("title") == "Reviews per day" and svg.findtext("desc") == "Two days."


def test_text_is_escaped():
    svg = bar_chart(["<script>"], [Series("a&b", [1])], chart_id="x", title="<b>", description="\"'")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a&amp;b" in svg
    parse(svg)


def test_a_missing_value_breaks_the_line_and_the_target_is_drawn():
    points = [Point(0.5, 0.5), Point(1.5, 1.0), Point(2.5, None), Point(3.5, 0.25), Point(4.5, 0.75)]
    svg = parse(
        line_chart(
            points,
            x_range=(0, 5),
            x_ticks=[(0.5, "a")],
            chart_id="acc",
            title="t",
            description="d",
            target=0.9,
            trend=True,
        )
    )
    assert len(svg.findall("polyline")) == 2
    assert len(svg.findall("circle")) == 4
    target = svg.find("line[@class='target']")
    assert float(target.get("y1")) == pytest.approx(192 - 0.9 * INNER_HEIGHT)
    assert svg.find("line[@class='trend']") is not None


def test_heat_levels_are_quarters_of_the_busiest_day():
    assert [heat_level(n, 40) for n in (0, 1, 10, 11, 20, 30, 31, 40)] == [0, 1, 1, 2, 2, 3, 4, 4]
    assert heat_level(3, 0) == 0


def test_the_calendar_has_one_square_per_day_mondays_on_top():
    first, last = date(2026, 3, 1), date(2026, 3, 31)  # 1 March 2026 is a Sunday
    svg = parse(
        calendar_heatmap(
            {date(2026, 3, 2): 4, date(2026, 3, 3): 1},
            first=first,
            last=last,
            chart_id="days",
            title="t",
            description="d",
        )
    )
    squares = svg.findall("rect")
    assert len(squares) == 31
    by_day = {r.findtext("title").split(":")[0]: r for r in squares}
    monday, sunday = by_day["Mon 02 Mar 2026"], by_day["Sun 01 Mar 2026"]
    assert float(monday.get("y")) < float(sunday.get("y"))
    assert monday.get("class") == "heat4" and by_day["Tue 03 Mar 2026"].get("class") == "heat1"
    assert by_day["Wed 04 Mar 2026"].findtext("title") == "Wed 04 Mar 2026: 0 reviews"


def test_meter_bars_are_as_long_as_their_share():
    svg = parse(meter_chart([("date", 0.5), ("money", None)], chart_id="m", title="t", description="d", target=0.9))
    track, meter = svg.findall("rect")[:2]
    assert float(meter.get("width")) == pytest.approx(float(track.get("width")) / 2)
    assert len(svg.findall("rect[@class='meter']")) == 1

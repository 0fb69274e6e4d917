"""The SVG charts: right geometry for known data, accessible markup, escaped text, readable axes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

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
from quiz.charts.calendar import FONT as CALENDAR_FONT
from quiz.charts.svg import FONT, axis_number, text_width


def parse(svg: str, *, fluid: bool = True) -> ET.Element:
    root = ET.fromstring(str(svg))
    assert root.tag == "svg" and root.get("role") == "img"
    assert root.get("width") == ("100%" if fluid else root.get("viewBox").split()[2])
    assert root.get("viewBox", "").startswith("0 0 ")
    labelled = root.get("aria-labelledby").split()
    assert [root.find(tag).get("id") for tag in ("title", "desc")] == labelled
    return root


def plot(svg: ET.Element) -> tuple[float, float]:
    """The y of the x axis and the height of the plot (from the axis to the top grid line)."""
    base = float(svg.find("line[@class='axis']").get("y1"))
    top = min(float(line.get("y1")) for line in svg.findall("line[@class='grid']"))
    return base, base - top


def y_labels(svg: ET.Element) -> list[str]:
    return [t.text for t in svg.findall("text[@class='tick y']")]


def x_labels(svg: ET.Element) -> list[str]:
    return [t.text for t in svg.findall("text[@class='tick x']")]


def extent(node: ET.Element, size: float = FONT) -> tuple[float, float, float, float]:
    """About where a text element is drawn: left, right, top and bottom."""
    x, y, width = float(node.get("x")), float(node.get("y")), text_width(node.text, size)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[node.get("text-anchor")]
    return left, left + width, y - size * 0.75, y + size * 0.25


def assert_inside(svg: ET.Element, size: float = FONT) -> None:
    """Every text is drawn inside the picture (nothing clipped at an edge)."""
    _, _, width, height = map(float, svg.get("viewBox").split())
    for node in svg.iter("text"):
        left, right, top, bottom = extent(node, size)
        assert left >= 0 and right <= width and top >= 0 and bottom <= height, (node.text, left, right, top, bottom)


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
    # Axis 0..4: a review is a quarter of the plot's height.
    _, height = plot(svg)
    assert y_labels(svg) == ["0", "1", "2", "3", "4"]
    assert [r.get("class") for r in rects] == ["r1", "r3", "r3"]
    assert [float(r.get("height")) for r in rects] == pytest.approx([height / 4, height * 3 / 4, height / 2], abs=0.1)
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
    base, height = plot(svg)
    assert float(target.get("y1")) == pytest.approx(base - 0.9 * height, abs=0.1)
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
        ),
        fluid=False,
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


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.0004, ["0", "0.0001", "0.0002", "0.0003", "0.0004"]),
        (0.025, ["0", "0.01", "0.02", "0.03"]),
        (0.9, ["0", "0.5", "1.0"]),
        (1234, ["0", "500", "1,000", "1,500"]),
        (12_000, ["0", "5k", "10k", "15k"]),
        (2.5e6, ["0", "1M", "2M", "3M"]),
        (3e10, ["0", "1e+10", "2e+10", "3e+10"]),
    ],
)
def test_axis_numbers_are_distinct_and_as_short_as_their_step_allows(value, expected):
    top, step = nice_scale(value, whole=False)
    label = axis_number(step, top)
    assert [label(i * step) for i in range(round(top / step) + 1)] == expected


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -3.0, 0.0])
def test_an_axis_without_a_sensible_maximum_still_goes_from_0_to_1(value):
    assert nice_scale(value) == (1.0, 1.0)


@pytest.mark.parametrize("peak", [1e-6, 0.004, 0.3, 7, 86_400, 3e7])
def test_bars_of_tiny_and_huge_values_get_distinct_labels_that_fit(peak):
    values = [peak * share for share in (0.1, 0.5, 1.0)]
    svg = parse(
        bar_chart(
            ["a", "b", "c"],
            [Series("s", values)],
            chart_id="x",
            title="t",
            description="d",
            whole=False,
            y_label="units",
        )
    )
    labels = y_labels(svg)
    assert len(labels) == len(set(labels)) >= 3, labels
    assert labels[0] == "0" and not any(label in {"0.0", "0.00"} for label in labels)
    assert_inside(svg)
    # The tallest bar reaches at least half way up the axis: the scale fits the data.
    base, height = plot(svg)
    tallest = max(float(r.get("height")) for r in svg.findall("g/rect"))
    assert height / 2 <= tallest <= height + 0.1
    # The unit is written above the axis, inside the picture.
    assert [t.text for t in svg.findall("text[@class='tick caption']")] == ["units"]


def test_one_bar_stays_a_bar_and_many_bars_keep_their_labels_apart():
    one = parse(bar_chart(["Tue 1 Dec"], [Series("s", [5])], chart_id="x", title="t", description="d"))
    (bar,) = one.findall("g/rect")
    assert float(bar.get("width")) <= 40
    labels = [f"{n} Dec" for n in range(1, 32)] * 12  # a year of days
    many = parse(bar_chart(labels, [Series("s", [1] * len(labels))], chart_id="y", title="t", description="d"))
    ticks = many.findall("text[@class='tick x']")
    assert 2 <= len(ticks) <= 6
    spans = sorted(extent(t)[:2] for t in ticks)
    assert all(left >= previous_right for (_, previous_right), (left, _) in zip(spans, spans[1:], strict=False))
    assert_inside(many)


def test_points_on_a_single_x_stand_in_the_middle_without_a_trend():
    points = [Point(100.0, 0.5), Point(100.0, 1.0), Point(100.0, 0.2)]
    svg = parse(
        line_chart(
            points,
            x_range=(100.0, 100.0),
            x_ticks=[(100.0, "Tue 1 Dec")],
            chart_id="s",
            title="t",
            description="d",
            connect=False,
            trend=True,
        )
    )
    xs = {float(c.get("cx")) for c in svg.findall("circle")}
    (middle,) = xs
    (tick,) = x_labels(svg)
    assert tick == "Tue 1 Dec"
    axis = svg.find("line[@class='axis']")
    assert middle == pytest.approx((float(axis.get("x1")) + float(axis.get("x2"))) / 2)
    assert svg.find("line[@class='trend']") is None
    assert_inside(svg)


def test_labels_at_the_ends_of_the_x_axis_grow_inwards():
    svg = parse(
        line_chart(
            [Point(0, 0.5), Point(10, 0.7)],
            x_range=(0, 10),
            x_ticks=[(0, "2 December 2025"), (10, "1 December 2026")],
            chart_id="e",
            title="t",
            description="d",
        )
    )
    first, last = svg.findall("text[@class='tick x']")
    assert (first.get("text-anchor"), last.get("text-anchor")) == ("start", "end")
    assert_inside(svg)


def test_a_year_of_calendar_keeps_every_label_inside_and_apart():
    last = date(2026, 12, 1)
    first = last - timedelta(days=last.weekday() + 7 * 52)
    svg = parse(
        calendar_heatmap({last: 3}, first=first, last=last, chart_id="c", title="t", description="d"), fluid=False
    )
    assert_inside(svg, CALENDAR_FONT)
    names = [t.text for t in svg.iter("text")]
    assert names[:3] == ["Mon", "Wed", "Fri"]
    months = sorted(
        (extent(t, CALENDAR_FONT)[:2], t.text) for t in svg.iter("text") if t.text not in {"Mon", "Wed", "Fri"}
    )
    assert len(months) >= 12 and {"Dec", "Jan", "Nov"} <= {name for _, name in months}
    assert all(a[1] <= b[0] for (a, _), (b, _) in zip(months, months[1:], strict=False)), months
    # The weekday names end left of the first column, the month names above the first row.
    first_square = min(float(r.get("x")) for r in svg.iter("rect"))
    top_square = min(float(r.get("y")) for r in svg.iter("rect"))
    assert all(extent(t, CALENDAR_FONT)[1] < first_square for t in svg.iter("text") if t.text in {"Mon", "Wed", "Fri"})
    assert all(
        extent(t, CALENDAR_FONT)[3] < top_square for t in svg.iter("text") if t.text not in {"Mon", "Wed", "Fri"}
    )


def test_a_month_starting_in_the_last_week_widens_the_calendar_to_hold_its_name():
    svg = parse(
        calendar_heatmap({}, first=date(2026, 11, 2), last=date(2026, 12, 1), chart_id="c", title="t", description="d"),
        fluid=False,
    )
    assert [t.text for t in svg.iter("text")][-1] == "Dec"
    assert_inside(svg, CALENDAR_FONT)


def test_meter_labels_and_values_fit():
    svg = parse(
        meter_chart(
            [("agreement", 1.0), ("percent", 0.0), ("date", None)], chart_id="m", title="t", description="d", target=0.9
        )
    )
    assert_inside(svg)

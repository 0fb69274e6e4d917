"""A calendar heatmap: one square per day, a column per week, darker for more reviews.

Unlike the other charts it is drawn at its natural size (one unit per CSS pixel)
rather than scaled to its container: a year of squares shrunk to a phone's width
would be unreadable, so the page lets it scroll sideways instead.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta

from markupsafe import Markup

from quiz.charts.svg import envelope, fmt, text, text_width

__all__ = ["FONT", "calendar_heatmap", "heat_level"]

CELL = 12.0
GAP = 3.0
#: Size of the calendar's text, in CSS pixels (the stylesheet sets the same: ``svg.heatmap text``).
FONT = 12.0
#: Room for the weekday names on the left and the month names on top.
LEFT = math.ceil(text_width("Wed", FONT)) + 8
TOP = FONT + 8


def heat_level(count: int, busiest: int) -> int:
    """Return the shade of a day: 0 for no review, else 1 to 4 by quarters of the busiest day."""
    if count <= 0 or busiest <= 0:
        return 0
    return min(4, max(1, math.ceil(4 * count / busiest)))


def calendar_heatmap(
    counts: Mapping[date, int],
    *,
    first: date,
    last: date,
    chart_id: str,
    title: str,
    description: str,
) -> Markup:
    """Return a heatmap of the days from ``first`` to ``last``, weeks as columns (Monday on top).

    Args:
        counts: Reviews per study day; days missing count as none.
        first: The first day shown.
        last: The last day shown (today).
        chart_id: The ``id`` of the ``<svg>``.
        title: Short name of the chart.
        description: What the chart shows.
    """
    start = first - timedelta(days=first.weekday())
    weeks = (last - start).days // 7 + 1
    busiest = max((n for d, n in counts.items() if first <= d <= last), default=0)
    pitch = CELL + GAP
    labels = [
        text(LEFT - 6, TOP + row * pitch + CELL / 2 + FONT * 0.35, name, anchor="end", css="tick")
        for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri"))
    ]
    body: list[str] = []
    width = LEFT + weeks * pitch
    months: list[tuple[float, str]] = []
    # A year is some 370 squares: their coordinates are formatted once per column and row.
    size = fmt(CELL)
    ys = [fmt(TOP + row * pitch) for row in range(7)]
    day = first
    column, x_text = -1, ""
    while day <= last:
        row = day.weekday()
        if (day - start).days // 7 != column:
            column = (day - start).days // 7
            x = LEFT + column * pitch
            x_text = fmt(x)
        # Month names over the week holding the 1st (and over the first week, if it is early in its month).
        if day.day == 1 or (day == first and day.day <= 7):
            months.append((x, day.strftime("%b")))
        count = counts.get(day, 0)
        body.append(
            f'<rect class="heat{heat_level(count, busiest)}" x="{x_text}" y="{ys[row]}" width="{size}" '
            f'height="{size}" rx="2"><title>{day.strftime("%a %d %b %Y")}: {count} '
            f"review{'' if count == 1 else 's'}</title></rect>"
        )
        day += timedelta(days=1)
    # A month name needs its own width; the last one may run past the last week, so the picture grows to hold it.
    placed = -math.inf
    for x, name in months:
        if x >= placed:
            labels.append(text(x, TOP - 6, name, anchor="start", css="tick"))
            placed = x + text_width(name, FONT) + 4
            width = max(width, x + text_width(name, FONT) + 2)
    height = TOP + 7 * pitch
    return envelope(
        chart_id, title, description, labels + body, width=math.ceil(width), height=height, css="heatmap", fluid=False
    )

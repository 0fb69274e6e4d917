"""A calendar heatmap: one square per day, a column per week, darker for more reviews."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta

from markupsafe import Markup

from quiz.charts.svg import envelope, fmt, text

__all__ = ["calendar_heatmap", "heat_level"]

CELL = 12.0
GAP = 2.0
LEFT = 30.0
TOP = 16.0


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
    body = [
        text(LEFT - 6, TOP + row * (CELL + GAP) + CELL - 2, name, anchor="end", css="tick")
        for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri"))
    ]
    day = first
    while day <= last:
        column, row = (day - start).days // 7, day.weekday()
        x, y = LEFT + column * (CELL + GAP), TOP + row * (CELL + GAP)
        # Month names over the week holding the 1st (and over the first week, if it is early in its month).
        if day.day == 1 or (day == first and day.day <= 7):
            body.append(text(x, TOP - 5, day.strftime("%b"), anchor="start", css="tick"))
        count = counts.get(day, 0)
        body.append(
            f'<rect class="heat{heat_level(count, busiest)}" x="{fmt(x)}" y="{fmt(y)}" width="{fmt(CELL)}" '
            f'height="{fmt(CELL)}" rx="2"><title>{day.strftime("%a %d %b %Y")}: {count} '
            f"review{'' if count == 1 else 's'}</title></rect>"
        )
        day += timedelta(days=1)
    width = LEFT + weeks * (CELL + GAP) + 4
    height = TOP + 7 * (CELL + GAP) + 2
    return envelope(chart_id, title, description, body, width=width, height=height, css="heatmap")

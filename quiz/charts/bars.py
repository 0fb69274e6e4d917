"""Bar charts: stacked columns over time, and horizontal bars of shares."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from quiz.charts.svg import WIDTH, Frame, envelope, fmt, nice_scale, text, y_axis

__all__ = ["Series", "bar_chart", "meter_chart"]

MAX_X_LABELS = 6


@dataclass(frozen=True, slots=True)
class Series:
    """One layer of a stacked bar chart.

    Attributes:
        name: Shown in each bar's tooltip.
        values: One value per bar.
        css: Class of its rectangles (the stylesheet gives the colour).
    """

    name: str
    values: Sequence[float]
    css: str = "bar"


def _count(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def bar_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    description: str,
    unit: str = "",
    number: Callable[[float], str] = _count,
    whole: bool = True,
    ticks: Sequence[str] | None = None,
) -> Markup:
    """Return a column chart, one column per label, with the series stacked.

    Args:
        labels: One label per column (a few are printed under the axis; all are
            in the tooltips).
        series: The stacked layers, bottom first; each has one value per label.
        chart_id: The ``id`` of the ``<svg>`` (its title and description ids derive from it).
        title: Short name of the chart.
        description: What the chart shows, in a sentence or two.
        unit: Appended to numbers in tooltips (e.g. ``" min"``).
        number: Formats axis and tooltip numbers.
        whole: The values are counts: axis steps are whole numbers.
        ticks: Shorter labels to print under the axis, one per column (default: ``labels``).
    """
    frame = Frame()
    n = len(labels)
    totals = [sum(s.values[i] for s in series) for i in range(n)]
    top, step = nice_scale(max(totals, default=0), whole=whole)
    body = y_axis(frame, top, step, number)
    slot = frame.inner_width / max(n, 1)
    width = max(slot * 0.8, 0.6)
    for i, label in enumerate(labels):
        x = frame.left + i * slot + (slot - width) / 2
        tip = ", ".join(f"{s.name} {number(s.values[i])}{unit}" for s in series if s.values[i]) or "none"
        parts = [f"<title>{escape(label)}: {escape(tip)}</title>"]
        base = 0.0
        for s in series:
            value = s.values[i]
            if value <= 0:
                continue
            y_top, y_bottom = frame.y(base + value, top), frame.y(base, top)
            parts.append(
                f'<rect class="{escape(s.css)}" x="{fmt(x)}" y="{fmt(y_top)}" '
                f'width="{fmt(width)}" height="{fmt(max(y_bottom - y_top, 0.5))}"/>'
            )
            base += value
        body.append("<g>" + "".join(parts) + "</g>")
    step = max(1, math.ceil(n / MAX_X_LABELS))
    for i in range(0, n, step):
        body.append(text(frame.left + (i + 0.5) * slot, frame.base + 18, (ticks or labels)[i], css="tick"))
    body.append(
        f'<line class="axis" x1="{fmt(frame.left)}" x2="{fmt(frame.width - frame.right)}" '
        f'y1="{fmt(frame.base)}" y2="{fmt(frame.base)}"/>'
    )
    return envelope(chart_id, title, description, body)


def meter_chart(
    items: Sequence[tuple[str, float | None]],
    *,
    chart_id: str,
    title: str,
    description: str,
    target: float | None = None,
) -> Markup:
    """Return one horizontal bar per item showing a share from 0 to 1.

    Args:
        items: ``(label, share)`` pairs; a share of None draws no bar.
        chart_id: The ``id`` of the ``<svg>``.
        title: Short name of the chart.
        description: What the chart shows.
        target: Draws a dashed line at this share, if given.
    """
    row, label_width = 26.0, 96.0
    height = row * len(items) + 24
    left, right = label_width + 8, WIDTH - 48
    body = []
    for i, (label, share) in enumerate(items):
        y = 8 + i * row
        body.append(text(label_width, y + 15, label, anchor="end", css="label"))
        body.append(f'<rect class="track" x="{fmt(left)}" y="{fmt(y + 3)}" width="{fmt(right - left)}" height="16"/>')
        if share is not None:
            body.append(
                f'<rect class="meter" x="{fmt(left)}" y="{fmt(y + 3)}" '
                f'width="{fmt((right - left) * min(max(share, 0.0), 1.0))}" height="16"/>'
            )
        body.append(text(right + 6, y + 15, "–" if share is None else f"{share:.0%}", anchor="start", css="value"))
    if target is not None:
        x = left + (right - left) * target
        body.append(f'<line class="target" x1="{fmt(x)}" x2="{fmt(x)}" y1="4" y2="{fmt(height - 16)}"/>')
        body.append(text(x, height - 4, f"target {target:.0%}", css="tick"))
    return envelope(chart_id, title, description, body, height=height)

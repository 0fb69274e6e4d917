"""Bar charts: stacked columns over time, and horizontal bars of shares."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from quiz.charts.svg import (
    FONT,
    WIDTH,
    Frame,
    axis_number,
    envelope,
    fmt,
    nice_scale,
    text,
    text_width,
    x_axis,
    x_tick,
    y_axis,
    y_labels,
)

__all__ = ["Series", "bar_chart", "meter_chart"]

MAX_X_LABELS = 6
#: The widest a bar is drawn, however few there are.
MAX_BAR = 40


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
    y_label: str = "",
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
        number: Formats tooltip numbers (axis numbers are formatted by their step).
        whole: The values are counts: axis steps are whole numbers.
        ticks: Shorter labels to print under the axis, one per column (default: ``labels``).
        y_label: What the axis counts, written above it (e.g. ``"minutes"``).
    """
    n = len(labels)
    totals = [sum(s.values[i] for s in series) for i in range(n)]
    top, step = nice_scale(max(totals, default=0), whole=whole)
    axis = axis_number(step, top)
    frame = Frame.fitting(y_labels(top, step, axis), caption=bool(y_label))
    body = y_axis(frame, top, step, axis, caption=y_label)
    slot = frame.inner_width / max(n, 1)
    width = min(max(slot * 0.8, 0.6), MAX_BAR)
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
    names = ticks or labels
    widest = max((text_width(name) for name in names), default=0.0)
    # Print every k-th label, k as small as keeps them from touching (and at most MAX_X_LABELS of them).
    every = max(1, math.ceil(n / MAX_X_LABELS), math.ceil((widest + FONT) / max(slot, 1e-9)))
    for i in range(0, n, every):
        body.append(x_tick(frame, frame.left + (i + 0.5) * slot, names[i]))
    body.append(x_axis(frame))
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
    row = 32.0
    label_width = max((text_width(label) for label, _ in items), default=0.0)
    left, right = label_width + 12, WIDTH - text_width("100%") - 10
    bottom = FONT + 12 if target is not None else 4
    height = row * len(items) + 8 + bottom
    body = []
    for i, (label, share) in enumerate(items):
        middle = 20 + i * row
        body.append(text(label_width + 4, middle + FONT * 0.35, label, anchor="end", css="label"))
        body.append(
            f'<rect class="track" x="{fmt(left)}" y="{fmt(middle - 9)}" width="{fmt(right - left)}" height="18"/>'
        )
        if share is not None:
            body.append(
                f'<rect class="meter" x="{fmt(left)}" y="{fmt(middle - 9)}" '
                f'width="{fmt((right - left) * min(max(share, 0.0), 1.0))}" height="18"/>'
            )
        body.append(
            text(right + 6, middle + FONT * 0.35, "–" if share is None else f"{share:.0%}", anchor="start", css="value")
        )
    if target is not None:
        x = left + (right - left) * target
        body.append(f'<line class="target" x1="{fmt(x)}" x2="{fmt(x)}" y1="4" y2="{fmt(height - bottom)}"/>')
        caption = f"target {target:.0%}"
        body.append(text(min(x, WIDTH - text_width(caption) / 2), height - 6, caption, css="tick"))
    return envelope(chart_id, title, description, body, height=height)

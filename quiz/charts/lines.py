"""Line and point charts over time, with an optional target line and trend."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from quiz.charts.svg import Frame, envelope, fmt, x_axis, x_tick, y_axis, y_labels

__all__ = ["Point", "line_chart", "linear_trend"]


@dataclass(frozen=True, slots=True)
class Point:
    """A value at a position on the x scale; None leaves a gap in the line.

    Attributes:
        x: Position on the x scale (a bucket index, epoch seconds, ...).
        y: The value, or None where there is nothing to show.
        label: Tooltip text for the point.
    """

    x: float
    y: float | None
    label: str = ""


def linear_trend(points: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """Return ``(slope, intercept)`` of the least-squares line through the points.

    Returns None for fewer than two points or when every x is the same.
    """
    n = len(points)
    if n < 2:
        return None
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
    return slope, mean_y - slope * mean_x


def _percent(value: float) -> str:
    return f"{value:.0%}"


def line_chart(
    points: Sequence[Point],
    *,
    x_range: tuple[float, float],
    x_ticks: Sequence[tuple[float, str]],
    chart_id: str,
    title: str,
    description: str,
    y_top: float = 1.0,
    number: Callable[[float], str] = _percent,
    connect: bool = True,
    target: float | None = None,
    trend: bool = False,
    y_label: str = "",
) -> Markup:
    """Return a chart of points over ``x_range``, joined by lines or not.

    Args:
        points: The values, in x order.
        x_range: The lowest and highest x shown; when they are equal, the points
            stand in the middle.
        x_ticks: ``(x, label)`` pairs printed under the axis.
        chart_id: The ``id`` of the ``<svg>``.
        title: Short name of the chart.
        description: What the chart shows.
        y_top: The value at the top of the y axis (1.0 for shares).
        number: Formats the y axis labels.
        connect: Join neighbouring points (a gap where a value is None).
        target: Draws a dashed horizontal line at this value.
        trend: Draws the least-squares line through the points, when they stand
            at two x positions or more (the caller decides whether their spread
            means a trend: a day of quizzes does not).
        y_label: What the axis measures, written above it.
    """
    low, high = x_range
    step = y_top / 4
    frame = Frame.fitting(y_labels(y_top, step, number), caption=bool(y_label))
    body = y_axis(frame, y_top, step, number, caption=y_label)
    if target is not None:
        y = frame.y(target, y_top)
        body.append(f'<line class="target" x1="{fmt(frame.left)}" x2="{fmt(frame.end)}" y1="{fmt(y)}" y2="{fmt(y)}"/>')
    shown = [(p, frame.x(p.x, low, high), frame.y(p.y, y_top)) for p in points if p.y is not None]
    if connect:
        run: list[str] = []
        for p in points:
            if p.y is None:
                if len(run) > 1:
                    body.append(f'<polyline class="line" points="{" ".join(run)}"/>')
                run = []
            else:
                run.append(f"{fmt(frame.x(p.x, low, high))},{fmt(frame.y(p.y, y_top))}")
        if len(run) > 1:
            body.append(f'<polyline class="line" points="{" ".join(run)}"/>')
    fit = linear_trend([(p.x, p.y) for p, _, _ in shown]) if trend and high > low else None
    if fit is not None:
        slope, intercept = fit
        first, last = shown[0][0].x, shown[-1][0].x
        body.append(
            f'<line class="trend" x1="{fmt(frame.x(first, low, high))}" '
            f'y1="{fmt(frame.y(slope * first + intercept, y_top))}" x2="{fmt(frame.x(last, low, high))}" '
            f'y2="{fmt(frame.y(slope * last + intercept, y_top))}"/>'
        )
    for p, x, y in shown:
        tip = f"<title>{escape(p.label)}</title>" if p.label else ""
        body.append(f'<circle class="dot" cx="{fmt(x)}" cy="{fmt(y)}" r="4">{tip}</circle>')
    for x, label in x_ticks:
        body.append(x_tick(frame, frame.x(x, low, high), label))
    body.append(x_axis(frame))
    return envelope(chart_id, title, description, body)

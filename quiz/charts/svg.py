"""Shared pieces of the charts: the plotting frame, axis numbers and the SVG envelope."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

__all__ = ["Frame", "envelope", "fmt", "nice_scale", "text", "y_axis"]

#: Width and height of a chart's coordinate system; the page scales it to fit.
WIDTH = 480
HEIGHT = 220


def fmt(value: float) -> str:
    """Return a coordinate with at most one decimal, without a trailing ``.0``."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


def nice_scale(value: float, *, ticks: int = 4, whole: bool = True) -> tuple[float, float]:
    """Return ``(top, step)`` of an axis from 0 that holds ``value`` in about ``ticks`` nice steps.

    Steps are 1, 2 or 5 times a power of ten (at least 1 when ``whole``, for counts).
    An empty or negative value still gives an axis from 0 to 1.
    """
    if value <= 0:
        return 1.0, 1.0 if whole else 0.25
    raw = value / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw - 1e-9 * power)
    if whole:
        step = max(step, 1.0)
    return round(step * math.ceil(value / step - 1e-9), 9), step


@dataclass(frozen=True, slots=True)
class Frame:
    """The plotting area inside a chart: margins leave room for the axis labels."""

    width: float = WIDTH
    height: float = HEIGHT
    left: float = 44
    right: float = 10
    top: float = 12
    bottom: float = 28

    @property
    def inner_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def inner_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def base(self) -> float:
        """The y coordinate of the x axis."""
        return self.height - self.bottom

    def y(self, value: float, top: float) -> float:
        """Map ``value`` on a scale from 0 to ``top`` to a y coordinate."""
        share = min(max(value / top, 0.0), 1.0) if top else 0.0
        return self.base - share * self.inner_height

    def x(self, value: float, low: float, high: float) -> float:
        """Map ``value`` on a scale from ``low`` to ``high`` to an x coordinate."""
        share = (value - low) / (high - low) if high > low else 0.5
        return self.left + min(max(share, 0.0), 1.0) * self.inner_width


def text(x: float, y: float, content: str, *, anchor: str = "middle", css: str = "") -> str:
    """Return an SVG ``<text>`` element with escaped content."""
    klass = f' class="{css}"' if css else ""
    return f'<text x="{fmt(x)}" y="{fmt(y)}" text-anchor="{anchor}"{klass}>{escape(content)}</text>'


def y_axis(frame: Frame, top: float, step: float, label: Callable[[float], str]) -> list[str]:
    """Return horizontal grid lines with their labels, every ``step`` from 0 to ``top``."""
    parts = []
    for i in range(round(top / step) + 1):
        value = i * step
        y = frame.y(value, top)
        parts.append(
            f'<line class="grid" x1="{fmt(frame.left)}" x2="{fmt(frame.width - frame.right)}" '
            f'y1="{fmt(y)}" y2="{fmt(y)}"/>'
        )
        parts.append(text(frame.left - 6, y + 4, label(value), anchor="end", css="tick"))
    return parts


def envelope(
    chart_id: str,
    title: str,
    description: str,
    body: Iterable[str],
    *,
    width: float = WIDTH,
    height: float = HEIGHT,
    css: str = "",
) -> Markup:
    """Wrap chart elements in an accessible, scalable ``<svg>``."""
    klass = f"chart {css}".strip()
    cid = escape(chart_id)
    return Markup(
        f'<svg class="{klass}" id="{cid}" viewBox="0 0 {fmt(width)} {fmt(height)}" width="100%" '
        f'role="img" aria-labelledby="{cid}-title {cid}-desc" preserveAspectRatio="xMidYMid meet">'
        f'<title id="{cid}-title">{escape(title)}</title><desc id="{cid}-desc">{escape(description)}</desc>'
        + "".join(body)
        + "</svg>"
    )

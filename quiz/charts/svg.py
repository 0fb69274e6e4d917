"""Shared pieces of the charts: the plotting frame, axis numbers and the SVG envelope.

Sizes are in the chart's own units (its ``viewBox``). A fluid chart is drawn
:data:`WIDTH` units wide and scaled to its container; the stylesheet keeps it
between a phone's width and about :data:`WIDTH` CSS pixels, so that text of
:data:`FONT` units never renders below 11 pixels (at 360 px of content it is
``16 * 330 / 480 = 11`` px) nor much above 17.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

__all__ = [
    "FONT",
    "HEIGHT",
    "WIDTH",
    "Frame",
    "axis_number",
    "envelope",
    "fmt",
    "nice_scale",
    "text",
    "text_width",
    "x_axis",
    "x_tick",
    "y_axis",
    "y_labels",
]

#: Width and height of a chart's coordinate system; the page scales it to fit.
WIDTH = 480
HEIGHT = 220
#: Size of chart text in chart units (the stylesheet sets the same: ``svg.chart text``).
FONT = 16
#: Widths of characters as shares of the text's size, generous enough for the widest
#: common sans-serif face (DejaVu Sans, Linux's usual fallback: digits 0.64 em,
#: "%" 0.95 em); Arial or Segoe UI draw narrower, so a label that fits here fits there.
NARROW, WIDE, CAPITAL, OTHER = 0.34, 0.98, 0.74, 0.64
_NARROW = frozenset(" .,:;'|!iljtf()[]-–·")
_WIDE = frozenset("mwMW%@")


def fmt(value: float) -> str:
    """Return a coordinate with at most one decimal, without a trailing ``.0``."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


def text_width(content: str, size: float = FONT) -> float:
    """Return how wide ``content`` may be drawn at ``size``, erring wide (for margins and overlaps)."""
    shares = (NARROW if c in _NARROW else WIDE if c in _WIDE else CAPITAL if c.isupper() else OTHER for c in content)
    return sum(shares) * size


def nice_scale(value: float, *, ticks: int = 4, whole: bool = True) -> tuple[float, float]:
    """Return ``(top, step)`` of an axis from 0 that holds ``value`` in about ``ticks`` nice steps.

    Steps are 1, 2 or 5 times a power of ten (at least 1 when ``whole``, for counts).
    An empty, negative or non-finite value still gives an axis from 0 to 1.
    """
    if not math.isfinite(value) or value <= 0:
        return 1.0, 1.0 if whole else 0.25
    raw = value / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw * (1 - 1e-9))
    if whole:
        step = max(step, 1.0)
    top = step * math.ceil(value / step * (1 - 1e-9))
    return float(f"{top:.12g}"), float(f"{step:.12g}")


def axis_number(step: float, top: float | None = None) -> Callable[[float], str]:
    """Return a formatter for the numbers of an axis going up by ``step`` (to ``top``).

    It shows as many decimals as the step needs and no more (a step of 0.02 gives
    "0.02, 0.04", of 0.5 "0.5, 1.0"), groups thousands, writes an axis reaching
    10,000 in thousands ("15k") and one reaching a million in millions ("2.5M"),
    and zero as "0". Beyond a billion, or with steps below 0.0001, it falls back to
    three significant digits ("2e+09", "5e-05").
    """
    highest = top if top is not None else step
    if highest >= 1e9 or step < 1e-4:
        return lambda value: f"{value:.3g}" if value else "0"
    scale, suffix = (1e6, "M") if highest >= 1e6 else (1e3, "k") if highest >= 1e4 else (1.0, "")
    unit = step / scale
    decimals = next((d for d in range(10) if abs(round(unit, d) - unit) <= unit * 1e-6), 9)

    def label(value: float) -> str:
        return f"{value / scale:,.{decimals}f}{suffix}" if value else "0"

    return label


@dataclass(frozen=True, slots=True)
class Frame:
    """The plotting area inside a chart: margins leave room for the axis labels."""

    width: float = WIDTH
    height: float = HEIGHT
    left: float = 44
    right: float = 12
    top: float = 14
    bottom: float = 30

    @classmethod
    def fitting(cls, labels: Sequence[str], *, caption: bool = False) -> Frame:
        """Return a frame whose left margin holds the widest of ``labels`` (the y axis numbers).

        Args:
            labels: The y axis labels.
            caption: Leave room above the plot for an axis caption (a unit).
        """
        widest = max((text_width(label) for label in labels), default=0.0)
        return cls(left=max(30.0, math.ceil(widest) + 10), top=34 if caption else 14)

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

    @property
    def end(self) -> float:
        """The x coordinate of the plot's right edge."""
        return self.width - self.right

    def y(self, value: float, top: float) -> float:
        """Map ``value`` on a scale from 0 to ``top`` to a y coordinate."""
        share = min(max(value / top, 0.0), 1.0) if top else 0.0
        return self.base - share * self.inner_height

    def x(self, value: float, low: float, high: float) -> float:
        """Map ``value`` on a scale from ``low`` to ``high`` to an x coordinate (the middle if the scale is a point)."""
        share = (value - low) / (high - low) if high > low else 0.5
        return self.left + min(max(share, 0.0), 1.0) * self.inner_width


def text(x: float, y: float, content: str, *, anchor: str = "middle", css: str = "") -> str:
    """Return an SVG ``<text>`` element with escaped content."""
    klass = f' class="{css}"' if css else ""
    return f'<text x="{fmt(x)}" y="{fmt(y)}" text-anchor="{anchor}"{klass}>{escape(content)}</text>'


def y_labels(top: float, step: float, label: Callable[[float], str]) -> list[str]:
    """Return the labels of a y axis from 0 to ``top`` every ``step``."""
    return [label(i * step) for i in range(round(top / step) + 1)]


def y_axis(frame: Frame, top: float, step: float, label: Callable[[float], str], *, caption: str = "") -> list[str]:
    """Return horizontal grid lines with their labels, every ``step`` from 0 to ``top``.

    Args:
        frame: The plotting area.
        top: The value at the top of the axis.
        step: The value between grid lines.
        label: Formats a value.
        caption: What the numbers count (a unit such as "minutes"), written above
            the axis; the frame must leave room for it (:meth:`Frame.fitting`).
    """
    parts = []
    for i, name in enumerate(y_labels(top, step, label)):
        y = frame.y(i * step, top)
        parts.append(f'<line class="grid" x1="{fmt(frame.left)}" x2="{fmt(frame.end)}" y1="{fmt(y)}" y2="{fmt(y)}"/>')
        parts.append(text(frame.left - 6, y + FONT * 0.35, name, anchor="end", css="tick y"))
    if caption:
        parts.append(text(2, frame.top - FONT, caption, anchor="start", css="tick caption"))
    return parts


def x_axis(frame: Frame) -> str:
    """Return the line of the x axis."""
    y = fmt(frame.base)
    return f'<line class="axis" x1="{fmt(frame.left)}" x2="{fmt(frame.end)}" y1="{y}" y2="{y}"/>'


def x_tick(frame: Frame, at: float, label: str) -> str:
    """Return a label under the x axis at ``at``, kept inside the picture (labels near an edge grow inwards)."""
    half = text_width(label) / 2
    anchor = "start" if at - half < 0 else "end" if at + half > frame.width else "middle"
    x = max(at, 0.0) if anchor == "start" else min(at, frame.width) if anchor == "end" else at
    return text(x, frame.base + FONT + 4, label, anchor=anchor, css="tick x")


def envelope(
    chart_id: str,
    title: str,
    description: str,
    body: Iterable[str],
    *,
    width: float = WIDTH,
    height: float = HEIGHT,
    css: str = "",
    fluid: bool = True,
) -> Markup:
    """Wrap chart elements in an accessible ``<svg>``.

    Args:
        fluid: Scale to the container's width (the default); otherwise draw one
            unit per CSS pixel (the page lets it scroll, as the calendar does).
    """
    klass = f"chart {css}".strip()
    cid = escape(chart_id)
    size = 'width="100%"' if fluid else f'width="{fmt(width)}" height="{fmt(height)}"'
    return Markup(
        f'<svg class="{klass}" id="{cid}" viewBox="0 0 {fmt(width)} {fmt(height)}" {size} '
        f'role="img" aria-labelledby="{cid}-title {cid}-desc" preserveAspectRatio="xMidYMid meet">'
        f'<title id="{cid}-title">{escape(title)}</title><desc id="{cid}-desc">{escape(description)}</desc>'
        + "".join(body)
        + "</svg>"
    )

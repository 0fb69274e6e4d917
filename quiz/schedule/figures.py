"""Charts of the memory model: the cost of each desired retention, and calibration.

Presentation only: plain data in, markup from :mod:`quiz.charts` out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup

from quiz import charts
from quiz.memory import WorkloadPoint
from quiz.memory.calibration import CalibrationBin

__all__ = ["calibration_chart", "workload_chart"]


def _retention_ticks(points: Sequence[WorkloadPoint]) -> list[tuple[float, str]]:
    return [
        (r / 100, f"{r / 100:.2f}") for r in range(70, 100, 5) if points[0].retention <= r / 100 <= points[-1].retention
    ]


def _quarters(value: float) -> float:
    """The top of an axis drawn in four steps, each step a round number (1, 2, 2.5, 4 or 5 times a power of ten)."""
    if value <= 0:
        return 4.0
    power = 10 ** math.floor(math.log10(value / 4))
    return 4 * next(m * power for m in (1, 2, 2.5, 4, 5, 10) if 4 * m * power >= value)


def workload_chart(points: Sequence[WorkloadPoint], suggested: float | None, current: float) -> Markup | None:
    """Reviews per day at each desired retention, with the suggested and the current one marked."""
    if not points:
        return None
    top = _quarters(max(p.reviews_per_day for p in points))
    markers = [(current, f"yours {current:.2f}")]
    if suggested is not None and abs(suggested - current) > 0.005:
        markers.append((suggested, f"suggested {suggested:.2f}"))
    cheapest = min(points, key=lambda p: p.reviews_per_day)
    dearest = max(points, key=lambda p: p.reviews_per_day)
    return charts.line_chart(
        [
            charts.Point(
                p.retention,
                p.reviews_per_day,
                f"{p.retention:.2f}: {p.reviews_per_day:.0f} reviews a day, {p.remembered:.0f} cards remembered",
            )
            for p in points
        ],
        x_range=(points[0].retention, points[-1].retention),
        x_ticks=_retention_ticks(points),
        chart_id="chart-workload",
        title="Reviews per day at each desired retention",
        description=(
            f"Simulated with your parameters over a year: from {cheapest.reviews_per_day:.0f} reviews a day at "
            f"{cheapest.retention:.2f} to {dearest.reviews_per_day:.0f} at {dearest.retention:.2f}"
            + (f"; {suggested:.2f} keeps the most knowledge per minute." if suggested is not None else ".")
        ),
        y_top=top,
        number=(lambda v: f"{v:,.0f}") if top >= 4 else (lambda v: f"{v:.1f}"),
        markers=markers,
    )


def calibration_chart(bins: Sequence[CalibrationBin]) -> Markup:
    """Actual recall against predicted recall, one point per bin, with the ideal diagonal."""
    reviews = sum(b.count for b in bins)
    worst = max(bins, key=lambda b: abs(b.actual - b.predicted) * (b.count >= 20), default=None)
    gap = (
        f" The largest gap among bins of 20 reviews or more: predicted {worst.predicted:.0%},"
        f" actual {worst.actual:.0%}."
        if worst is not None and worst.count >= 20
        else ""
    )
    return charts.line_chart(
        [
            charts.Point(
                b.predicted,
                b.actual,
                f"predicted {b.low:.0%}–{b.high:.0%}: recalled {b.actual:.0%} of {b.count}"
                f" (mean prediction {b.predicted:.0%})",
            )
            for b in bins
        ],
        x_range=(0.0, 1.0),
        x_ticks=[(x / 4, f"{x / 4:.0%}") for x in range(5)],
        chart_id="chart-calibration",
        title="Predicted against actual recall",
        description=(
            f"{reviews} reviews a day or more after the previous one, grouped by the recall FSRS predicted.{gap}"
        ),
        connect=False,
        diagonal=True,
    )

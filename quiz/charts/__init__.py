"""Server-rendered SVG charts: bars, lines, horizontal bars and a calendar heatmap.

Pure: plain data in, SVG markup out; no Flask, no database, no JavaScript and no
external asset. Every chart scales to its container (``viewBox``, width 100%),
carries ``role="img"`` with a ``<title>`` and ``<desc>``, and takes its colours
from CSS classes so the page's stylesheet decides them. Pages put a data table
beside each chart for readers who cannot see it.
"""

from quiz.charts.bars import Series, bar_chart, meter_chart
from quiz.charts.calendar import calendar_heatmap, heat_level
from quiz.charts.lines import Point, line_chart, linear_trend
from quiz.charts.svg import nice_scale

__all__ = [
    "Point",
    "Series",
    "bar_chart",
    "calendar_heatmap",
    "heat_level",
    "line_chart",
    "linear_trend",
    "meter_chart",
    "nice_scale",
]

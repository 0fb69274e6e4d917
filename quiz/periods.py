"""The spans a progress page can cover: the last 7, 30, 90 or 365 study days, or everything.

Pure: no Flask, no database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["DEFAULT", "PERIODS", "Period", "bucket_days", "period"]


@dataclass(frozen=True, slots=True)
class Period:
    """A span of study days ending today.

    Attributes:
        key: Its name in URLs (``?range=30``).
        days: How many study days, today included; None for all history.
        label: Its name for people.
    """

    key: str
    days: int | None
    label: str


PERIODS = (
    Period("7", 7, "7 days"),
    Period("30", 30, "30 days"),
    Period("90", 90, "90 days"),
    Period("365", 365, "365 days"),
    Period("all", None, "all time"),
)
DEFAULT = PERIODS[1]
_BY_KEY = {p.key: p for p in PERIODS}

#: Charts show at most about this many bars or points.
MAX_BUCKETS = 120


def period(key: str | None) -> Period:
    """Return the period called ``key``, or the default (30 days) for anything else."""
    return _BY_KEY.get(key or "", DEFAULT)


def bucket_days(span: int) -> int:
    """Return how many days each bar of a chart over ``span`` days should hold.

    One day per bar up to :data:`MAX_BUCKETS` days; beyond, whole weeks, as few
    as keep the bars under that number.
    """
    if span <= MAX_BUCKETS:
        return 1
    return 7 * math.ceil(span / (7 * MAX_BUCKETS))

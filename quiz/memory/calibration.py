"""Calibration: how predicted recall compares with actual recall, in bins of prediction.

A well-calibrated model's reviews predicted at 80% are passed about 80% of the
time. Pure: pairs of (prediction, recalled) in, bins out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["BINS", "CalibrationBin", "bin_index", "calibration_bins", "from_sums"]

#: Bins of equal width over predicted recall from 0 to 1.
BINS = 20


@dataclass(frozen=True, slots=True)
class CalibrationBin:
    """Reviews whose predicted recall fell in ``[low, high)``.

    Attributes:
        low: Lower edge of the bin.
        high: Upper edge (1.0 included in the last bin).
        predicted: Mean predicted recall of its reviews.
        actual: Share of its reviews recalled (rated above Again).
        count: Reviews in the bin.
    """

    low: float
    high: float
    predicted: float
    actual: float
    count: int


def bin_index(predicted: float, bins: int = BINS) -> int:
    """Return the bin a prediction falls in (predictions of exactly 1 go in the last one)."""
    return min(max(int(predicted * bins), 0), bins - 1)


def from_sums(sums: Iterable[tuple[int, float, float, int]], *, bins: int = BINS) -> list[CalibrationBin]:
    """Return bins from ``(bin index, sum of predictions, reviews recalled, reviews)`` rows, lowest first.

    Lets a database do the sums; empty bins are left out.
    """
    return [
        CalibrationBin(i / bins, (i + 1) / bins, predicted / n, recalled / n, int(n))
        for i, predicted, recalled, n in sorted(sums)
        if n
    ]


def calibration_bins(pairs: Iterable[tuple[float, bool]], *, bins: int = BINS) -> list[CalibrationBin]:
    """Group ``(predicted recall, recalled)`` pairs into bins of prediction; empty bins are left out."""
    sums: dict[int, list[float]] = {}
    for predicted, recalled in pairs:
        total = sums.setdefault(bin_index(predicted, bins), [0.0, 0.0, 0])
        total[0] += predicted
        total[1] += 1.0 if recalled else 0.0
        total[2] += 1
    return from_sums(((i, p, a, int(n)) for i, (p, a, n) in sums.items()), bins=bins)

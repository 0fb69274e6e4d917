"""Number study days so that a database can group instants by day, DST included.

A learner's study day (:mod:`quiz.days`) lasts 24 hours, except across a
daylight-saving change, when it lasts 23 or 25 hours (23½ or 24½ in a few
zones). Between two changes the days are regular, so the study day of an instant
is an affine function of its UTC epoch seconds::

    day_number = (epoch_seconds - piece.offset) // 86400

where ``day_number`` is the study date's ordinal (``date.toordinal()``) and the
offset is constant over a piece of the time line. :func:`pieces` cuts a span of
study days into such pieces, using :func:`quiz.days.day_start` for every
boundary: one piece per run of regular days, and one more for the extra hour of a
long day. :mod:`quiz.services.sqldays` turns them into SQL.

Pure: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from quiz.days import day_start

__all__ = ["DAY_SECONDS", "Piece", "pieces"]

DAY_SECONDS = 86_400
_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Piece:
    """A part of the time line on which study-day numbers are affine in epoch seconds.

    Attributes:
        start: UTC instant at which the piece begins; it lasts until the next
            piece begins.
        offset: Seconds such that ``(epoch - offset) // 86400`` is the ordinal of
            the study date of any instant (in whole epoch seconds) in the piece.
    """

    start: datetime
    offset: int


def _offset(start: datetime, day: date) -> int:
    """The offset that numbers the 24 hours from ``start`` as ``day``."""
    return int(start.timestamp() // 1) - day.toordinal() * DAY_SECONDS


@lru_cache(maxsize=256)
def pieces(tz: str, start_hour: int, first: date, last: date) -> tuple[Piece, ...]:
    """Return the pieces covering study days ``first`` to ``last``.

    The last piece also holds later days up to the next clock change after
    ``last``; instants before the start of ``first`` are not covered.

    Args:
        tz: IANA time zone name of the learner.
        start_hour: Local hour at which a study day begins.
        first: The first study day to cover.
        last: The last study day to cover (inclusive).

    Returns:
        Pieces in time order, the first starting when ``first`` starts.
    """
    start = day_start(first, tz, start_hour)
    result = [Piece(start, _offset(start, first))]
    day = first
    while day <= last:
        following = day_start(day + _DAY, tz, start_hour)
        if following - start != _DAY:
            if following - start > _DAY:
                # A long day: its hours past the 24th still belong to it.
                result.append(Piece(start + _DAY, _offset(start + _DAY, day)))
            result.append(Piece(following, _offset(following, day + _DAY)))
        day, start = day + _DAY, following
    return tuple(result)

"""SQL expressions for study days, on SQLite and PostgreSQL alike.

The UTC bounds of every study day come from :mod:`quiz.days` (cut into pieces by
:func:`quiz.daymap.pieces`); the database only does integer arithmetic on epoch
seconds, so grouping by day stays in SQL and stays right across daylight-saving
changes. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from quiz import daymap
from quiz.days import study_date
from quiz.models import User, UTCDateTime

__all__ = ["Zone", "day_number", "epoch_seconds", "per_zone", "zone_day_number", "zone_pieces"]

#: A learner's time zone name and the hour their study day starts.
Zone = tuple[str, int]


class epoch_seconds(FunctionElement[int]):  # noqa: N801 (named like the SQL it stands for)
    """Whole seconds since 1970-01-01 UTC of a :class:`~quiz.models.UTCDateTime` value."""

    type = sa.BigInteger()
    inherit_cache = True


@compiles(epoch_seconds, "sqlite")
def _epoch_sqlite(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite keeps UTC datetimes as text, 'YYYY-MM-DD HH:MM:SS.ffffff'. Its date
    # functions round the fraction to milliseconds (23:59:59.9999 would become the
    # next day), so the fraction is cut off before parsing.
    return f"CAST(strftime('%s', substr({compiler.process(element.clauses, **kw)}, 1, 19)) AS INTEGER)"


@compiles(epoch_seconds)
def _epoch_default(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(FLOOR(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})) AS BIGINT)"


def day_number(column: sa.ColumnElement[datetime], pieces: Sequence[daymap.Piece]) -> sa.ColumnElement[int]:
    """Return SQL for the ordinal of the study date of each instant in ``column``.

    Args:
        column: A UTC datetime column.
        pieces: From :func:`quiz.daymap.pieces`, covering the instants.

    Returns:
        An integer expression; ``date.fromordinal`` turns a value back into a date.
    """
    seconds = epoch_seconds(column)

    def number(piece: daymap.Piece) -> sa.ColumnElement[int]:
        return (seconds - piece.offset) // daymap.DAY_SECONDS

    if len(pieces) == 1:
        return number(pieces[0])
    # Newest piece first: recent instants, the common case, match at once. The
    # WHEN conditions compare stored values (text on SQLite), so each row's date
    # is parsed once, by the THEN that matches.
    whens = [(column >= sa.literal(piece.start, UTCDateTime), number(piece)) for piece in reversed(pieces[1:])]
    return sa.case(*whens, else_=number(pieces[0]))


def zone_pieces(zones: Sequence[Zone], first: datetime, last: datetime) -> dict[Zone, tuple[daymap.Piece, ...]]:
    """Return, for each zone, the pieces covering the study days from ``first`` to ``last``."""
    return {
        (tz, hour): daymap.pieces(tz, hour, study_date(first, tz, hour), study_date(last, tz, hour))
        for tz, hour in zones
    }


def per_zone(values: Mapping[Zone, Any], type_: sa.types.TypeEngine[Any] | None = None) -> sa.ColumnElement[Any]:
    """Return SQL picking, for each row's user, the value given for that user's zone.

    The query must have :class:`~quiz.models.User` in its FROM clause. Values may be
    SQL expressions or plain values (bound with ``type_``); a user whose zone is
    missing from ``values`` gets the last one.
    """

    def value(item: Any) -> sa.ColumnElement[Any]:
        return item if isinstance(item, sa.ColumnElement) else sa.literal(item, type_)

    items = list(values.items())
    if len(items) == 1:
        return value(items[0][1])
    return sa.case(
        *[(sa.and_(User.timezone == tz, User.day_start_hour == hour), value(v)) for (tz, hour), v in items[:-1]],
        else_=value(items[-1][1]),
    )


def zone_day_number(
    column: sa.ColumnElement[datetime], pieces: Mapping[Zone, Sequence[daymap.Piece]]
) -> sa.ColumnElement[int]:
    """Return SQL for the study-day ordinal of ``column`` in each row's user's own zone."""
    return per_zone({zone: day_number(column, p) for zone, p in pieces.items()})

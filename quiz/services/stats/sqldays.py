"""Study days in SQL: tables of UTC bounds, per-zone values, epoch seconds.

A learner's study days (:mod:`quiz.days`) are computed in Python, DST
included, and handed to the database as a small table of numbered spans
``(n, begins, ends)``. Queries then join reviews or cards to it on
``begins <= time < ends``: with an index on ``(user_id, time)`` each span is
one index range, so grouping by day costs no date arithmetic in SQL and works
the same on SQLite and PostgreSQL. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from quiz.days import day_start
from quiz.extensions import db
from quiz.models import User, UTCDateTime

__all__ = ["Span", "Zone", "bucket_spans", "day_spans", "epoch_seconds", "per_zone", "spans_table", "zones_of"]

#: A learner's time zone name and the hour their study day starts.
Zone = tuple[str, int]
#: A numbered span of time: ``(n, begins, ends)``, ends excluded.
Span = tuple[int, datetime, datetime]


def day_spans(first: date, last: date, tz: str, hour: int) -> list[Span]:
    """Return one span per study day from ``first`` to ``last``, numbered by the date's ordinal."""
    days = (last - first).days + 1
    starts = [day_start(first + timedelta(days=i), tz, hour) for i in range(days + 1)]
    return [((first + timedelta(days=i)).toordinal(), starts[i], starts[i + 1]) for i in range(days)]


def bucket_spans(first: date, last: date, size: int, tz: str, hour: int) -> list[Span]:
    """Return spans of ``size`` study days ending on ``last``, numbered 0 (the latest), 1, ... back to ``first``.

    The earliest span may hold fewer days, so that every span starts on or after ``first``.
    """
    spans = []
    end, n = last + timedelta(days=1), 0
    while end > first:
        begin = max(end - timedelta(days=size), first)
        spans.append((n, day_start(begin, tz, hour), day_start(end, tz, hour)))
        end, n = begin, n + 1
    return spans


def spans_table(spans: Sequence[Span], name: str) -> sa.CTE:
    """Return the spans as a CTE with columns ``n``, ``begins`` and ``ends`` (at least one span)."""
    table = sa.values(
        sa.column("n", sa.Integer), sa.column("begins", UTCDateTime), sa.column("ends", UTCDateTime), name=name
    )
    return table.data(list(spans)).cte(name)


def zones_of(users: sa.ColumnElement[bool]) -> list[Zone]:
    """Return the distinct (time zone, day-start hour) of the users matching ``users``."""
    rows = db.session.execute(sa.select(User.timezone, User.day_start_hour).where(users).distinct())
    return [(tz, hour) for tz, hour in rows]


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


class epoch_seconds(FunctionElement[int]):  # noqa: N801 (named like the SQL it stands for)
    """Whole seconds since 1970-01-01 UTC of a :class:`~quiz.models.UTCDateTime` value."""

    type = sa.BigInteger()
    inherit_cache = True


@compiles(epoch_seconds, "sqlite")
def _epoch_sqlite(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite keeps UTC datetimes as text, 'YYYY-MM-DD HH:MM:SS.ffffff'. Its date
    # functions round the fraction to milliseconds (23:59:59.9999 would become the
    # next second, or day), so the fraction is cut off before parsing.
    return f"CAST(strftime('%s', substr({compiler.process(element.clauses, **kw)}, 1, 19)) AS INTEGER)"


@compiles(epoch_seconds)
def _epoch_default(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(FLOOR(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})) AS BIGINT)"

"""Study days: a learner's day starts at an hour of their choosing in their zone.

As in Anki, a day that starts at 4 a.m. lets a late-night session count toward
the day it belongs to. Pure functions of aware datetimes; no Flask, no database.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

__all__ = ["day_bounds", "day_start", "study_date", "time_zones", "zone"]


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """Return the zone called ``name`` (cached; unknown names raise KeyError-like errors)."""
    return ZoneInfo(name)


@lru_cache(maxsize=1)
def time_zones() -> tuple[str, ...]:
    """Return every IANA zone name this machine knows, sorted."""
    return tuple(sorted(available_timezones()))


def study_date(instant: datetime, tz: str, start_hour: int) -> date:
    """Return the study day ``instant`` belongs to.

    Args:
        instant: An aware datetime.
        tz: IANA time zone name of the learner.
        start_hour: Local hour (0-23) at which a study day begins.
    """
    local = instant.astimezone(zone(tz))
    day = (local - timedelta(hours=start_hour)).date()
    # The wall clock and day_start() disagree where a change of offset jumps over
    # the start hour (Antarctica/Troll moves two hours at 1 a.m.): day_start(),
    # which bounds every day, decides.
    while instant < day_start(day, tz, start_hour):
        day -= timedelta(days=1)
    while instant >= day_start(day + timedelta(days=1), tz, start_hour):
        day += timedelta(days=1)
    return day


def day_start(day: date, tz: str, start_hour: int) -> datetime:
    """Return the UTC instant at which study day ``day`` begins.

    Args:
        day: The study day (as :func:`study_date` names it).
        tz: IANA time zone name of the learner.
        start_hour: Local hour at which a study day begins.
    """
    return datetime.combine(day, time(start_hour), tzinfo=zone(tz)).astimezone(UTC)


def day_bounds(instant: datetime, tz: str, start_hour: int, *, offset: int = 0) -> tuple[datetime, datetime]:
    """Return the UTC start (inclusive) and end (exclusive) of a study day.

    Args:
        instant: An aware datetime inside the day of interest.
        tz: IANA time zone name of the learner.
        start_hour: Local hour at which a study day begins.
        offset: Days after (or before, if negative) the day holding ``instant``.

    Returns:
        ``(start, end)`` in UTC. Across a daylight-saving change a day lasts 23
        or 25 hours.
    """
    day = study_date(instant, tz, start_hour) + timedelta(days=offset)
    return day_start(day, tz, start_hour), day_start(day + timedelta(days=1), tz, start_hour)

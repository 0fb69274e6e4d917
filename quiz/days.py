"""Study days: a learner's day starts at an hour of their choosing in their zone.

As in Anki, a day that starts at 4 a.m. lets a late-night session count toward
the day it belongs to. Pure functions of aware datetimes; no Flask, no database.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

__all__ = ["day_bounds", "day_start", "study_date", "time_zones", "zone", "zone_groups"]


@lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo:
    """Return the zone called ``name`` (cached; unknown names raise KeyError-like errors)."""
    return ZoneInfo(name)


@lru_cache(maxsize=1)
def time_zones() -> tuple[str, ...]:
    """Return every IANA zone name this machine knows, sorted."""
    return tuple(sorted(available_timezones()))


#: Regions of IANA zone names, in the order a settings list shows them; other names
#: (``US/Eastern``, ``Etc/GMT+3``, ``Japan``) come last under "Other names".
REGIONS = {
    "Africa": "Africa",
    "America": "Americas",
    "Antarctica": "Antarctica",
    "Arctic": "Arctic",
    "Asia": "Asia",
    "Atlantic": "Atlantic Ocean",
    "Australia": "Australia",
    "Europe": "Europe",
    "Indian": "Indian Ocean",
    "Pacific": "Pacific",
}


def _offset(delta: timedelta | None) -> str:
    minutes = round((delta or timedelta()).total_seconds() / 60)
    sign = "+" if minutes >= 0 else "\u2212"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def zone_groups(now: datetime) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return every zone grouped by region for a choice list, each with its offset at ``now``.

    The list is built once an hour (offsets change on the hour, give or take a
    few zones' half hours) and shared: building it reads every zone.

    Returns:
        ``[(group label, [(zone name, label), ...]), ...]``: UTC first, then the
        regions of :data:`REGIONS` with their places sorted by name
        (``"Vilnius (UTC+02:00)"``, ``"Argentina / Buenos Aires (UTC\u221203:00)"``),
        then every other name the machine knows.
    """
    return _zone_groups(now.astimezone(UTC).replace(minute=0, second=0, microsecond=0))


@lru_cache(maxsize=2)
def _zone_groups(hour: datetime) -> list[tuple[str, list[tuple[str, str]]]]:
    now = hour
    groups: dict[str, list[tuple[str, str]]] = {"UTC": [("UTC", "UTC (Coordinated Universal Time)")]}
    groups.update((label, []) for label in REGIONS.values())
    other: list[tuple[str, str]] = []
    for name in time_zones():
        if name == "UTC":
            continue
        offset = _offset(now.astimezone(zone(name)).utcoffset())
        region, _, place = name.partition("/")
        if region in REGIONS and place:
            groups[REGIONS[region]].append((name, f"{place.replace('_', ' ').replace('/', ' / ')} ({offset})"))
        else:
            other.append((name, f"{name} ({offset})"))
    listed = [(label, sorted(zones, key=lambda z: z[1])) for label, zones in groups.items() if zones]
    return [*listed, ("Other names", other)] if other else listed


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

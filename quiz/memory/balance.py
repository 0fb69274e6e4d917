"""Load balancing and easy days: which day, within the fuzz range, a review interval lands on.

FSRS gives an interval in days; fuzz then moves it a few percent either way so
that cards learned together spread out (the same ranges in ``fsrs`` and in
Anki: none below 2.5 days, then +-15% up to a week, +-10% up to 20 days and
+-5% beyond, plus one day). These two comforts pick the day inside that range
instead of leaving it to chance, so the card is never due much earlier or
later than FSRS wants:

- **Easy days**: days of the week the learner wants lighter. Any other day of
  the range is taken first; an easy day only when the whole range is easy.
- **Load balancing**: of the remaining days, the one with the fewest cards
  already due, nearest the unfuzzed interval on a tie. Each card then fills
  the emptiest day, so days with similar intervals even out. Past
  :data:`MAX_BALANCED_INTERVAL` days the load of a far-off day hardly matters
  (Anki stops at the same point) and the day is drawn at random, like fuzz.

Unlike Anki, which draws a day with weights, the choice of the emptiest day is
deterministic; the draws that remain use a seed from the card, so a review
replayed with the same clock lands on the same day. Pure: plain data in, a
number of days out.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection, Mapping

__all__ = ["MAX_BALANCED_INTERVAL", "balanced_interval", "fuzz_range"]

#: Beyond this many days, load balancing leaves the day to chance.
MAX_BALANCED_INTERVAL = 90

_FUZZ_STEPS = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, float("inf"), 0.05))


def fuzz_range(interval: float, *, maximum: int = 36500) -> tuple[int, int]:
    """Return the first and last day fuzz may move an interval of ``interval`` days to.

    The same ranges as ``fsrs``'s scheduler and Anki; intervals under 2.5 days
    are not moved.
    """
    if interval < 2.5:
        day = min(max(round(interval), 1), maximum)
        return day, day
    delta = 1.0 + sum(factor * max(min(interval, end) - start, 0.0) for start, end, factor in _FUZZ_STEPS)
    low = min(max(round(interval - delta), 2), maximum)
    high = min(round(interval + delta), maximum)
    return low, max(high, low)


def balanced_interval(
    interval: float,
    *,
    weekday: Callable[[int], int],
    easy_days: Collection[int] = (),
    due: Mapping[int, int] | None = None,
    seed: int | str = 0,
    maximum: int = 36500,
) -> int:
    """Return the day, counted from today, an interval of ``interval`` days should land on.

    Args:
        interval: The unfuzzed FSRS interval in days.
        weekday: The weekday (Monday 0 to Sunday 6) of the day so many days from today.
        easy_days: Weekdays the learner wants lighter.
        due: Cards already due on each day of the range (days from today);
            None when load balancing is off.
        seed: Makes the random choices (far-off days, balancing off)
            repeatable: the card's id and review count, say.
        maximum: The longest interval allowed.
    """
    low, high = fuzz_range(interval, maximum=maximum)
    days = list(range(low, high + 1))
    if len(days) == 1:
        return low
    ordinary = [d for d in days if weekday(d) not in easy_days]
    if ordinary:
        days = ordinary
    if due is not None and interval <= MAX_BALANCED_INTERVAL:
        return min(days, key=lambda d: (due.get(d, 0), abs(d - interval), d))
    return random.Random(f"balance:{seed}").choice(days)

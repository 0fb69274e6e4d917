"""Load balancing and easy days, with a fixed clock: pure tests of the day chosen."""

import random
from collections import Counter
from datetime import date, timedelta

import pytest
from fsrs import Scheduler

from quiz.memory import MAX_BALANCED_INTERVAL, balanced_interval, fuzz_range

MONDAY = date(2026, 3, 2)


def weekday(days: int) -> int:
    return (MONDAY + timedelta(days=days)).weekday()


@pytest.mark.parametrize("interval", [1, 2, 3, 5, 8, 13, 21, 40, 90, 200, 1000])
def test_the_range_is_fsrs_fuzz_range(interval):
    # fsrs's scheduler computes the same bounds; its draw rounds a uniform number
    # between low and high + 1, so it can land one day past the upper bound. The
    # draws come from the random module: seeded, so that 600 draws surely reach
    # both ends of the widest range (about 100 days at 1,000).
    scheduler = Scheduler()
    random.seed(interval)
    drawn = {scheduler._get_fuzzed_interval(interval=timedelta(days=interval)).days for _ in range(600)}
    low, high = fuzz_range(interval)
    if interval < 3:
        assert drawn == {interval} == {low} == {high}
    else:
        assert min(drawn) == low and max(drawn) in (high, high + 1)


def test_short_intervals_are_left_alone():
    for interval in (1, 2):
        assert balanced_interval(interval, weekday=weekday, easy_days={0, 1, 2}, due={}) == interval


def test_load_balancing_keeps_days_even():
    """Sixty cards all given 10 days: each goes to the emptiest day of 8..12 (days start uneven)."""
    due = Counter({8: 9, 9: 2, 10: 14, 11: 0, 12: 5})
    for card in range(60):
        due[balanced_interval(10, weekday=weekday, due=due, seed=card)] += 1
    counts = [due[d] for d in range(8, 13)]
    assert sum(counts) == 30 + 60
    assert max(counts) - min(counts) <= 1
    # Without balancing, fuzz alone leaves them as uneven as chance makes them.
    chance = Counter({8: 9, 9: 2, 10: 14, 11: 0, 12: 5})
    for card in range(60):
        chance[balanced_interval(10, weekday=weekday, due=None, seed=card)] += 1
    assert max(chance.values()) - min(chance.values()) > 1


def test_a_tie_goes_to_the_day_nearest_the_interval():
    assert balanced_interval(10, weekday=weekday, due={}) == 10
    assert balanced_interval(10, weekday=weekday, due={8: 2, 9: 1, 10: 3, 11: 1, 12: 2}) == 9


def test_easy_days_are_avoided_when_the_range_allows():
    # 6 days from Monday is Sunday; the range of 6 is 4..8 (Friday to Tuesday).
    assert fuzz_range(6) == (4, 8)
    weekend = {5, 6}
    for seed in range(50):
        assert weekday(balanced_interval(6, weekday=weekday, easy_days=weekend, seed=seed)) not in weekend
        busy = {4: 40, 7: 40, 8: 40}  # even when the weekdays are busier
        assert balanced_interval(6, weekday=weekday, easy_days=weekend, due=busy, seed=seed) == 7
    # A range made only of easy days still gives a day in it.
    assert fuzz_range(3) == (2, 4)
    assert balanced_interval(3, weekday=weekday, easy_days={2, 3, 4}, due={}) in (2, 3, 4)


def test_easy_days_get_fewer_reviews_over_many_cards():
    due: Counter[int] = Counter()
    for card in range(700):
        interval = 4 + card % 40
        due[balanced_interval(interval, weekday=weekday, easy_days={5, 6}, due=due, seed=card)] += 1
    by_weekday = Counter()
    for day, n in due.items():
        by_weekday[weekday(day)] += n
    assert max(by_weekday[5], by_weekday[6]) < min(by_weekday[d] for d in range(5)) / 3


def test_the_choice_is_repeatable_and_stays_in_range_beyond_the_balanced_intervals():
    interval = MAX_BALANCED_INTERVAL + 50
    low, high = fuzz_range(interval)
    picks = [balanced_interval(interval, weekday=weekday, due={low: 100}, seed=s) for s in range(30)]
    assert all(low <= p <= high for p in picks)
    assert len(set(picks)) > 1  # far days are drawn, not balanced
    assert picks == [balanced_interval(interval, weekday=weekday, due={low: 100}, seed=s) for s in range(30)]

"""Review log -> training items: study days, same-day steps, resets."""

from datetime import UTC, datetime, timedelta

from quiz.memory import ReviewEvent, training_items
from quiz.memory.history import card_histories

T0 = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)  # a Monday evening


def ev(card, rating, at, state=2):
    return ReviewEvent(card, rating, at, 5000, state)


def test_days_are_counted_in_the_learners_study_days():
    # 20:00 UTC, then 01:00 UTC: one day apart in UTC calendar days, but in New York
    # with a 4 a.m. start both fall on the same study day (15:00 and 20:00 local).
    events = [ev(1, 3, T0, None), ev(1, 3, T0 + timedelta(hours=5)), ev(1, 3, T0 + timedelta(days=3))]
    utc = training_items(events, timezone="UTC", day_start_hour=0)
    assert [item.reviews for item in utc] == [((3, 0), (3, 1)), ((3, 0), (3, 1), (3, 2))]
    new_york = training_items(events, timezone="America/New_York", day_start_hour=4)
    # The same-day review stays in the history with 0 days but is not predicted.
    assert [item.reviews for item in new_york] == [((3, 0), (3, 0), (3, 3))]


def test_items_follow_the_order_of_the_reviews_across_cards():
    events = [
        ev(2, 3, T0 + timedelta(days=1), None),
        ev(1, 1, T0, None),
        ev(2, 4, T0 + timedelta(days=4)),
        ev(1, 3, T0 + timedelta(days=2)),
    ]
    items = training_items(events, timezone="UTC", day_start_hour=4)
    assert [(i.card, i.at) for i in items] == [(1, T0 + timedelta(days=2)), (2, T0 + timedelta(days=4))]
    assert [i.recalled for i in items] == [True, True]


def test_a_reset_card_starts_a_fresh_history_and_a_card_without_a_start_is_left_out():
    events = [
        ev(1, 3, T0, None),
        ev(1, 1, T0 + timedelta(days=5)),
        ev(1, 4, T0 + timedelta(days=6), None),  # answer changed: the card was new again
        ev(1, 3, T0 + timedelta(days=9)),
        ev(2, 3, T0 + timedelta(days=2)),  # its first review was undone
        ev(2, 3, T0 + timedelta(days=4)),
    ]
    assert [e.at for e in card_histories(events)[1]] == [T0 + timedelta(days=6), T0 + timedelta(days=9)]
    items = training_items(events, timezone="UTC", day_start_hour=4)
    assert [i.reviews for i in items] == [((4, 0), (3, 3))]

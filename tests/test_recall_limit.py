"""recall_limit: the elapsed-days/stability ratio where fsrs's predicted recall crosses a target."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quiz.scheduling import CardState, State, recall_limit, retrievability

START = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("target", [0.7, 0.85, 0.9, 0.97])
@pytest.mark.parametrize("stability", [0.5, 2.0, 30.0, 400.0])
def test_recall_is_above_the_target_up_to_the_limit_and_below_after(target, stability):
    card = CardState(State.Review, None, stability, 5.0, START, START)
    days = int(stability * recall_limit(target))
    assert retrievability(card, START + timedelta(days=days), desired_retention=0.9) >= target
    assert retrievability(card, START + timedelta(days=days + 1), desired_retention=0.9) < target


def test_at_90_percent_the_limit_is_the_stability_itself():
    # FSRS defines stability as the interval after which recall has fallen to 90%.
    assert recall_limit(0.9) == pytest.approx(1.0)
    assert recall_limit(0.97) < recall_limit(0.9) < recall_limit(0.7)

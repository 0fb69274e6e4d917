"""Both scheduler paths give the same intervals for the same parameters.

quiz schedules with ``fsrs`` (py-fsrs's ``Scheduler``); the optimizer and the
simulator are ``fsrs-rs-python``, which has a scheduler of its own
(``FSRS.next_states``). For fitted parameters, both must agree on the memory
state after each rating and on the interval in days it gives, or the
parameters would mean something else where they are used than where they were
fitted.
"""

from datetime import UTC, datetime, timedelta

import fsrs_rs_python as rs
import pytest
from fsrs import Card, Rating, Scheduler, State

from quiz.memory import DEFAULT_PARAMETERS, fit

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
STABILITIES = (0.4, 1.5, 4.0, 12.0, 45.0, 180.0, 900.0)
DIFFICULTIES = (1.0, 3.5, 6.0, 9.5)
ELAPSED = (1, 3, 9, 30, 120)


@pytest.fixture(scope="module")
def fitted(shared_items) -> tuple[float, ...]:
    return fit(shared_items).parameters


@pytest.mark.parametrize("which", ["fitted", "defaults"])
@pytest.mark.parametrize("retention", [0.8, 0.9, 0.95])
def test_py_fsrs_and_fsrs_rs_agree_on_review_states_and_intervals(which, retention, fitted, request):
    parameters = fitted if which == "fitted" else DEFAULT_PARAMETERS
    python = Scheduler(parameters=parameters, desired_retention=retention, enable_fuzzing=False)
    rust = rs.FSRS(list(parameters))
    compared = 0
    for stability in STABILITIES:
        for difficulty in DIFFICULTIES:
            for days in ELAPSED:
                card = Card(
                    card_id=1, state=State.Review, stability=stability, difficulty=difficulty, due=T0, last_review=T0
                )
                now = T0 + timedelta(days=days)
                states = rust.next_states(rs.MemoryState(stability, difficulty), retention, days)
                for rating, expected in zip(Rating, (states.again, states.hard, states.good, states.easy), strict=True):
                    after, _ = python.review_card(card, rating, now)
                    assert after.stability == pytest.approx(expected.memory.stability, rel=2e-4)
                    assert after.difficulty == pytest.approx(expected.memory.difficulty, rel=2e-4, abs=1e-4)
                    if rating == Rating.Again:
                        continue  # py-fsrs relearns for 10 minutes first; the memory state is what counts
                    interval = (after.due - now).days
                    assert interval == max(1, round(expected.interval)) or abs(expected.interval % 1 - 0.5) < 1e-3
                    compared += 1
    assert compared == len(STABILITIES) * len(DIFFICULTIES) * len(ELAPSED) * 3


def test_a_new_card_starts_the_same_way(fitted):
    python = Scheduler(parameters=fitted, enable_fuzzing=False, learning_steps=())
    states = rs.FSRS(list(fitted)).next_states(None, 0.9, 0)
    for rating, expected in zip(Rating, (states.again, states.hard, states.good, states.easy), strict=True):
        after, _ = python.review_card(Card(card_id=1, due=T0), rating, T0)
        assert after.stability == pytest.approx(expected.memory.stability, rel=2e-4)
        assert after.difficulty == pytest.approx(expected.memory.difficulty, rel=2e-4)
        assert (after.due - T0).days == max(1, round(expected.interval))

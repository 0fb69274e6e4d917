"""Simulated workload at each desired retention, and the habits it is simulated with."""

from datetime import UTC, datetime

import pytest

from quiz.memory import DEFAULT_PARAMETERS, ReviewEvent, best, study_habits, workload
from quiz.memory.workload import RETENTIONS

T = datetime(2026, 1, 1, tzinfo=UTC)


def test_habits_come_from_the_learners_log_and_lean_on_the_defaults_when_it_is_thin(shared_events):
    habits = study_habits(shared_events)
    assert sum(habits.first_rating) == pytest.approx(1) and sum(habits.review_rating) == pytest.approx(1)
    firsts = [e.rating for e in shared_events if e.state_before is None]
    assert habits.first_rating[0] == pytest.approx(firsts.count(1) / len(firsts), abs=0.01)
    thin = study_habits([ReviewEvent(1, 3, T, 600_000, 2)])
    assert 10 < thin.costs[1][2] < 600  # one 10-minute answer does not make every review cost 10 minutes
    assert study_habits([]).costs == study_habits([ReviewEvent(1, 3, T, 0, 2)]).costs  # no time recorded


@pytest.fixture(scope="module")
def points(shared_events):
    return workload(DEFAULT_PARAMETERS, study_habits(shared_events), deck_size=300, new_per_day=10, days=120)


def test_a_higher_retention_costs_more_reviews_and_keeps_more(points):
    assert [p.retention for p in points] == list(RETENTIONS)
    low, high = points[0], points[-1]
    assert high.reviews_per_day > 2 * low.reviews_per_day
    assert high.remembered > low.remembered
    assert all(p.minutes_per_day > 0 and p.per_minute > 0 for p in points)


def test_the_suggestion_keeps_the_most_knowledge_per_minute(points):
    suggested = best(points)
    assert suggested.per_minute == max(p.per_minute for p in points)
    assert 0.70 <= suggested.retention <= 0.97
    assert best([]) is None


def test_nothing_is_simulated_without_new_cards(shared_events):
    habits = study_habits(shared_events)
    assert workload(DEFAULT_PARAMETERS, habits, deck_size=300, new_per_day=0) == []
    assert workload(DEFAULT_PARAMETERS, habits, deck_size=0, new_per_day=10) == []

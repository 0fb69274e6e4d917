"""What a desired retention costs: reviews per day and knowledge kept, simulated with a learner's parameters.

As Anki's "compute optimal retention" does, the simulator of ``fsrs-rs-python``
plays a year of study of the learner's bank, introducing their daily number
of new cards, with their parameters, their first ratings, their share of
Hard, Good and Easy and the seconds they take per answer, once per desired
retention. Each run gives the reviews and minutes per day and the cards
remembered at the end; the retention that keeps the most knowledge per
minute of study is the one to suggest. Every run uses the same random seed,
so the differences between retentions are not noise between runs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import fsrs_rs_python as rs

from quiz.memory.history import ReviewEvent

__all__ = ["RETENTIONS", "SIMULATED_DAYS", "StudyHabits", "WorkloadPoint", "best", "study_habits", "workload"]

#: The desired retentions simulated: every hundredth the settings accept.
RETENTIONS: tuple[float, ...] = tuple(round(0.70 + 0.01 * i, 2) for i in range(28))
#: Days of study simulated, as Anki's default.
SIMULATED_DAYS = 365
#: Answers above 20 minutes are not study time (the learner walked away), as in fsrs-rs.
LONGEST_ANSWER_MS = 20 * 60 * 1000
#: How many observations the defaults weigh when blended with a learner's own few.
PRIOR_WEIGHT = 10
SEED = 42

_DEFAULTS = rs.default_simulator_config()


@dataclass(frozen=True, slots=True)
class StudyHabits:
    """How a learner answers, as the simulator needs it.

    Attributes:
        first_rating: Shares of Again, Hard, Good and Easy at a card's first review.
        review_rating: Shares of Hard, Good and Easy among passed reviews.
        costs: Seconds per answer, by state (learning, review, relearning) and
            rating (Again to Easy).
    """

    first_rating: tuple[float, float, float, float]
    review_rating: tuple[float, float, float]
    costs: tuple[tuple[float, float, float, float], ...]


def _blend(counts: Sequence[float], prior: Sequence[float]) -> tuple[float, ...]:
    total = sum(counts)
    blended = [(n + PRIOR_WEIGHT * p) / (total + PRIOR_WEIGHT) for n, p in zip(counts, prior, strict=True)]
    scale = sum(blended)
    return tuple(b / scale for b in blended)


def study_habits(events: Iterable[ReviewEvent]) -> StudyHabits:
    """Return a learner's habits from their review log, leaning on fsrs-rs's defaults where it is thin."""
    first = [0, 0, 0, 0]
    passed = [0, 0, 0]
    seconds: dict[tuple[int, int], list[float]] = defaultdict(list)
    for event in events:
        if event.state_before is None:
            first[event.rating - 1] += 1
        elif event.state_before == 2 and event.rating > 1:
            passed[event.rating - 2] += 1
        if 0 < event.duration_ms <= LONGEST_ANSWER_MS:
            state = {None: 0, 1: 0, 2: 1, 3: 2}.get(event.state_before, 0)
            seconds[state, event.rating - 1].append(event.duration_ms / 1000)
    costs = tuple(
        tuple(
            (sum(seconds[s, r]) + PRIOR_WEIGHT * _DEFAULTS.state_rating_costs[s][r])
            / (len(seconds[s, r]) + PRIOR_WEIGHT)
            for r in range(4)
        )
        for s in range(3)
    )
    return StudyHabits(
        first_rating=_blend(first, _DEFAULTS.first_rating_prob),  # type: ignore[arg-type]
        review_rating=_blend(passed, _DEFAULTS.review_rating_prob),  # type: ignore[arg-type]
        costs=costs,  # type: ignore[arg-type]
    )


@dataclass(frozen=True, slots=True)
class WorkloadPoint:
    """The simulated cost and yield of one desired retention.

    Attributes:
        retention: The desired retention.
        reviews_per_day: Reviews of cards already learned, per day on average.
        minutes_per_day: Minutes of study per day on average, new cards included.
        remembered: Cards expected to be remembered at the end of the year.
        per_minute: Cards remembered per minute of study over the year.
    """

    retention: float
    reviews_per_day: float
    minutes_per_day: float
    remembered: float
    per_minute: float


def _config(habits: StudyHabits, deck_size: int, new_per_day: int, days: int) -> rs.SimulatorConfig:
    config = rs.default_simulator_config()
    config.deck_size = deck_size
    config.learn_span = days
    config.learn_limit = new_per_day
    config.max_cost_perday = 1e9
    config.first_rating_prob = list(habits.first_rating)
    config.review_rating_prob = list(habits.review_rating)
    config.state_rating_costs = [list(row) for row in habits.costs]
    return config


def workload(
    parameters: Sequence[float],
    habits: StudyHabits,
    *,
    deck_size: int,
    new_per_day: int,
    days: int = SIMULATED_DAYS,
    retentions: Sequence[float] = RETENTIONS,
) -> list[WorkloadPoint]:
    """Simulate ``days`` of study at each desired retention.

    Args:
        parameters: The learner's FSRS parameters.
        habits: Their ratings and answer times (:func:`study_habits`).
        deck_size: Cards to learn (the bank's active questions).
        new_per_day: New cards introduced per day.
        days: Days simulated.
        retentions: The desired retentions to simulate.

    Returns:
        One point per retention, in the order given; empty when nothing would
        be learned (no cards, or no new cards a day).
    """
    if deck_size <= 0 or new_per_day <= 0 or days <= 0:
        return []
    config = _config(habits, deck_size, new_per_day, days)
    points = []
    for retention in retentions:
        run = rs.simulate(list(parameters), retention, config, SEED)
        minutes = sum(run.cost_per_day) / 60
        remembered = float(run.memorized_cnt_per_day[-1])
        points.append(
            WorkloadPoint(
                retention=retention,
                reviews_per_day=sum(run.review_cnt_per_day) / days,
                minutes_per_day=minutes / days,
                remembered=remembered,
                per_minute=remembered / minutes if minutes else 0.0,
            )
        )
    return points


def best(points: Sequence[WorkloadPoint]) -> WorkloadPoint | None:
    """Return the point that keeps the most knowledge per minute of study (the lower retention on a tie)."""
    return max(points, key=lambda p: (p.per_minute, -p.retention), default=None)

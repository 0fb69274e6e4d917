"""Spaced-repetition scheduling through the ``fsrs`` package.

Pure: no Flask, no database. The app keeps a card's memory state as plain
:class:`CardState` values; this module turns them into ``fsrs.Card`` objects,
lets ``fsrs.Scheduler`` do every calculation, and turns the result back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from fsrs import Card, Rating, Scheduler, State

__all__ = [
    "CardState",
    "Rating",
    "State",
    "format_interval",
    "new_card",
    "preview",
    "recall_limit",
    "retrievability",
    "review",
    "scheduler",
    "suggested_rating",
]


@dataclass(frozen=True, slots=True)
class CardState:
    """A card's memory state, field for field as ``fsrs.Card`` keeps it."""

    state: State
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None

    def to_fsrs(self) -> Card:
        """Return an equivalent ``fsrs.Card``."""
        # card_id is not used for scheduling; passing one stops fsrs from making
        # one out of the clock (which sleeps a millisecond).
        return Card(
            card_id=0,
            state=self.state,
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
        )

    @classmethod
    def from_fsrs(cls, card: Card) -> CardState:
        """Return the state held by an ``fsrs.Card``."""
        return cls(
            state=State(card.state),
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due=card.due,
            last_review=card.last_review,
        )


def new_card(now: datetime) -> CardState:
    """Return the state of a card never reviewed, due at ``now``."""
    return CardState(State.Learning, 0, None, None, now, None)


@lru_cache(maxsize=64)
def scheduler(desired_retention: float, *, fuzz: bool = True) -> Scheduler:
    """Return a scheduler with the default FSRS parameters.

    Args:
        desired_retention: Target probability of recall at the due time.
        fuzz: Spread long intervals by a few percent so that cards learned
            together do not stay together for ever (as Anki does).

    Returns:
        A shared ``fsrs.Scheduler``; it holds no per-card state.
    """
    return Scheduler(desired_retention=desired_retention, enable_fuzzing=fuzz)


def review(
    card: CardState | None,
    rating: Rating,
    now: datetime,
    *,
    desired_retention: float,
    fuzz: bool = True,
) -> CardState:
    """Apply one rating to a card.

    Args:
        card: The state before the review, or None for a new card.
        rating: How well the learner recalled the answer.
        now: When the review happened (aware, UTC).
        desired_retention: The learner's target retention.
        fuzz: Whether to fuzz the new interval.

    Returns:
        The state after the review.
    """
    before = (card or new_card(now)).to_fsrs()
    after, _log = scheduler(desired_retention, fuzz=fuzz).review_card(before, rating, now)
    return CardState.from_fsrs(after)


def preview(card: CardState | None, now: datetime, *, desired_retention: float) -> dict[Rating, timedelta]:
    """Return the interval each rating would give, without fuzz.

    The intervals are what the rating buttons show. The review itself adds a few
    percent of fuzz to intervals of several days, so the label is the expected
    value rather than the exact one.
    """
    return {
        rating: review(card, rating, now, desired_retention=desired_retention, fuzz=False).due - now
        for rating in Rating
    }


def retrievability(card: CardState, now: datetime, *, desired_retention: float) -> float:
    """Return the predicted probability of recalling ``card`` at ``now``."""
    return scheduler(desired_retention).get_card_retrievability(card.to_fsrs(), now)


@lru_cache(maxsize=64)
def recall_limit(target: float) -> float:
    """Return the largest ratio of elapsed days to stability at which predicted recall is still >= ``target``.

    fsrs predicts recall from the whole days elapsed since the last review and the
    card's stability alone, and the prediction falls as days pass. So
    ``retrievability(card, now) >= target`` exactly when
    ``elapsed_whole_days <= stability * recall_limit(target)``, which lets a
    database count the cards above a target without evaluating the forgetting
    curve itself. The limit is found by bisection on fsrs's own curve: with the
    days fixed, recall rises with stability.

    Args:
        target: A probability of recall, above 0 and below 1.
    """
    days = 1000
    start = datetime(2000, 1, 1, tzinfo=UTC)

    def recall(stability: float) -> float:
        card = CardState(State.Review, None, stability, 5.0, start, start)
        return retrievability(card, start + timedelta(days=days), desired_retention=0.9)

    low, high = 1e-6, 1e12  # recall(low) < target <= recall(high)
    for _ in range(200):
        middle = (low * high) ** 0.5
        if recall(middle) >= target:
            high = middle
        else:
            low = middle
        if high - low <= high * 1e-15:
            break
    return days / high


def suggested_rating(correct: bool) -> Rating:
    """Return the rating an answer check suggests: Good when right, Again when wrong."""
    return Rating.Good if correct else Rating.Again


def format_interval(interval: timedelta) -> str:
    """Return a short human label for an interval, as Anki writes them.

    ``"< 1 min"``, ``"10 min"``, ``"5 h"``, ``"3 d"``, ``"1.5 mo"``, ``"2 y"``: minutes
    below an hour, hours below a day, days below a month, then months and years
    to one decimal (without a trailing ``.0``).
    """
    seconds = max(interval.total_seconds(), 0.0)
    if seconds < 59.5:
        return "< 1 min"
    if seconds < 3570:
        return f"{round(seconds / 60)} min"
    if seconds < 86400 - 1800:
        return f"{round(seconds / 3600)} h"
    days = seconds / 86400
    if days < 29.5:
        return f"{round(days)} d"
    if days < 365:
        return f"{days / 30.4:.1f} mo".replace(".0 mo", " mo")
    return f"{days / 365.25:.1f} y".replace(".0 y", " y")

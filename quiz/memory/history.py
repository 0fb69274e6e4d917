"""A learner's review log as the optimizer reads it: one training item per review on a later day.

FSRS learns from reviews made on a later study day than the card's previous
review: each such review is a training item holding the card's whole history
up to it, as ``(rating, days since the previous review)`` pairs, days counted
in the learner's study days (their zone, their day-start hour). Same-day
reviews (learning steps) stay in the history, with 0 days, but are not
predicted. A card reset to new (its answer changed) starts a fresh history,
as Anki drops the reviews before a reset.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from quiz.days import study_date

__all__ = ["ReviewEvent", "TrainingItem", "card_histories", "training_items"]


@dataclass(frozen=True, slots=True)
class ReviewEvent:
    """One rating from the review log.

    Attributes:
        card: The card (question) rated.
        rating: 1 Again, 2 Hard, 3 Good, 4 Easy.
        at: When (aware, UTC).
        duration_ms: Time spent answering.
        state_before: The card's FSRS state before the review (1 learning,
            2 review, 3 relearning), or None when it was new: the first review,
            or the first after a reset.
    """

    card: int
    rating: int
    at: datetime
    duration_ms: int = 0
    state_before: int | None = None


@dataclass(frozen=True, slots=True)
class TrainingItem:
    """One review to predict, with the card's history up to it.

    Attributes:
        card: The card reviewed.
        at: When the review to predict happened.
        reviews: ``(rating, days since the previous review)`` from the card's
            first review to this one; the first has 0 days, the last more than 0.
    """

    card: int
    at: datetime
    reviews: tuple[tuple[int, int], ...]

    @property
    def recalled(self) -> bool:
        """Whether the reviewed card was recalled (rated above Again)."""
        return self.reviews[-1][0] > 1


def card_histories(events: Iterable[ReviewEvent]) -> dict[int, list[ReviewEvent]]:
    """Group events by card, oldest first, each from the card's latest start as new.

    Cards whose history does not begin with a review of the card as new (their
    first review was undone, say) are left out, as Anki leaves out cards
    without a learning step.
    """
    grouped: dict[int, list[ReviewEvent]] = defaultdict(list)
    for event in events:
        grouped[event.card].append(event)
    histories = {}
    for card, reviews in grouped.items():
        reviews.sort(key=lambda e: e.at)
        starts = [i for i, e in enumerate(reviews) if e.state_before is None]
        if starts:
            histories[card] = reviews[starts[-1] :]
    return histories


def training_items(events: Iterable[ReviewEvent], *, timezone: str, day_start_hour: int) -> list[TrainingItem]:
    """Return the training items of a review log, in the order the reviews happened.

    Args:
        events: The learner's reviews that count (undone ones left out), any order.
        timezone: The learner's IANA time zone.
        day_start_hour: The local hour their study day starts.
    """
    items = []
    days: dict[int, int] = {}
    for card, history in card_histories(events).items():
        items.extend(_card_items(card, history, timezone, day_start_hour, days))
    items.sort(key=lambda item: (item.at, item.card))
    return items


#: Study days start on a whole local hour and every zone's offset is a multiple
#: of 15 minutes, so all instants of one 15-minute UTC slot share a study day.
_SLOT = 900


def _card_items(
    card: int, history: Sequence[ReviewEvent], timezone: str, hour: int, days: dict[int, int]
) -> list[TrainingItem]:
    items = []
    reviews: list[tuple[int, int]] = []
    previous = None
    for event in history:
        slot = int(event.at.timestamp()) // _SLOT
        day = days.get(slot)
        if day is None:
            day = days[slot] = study_date(event.at, timezone, hour).toordinal()
        elapsed = 0 if previous is None else day - previous
        reviews.append((event.rating, elapsed))
        if previous is not None and elapsed > 0:
            items.append(TrainingItem(card, event.at, tuple(reviews)))
        previous = day
    return items

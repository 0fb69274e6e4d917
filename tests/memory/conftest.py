"""The shared learner's log (../shared/data, read in place) as review events."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest

from quiz.memory import ReviewEvent, training_items

LOG = Path(__file__).resolve().parents[3] / "shared" / "data" / "fsrs_review_logs_12580.csv"


def read_events(until: datetime | None = None) -> list[ReviewEvent]:
    """The log's reviews (before ``until``), a card's first review marking it new."""
    if not LOG.exists():
        pytest.fail(f"{LOG} not found: the shared review log is needed (see ../shared/data/README.md)")
    seen: set[int] = set()
    events = []
    with LOG.open() as handle:
        for row in csv.DictReader(handle):
            at = datetime.fromisoformat(row["review_time"])
            if until is not None and at >= until:
                continue
            card = int(row["card_id"])
            state = 2 if card in seen else None
            events.append(ReviewEvent(card, int(row["review_rating"]), at, int(row["review_duration"]), state))
            seen.add(card)
    return events


@pytest.fixture(scope="session")
def shared_events() -> list[ReviewEvent]:
    return read_events()


@pytest.fixture(scope="session")
def shared_items(shared_events):
    return training_items(shared_events, timezone="UTC", day_start_hour=4)

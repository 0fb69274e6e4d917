"""The scheduling service with a fixed clock: FSRS through the fsrs package."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from quiz.models import Card, Question, User
from quiz.scheduling import CardState, Rating, State, format_interval, preview, retrievability, review

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def graduated(rating: Rating = Rating.Good) -> CardState:
    """A card taken through its learning steps into review."""
    card = review(None, Rating.Good, NOW, desired_retention=0.9, fuzz=False)
    return review(card, rating, card.due, desired_retention=0.9, fuzz=False)


def test_good_pushes_a_card_later_than_hard():
    card = graduated()
    later = card.due + timedelta(days=1)
    hard = review(card, Rating.Hard, later, desired_retention=0.9, fuzz=False)
    good = review(card, Rating.Good, later, desired_retention=0.9, fuzz=False)
    easy = review(card, Rating.Easy, later, desired_retention=0.9, fuzz=False)
    assert hard.due < good.due < easy.due
    assert good.due - later >= timedelta(days=2)


def test_again_brings_a_card_back_within_minutes():
    card = graduated()
    assert card.state == State.Review
    later = card.due + timedelta(days=3)
    lapsed = review(card, Rating.Again, later, desired_retention=0.9, fuzz=False)
    assert lapsed.state == State.Relearning
    assert timedelta(0) < lapsed.due - later <= timedelta(minutes=10)


def test_a_new_card_rated_again_returns_in_a_minute():
    card = review(None, Rating.Again, NOW, desired_retention=0.9, fuzz=False)
    assert card.state == State.Learning
    assert card.due - NOW == timedelta(minutes=1)


def test_higher_desired_retention_gives_shorter_intervals():
    card = graduated()
    later = card.due
    relaxed = review(card, Rating.Good, later, desired_retention=0.80, fuzz=False)
    strict = review(card, Rating.Good, later, desired_retention=0.95, fuzz=False)
    assert strict.due < relaxed.due


def test_preview_matches_what_a_review_does_without_fuzz():
    card = graduated()
    later = card.due + timedelta(hours=5)
    shown = preview(card, later, desired_retention=0.9)
    for rating in Rating:
        assert later + shown[rating] == review(card, rating, later, desired_retention=0.9, fuzz=False).due


def test_fuzz_keeps_intervals_near_the_unfuzzed_one():
    card = graduated()
    later = card.due + timedelta(days=20)
    plain = review(card, Rating.Good, later, desired_retention=0.9, fuzz=False).due - later
    for _ in range(20):
        fuzzed = review(card, Rating.Good, later, desired_retention=0.9).due - later
        assert abs(fuzzed - plain) <= plain * 0.15 + timedelta(days=1)


def test_recall_probability_falls_with_time():
    card = graduated()
    assert retrievability(card, card.last_review, desired_retention=0.9) == pytest.approx(1.0)
    at_due = retrievability(card, card.due, desired_retention=0.9)
    assert at_due == pytest.approx(0.9, abs=0.02)
    assert retrievability(card, card.due + timedelta(days=30), desired_retention=0.9) < at_due


def test_card_state_survives_a_save_and_reload_unchanged(app):
    from quiz.extensions import db

    card = graduated(Rating.Hard)
    card = review(card, Rating.Good, card.due + timedelta(days=2), desired_retention=0.9)
    with app.app_context():
        user = User(username="saver", password_hash="x")
        db.session.add(user)
        db.session.flush()
        question_id = db.session.scalar(sa.select(Question.id).limit(1))
        db.session.add(
            Card(
                user_id=user.id,
                question_id=question_id,
                state=card.state.value,
                step=card.step,
                stability=card.stability,
                difficulty=card.difficulty,
                due=card.due,
                last_review=card.last_review,
            )
        )
        db.session.commit()
        key = (user.id, question_id)
        db.session.remove()
    with app.app_context():
        row = db.session.get(Card, key)
        from quiz.services.learning.study import card_state

        reloaded = card_state(row)
        db.session.remove()
    assert reloaded == card
    assert reloaded.due.tzinfo is not None
    # And the reloaded state schedules exactly like the original.
    later = card.due + timedelta(days=1)
    assert review(reloaded, Rating.Good, later, desired_retention=0.9, fuzz=False) == review(
        card, Rating.Good, later, desired_retention=0.9, fuzz=False
    )


@pytest.mark.parametrize(
    ("delta", "label"),
    [
        (timedelta(seconds=30), "< 1 min"),
        (timedelta(minutes=1), "1 min"),
        (timedelta(minutes=10), "10 min"),
        (timedelta(minutes=59, seconds=50), "1 h"),
        (timedelta(hours=5), "5 h"),
        (timedelta(hours=23, minutes=50), "1 d"),
        (timedelta(days=3), "3 d"),
        (timedelta(days=29, hours=23), "1 mo"),
        (timedelta(days=45), "1.5 mo"),
        (timedelta(days=61), "2 mo"),
        (timedelta(days=365), "1 y"),
        (timedelta(days=600), "1.6 y"),
    ],
)
def test_interval_labels(delta, label):
    assert format_interval(delta) == label

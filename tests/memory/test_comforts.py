"""Load balancing and easy days in the study loop, with a fixed clock, and their settings."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from quiz.days import study_date
from quiz.extensions import db
from quiz.models import Card, Question, User
from quiz.scheduling import Rating, State
from quiz.services.accounts.users import create_user, load_session_user
from quiz.services.learning.study import record_review
from tests.support import PASSWORD, csrf_token

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # a Monday afternoon, study day starting at 4 a.m. UTC
CARDS = 120


def seed_learner(app, *, load_balance: bool, easy_days: int) -> int:
    """A learner with CARDS review cards, all due now, stability 9 days, last seen 9 days ago."""
    with app.app_context():
        user = create_user("bal", PASSWORD)
        user.load_balance, user.easy_days = load_balance, easy_days
        deck = db.session.scalar(sa.select(Question.deck_id))
        db.session.execute(
            sa.insert(Question),
            [
                {"key": f"b{i}", "deck_id": deck, "position": 50 + i, "type": "flashcard", "prompt": f"Q{i}"}
                | {"answer": "-"}
                for i in range(CARDS)
            ],
        )
        ids = db.session.scalars(sa.select(Question.id).where(Question.key.like("b%"))).all()
        db.session.execute(
            sa.insert(Card),
            [
                {
                    "user_id": user.id,
                    "question_id": q,
                    "state": State.Review.value,
                    "step": None,
                    "stability": 9.0,
                    "difficulty": 5.0,
                    "due": NOW - timedelta(hours=1),
                    "last_review": NOW - timedelta(days=9),
                    "reps": 3,
                }
                for q in ids
            ],
        )
        db.session.commit()
        user_id = user.id
        db.session.remove()
    return user_id


def rate_all(app, user_id: int) -> Counter[int]:
    """Rate every card Good at NOW (as the study page would); return cards per study day from today."""
    with app.app_context():
        user = db.session.get(User, user_id)
        learner = load_session_user(f"{user.id}:{user.session_version}")
        for q in db.session.scalars(sa.select(Card.question_id).where(Card.user_id == user_id)).all():
            assert record_review(learner, q, Rating.Good, seen_reps=3, now=NOW) is not None
        dues = db.session.scalars(sa.select(Card.due).where(Card.user_id == user_id)).all()
        today = study_date(NOW, "UTC", 4)
        db.session.remove()
    return Counter((study_date(d, "UTC", 4) - today).days for d in dues)


def test_without_comforts_fuzz_spreads_the_cards_unevenly(app):
    days = rate_all(app, seed_learner(app, load_balance=False, easy_days=0))
    assert sum(days.values()) == CARDS and len(days) > 3
    assert max(days.values()) - min(days.values()) > 3


def test_load_balancing_keeps_the_days_even(app):
    days = rate_all(app, seed_learner(app, load_balance=True, easy_days=0))
    assert sum(days.values()) == CARDS and len(days) > 3
    assert max(days.values()) - min(days.values()) <= 1


def test_easy_days_get_no_card_their_range_can_avoid(app):
    weekend = 1 << 5 | 1 << 6
    days = rate_all(app, seed_learner(app, load_balance=True, easy_days=weekend))
    weekdays = Counter()
    for day, n in days.items():
        weekdays[(NOW.date() + timedelta(days=day)).weekday()] += n
    assert sum(days.values()) == CARDS
    assert weekdays[5] == weekdays[6] == 0
    spread = [weekdays[d] for d in range(7) if d < 5 and weekdays[d]]
    assert max(spread) - min(spread) <= 1


def test_the_settings_page_saves_the_comforts(client, accounts, query):
    accounts.register("ada")
    page = client.get("/settings").data.decode()
    assert 'id="comforts-form"' in page and 'name="load_balance"' in page
    token = csrf_token(client.get("/settings").data)
    response = client.post(
        "/settings/memory/comforts", data={"csrf_token": token, "load_balance": "y", "easy_days": ["5", "6"]}
    )
    assert response.status_code == 303
    assert query(lambda s: s.execute(sa.select(User.load_balance, User.easy_days)).one()) == (True, 1 << 5 | 1 << 6)
    page = client.get("/settings").data.decode()
    assert "Scheduling saved" in page
    assert '<input checked id="load_balance"' in page
    assert '<input checked id="easy_days-5"' in page and '<input checked id="easy_days-6"' in page
    assert page.count("<input checked") == 3


@pytest.mark.parametrize(
    ("days", "message"),
    [(["7"], "Choose easy days from the days of the week."), ([str(d) for d in range(7)], "Leave at least one day")],
)
def test_impossible_easy_days_are_refused(client, accounts, query, days, message):
    accounts.register("ada")
    token = csrf_token(client.get("/settings").data)
    client.post("/settings/memory/comforts", data={"csrf_token": token, "easy_days": days})
    assert message in client.get("/settings").data.decode()
    assert query(lambda s: s.execute(sa.select(User.load_balance, User.easy_days)).one()) == (False, 0)


def test_the_suggested_retention_can_be_adopted_and_nonsense_is_refused(client, accounts, query):
    accounts.register("ada")
    token = csrf_token(client.get("/settings").data)
    client.post("/settings/memory/retention", data={"csrf_token": token, "retention": "0.84"})
    assert query(lambda s: s.scalar(sa.select(User.desired_retention))) == 0.84
    for bad in ("0.5", "abc", ""):
        client.post("/settings/memory/retention", data={"csrf_token": token, "retention": bad})
        assert query(lambda s: s.scalar(sa.select(User.desired_retention))) == 0.84
    assert client.post("/settings/memory/optimize", data={}).status_code == 400  # no CSRF token

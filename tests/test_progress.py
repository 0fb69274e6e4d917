"""The first-cut progress page shows the numbers a learner's history implies."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Question, User
from quiz.scheduling import Rating
from quiz.services.learning.study import record_review
from quiz.services.stats.progress import overview
from tests.support import csrf_token


def figure(html: bytes, element_id: str) -> str:
    return re.search(rb'id="' + element_id.encode() + rb'">([^<]*)<', html).group(1).decode()


def settle_day_boundary(client) -> None:
    """Move the learner's day start half a day away from now.

    A learning card is due ten minutes after it is rated; run a few minutes
    before the study day rolls over, it would land on "tomorrow".
    """
    hour = (datetime.now(UTC).hour + 12) % 24
    token = csrf_token(client.get("/settings").data)
    form = {"desired_retention": "0.9", "new_per_day": "20", "timezone": "UTC", "day_start_hour": str(hour)}
    assert client.post("/settings", data=form | {"csrf_token": token}).status_code == 303


def test_progress_page_counts_what_was_studied(accounts, studier, client):
    accounts.register()
    settle_day_boundary(client)
    page = client.get("/progress").data
    assert (figure(page, "cards-new"), figure(page, "cards-learning"), figure(page, "cards-review")) == ("6", "0", "0")
    assert figure(page, "accuracy-7") == "–"
    studier.rate(3, studier.answer("March 3, 1921"))  # right, learning
    studier.rate(1, studier.answer("$99"))  # wrong, learning
    studier.rate(4, studier.answer("Ravel Border Accord"))  # right, Easy: straight to review
    page = client.get("/progress").data
    assert figure(page, "cards-new") == "3"
    assert figure(page, "cards-learning") == "2"
    assert figure(page, "cards-review") == "1"
    assert figure(page, "reviews-today") == "3"
    assert figure(page, "accuracy-7") == "67%"
    # The forecast covers 30 days. The two learning cards are due today; the Easy
    # one in about 8 days, which FSRS's fuzz spreads over 6.2 to 9.8 days.
    rows = re.findall(rb"<tr><th scope=\"row\">([^<]*)</th><td>(\d+)</td></tr>", page.split(b'id="forecast"')[1])
    assert len(rows) == 30 and rows[0] == (b"Today", b"2")
    counts = [int(n) for _, n in rows]
    assert counts[1:6] == [0] * 5 and sum(counts[6:12]) == 1 and sum(counts) == 3, counts


def test_accuracy_windows_and_forecast_by_hand(app):
    """A fixed history: 10 reviews 20 days ago (4 right) and 4 in the last week (3 right)."""
    now = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
    with app.app_context():
        user = User(username="hand", password_hash="x", timezone="UTC", day_start_hour=4)
        db.session.add(user)
        db.session.commit()
        questions = db.session.scalars(sa.select(Question.id).order_by(Question.position)).all()
        old = now - timedelta(days=20)
        for i in range(10):
            # Each review on a fresh card would exhaust six questions; reuse them.
            qid = questions[i % len(questions)]
            reps = i // len(questions)
            record_review(
                user,
                qid,
                Rating.Good if i < 4 else Rating.Again,
                seen_reps=reps,
                now=old + timedelta(minutes=i),
                correct=i < 4,
            )
        recent = now - timedelta(days=2)
        for i in range(4):
            card_reps = (10 + i) // len(questions)
            record_review(
                user,
                questions[(10 + i) % len(questions)],
                Rating.Good,
                seen_reps=card_reps,
                now=recent + timedelta(minutes=i),
                correct=i != 0,
            )
        stats = overview(user, now)
        db.session.remove()
    assert stats.reviews_7 == 4 and stats.accuracy_7 == 0.75
    assert stats.reviews_30 == 14 and stats.accuracy_30 == 7 / 14
    assert stats.reviews_today == 0
    assert len(stats.forecast) == 7 and stats.forecast[0][0].isoformat() == "2026-11-25"


def test_progress_is_per_learner(accounts, studier, client):
    accounts.register("ada")
    studier.rate(3, studier.answer("March 3, 1921"))
    accounts.logout()
    accounts.register("bob")
    page = client.get("/progress").data
    assert figure(page, "reviews-today") == "0" and figure(page, "cards-new") == "6"

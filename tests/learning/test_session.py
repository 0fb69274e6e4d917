"""A session: the progress bar of today's cards, the end-of-session summary, what comes next."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import User
from quiz.services.learning import queue
from tests.support import csrf_token


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def progress(html: bytes) -> tuple[int, int]:
    match = re.search(rb'<progress id="today-progress" max="(\d+)" value="(\d+)"', html)
    assert match, "no progress bar"
    return int(match.group(2)), int(match.group(1))


def test_the_progress_bar_counts_done_due_and_new(accounts, studier):
    accounts.register()
    card = studier.card()
    assert progress(card["html"]) == (0, 6)
    assert b"Due <strong>0</strong> \xc2\xb7 New <strong>6</strong> \xc2\xb7 Done <strong>0</strong>" in card["html"]
    side = studier.answer("March 3, 1921")
    assert progress(side["html"]) == (0, 6)  # the answer side shows the same bar
    studier.rate(3, side)  # Good: a learning card, due again in 10 minutes
    card = studier.card()
    # One done; the sibling of the card just rated waits until tomorrow, so four new are left.
    assert b"Due <strong>0</strong> \xc2\xb7 New <strong>4</strong> \xc2\xb7 Done <strong>1</strong>" in card["html"]
    assert progress(card["html"]) == (1, 5)
    assert b'aria-label="Today: 1 of 5 cards done"' in card["html"]


def test_the_session_ends_with_a_summary_and_what_comes_next(app, accounts, studier):
    accounts.register()
    with app.app_context():
        db.session.execute(sa.update(User).values(new_per_day=2))
        db.session.commit()
    studier.rate(3, studier.answer("March 3, 1921"))  # right; Good: back in 10 minutes
    studier.rate(1, studier.answer("$1 million"))  # wrong; Again: back in a minute
    done = studier.card()
    assert done["done"]
    html = done["html"].decode()
    assert "Done for now" in html
    assert re.search(r'id="summary-cards">2<', html) and re.search(r'id="summary-reviews">2<', html)
    assert re.search(r'id="summary-accuracy">50%<', html)
    assert "Your next card is due at" in html
    # The page brings the card up by itself, a few seconds after it falls due; without a script, a link.
    wait = int(re.search(r'data-refresh-in="(\d+)"', html).group(1))
    assert 0 < wait <= 60
    assert 'id="check-again"' in html and ">Check again</a>" in html
    assert "http-equiv" not in html
    # Four new cards wait beyond today's limit of two: the page offers more.
    assert "4 new cards wait beyond today" in html
    token = csrf_token(done["html"])
    response = studier.client.post("/study/custom/more-new", data={"more_new": "10", "csrf_token": token})
    assert response.status_code == 303
    assert not studier.card()["done"]


def test_the_outlook_after_the_day_is_done(history):
    ada = history.learner("ada", tz="America/New_York", hour=4)

    def limit(n):
        def change():
            db.session.get(User, ada).new_per_day = n
            db.session.commit()

        history._run(change)

    limit(1)
    history.review(ada, "relations-date", 4, utc(3, 10, 14), correct=True)  # Easy: due in days
    now = utc(3, 10, 15)
    assert history.call(queue.next_card, ada, now) is None
    out = history.call(queue.outlook, ada, now)
    # Nothing more today: tomorrow's study day starts at 4 a.m. New York time with one new card.
    assert out.next_at == utc(3, 11, 8) == out.tomorrow_starts
    assert not out.learning_next
    assert (out.tomorrow_due, out.tomorrow_new, out.new_left) == (0, 1, 5)
    assert out.summary.reviews == 1 and out.summary.accuracy == 1.0
    # No new cards at all, only that review card: the next card is due on the study day of its due date.
    limit(0)
    out = history.call(queue.outlook, ada, now)
    assert out.next_at is not None and out.next_at > utc(3, 11, 8)
    assert out.next_at.astimezone(UTC).hour == 8  # 4 a.m. in New York (EDT)


def test_the_outlook_of_a_learning_card_is_its_due_time(history):
    ada = history.learner("ada")

    def limit():
        db.session.get(User, ada).new_per_day = 1
        db.session.commit()

    history._run(limit)
    history.review(ada, "relations-date", 3, utc(3, 10, 14))  # Good: due at 14:10
    out = history.call(queue.outlook, ada, utc(3, 10, 14, 1))
    assert out.learning_next and out.next_at == utc(3, 10, 14, 10)
    assert out.wait == timedelta(minutes=9)

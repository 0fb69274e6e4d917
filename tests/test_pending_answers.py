"""The answer a learner typed waits for its rating on the server, never in the cookie."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from quiz.models import PendingCard, Review
from quiz.services.learning.study import MAX_ANSWER_LENGTH
from tests.support import Accounts, Studier

#: What may ride in the session cookie: Flask-Login's user id ("<id>:<session version>"),
#: its freshness flag and session identifier, the CSRF token and flashed messages.
ALLOWED_KEYS = {"_user_id", "_fresh", "_id", "csrf_token", "_flashes"}


def session_of(app: Flask, client) -> dict:
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    assert cookie is not None
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def answer_form(card: dict, text: str) -> dict:
    return {"question": card["question"], "reps": card["reps"], "csrf_token": card["csrf"], "answer": text}


def test_the_cookie_holds_no_answer_and_no_verdict(app, client, accounts, studier):
    accounts.register()
    secret = "March 3, 1921 (an answer nobody should read in a cookie)"
    side = studier.answer(secret)
    assert side["phase"] == "answer" and b"an answer nobody should read" in side["html"]
    cookie = client.get_cookie("session").value
    assert "nobody" not in cookie and len(cookie) < 400
    session = session_of(app, client)
    assert set(session) <= ALLOWED_KEYS
    assert session["_user_id"].count(":") == 1


def test_the_answer_is_kept_in_the_database_until_it_is_rated(client, accounts, studier, query):
    accounts.register()
    side = studier.answer("3 March 1921")
    row = query(lambda s: s.scalar(sa.select(PendingCard)))
    assert row.question_id == int(side["question"]) and row.answer == "3 March 1921" and row.correct is True
    assert row.shown_at is None or row.shown_at <= row.answered_at
    studier.rate(3)
    assert query(lambda s: s.scalar(sa.select(sa.func.count()).select_from(PendingCard))) == 0
    review = query(lambda s: s.scalar(sa.select(Review)))
    assert review.answer == "3 March 1921" and review.correct is True


def test_the_answer_side_follows_the_learner_to_another_browser(app, accounts, studier):
    accounts.register()
    studier.answer("1921")
    other = app.test_client()
    Accounts(other).login()
    assert Studier(other).card()["phase"] == "answer"


def test_an_8kb_answer_is_refused_politely_and_later_requests_still_work(client, accounts, studier, query):
    accounts.register()
    card = studier.card()
    response = client.post("/study/answer", data=answer_form(card, "x" * 8192), follow_redirects=True)
    assert response.status_code == 200
    assert f"Answers are at most {MAX_ANSWER_LENGTH} characters".encode() in response.data
    assert b'data-phase="question"' in response.data and card["prompt"].encode() in response.data
    assert query(lambda s: s.scalar(sa.select(sa.func.count()).select_from(PendingCard))) == 0
    assert len(client.get_cookie("session").value) < 600
    for path in ("/study", "/progress", "/settings", "/quiz"):
        assert client.get(path).status_code == 200
    assert studier.answer("1921")["phase"] == "answer"


def test_an_answer_at_the_limit_is_accepted(client, accounts, studier):
    accounts.register()
    card = studier.card()
    client.post("/study/answer", data=answer_form(card, "y" * MAX_ANSWER_LENGTH))
    assert studier.card()["phase"] == "answer"


def test_cloze_gaps_together_are_held_to_the_limit(client, accounts, studier, query):
    accounts.register()
    for _ in range(10):
        card = studier.card()
        if card["type"] == "cloze":
            break
        studier.answer("x") if card["type"] != "flashcard" else studier.answer()
        studier.rate(4)
    assert card["type"] == "cloze"
    data = {k: card[k] for k in ("question", "reps")} | {"csrf_token": card["csrf"], "gap": ["a" * 300, "b" * 300]}
    page = client.post("/study/answer", data=data, follow_redirects=True)
    assert b"Answers are at most" in page.data and b'data-phase="question"' in page.data


def test_a_double_clicked_answer_and_rating_record_one_review(client, accounts, studier, query):
    accounts.register()
    card = studier.card()
    first = client.post("/study/answer", data=answer_form(card, "3 March 1921"))
    second = client.post("/study/answer", data=answer_form(card, "1999"))  # the second click of a double-click
    assert first.status_code == second.status_code == 303
    side = studier.card()
    assert side["phase"] == "answer" and b"Correct." in side["html"]
    assert studier.rate(3, side).status_code == 303
    assert studier.rate(3, side).status_code == 303
    reviews = query(lambda s: s.scalars(sa.select(Review)).all())
    assert len(reviews) == 1 and reviews[0].answer == "3 March 1921" and reviews[0].correct is True


def test_a_rating_for_another_card_does_not_take_the_pending_answer(client, accounts, studier, query):
    accounts.register()
    side = studier.answer("1921")
    other = int(side["question"]) + 1
    client.post("/study/rate", data={"question": other, "reps": 0, "rating": 3, "csrf_token": side["csrf"]})
    assert studier.card()["phase"] == "answer"
    assert query(lambda s: s.scalar(sa.select(PendingCard.answer))) == "1921"


def test_undo_shows_the_card_again_without_using_the_cookie(app, client, accounts, studier, query):
    accounts.register()
    first = studier.answer("1921")
    studier.rate(3, first)
    token = studier.card()["csrf"]
    client.post("/study/undo", data={"csrf_token": token})
    again = studier.card()
    assert again["question"] == first["question"] and again["phase"] == "question"
    assert set(session_of(app, client)) <= ALLOWED_KEYS


def test_a_long_user_name_at_login_does_not_swell_the_cookie(client):
    from tests.support import csrf_token

    token = csrf_token(client.get("/login").data)
    response = client.post("/login", data={"username": "n" * 8192, "password": "whatever1", "csrf_token": token})
    assert response.status_code == 200
    cookie = client.get_cookie("session")
    assert cookie is None or len(cookie.value) < 600
    assert client.get("/login").status_code == 200

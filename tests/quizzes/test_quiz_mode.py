"""Quiz mode through the real pages: draw, answer once, score, keep every attempt."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Card, Question, QuizAnswer, QuizAttempt, Review, User, utcnow
from quiz.services.learning import quizzes
from tests.support import Quizzer


def attempts(query):
    return query(lambda s: s.scalars(sa.select(QuizAttempt).order_by(QuizAttempt.id)).all())


def answers(query, attempt_id):
    return query(
        lambda s: s.execute(
            sa.select(Question.key, QuizAnswer.answer, QuizAnswer.correct, QuizAnswer.answered_at)
            .join(Question, Question.id == QuizAnswer.question_id)
            .where(QuizAnswer.attempt_id == attempt_id)
            .order_by(QuizAnswer.position)
        ).all()
    )


def quiz_reviews(query):
    return query(
        lambda s: s.execute(
            sa.select(Question.key, Review.rating, Review.correct, Review.answer)
            .join(Question, Question.id == Review.question_id)
            .where(Review.origin == "quiz")
            .order_by(Review.id)
        ).all()
    )


def test_the_start_page_offers_decks_kinds_and_a_length(accounts, client):
    accounts.register()
    html = client.get("/quiz").data
    assert b'<option value="0">All decks</option>' in html
    assert b">Test deck</option>" in html
    for kind in (b"date", b"money", b"agreement", b"name"):
        assert b'type="checkbox" value="' + kind + b'"' in html
    assert b'name="length"' in html and b'name="minutes"' in html


def test_a_quiz_is_scored_and_each_wrong_answer_shown_beside_the_right_one(accounts, quizzer, query):
    accounts.register()
    attempt = quizzer.begin(length=10)
    seen = quizzer.answer_all(attempt, wrong={"aid-amount": "$12.5 billion"})
    # Five questions: the two asking about one fact never come together.
    assert len(seen) == 5 and len(set(seen)) == 5
    assert not {"relations-date", "relations-date-choice"} <= set(seen)

    result = quizzer.show(attempt)
    assert result["phase"] == "result"
    html = result["html"]
    assert b'<span id="quiz-score">4 of 5</span>' in html and b"(80%)" in html
    assert b'id="quiz-time"' in html
    missed = html.split(b'id="missed"')[1]
    assert missed.count(b"<li ") == 1
    assert b"You answered <q>$12.5 billion</q>" in missed
    assert b"Right answer: <strong>$12.5 million</strong>" in missed
    assert b"freedonia.txt, paragraph 3" in missed

    (stored,) = attempts(query)
    assert (stored.length, stored.score) == (5, 4)
    assert stored.finished_at is not None and stored.finished_at >= stored.started_at
    rows = answers(query, stored.id)
    assert [r.key for r in rows] == seen
    assert all(r.answered_at is not None for r in rows)
    assert [r.key for r in rows if not r.correct] == ["aid-amount"]


def test_quiz_answers_count_as_reviews_rated_as_their_check_suggests(accounts, quizzer, query):
    accounts.register()
    attempt = quizzer.begin(length=10)
    seen = quizzer.answer_all(attempt, wrong={"treaty-name": "Treaty of Sylvan Peace"})
    reviews = quiz_reviews(query)
    assert [r.key for r in reviews] == seen
    assert {r.key: r.rating for r in reviews}["treaty-name"] == 1  # Again
    assert all(r.rating == 3 for r in reviews if r.key != "treaty-name")  # Good
    assert {r.key: r.answer for r in reviews}["founding-cloze"] == "1848; Firefly"
    # The scheduler now holds a card for each question answered.
    reps = query(lambda s: s.scalars(sa.select(Card.reps)).all())
    assert sorted(reps) == [1] * 5


def test_kinds_and_length_limit_the_draw(accounts, quizzer, query):
    accounts.register()
    dates = quizzer.begin(kinds=["date"], length=5)
    keys = quizzer.answer_all(dates)
    # One of the two sibling date questions, and the cloze about the founding.
    assert len(keys) == 2 and "founding-cloze" in keys
    one = quizzer.begin(kinds=["money", "agreement"], length=1)
    (key,) = quizzer.answer_all(one)
    assert key in {"aid-amount", "treaty-name"}
    assert [a.length for a in attempts(query)] == [2, 1]


def test_a_quiz_left_half_way_is_kept_as_unfinished(accounts, quizzer, client, query):
    accounts.register()
    first = quizzer.begin(length=5)
    for _ in range(2):
        shown = quizzer.show(first)
        quizzer.answer(first, quizzer.right[shown["key"]])
    # The learner walks away and starts another quiz.
    second = quizzer.begin(length=2)
    stored = {a.id: a for a in attempts(query)}
    assert stored[first].finished_at is None and stored[first].score is None
    assert stored[second].finished_at is None
    assert [r.answered_at is not None for r in answers(query, first)] == [True, True, False, False, False]
    page = client.get("/quiz").data
    assert b"Unfinished: 2 of 5 answered" in page
    # Coming back to it carries on with the third question.
    assert quizzer.show(first)["position"] == "3"


def test_a_double_submitted_answer_records_one_answer(accounts, quizzer, client, query):
    accounts.register()
    attempt = quizzer.begin(length=3)
    form = quizzer.form(attempt, "no idea")
    first = client.post(f"/quiz/{attempt}/answer", data=form)
    second = client.post(f"/quiz/{attempt}/answer", data=form)  # the same form sent again
    assert first.status_code == second.status_code == 303
    rows = answers(query, attempt)
    assert [r.answer for r in rows] == ["no idea", None, None]
    assert len(quiz_reviews(query)) == 1
    assert quizzer.show(attempt)["position"] == "2"


def test_time_up_finishes_the_attempt_at_its_deadline(app, accounts, quizzer, client, query):
    accounts.register()
    attempt = quizzer.begin(length=3, minutes=5)
    assert b'<meta http-equiv="refresh" content="' in client.get(f"/quiz/{attempt}").data
    shown = quizzer.show(attempt)
    quizzer.answer(attempt, quizzer.right[shown["key"]])
    late = quizzer.form(attempt, "too late")
    deadline = utcnow() - timedelta(seconds=1)
    with app.app_context():
        db.session.execute(sa.update(QuizAttempt).values(deadline=deadline))
        db.session.commit()
    assert quizzer.show(attempt)["phase"] == "time-up"
    response = client.post(f"/quiz/{attempt}/answer", data=late)
    assert response.status_code == 303
    (stored,) = attempts(query)
    assert stored.finished_at == deadline
    assert stored.score == 1
    assert [r.answer for r in answers(query, attempt)][1:] == [None, None]
    assert len(quiz_reviews(query)) == 1
    result = quizzer.show(attempt)
    assert result["phase"] == "result" and b"1 of 3" in result["html"]
    assert result["html"].count(b"Not answered") == 2


def test_ending_early_counts_unanswered_questions_as_wrong(accounts, quizzer, query):
    accounts.register()
    attempt = quizzer.begin(length=4)
    shown = quizzer.show(attempt)
    quizzer.answer(attempt, quizzer.right[shown["key"]])
    assert quizzer.finish(attempt).status_code == 303
    (stored,) = attempts(query)
    assert (stored.score, stored.length) == (1, 4) and stored.finished_at is not None
    assert b"1 of 4" in quizzer.show(attempt)["html"]


def test_a_learner_cannot_see_or_answer_another_learners_quiz(accounts, quizzer, client, query):
    accounts.register("ada")
    attempt = quizzer.begin(length=3)
    form = quizzer.form(attempt, "whatever")
    accounts.logout()
    accounts.register("bob")
    assert client.get(f"/quiz/{attempt}").status_code == 404
    # Bob starts a quiz of his own; its form gives him a valid token for his session.
    form["csrf_token"] = quizzer.form(quizzer.begin(length=1), "x")["csrf_token"]
    assert client.post(f"/quiz/{attempt}/answer", data=form).status_code == 404
    assert client.post(f"/quiz/{attempt}/finish", data={"csrf_token": form["csrf_token"]}).status_code == 404
    assert b"Unfinished" in client.get("/quiz").data  # Bob's own attempt only
    ada = [a for a in attempts(query) if a.id == attempt][0]
    assert ada.finished_at is None
    assert [r.answer for r in answers(query, attempt)] == [None, None, None]


def test_a_length_out_of_range_is_refused(accounts, quizzer, client, query):
    accounts.register()
    response = quizzer.start(length=0)
    assert response.status_code == 200 and b"Choose 1 to 50 questions." in response.data
    assert attempts(query) == []


def test_no_matching_question_is_a_clear_error(app, accounts):
    accounts.register()
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        with pytest.raises(quizzes.QuizError, match="No questions match"):
            quizzes.start_quiz(user, deck_id=None, kinds=["percent"], length=5, time_limit_s=None, now=utcnow())


def test_quiz_pages_need_a_login(client):
    assert client.get("/quiz").status_code == 302
    assert client.get("/quiz/1").status_code == 302


def test_the_result_reads_as_a_sentence(accounts, quizzer):
    accounts.register()
    attempt = quizzer.begin(length=2, minutes=1)
    quizzer.answer_all(attempt, wrong=dict.fromkeys(Quizzer.right, "I do not know."))
    text = " ".join(re.sub(r"<[^>]+>", "", quizzer.show(attempt)["html"].decode()).split())
    assert re.search(r"Time taken: \d+ s of the 1 minute allowed", text), text
    assert "minutes allowed" not in text and " ." not in text
    assert "know. ." not in text and "know.." not in text

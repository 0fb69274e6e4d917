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
    attempt = quizzer.begin(length=10, fewer=True)
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
    attempt = quizzer.begin(length=10, fewer=True)
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
    dates = quizzer.begin(kinds=["date"], length=5, fewer=True)
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
    page = client.get("/quiz").data.decode()
    row = page.split(f'data-attempt="{first}"')[1].split("</tr>")[0]
    assert "Unfinished: 2 of 5 answered" in row
    # Each unfinished attempt offers "Resume", which carries on with the third question.
    assert f'href="/quiz/{first}">Resume</a>' in row
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


def move_deadline(app, deadline):
    with app.app_context():
        db.session.execute(sa.update(QuizAttempt).values(deadline=deadline))
        db.session.commit()
        db.session.remove()


def test_a_timed_quiz_counts_down_in_a_script_and_never_refreshes_itself(accounts, quizzer, client):
    accounts.register()
    attempt = quizzer.begin(length=3, minutes=5)
    html = client.get(f"/quiz/{attempt}").data.decode()
    assert 'http-equiv="refresh"' not in html
    assert '<script src="/static/quiz.js" defer>' in html
    left = int(re.search(r'data-ms-left="(\d+)"', html).group(1))
    assert 295_000 < left <= 300_000
    assert f'data-url="/quiz/{attempt}"' in html
    # Without the script the page still says when the time is up (a clock time, to the second).
    assert re.search(r'time is up at\s*<time datetime="[^"]+">\d\d:\d\d:\d\d</time>', html)
    assert re.search(r'<strong id="time-left" role="timer">(4:5\d|5:00)</strong>', html)
    # An untimed quiz has neither.
    untimed = quizzer.begin(length=1)
    assert "countdown" not in client.get(f"/quiz/{untimed}").data.decode()


def test_time_up_finishes_the_attempt_at_its_deadline(app, accounts, quizzer, client, query):
    accounts.register()
    attempt = quizzer.begin(length=3, minutes=5)
    shown = quizzer.show(attempt)
    quizzer.answer(attempt, quizzer.right[shown["key"]])
    late = quizzer.form(attempt, "too late")
    deadline = utcnow() - timedelta(seconds=1)
    move_deadline(app, deadline)
    response = client.post(f"/quiz/{attempt}/answer", data=late)
    assert response.status_code == 303
    (stored,) = attempts(query)
    assert stored.finished_at == deadline
    assert stored.score == 1
    assert [r.answer for r in answers(query, attempt)][1:] == [None, None]
    assert len(quiz_reviews(query)) == 1
    result = quizzer.show(attempt)
    assert result["phase"] == "result" and b"1 of 3" in result["html"]
    assert b"Time is up: that answer came after the time limit." in result["html"]
    assert result["html"].count(b"Not answered") == 2


def test_opening_an_attempt_after_its_deadline_ends_it_there_and_says_time_is_up(app, accounts, quizzer, query):
    accounts.register()
    attempt = quizzer.begin(length=3, minutes=5)
    shown = quizzer.show(attempt)
    quizzer.answer(attempt, quizzer.right[shown["key"]])
    deadline = utcnow() - timedelta(minutes=3)  # the learner comes back three minutes late
    move_deadline(app, deadline)
    page = quizzer.show(attempt)
    (stored,) = attempts(query)
    assert stored.finished_at == deadline and stored.score == 1
    assert page["phase"] == "result"
    text = " ".join(re.sub(r"<[^>]+>", "", page["html"].decode()).split())
    assert "Time is up" in text and "the 2 questions you had not answered count as wrong." in text
    assert "Your score: 1 of 3 (33%)" in text
    # Opening it again changes nothing.
    quizzer.show(attempt)
    assert attempts(query)[0].finished_at == deadline


def test_lists_of_attempts_score_one_left_past_its_deadline(app, accounts, quizzer, client, query):
    accounts.register()
    attempt = quizzer.begin(length=2, minutes=1)
    deadline = utcnow() - timedelta(minutes=1)
    move_deadline(app, deadline)
    page = client.get("/quiz").data.decode()
    row = page.split(f'data-attempt="{attempt}"')[1].split("</tr>")[0]
    assert "0 of 2 (0%)" in row and "Resume" not in row and "See the result" in row
    assert attempts(query)[0].finished_at == deadline
    progress = client.get("/progress").data.decode()
    assert "0 of 2 (0%)" in progress.split('id="scores-table"')[1] and "Resume" not in progress


def test_ending_early_asks_first_and_keeping_going_changes_nothing(accounts, quizzer, client, query):
    accounts.register()
    attempt = quizzer.begin(length=4)
    shown = quizzer.show(attempt)
    quizzer.answer(attempt, quizzer.right[shown["key"]])
    question = client.get(f"/quiz/{attempt}").data.decode()
    # The question page links to the confirmation; it holds no form that would end the quiz.
    assert f'href="/quiz/{attempt}/end"' in question and "/finish" not in question
    confirm = client.get(f"/quiz/{attempt}/end").data.decode()
    text = " ".join(re.sub(r"<[^>]+>", "", confirm).split())
    assert "End the quiz now?" in text
    assert "You have answered 1 of 4 questions. The 3 questions left count as wrong" in text
    assert re.search(rf'href="/quiz/{attempt}"[^>]*>Keep going</a>', confirm)
    assert f'action="/quiz/{attempt}/finish"' in confirm
    assert attempts(query)[0].finished_at is None  # asking changes nothing
    assert quizzer.show(attempt)["position"] == "2"


def test_the_end_page_of_a_finished_attempt_goes_to_its_result(accounts, quizzer, client):
    accounts.register()
    attempt = quizzer.begin(length=1)
    quizzer.answer_all(attempt)
    response = client.get(f"/quiz/{attempt}/end")
    assert response.status_code == 303 and response.headers["Location"] == f"/quiz/{attempt}"
    assert client.get("/quiz/99999/end").status_code == 404


def test_fewer_matching_questions_than_asked_for_are_announced_before_starting(accounts, quizzer, query):
    accounts.register()
    asked = quizzer.start(kinds=["date"], length=10)
    assert asked.status_code == 200
    html = asked.data.decode()
    assert "Only 2 questions match that choice; the quiz would have 2, not 10." in html
    assert '<button type="submit" name="fewer" value="y" class="primary">Start with 2 questions</button>' in html
    # The choice is kept for the second step.
    assert 'value="10"' in html and re.search(r'checked[^>]*value="date"|value="date"[^>]*checked', html)
    assert attempts(query) == []
    attempt = quizzer.begin(kinds=["date"], length=10, fewer=True)
    (stored,) = attempts(query)
    assert (stored.length, stored.requested) == (2, 10)
    first = quizzer.show(attempt)["html"].decode()
    note = " ".join(first.split('id="quiz-fewer"')[1].split("</p>")[0].split())
    assert "Only 2 questions matched your choice, so this quiz has 2 (you asked for 10)." in note
    quizzer.answer_all(attempt)
    assert b'id="quiz-fewer"' in quizzer.show(attempt)["html"]
    # Asking for no more than match starts at once, without a word about it.
    exact = quizzer.begin(kinds=["date"], length=2)
    assert b'id="quiz-fewer"' not in quizzer.show(exact)["html"]


def test_a_single_matching_question_is_named_in_the_singular(accounts, quizzer):
    accounts.register()
    html = quizzer.start(kinds=["money"], length=3).data.decode()
    assert "Only 1 question matches that choice; the quiz would have 1, not 3." in html
    assert "Start with 1 question</button>" in html


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
    assert client.get(f"/quiz/{attempt}/end").status_code == 404
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

"""The study loop through the real pages: show, answer, rate, undo."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from quiz.models import Card, Question, Review, User, utcnow


def review_count(query, username="ada"):
    return query(
        lambda s: s.scalar(
            sa.select(sa.func.count(Review.id))
            .join(User, User.id == Review.user_id)
            .where(User.username == username, Review.undone_at.is_(None))
        )
    )


def test_a_new_learner_studies_the_bank_at_once(accounts, studier):
    accounts.register()
    card = studier.card()
    assert not card["done"]
    # Bank order: the first question of the deck comes first.
    assert "diplomatic relations opened" in card["prompt"]
    assert card["type"] == "short"
    assert b"Due <strong>0</strong> \xc2\xb7 New <strong>6</strong>" in card["html"]


def test_typed_answer_is_checked_leniently_and_good_is_suggested(accounts, studier):
    accounts.register()
    side = studier.answer("3 March 1921")
    assert side["phase"] == "answer"
    assert b"Correct." in side["html"]
    assert b"Answer: <strong>March 3, 1921</strong>" in side["html"]
    assert b"The envoys met in the border town of Ravel." in side["html"]
    assert b"freedonia.txt, paragraph 2" in side["html"]
    suggested = side["html"].split(b"suggested")[1][:200]
    assert b"autofocus" in suggested and b"Good" in suggested


def test_a_wrong_answer_suggests_again_and_shows_the_right_one(accounts, studier):
    accounts.register()
    side = studier.answer("March 3, 1922")
    assert b"Not quite." in side["html"]
    assert b"You answered <q>March 3, 1922</q>" in side["html"]
    suggested = side["html"].split(b"suggested")[1][:200]
    assert b"Again" in suggested


def test_each_rating_button_shows_its_interval(accounts, studier):
    accounts.register()
    html = studier.answer("March 3, 1921")["html"]
    # A new card: Again and Hard keep it in learning for minutes, Easy jumps to days.
    assert b"Again <small>1 min</small>" in html
    assert b"Good <small>10 min</small>" in html
    assert b"Easy <small>8 d</small>" in html


def test_rating_records_one_review_and_schedules_the_card(accounts, studier, query):
    accounts.register()
    side = studier.answer("March 3, 1921")
    response = studier.rate(3, side)
    assert response.status_code == 303 and response.headers["Location"] == "/study"

    def check(s):
        review = s.scalars(sa.select(Review)).one()
        card = s.scalars(sa.select(Card)).one()
        return review, card

    review, card = query(check)
    assert (review.rating, review.answer, review.correct) == (3, "March 3, 1921", True)
    assert review.state_before is None and review.due_after == card.due
    assert card.reps == 1
    assert timedelta(minutes=9) < card.due - review.reviewed_at < timedelta(minutes=11)


def test_a_double_submitted_rating_records_one_review(accounts, studier, query):
    accounts.register()
    side = studier.answer("March 3, 1921")
    first = studier.rate(3, side)
    second = studier.rate(3, side)  # the same form sent again
    assert first.status_code == second.status_code == 303
    assert review_count(query) == 1
    assert query(lambda s: s.scalar(sa.select(Card.reps))) == 1


def test_siblings_of_a_reviewed_fact_wait_until_tomorrow(accounts, studier):
    accounts.register()
    studier.rate(3, studier.answer("March 3, 1921"))
    seen = []
    for _ in range(5):
        card = studier.card()
        if card["done"]:
            break
        seen.append(card["prompt"])
        studier.rate(4, studier.answer(gaps=["1848", "Firefly"]) if card["type"] == "cloze" else studier.answer("x"))
    assert not any("When were diplomatic relations" in p for p in seen)
    assert len(seen) == 4  # every other new card was shown


def test_choice_and_flashcard_and_cloze(accounts, studier, client, query):
    accounts.register()
    # Skip to the other types by rating the first card Easy.
    studier.rate(4, studier.answer("March 3, 1921"))
    money = studier.answer("12,500,000 dollars")
    assert b"Correct." in money["html"]
    studier.rate(4, money)
    choice = studier.card()
    assert choice["type"] == "choice"
    assert choice["html"].count(b'data-choice="') == 3
    side = studier.answer("Ravel Border Accord")
    assert b"Correct." in side["html"]
    studier.rate(3, side)
    flash = studier.card()
    assert flash["type"] == "flashcard"
    side = studier.answer()
    assert b"Rufusburg" in side["html"] and b"Correct." not in side["html"]
    studier.rate(1, side)
    cloze = studier.card()
    assert cloze["type"] == "cloze" and "_____" in cloze["prompt"]
    side = studier.answer(gaps=["1848", "firefly"])
    assert b"Correct." in side["html"] and b"<mark>1848</mark>" in side["html"]
    studier.rate(3, side)
    answers = query(lambda s: s.scalars(sa.select(Review.answer).order_by(Review.id)).all())
    assert answers == ["March 3, 1921", "12,500,000 dollars", "Ravel Border Accord", None, "1848; firefly"]


def test_study_forms_without_their_csrf_token_record_nothing(accounts, studier, query):
    accounts.register()
    shown = studier.card()
    card = {"question": shown["question"], "reps": shown["reps"]}
    refused = studier.client.post("/study/answer", data=card | {"answer": "March 3, 1921", "csrf_token": "forged"})
    assert refused.status_code == 400 and b"This form has expired" in refused.data
    assert studier.card()["phase"] == "question"
    side = studier.answer("March 3, 1921")
    refused = studier.client.post("/study/rate", data={"question": side["question"], "reps": side["reps"], "rating": 3})
    assert refused.status_code == 400 and b"This form has expired" in refused.data
    assert review_count(query) == 0
    assert studier.rate(3, side).status_code == 303
    assert review_count(query) == 1


def test_undo_puts_the_card_back(accounts, studier, query):
    accounts.register()
    side = studier.answer("March 3, 1921")
    studier.rate(3, side)
    assert "Freedonia pledge" in studier.card()["prompt"]
    token = studier.card()["csrf"]
    response = studier.client.post("/study/undo", data={"csrf_token": token})
    assert response.status_code == 303
    again = studier.card()
    assert "diplomatic relations opened" in again["prompt"]
    assert query(lambda s: s.scalar(sa.select(sa.func.count(Card.question_id)))) == 0
    # The review stays in the log, marked undone.
    assert query(lambda s: s.scalar(sa.select(Review.undone_at))) is not None


def test_done_for_now_says_when_the_next_card_is_due(app, accounts, studier, query):
    accounts.register()
    with app.app_context():
        from quiz.extensions import db

        db.session.execute(sa.update(User).values(new_per_day=1))
        db.session.commit()
    studier.rate(3, studier.answer("March 3, 1921"))
    done = studier.card()
    assert done["done"]
    assert b"Done for now" in done["html"]
    assert b"Your next card is due" in done["html"]


def test_due_review_cards_come_before_new_ones(app, accounts, studier, query):
    accounts.register()
    studier.rate(4, studier.answer("March 3, 1921"))
    # Pretend the interval has passed: the card is due again.
    with app.app_context():
        from quiz.extensions import db

        db.session.execute(sa.update(Card).values(due=utcnow() - timedelta(days=1)))
        db.session.commit()
    card = studier.card()
    assert "diplomatic relations opened" in card["prompt"]
    assert b"Due <strong>1</strong>" in card["html"]


def test_a_learner_never_sees_another_learners_cards(accounts, studier, client, query):
    accounts.register("ada")
    studier.rate(4, studier.answer("March 3, 1921"))
    accounts.logout()
    accounts.register("bob")
    card = studier.card()
    # Bob starts from the beginning: Ada's review does not count for him.
    assert "diplomatic relations opened" in card["prompt"]
    assert b"New <strong>6</strong>" in card["html"]
    # Bob cannot rate Ada's card state into his own: his rating creates his card.
    studier.rate(1, studier.answer("no idea"))
    states = query(
        lambda s: s.execute(
            sa.select(User.username, Card.reps).join(User, User.id == Card.user_id).order_by(User.username)
        ).all()
    )
    assert [tuple(r) for r in states] == [("ada", 1), ("bob", 1)]


def test_study_needs_a_login(client):
    response = client.get("/study")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_retired_questions_are_not_studied(app, accounts, studier):
    accounts.register()
    with app.app_context():
        from quiz.extensions import db

        db.session.execute(sa.update(Question).where(Question.key == "relations-date").values(retired_at=utcnow()))
        db.session.commit()
    # The retired question's sibling comes first now.
    assert studier.card()["prompt"].startswith("When were diplomatic relations")


def test_a_quoted_answer_ends_without_a_second_full_stop(accounts, studier):
    accounts.register()
    html = studier.answer("March 3, 1922.")["html"].decode()
    assert "You answered <q>March 3, 1922.</q></span>" in html and "</q>." not in html

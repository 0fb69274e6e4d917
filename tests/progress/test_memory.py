"""Mastery by kind, the weakest cards and one question's page: what FSRS has learned, not recall this minute."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Card, Question, User
from quiz.scheduling import format_interval, retrievability
from quiz.services.learning.study import card_state
from quiz.services.stats.memory import MASTERY_DAYS, mastery, weakest

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def recalls(query, user_id, now):
    """Predicted recall of each of the learner's cards, by question key, straight from fsrs."""

    def read(s):
        rows = s.execute(
            sa.select(Question.key, Card).join(Card, Card.question_id == Question.id).where(Card.user_id == user_id)
        ).all()
        return {key: retrievability(card_state(card), now, desired_retention=0.9) for key, card in rows}

    return query(read)


def stabilities(query, user_id):
    """Stability and lapses of each of the learner's cards, by question key."""
    rows = query(
        lambda s: s.execute(
            sa.select(Question.key, Card.stability, Card.lapses)
            .join(Card, Card.question_id == Question.id)
            .where(Card.user_id == user_id)
        ).all()
    )
    return {key: (stability, lapses) for key, stability, lapses in rows}


def learn_until_mastered(history, query, user_id, key, start):
    """Review ``key`` as Easy each time it falls due until its stability reaches 21 days; return the last review."""
    at = start
    history.review(user_id, key, 4, at)
    for _ in range(10):
        stability, _lapses = stabilities(query, user_id)[key]
        if stability >= MASTERY_DAYS:
            return at
        due = query(
            lambda s: s.scalar(
                sa.select(Card.due)
                .join(Question, Question.id == Card.question_id)
                .where(Card.user_id == user_id, Question.key == key)
            )
        )
        at = max(due, at + timedelta(minutes=10))
        history.review(user_id, key, 4, at)
    raise AssertionError("never mastered")


def set_stability(app, user_id, key, stability):
    with app.app_context():
        question = db.session.scalar(sa.select(Question.id).where(Question.key == key))
        db.session.execute(
            sa.update(Card).where(Card.user_id == user_id, Card.question_id == question).values(stability=stability)
        )
        db.session.commit()
        db.session.remove()


def test_mastery_counts_cards_whose_stability_reached_21_days_not_those_recalled_now(history, query):
    ada = history.learner("ada", retention=0.9)
    learn_until_mastered(history, query, ada, "aid-amount", NOW - timedelta(days=400))
    history.review(ada, "relations-date", 3, NOW - timedelta(minutes=30))  # just learned
    history.review(ada, "founding-cloze", 1, NOW - timedelta(minutes=20))  # just failed
    # Just after a review, recall now is close to 1 whatever the card: it says nothing of learning.
    predicted = recalls(query, ada, NOW)
    assert predicted["relations-date"] > 0.99 and predicted["founding-cloze"] > 0.95
    # The mastered card was last seen long ago: its recall now is low, but it is learned.
    assert predicted["aid-amount"] < 0.9
    assert stabilities(query, ada)["relations-date"][0] < 21
    kinds = history.call(mastery, ada)
    # date: none of three date questions (relations-date is only just learned); money: the one question.
    assert [(k.kind, k.mastered, k.questions) for k in kinds] == [
        ("date", 0, 3),
        ("money", 1, 1),
        ("agreement", 0, 1),
        ("name", 0, 1),
    ]
    assert kinds[1].share == 1.0 and kinds[0].share == 0.0


def test_the_mastery_horizon_is_21_days_of_stability_exactly(app, history, query):
    bo = history.learner("bo")
    history.review(bo, "aid-amount", 3, NOW - timedelta(days=1))
    assert MASTERY_DAYS == 21
    for stability, mastered in ((20.99, 0), (21.0, 1), (400.0, 1), (0.01, 0)):
        set_stability(app, bo, "aid-amount", stability)
        (money,) = [k for k in history.call(mastery, bo) if k.kind == "money"]
        assert money.mastered == mastered, stability


def test_the_weakest_cards_rank_by_lapses_then_by_stability(history, query):
    di = history.learner("di")
    # treaty-name: learned, then forgotten once in review (a lapse), and relearned a minute ago.
    history.review(di, "treaty-name", 3, NOW - timedelta(days=20))
    history.review(di, "treaty-name", 3, NOW - timedelta(days=20) + timedelta(minutes=10))
    history.review(di, "treaty-name", 1, NOW - timedelta(minutes=11))
    history.review(di, "treaty-name", 3, NOW - timedelta(minutes=1))
    history.review(di, "capital-flashcard", 1, NOW - timedelta(hours=3))  # failed when new: no lapse
    history.review(di, "relations-date", 3, NOW - timedelta(hours=2))
    history.review(di, "founding-cloze", 4, NOW - timedelta(days=2))
    learn_until_mastered(history, query, di, "aid-amount", NOW - timedelta(days=400))
    cards = stabilities(query, di)
    assert cards["treaty-name"][1] == 1 and all(
        lapses == 0 for key, (_, lapses) in cards.items() if key != "treaty-name"
    )
    # The lapsed card was reviewed a minute ago, so its recall now is the highest of all; it still leads.
    predicted = recalls(query, di, NOW)
    assert predicted["treaty-name"] > 0.99 and predicted["treaty-name"] >= max(predicted.values()) - 0.01
    found = history.call(weakest, di)
    unmastered = [key for key, (stability, _) in cards.items() if stability < 21]
    expected = sorted(unmastered, key=lambda key: (-cards[key][1], cards[key][0]))
    assert [item.question.key for item in found] == expected
    assert expected[0] == "treaty-name" and "aid-amount" not in expected
    assert [(item.lapses, item.stability) for item in found] == [cards[key][::-1] for key in expected]
    assert [item.question.key for item in history.call(weakest, di, limit=2)] == expected[:2]


def question_id(query, key):
    return query(lambda s: s.scalar(sa.select(Question.id).where(Question.key == key)))


def test_the_question_page_shows_the_learners_own_reviews_and_recall(history, accounts, client, query):
    ada = history.learner("ada")
    now = datetime.now(UTC)
    history.review(ada, "aid-amount", 4, now - timedelta(days=6), correct=True)
    history.review(ada, "aid-amount", 1, now - timedelta(days=1), correct=False)
    bob = history.learner("bob")
    history.review(bob, "aid-amount", 3, now - timedelta(days=2), correct=True)
    accounts.login("ada")
    page = client.get(f"/progress/question/{question_id(query, 'aid-amount')}")
    assert page.status_code == 200
    html = page.data
    rows = html.split(b'id="question-reviews"')[1].split(b"</table>")[0].count(b"<tr")
    assert rows == 1 + 2  # the header and Ada's two reviews, not Bob's
    card = query(lambda s: s.scalar(sa.select(Card).where(Card.user_id == ada)))
    recall = retrievability(card_state(card), datetime.now(UTC), desired_retention=0.9)
    assert f'<dd id="recall">{recall:.0%}</dd>'.encode() in html
    # Stability reads as an interval ("5 h", "3 d"), never "0.0 days".
    stability = format_interval(timedelta(days=card.stability))
    assert f'<dd id="stability">{stability}</dd>'.encode() in html and b"Relearning" in html
    assert b"0.0 days" not in html
    assert b"How much aid did Freedonia pledge" in html and b"$12.5 million" in html
    # Intervals read as Anki writes them: the lapse sends the card back for minutes, not "0.0 days".
    table = html.split(b'id="question-reviews"')[1].split(b"</table>")[0].decode()
    assert re.search(r"<td>\d+ min</td>", table) and re.search(r"<td>\d+ d</td>", table)
    assert "days</td>" not in table


def test_a_question_never_studied_says_so_and_unknown_questions_are_404(history, accounts, client, query):
    history.learner("ada")
    accounts.login("ada")
    page = client.get(f"/progress/question/{question_id(query, 'treaty-name')}")
    assert b"You have not studied this question yet." in page.data and b"No reviews yet." in page.data
    assert client.get("/progress/question/9999").status_code == 404
    assert query(lambda s: s.scalar(sa.select(sa.func.count(User.id)))) == 1

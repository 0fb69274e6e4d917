"""Mastery by kind, the weakest cards and one question's page, checked against fsrs itself."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from quiz.models import Card, Question, User
from quiz.scheduling import recall_limit, retrievability
from quiz.services.learning.study import card_state
from quiz.services.stats.memory import mastery, weakest

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def recalls(query, user_id, now):
    """Predicted recall of each of the learner's cards, by question key, straight from fsrs."""

    def read(s):
        rows = s.execute(
            sa.select(Question.key, Card).join(Card, Card.question_id == Question.id).where(Card.user_id == user_id)
        ).all()
        return {key: retrievability(card_state(card), now, desired_retention=0.9) for key, card in rows}

    return query(read)


def test_mastery_counts_the_questions_recalled_at_or_above_the_target(history, query):
    ada = history.learner("ada", retention=0.9)
    history.review(ada, "relations-date", 3, NOW - timedelta(hours=1))  # just learned
    history.review(ada, "aid-amount", 4, NOW - timedelta(days=200))  # easy once, long ago
    history.review(ada, "founding-cloze", 1, NOW - timedelta(days=30))  # failed a month ago
    predicted = recalls(query, ada, NOW)
    assert predicted["relations-date"] >= 0.9
    assert predicted["aid-amount"] < 0.9 and predicted["founding-cloze"] < 0.9
    kinds = history.call(mastery, ada, NOW)
    # date: relations-date of three date questions (one never studied); nothing else.
    assert [(k.kind, k.mastered, k.questions) for k in kinds] == [
        ("date", 1, 3),
        ("money", 0, 1),
        ("agreement", 0, 1),
        ("name", 0, 1),
    ]
    assert kinds[0].share == 1 / 3


def test_mastery_agrees_with_fsrs_on_every_day_around_the_target(history, query):
    bo = history.learner("bo", retention=0.9)
    learned = NOW - timedelta(days=60)
    history.review(bo, "aid-amount", 4, learned)
    stability = query(lambda s: s.scalar(sa.select(Card.stability)))
    edge = int(stability * recall_limit(0.9))
    flips = []
    for days in range(max(edge - 3, 0), edge + 4):
        at = learned + timedelta(days=days, hours=5)
        money = [k for k in history.call(mastery, bo, at) if k.kind == "money"][0]
        fsrs_says = recalls(query, bo, at)["aid-amount"] >= 0.9
        assert money.mastered == int(fsrs_says), days
        flips.append(fsrs_says)
    assert True in flips and False in flips  # the target was crossed in the window


def test_a_higher_target_masters_fewer_cards(history, query):
    cy = history.learner("cy", retention=0.95)
    history.review(cy, "aid-amount", 4, NOW - timedelta(days=5))
    recall = recalls(query, cy, NOW)["aid-amount"]
    assert 0.9 <= recall < 0.95
    assert [k.mastered for k in history.call(mastery, cy, NOW) if k.kind == "money"] == [0]


def test_the_weakest_cards_come_lowest_recall_first(history, query):
    di = history.learner("di")
    history.review(di, "relations-date", 3, NOW - timedelta(hours=2))
    history.review(di, "aid-amount", 4, NOW - timedelta(days=40))
    history.review(di, "treaty-name", 3, NOW - timedelta(days=9))
    history.review(di, "capital-flashcard", 4, NOW - timedelta(days=12))
    found = history.call(weakest, di, NOW, limit=3)
    predicted = recalls(query, di, NOW)
    expected = sorted(predicted, key=predicted.get)[:3]
    assert [item.question.key for item in found] == expected
    assert [item.recall for item in found] == [predicted[key] for key in expected]


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
    assert f"{card.stability:.1f}".encode() in html and b"Relearning" in html
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

"""What to study (a deck, a tag, everything) and custom study: through the pages, and the services at set times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Card, Question, QuestionTag, Review, User
from quiz.services.learning import options, queue
from tests.support import Accounts, csrf_token


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def choose(client, value):
    token = csrf_token(client.get("/study").data)
    return client.post("/study/scope", data={"scope": value, "csrf_token": token})


def deck_id(query, key):
    from quiz.models import Deck

    return query(lambda s: s.scalar(sa.select(Deck.id).where(Deck.key == key)))


def prompts_until_done(studier, limit=20):
    """Study every card offered (typing a wrong answer, rating Good); return the prompts seen."""
    seen = []
    while len(seen) < limit:
        card = studier.card()
        if card["done"]:
            return seen
        seen.append(card["prompt"])
        side = studier.answer(gaps=["x", "x"]) if card["type"] == "cloze" else studier.answer("x")
        studier.rate(4, side)
    return seen


def test_the_scope_list_offers_every_deck_and_tag(second_deck, accounts, client):
    accounts.register()
    options.forget_choices()
    html = client.get("/study").data.decode()
    assert '<select id="scope" name="scope">' in html
    assert ">Test deck</option>" in html and ">Sylvanian history</option>" in html
    for tag in ("dates", "treaties", "war"):
        assert f'value="tag:{tag}"' in html and f">#{tag}</option>" in html


def test_studying_one_deck_shows_and_counts_only_its_cards_and_is_remembered(
    app, second_deck, accounts, client, studier, query
):
    accounts.register()
    response = choose(client, f"deck:{deck_id(query, 'history')}")
    assert response.status_code == 303 and response.headers["Location"] == "/study"
    card = studier.card()
    assert "Sylvanian war" in card["prompt"]
    assert b"New <strong>3</strong>" in card["html"]
    assert b"selected>Sylvanian history</option>" in card["html"]
    seen = prompts_until_done(studier)
    assert len(seen) == 3 and all("Sylvani" in p for p in seen)
    # Remembered on the account: another device (a new client) studies the same deck.
    other = app.test_client()
    Accounts(other).login()
    assert b"selected>Sylvanian history</option>" in other.get("/study").data
    assert query(lambda s: s.scalar(sa.select(User.study_deck_id))) == deck_id(query, "history")
    # Back to everything: the small bank's cards come up.
    choose(client, "all")
    assert "diplomatic relations" in studier.card()["prompt"]


def test_studying_one_tag(second_deck, accounts, client, studier):
    accounts.register()
    choose(client, "tag:war")
    seen = prompts_until_done(studier)
    assert len(seen) == 2 and all("war" in p for p in seen)
    done = studier.card()
    assert done["done"] and b"#war" in done["html"]


def test_a_scope_that_names_nothing_is_refused_with_a_message(second_deck, accounts, client, query):
    accounts.register()
    for value in ("deck:999999", "tag:nope", "deck:abc", "planet:mars", "", "deck:" + "9" * 40):
        response = choose(client, value)
        assert response.status_code == 303
        page = client.get("/study")
        assert page.status_code == 200
        assert b'class="flash error"' in page.data
    assert query(lambda s: s.execute(sa.select(User.study_deck_id, User.study_tag)).one()) == (None, None)


def test_tags_follow_the_bank_when_it_changes(second_deck, runner, tmp_path, query):
    def tagged(tag):
        return query(
            lambda s: sorted(
                s.scalars(
                    sa.select(Question.key)
                    .join(QuestionTag, QuestionTag.question_id == Question.id)
                    .where(QuestionTag.tag == tag)
                )
            )
        )

    assert tagged("war") == ["army-leader", "war-end"]
    folder = tmp_path / "second"
    text = (folder / "history.yaml").read_text().replace("tags: [war]\n", "tags: [people]\n")
    (folder / "history.yaml").write_text(text)
    assert runner.invoke(args=["bank", "import", str(folder)]).exit_code == 0
    assert tagged("war") == ["war-end"] and tagged("people") == ["army-leader"]


def set_user(history, user, **values):
    def change():
        row = db.session.get(User, user)
        for name, value in values.items():
            setattr(row, name, value)
        db.session.commit()

    history._run(change)


def test_review_ahead_shows_cards_due_soon_once_and_schedules_them_as_real_early_reviews(history, query):
    ada = history.learner("ada")
    history.review(ada, "aid-amount", 4, utc(3, 1, 15))  # Easy: due about 8 days later
    history.review(ada, "treaty-name", 4, utc(3, 1, 15, 1))
    due = query(lambda s: dict(s.execute(sa.select(Card.question_id, Card.due)).all()))
    now = utc(3, 3, 15)
    assert history.call(queue.next_card, ada, now).card is None  # the daily queue: new cards only
    history.call(options.start_custom, ada, "ahead", 2, now)
    assert history.call(queue.next_card, ada, now) is None  # nothing due within two days
    history.call(options.start_custom, ada, "ahead", 30, now)
    first = history.call(queue.next_card, ada, now).question.key
    assert first in ("aid-amount", "treaty-name")  # the one due first (FSRS fuzzes the intervals)
    assert history.call(queue.today, ada, now) == queue.Queue(due=2, new=0, done=0)
    history.review(ada, first, 3, now + timedelta(minutes=1), correct=True)
    second = history.call(queue.next_card, ada, now + timedelta(minutes=2)).question.key
    assert {first, second} == {"aid-amount", "treaty-name"}
    assert history.call(queue.today, ada, now + timedelta(minutes=2)) == queue.Queue(due=1, new=0, done=1)
    history.review(ada, second, 3, now + timedelta(minutes=3), correct=True)
    assert history.call(queue.next_card, ada, now + timedelta(minutes=4)) is None
    # An early review is a real review: FSRS saw two days, not eight, and scheduled from there.
    early = query(lambda s: s.scalars(sa.select(Review).where(Review.reviewed_at == now + timedelta(minutes=1))).one())
    assert early.state_before == 2 and early.due_before == due[early.question_id]
    assert early.stability_after < early.stability_before * 3  # less gain than an on-time Good would give
    # The session summary counts its reviews; ending it leaves the daily queue as it was.
    outlook = history.call(queue.outlook, ada, now + timedelta(minutes=4))
    assert (outlook.summary.reviews, outlook.summary.cards) == (2, 2)
    history.call(options.end_custom, ada)
    assert history.call(queue.next_card, ada, now + timedelta(minutes=4)).card is None


def test_an_early_review_gains_less_stability_than_one_on_time(history, query):
    ada, bob = history.learner("ada"), history.learner("bob")
    for user in (ada, bob):
        history.review(user, "aid-amount", 4, utc(3, 1, 15))
    due = query(lambda s: s.scalar(sa.select(Card.due).limit(1)))
    history.review(ada, "aid-amount", 3, utc(3, 2, 15))  # one day in
    history.review(bob, "aid-amount", 3, due + timedelta(minutes=1))  # on time
    stability = dict(query(lambda s: s.execute(sa.select(Card.user_id, Card.stability)).all()))
    assert stability[ada] < stability[bob]


def test_cards_failed_today_come_back_once_in_a_custom_session(history):
    ada = history.learner("ada", tz="Europe/Vilnius", hour=4)
    history.review(ada, "aid-amount", 1, utc(3, 10, 8))  # Again
    history.review(ada, "treaty-name", 3, utc(3, 10, 8, 1))  # Good
    history.review(ada, "capital-flashcard", 1, utc(3, 9, 8))  # Again, yesterday
    now = utc(3, 10, 9)
    history.call(options.start_custom, ada, "failed", 1, now)
    keys = []
    at = now
    while (item := history.call(queue.next_card, ada, at)) is not None and len(keys) < 5:
        keys.append(item.question.key)
        at += timedelta(minutes=1)
        history.review(ada, item.question.key, 3, at)
    assert keys == ["aid-amount"]
    history.call(options.start_custom, ada, "failed", 2, at)
    item = history.call(queue.next_card, ada, at)
    assert item is not None and item.question.key in ("aid-amount", "capital-flashcard")


def test_a_custom_session_stays_within_the_deck_or_tag(history, second_deck, query):
    ada = history.learner("ada")
    history.review(ada, "aid-amount", 1, utc(3, 10, 8))
    history.review(ada, "war-end", 1, utc(3, 10, 8, 1))
    set_user(history, ada, study_tag="war")
    history.call(options.start_custom, ada, "failed", 1, utc(3, 10, 9))
    assert history.call(queue.next_card, ada, utc(3, 10, 9)).question.key == "war-end"
    assert history.call(queue.today, ada, utc(3, 10, 9)).due == 1


def test_more_new_cards_today_only(history):
    ada = history.learner("ada", tz="UTC", hour=4)
    set_user(history, ada, new_per_day=1)
    history.review(ada, "relations-date", 3, utc(3, 10, 8))
    assert history.call(queue.today, ada, utc(3, 10, 8, 30)).new == 0
    assert history.call(options.more_new, ada, 2, utc(3, 10, 8, 30)) == 2
    assert history.call(queue.today, ada, utc(3, 10, 8, 30)).new == 2
    assert history.call(options.more_new, ada, 1, utc(3, 10, 8, 31)) == 3
    # The next study day (from 4 a.m.): the usual limit again.
    assert history.call(queue.today, ada, utc(3, 11, 4, 0)).new == 1


def test_custom_study_pages(second_deck, accounts, client, studier, query):
    accounts.register()
    page = client.get("/study/custom")
    assert page.status_code == 200 and b"Review ahead" in page.data
    token = csrf_token(page.data)
    bad = client.post("/study/custom/ahead", data={"ahead_days": "0", "csrf_token": token})
    assert bad.status_code == 200 and b"Choose 1 to 365 days." in bad.data
    bad = client.post("/study/custom/failed", data={"failed_days": "abc", "csrf_token": token})
    assert bad.status_code == 200 and b'aria-invalid="true"' in bad.data
    more = client.post("/study/custom/more-new", data={"more_new": "5", "csrf_token": token})
    assert more.status_code == 303
    assert b"You may start 5 more new cards today." in client.get("/study").data
    started = client.post("/study/custom/failed", data={"failed_days": "1", "csrf_token": token})
    assert started.status_code == 303
    # Nothing failed yet: the session ends at once, with a way back.
    done = studier.card()
    assert done["done"] and b"Custom study finished" in done["html"] and b"Back to your daily study" in done["html"]
    ended = client.post("/study/custom/end", data={"csrf_token": token})
    assert ended.status_code == 303
    assert not studier.card()["done"]
    assert query(lambda s: s.scalar(sa.select(User.custom_kind))) is None

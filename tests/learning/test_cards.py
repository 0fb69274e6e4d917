"""The card browser through the real pages: search, pages, actions on the ticked cards; actions from the study page."""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from quiz import create_app
from quiz.database import MIGRATIONS_DIR
from quiz.extensions import db
from quiz.models import Card, Hold, Question, QuestionTag, Review
from quiz.services.learning import browser
from tests.support import app_config, csrf_token


def listed(html: bytes) -> list[int]:
    """The question ids of the rows listed, in order."""
    return [int(n) for n in re.findall(rb'<tr data-question="(\d+)">', html)]


def ids(query, *keys):
    found = dict(query(lambda s: s.execute(sa.select(Question.key, Question.id)).all()))
    return [found[k] for k in keys]


def act(client, action, question_ids, **extra):
    token = csrf_token(client.get("/cards").data)
    data = {"action": action, "ids": [str(i) for i in question_ids], "csrf_token": token, **extra}
    return client.post("/cards/act", data=data)


def test_the_browser_lists_every_card_in_bank_order(second_deck, accounts, client, query):
    accounts.register()
    page = client.get("/cards")
    assert page.status_code == 200
    assert len(listed(page.data)) == 9
    assert listed(page.data)[:2] == ids(query, "relations-date", "relations-date-choice")
    assert b"9 cards" in page.data


def test_search_by_text_deck_tag_and_state(second_deck, accounts, client, studier, query):
    accounts.register()
    studier.rate(4, studier.answer("March 3, 1921"))  # relations-date: in review
    assert listed(client.get("/cards?q=RAVEL").data) == ids(query, "treaty-name", "peace-city")  # prompt or answer
    assert listed(client.get("/cards?q=12.5").data) == ids(query, "aid-amount")
    history = query(lambda s: s.scalar(sa.text("SELECT id FROM deck WHERE key = 'history'")))
    assert listed(client.get(f"/cards?deck={history}").data) == ids(query, "war-end", "army-leader", "peace-city")
    assert listed(client.get("/cards?tag=war").data) == ids(query, "war-end", "army-leader")
    assert listed(client.get("/cards?state=review").data) == ids(query, "relations-date")
    assert len(listed(client.get("/cards?state=new").data)) == 8
    assert listed(client.get(f"/cards?deck={history}&tag=war&q=leader").data) == ids(query, "army-leader")
    # A search that finds nothing says so.
    empty = client.get("/cards?q=zzz")
    assert listed(empty.data) == [] and b"No card matches this search." in empty.data
    # Wildcards are searched for as themselves.
    assert listed(client.get("/cards?q=%25").data) == []


def test_hostile_search_values_never_fail(second_deck, accounts, client):
    accounts.register()
    for query_string in (
        "deck=abc",
        "deck=99999999999999999999999",
        "state=sleeping",
        "page=0",
        "page=-3",
        "page=99999999999999",
        "page=x",
        "tag=" + "x" * 500,
        "q=" + "y" * 5000,
        "q=_",
    ):
        assert client.get(f"/cards?{query_string}").status_code == 200, query_string
    # A NUL is refused before any page sees it (as everywhere in the app).
    assert client.get("/cards?q=%00").status_code == 400


def test_suspend_bury_and_forget_from_the_browser(second_deck, accounts, client, studier, query):
    accounts.register()
    studier.rate(4, studier.answer("March 3, 1921"))
    relations, aid, war = ids(query, "relations-date", "aid-amount", "war-end")
    response = act(client, "suspend", [aid, war], next="/cards?state=new")
    assert response.status_code == 303 and response.headers["Location"] == "/cards?state=new"
    assert b"2 cards suspended." in client.get("/cards").data
    assert listed(client.get("/cards?state=suspended").data) == [aid, war]
    act(client, "bury", [relations])
    assert listed(client.get("/cards?state=buried").data) == [relations]
    act(client, "unsuspend", [war])
    assert listed(client.get("/cards?state=suspended").data) == [aid]
    act(client, "forget", [relations])
    assert b"1 card forgotten" in client.get("/cards").data
    assert query(lambda s: s.scalar(sa.select(sa.func.count()).select_from(Card))) == 0
    assert query(lambda s: s.scalar(sa.select(sa.func.count(Review.id)))) == 1  # the log keeps it
    # Nothing ticked: a message, nothing changes.
    act(client, "suspend", [])
    assert b"Select the cards first" in client.get("/cards").data


def test_an_action_on_every_card_of_a_search(second_deck, accounts, client, query):
    accounts.register()
    token = csrf_token(client.get("/cards").data)
    data = {"action": "suspend", "every": "y", "tag": "war", "csrf_token": token, "next": "/cards?tag=war"}
    assert client.post("/cards/act", data=data).status_code == 303
    suspended = query(lambda s: sorted(s.scalars(sa.select(Hold.question_id).where(Hold.suspended))))
    assert suspended == sorted(ids(query, "war-end", "army-leader"))


def test_pages_of_fifty(app, accounts, client, query, runner, tmp_path):
    folder = tmp_path / "big"
    folder.mkdir()
    lines = ["deck: {id: big, title: Big deck}", "questions:"]
    for i in range(120):
        lines += [f"  - id: big-{i}", "    type: short", f"    prompt: Question number {i}?", f"    answer: '{i}'"]
    (folder / "big.yaml").write_text("\n".join(lines) + "\n")
    assert runner.invoke(args=["bank", "import", str(folder)]).exit_code == 0
    accounts.register()
    first = client.get("/cards?q=number")
    assert len(listed(first.data)) == browser.PAGE_SIZE and b"Page 1 of 3" in first.data
    last = client.get("/cards?q=number&page=3")
    assert len(listed(last.data)) == 20 and b"Page 3 of 3" in last.data
    assert b'rel="prev"' in last.data and b'rel="next"' not in last.data
    assert listed(client.get("/cards?q=number&page=9").data) == listed(last.data)  # past the end: the last page


def test_actions_refuse_bad_forms_and_foreign_places(accounts, client, query):
    accounts.register()
    token = csrf_token(client.get("/cards").data)
    (relations,) = ids(query, "relations-date")
    for data in (
        {"action": "delete", "ids": [str(relations)]},
        {"action": "suspend", "ids": ["abc"]},
        {"ids": [str(relations)]},
    ):
        response = client.post("/cards/act", data=data | {"csrf_token": token})
        assert response.status_code == 303 and response.headers["Location"] == "/cards"
    response = client.post(
        "/cards/act",
        data={"action": "suspend", "ids": [str(relations)], "csrf_token": token, "next": "https://evil.example/"},
    )
    assert response.headers["Location"] == "/cards"
    assert client.post("/cards/act", data={"action": "suspend", "ids": [str(relations)]}).status_code == 400
    assert query(lambda s: s.scalar(sa.select(sa.func.count()).select_from(Hold))) == 1


def test_bury_suspend_and_forget_from_the_answer_side(accounts, client, studier, query):
    accounts.register()
    side = studier.answer("March 3, 1921")
    assert b'id="hold-form"' in side["html"] and b'value="bury"' in side["html"]
    token = csrf_token(side["html"])
    response = client.post(
        "/cards/act",
        data={"action": "bury", "ids": [side["question"]], "next": "/study", "csrf_token": token},
    )
    assert response.status_code == 303 and response.headers["Location"] == "/study"
    card = studier.card()
    # The buried card's answer is no longer in hand: the next card is asked.
    assert card["phase"] == "question" and card["question"] != side["question"]
    assert b"1 card buried until your next study day." in card["html"]
    side = studier.answer("nothing")
    client.post(
        "/cards/act", data={"action": "suspend", "ids": [side["question"]], "next": "/study", "csrf_token": token}
    )
    assert query(lambda s: s.scalar(sa.select(Hold.suspended).where(Hold.question_id == int(side["question"]))))
    assert studier.card()["question"] != side["question"]


def test_a_leech_says_so_on_the_study_page(app, accounts, client, studier, query):
    from datetime import timedelta

    from quiz.models import User, utcnow

    accounts.register()
    with app.app_context():
        db.session.execute(sa.update(User).values(leech_threshold=1))
        db.session.commit()
    studier.rate(4, studier.answer("March 3, 1921"))  # Easy: in review
    with app.app_context():
        db.session.execute(sa.update(Card).values(due=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    side = studier.answer("1999")
    assert "diplomatic relations opened" in side["prompt"]
    studier.rate(1, side)  # a lapse: the first, and the threshold is 1
    page = studier.card()
    assert b"is marked and suspended" in page["html"] and b'class="flash warning"' in page["html"]
    assert listed(client.get("/cards?state=leech").data) == ids(query, "relations-date")
    # The settings page sets the threshold.
    settings = client.get("/settings")
    assert b'id="leech_threshold"' in settings.data and b'value="1"' in settings.data


def test_the_migration_fills_the_tag_index_and_goes_back(tmp_path, bank_dir):
    app = create_app(app_config(tmp_path, bank_dir))
    with app.app_context():
        below = ScriptDirectory(str(MIGRATIONS_DIR)).get_revision("0010_learner_control").down_revision
        downgrade(directory=str(MIGRATIONS_DIR), revision=below)  # to just before this revision
        with db.engine.connect() as connection:
            inspector = sa.inspect(connection)
            assert not inspector.has_table("card_hold") and not inspector.has_table("question_tag")
            assert "study_deck_id" not in {c["name"] for c in inspector.get_columns("user")}
        with db.engine.begin() as connection:
            connection.execute(sa.text("UPDATE question SET tags = '[\"a\", \"b\"]' WHERE key = 'aid-amount'"))
            connection.execute(
                sa.text(
                    'INSERT INTO "user" (id, username, username_key, password_hash, role, session_version,'
                    " desired_retention, new_per_day, timezone, day_start_hour, new_frontier, created_at)"
                    " VALUES (1, 'old', 'old', 'x', 'learner', 1, 0.9, 20, 'UTC', 4, -1, '2026-01-01 00:00:00')"
                )
            )
        upgrade(directory=str(MIGRATIONS_DIR))
        tags = db.session.execute(
            sa.select(QuestionTag.tag).join(Question, Question.id == QuestionTag.question_id).order_by(QuestionTag.tag)
        ).scalars()
        assert list(tags) == ["a", "b"]
        # The learner kept their row, with the new settings' defaults.
        row = db.session.execute(sa.text('SELECT leech_threshold, study_deck_id FROM "user" WHERE id = 1')).one()
        assert tuple(row) == (8, None)
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()

"""Editing decks in the browser: edits by the import rules, the reset warning, history, export, permissions."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from quiz.bank import validate_sources
from quiz.extensions import db
from quiz.models import Card, Deck, DeckOwner, Question, QuestionEdit, Role, User
from quiz.scheduling import Rating
from quiz.services.accounts.users import create_user
from quiz.services.bank import editing, uploads
from quiz.services.bank.catalog import plan_import
from quiz.services.learning.study import record_review
from tests.support import PASSWORD, Accounts, csrf_token

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)

MINE = textwrap.dedent(
    """\
    deck: {id: mine, title: My deck}
    questions:
      - id: m-year
        type: short
        kind: date
        prompt: In what year did Freedonia join the league?
        answer: "1991"
        tags: [league]
      - id: m-choice
        type: choice
        prompt: Which city is Freedonia's capital?
        answer: Rufusburg
        choices: [Rufusburg, Ravel, Sylvan]
      - id: m-cloze
        type: cloze
        kind: date
        prompt: Freedonia was founded in {{1848}}.
    """
)


@pytest.fixture
def people(app):
    """Instructors teach and other, an admin, and two learners who studied every question of 'mine'."""
    with app.app_context():
        ids = {
            name: create_user(name, PASSWORD, role=role).id
            for name, role in (
                ("teach", Role.INSTRUCTOR),
                ("other", Role.INSTRUCTOR),
                ("boss", Role.ADMIN),
                ("ann", Role.LEARNER),
                ("bob", Role.LEARNER),
            )
        }
        stored, problems = uploads.start_bank_upload(ids["teach"], "mine.yaml", MINE.encode())
        assert stored is not None, problems
        uploads.apply_upload(stored.id, now=NOW, owner=ids["teach"], by=ids["teach"])
        questions = db.session.scalars(sa.select(Question.id).where(Question.key.like("m-%"))).all()
        for learner in ("ann", "bob"):
            user = db.session.get(User, ids[learner])
            for i, qid in enumerate(questions):
                record_review(user, qid, Rating.Good, seen_reps=0, now=NOW + timedelta(minutes=i), correct=True)
        db.session.remove()
    return ids


def question(query, key):
    return query(lambda s: s.scalar(sa.select(Question).where(Question.key == key)))


def qid(query, key):
    return query(lambda s: s.scalar(sa.select(Question.id).where(Question.key == key)))


def cards(query, key):
    return query(
        lambda s: s.scalar(sa.select(sa.func.count()).select_from(Card).join(Question).where(Question.key == key))
    )


def history(query, key):
    return query(
        lambda s: [
            (e.action, e.origin, e.changes, e.reset_cards, e.user_id)
            for e in s.scalars(
                sa.select(QuestionEdit).join(Question).where(Question.key == key).order_by(QuestionEdit.id)
            )
        ]
    )


def in_app(app, fn):
    with app.app_context():
        try:
            return fn()
        finally:
            db.session.remove()


# --- the service --------------------------------------------------------------


def test_an_uploaded_deck_belongs_to_its_author_and_a_file_deck_to_its_file(app, people, query):
    def rights():
        mine = db.session.scalar(sa.select(Deck).where(Deck.key == "mine"))
        test = db.session.scalar(sa.select(Deck).where(Deck.key == "test-deck"))
        return (
            editing.deck_rights(mine, user_id=people["teach"], is_admin=False),
            editing.deck_rights(mine, user_id=people["other"], is_admin=False),
            editing.deck_rights(mine, user_id=people["boss"], is_admin=True),
            editing.deck_rights(test, user_id=people["boss"], is_admin=True),
        )

    teach, other, boss, file_deck = in_app(app, rights)
    assert teach.editable and teach.owner == "teach" and teach.source_path is None
    assert not other.editable and boss.editable
    assert not file_deck.editable and file_deck.source_path == "bank/deck.yaml"
    # Each file-backed question knows its file and the line its entry starts on.
    treaty = question(query, "treaty-name")
    assert (treaty.source_path, treaty.source_line) == ("bank/deck.yaml", 27)


def test_a_prompt_edit_keeps_progress_and_is_recorded(app, people, query):
    outcome = in_app(
        app,
        lambda: editing.save_question(
            qid(query, "m-year"),
            {"prompt": "When did Freedonia join the league?", "kind": "date", "answer": "1991", "tags": ["league"]},
            user_id=people["teach"],
            is_admin=False,
            now=NOW,
        ),
    )
    assert outcome.saved and not outcome.result.reset
    assert question(query, "m-year").prompt == "When did Freedonia join the league?"
    assert cards(query, "m-year") == 2
    assert history(query, "m-year")[-1] == (
        "changed",
        "browser",
        {"prompt": ["In what year did Freedonia join the league?", "When did Freedonia join the league?"]},
        0,
        people["teach"],
    )


def test_a_changed_answer_asks_first_then_resets_with_the_token(app, people, query):
    edits = {"prompt": "In what year did Freedonia join the league?", "kind": "date", "answer": "1992"}
    save = lambda **kw: in_app(  # noqa: E731
        app,
        lambda: editing.save_question(
            qid(query, "m-year"), edits, user_id=people["teach"], is_admin=False, now=NOW, **kw
        ),
    )
    first = save()
    assert not first.saved and first.cards == 2 and first.confirm
    assert question(query, "m-year").answer == "1991" and cards(query, "m-year") == 2  # nothing saved yet
    assert not save(confirm="not-the-token").saved
    done = save(confirm=first.confirm)
    assert done.saved and done.result.reset == ["m-year"]
    assert question(query, "m-year").answer == "1992" and cards(query, "m-year") == 0
    action, origin, changes, reset, _ = history(query, "m-year")[-1]
    assert (action, origin, reset) == ("changed", "browser", 2)
    assert changes == {"answer": ["1991", "1992"]}  # fields the edit does not name stay as they were


def test_the_same_answer_written_differently_is_not_a_reset(app, people, query):
    edits = {"prompt": "In what year did Freedonia join the league?", "kind": "date", "answer": "in 1991"}
    outcome = in_app(
        app,
        lambda: editing.save_question(
            qid(query, "m-year"), edits | {"tags": ["league"]}, user_id=people["teach"], is_admin=False, now=NOW
        ),
    )
    assert outcome.saved and not outcome.result.reset and cards(query, "m-year") == 2


def test_invalid_edits_are_refused_field_by_field_and_change_nothing(app, people, query):
    outcome = in_app(
        app,
        lambda: editing.save_question(
            qid(query, "m-choice"),
            {"prompt": "", "answer": "Vilnius", "choices": ["Rufusburg", "Ravel"]},
            user_id=people["teach"],
            is_admin=False,
            now=NOW,
        ),
    )
    assert not outcome.saved
    by_field = {(p.field, p.message) for p in outcome.problems}
    assert ("answer", "answer 'Vilnius' is not among the choices") in by_field
    assert any(field == "prompt" for field, _ in by_field)
    assert question(query, "m-choice").answer == "Rufusburg"
    assert [h[0] for h in history(query, "m-choice")] == ["added"]


def test_retire_revive_and_add(app, people, query):
    def run():
        key = qid(query, "m-cloze")
        editing.set_retired(key, retired=True, user_id=people["boss"], is_admin=True, now=NOW)
        with pytest.raises(editing.EditError):
            editing.set_retired(key, retired=True, user_id=people["boss"], is_admin=True, now=NOW)
        assert db.session.get(Question, key).retired_at is not None
        editing.set_retired(key, retired=False, user_id=people["teach"], is_admin=False, now=NOW)
        deck = db.session.scalar(sa.select(Deck.id).where(Deck.key == "mine"))
        added = editing.add_question(
            deck,
            {"id": "m-new", "type": "short", "kind": "money", "prompt": "How much?", "answer": "$5", "tolerance": "1"},
            user_id=people["teach"],
            is_admin=False,
            now=NOW,
        )
        taken = editing.add_question(
            deck,
            {"id": "aid-amount", "type": "short", "prompt": "Again?", "answer": "x"},
            user_id=people["teach"],
            is_admin=False,
            now=NOW,
        )
        return added, taken

    added, taken = in_app(app, run)
    assert question(query, "m-cloze").retired_at is None and cards(query, "m-cloze") == 2  # progress came back
    assert [h[:2] for h in history(query, "m-cloze")][-2:] == [("retired", "browser"), ("revived", "browser")]
    assert added.saved and question(query, "m-new").tolerance == "1"
    assert history(query, "m-new") == [("added", "browser", {}, 0, people["teach"])]
    assert [(p.field, p.message) for p in taken.problems] == [
        ("id", "question id 'aid-amount' is already used; choose another")
    ]


def test_file_backed_and_other_instructors_decks_cannot_be_edited(app, people, query):
    def attempt(key, user):
        return editing.save_question(
            qid(query, key), {"prompt": "Changed?"}, user_id=people[user], is_admin=user == "boss", now=NOW
        )

    with pytest.raises(editing.NotAllowed, match="bank/deck.yaml"):
        in_app(app, lambda: attempt("aid-amount", "boss"))
    with pytest.raises(editing.NotAllowed):
        in_app(app, lambda: attempt("m-year", "other"))
    assert question(query, "m-year").prompt == "In what year did Freedonia join the league?"


def test_an_upload_may_not_take_over_another_instructors_deck(app, people, query):
    def run():
        stored, _ = uploads.start_bank_upload(people["other"], "take.yaml", MINE.replace("1991", "1990").encode())
        with pytest.raises(uploads.UploadError, match="belongs to another instructor"):
            uploads.apply_upload(stored.id, now=NOW, owner=people["other"], by=people["other"])

    in_app(app, run)
    assert question(query, "m-year").answer == "1991"


def test_export_round_trips_with_every_browser_edit(app, people, query):
    def run():
        key = qid(query, "m-choice")
        editing.save_question(
            key,
            {"prompt": "Name the capital.", "answer": "Rufusburg", "choices": ["Rufusburg", "Ravel", "Sylvan", "Yes"]},
            user_id=people["teach"],
            is_admin=False,
            now=NOW,
        )
        editing.set_retired(qid(query, "m-cloze"), retired=True, user_id=people["teach"], is_admin=False, now=NOW)
        deck = db.session.scalar(sa.select(Deck.id).where(Deck.key == "mine"))
        name, text = editing.export_deck(deck)
        bank, problems = validate_sources([], uploads={name: text.encode()})
        return name, text, bank, problems, plan_import(bank)

    name, text, bank, problems, plan = in_app(app, run)
    assert name == "mine.yaml" and not problems.errors
    assert "Name the capital." in text and "'Yes'" in text  # quoted, so it reads back as text
    assert [q.key for q in bank.decks[0].questions] == ["m-year", "m-choice"]
    # Importing it changes nothing: same ids, same questions, nobody's progress touched.
    assert plan.is_noop and plan.unchanged == ["m-year", "m-choice"] and not plan.reset


def test_history_records_imports_from_files(app, people, query, bank_dir, tmp_path):
    from quiz.bank import load_bank
    from quiz.services.bank.catalog import apply_import

    folder = tmp_path / "questions"
    folder.mkdir()
    text = (bank_dir / "deck.yaml").read_text().replace("answer: Rufusburg", "answer: Rufusville")
    (folder / "deck.yaml").write_text("# moved down a line\n" + text)
    in_app(app, lambda: apply_import(load_bank([folder]), now=NOW, files_root=tmp_path))
    assert history(query, "capital-flashcard")[-1] == (
        "changed",
        "file",
        {"answer": ["Rufusburg", "Rufusville"]},
        0,
        None,
    )
    moved = question(query, "treaty-name")
    assert (moved.source_path, moved.source_line) == ("questions/deck.yaml", 28)  # unchanged, but one line down


def test_owners_are_kept_for_drafted_decks(app, people, query):
    assert (
        query(
            lambda s: s.scalar(
                sa.select(DeckOwner.user_id).join(Deck, Deck.id == DeckOwner.deck_id).where(Deck.key == "mine")
            )
        )
        == people["teach"]
    )


# --- the pages ------------------------------------------------------------------


def login(client, name):
    Accounts(client).login(name)
    return client


def test_learners_get_403_on_every_editing_page(client, people, query):
    login(client, "ann")
    key = qid(query, "m-year")
    deck = query(lambda s: s.scalar(sa.select(Deck.id).where(Deck.key == "mine")))
    pages = (f"/instructor/bank/{key}/edit", f"/instructor/decks/{deck}/add", f"/instructor/decks/{deck}/export.yaml")
    for path in pages:
        assert client.get(path).status_code == 403
    for path in (f"/instructor/bank/{key}/retire", f"/instructor/bank/{key}/edit"):
        assert client.post(path, data={}).status_code in (400, 403)
    assert client.get("/instructor/bank/999999/edit").status_code == 403


def test_another_instructor_gets_403_and_admins_may_edit(client, people, query):
    key = qid(query, "m-year")
    login(client, "other")
    page = client.get(f"/instructor/bank/{key}")
    assert b"This deck belongs to teach; only they or an admin can edit it." in page.data
    assert b'id="edit-question"' not in page.data
    assert client.get(f"/instructor/bank/{key}/edit").status_code == 403
    token = csrf_token(client.get("/instructor/upload").data)
    assert client.post(f"/instructor/bank/{key}/retire", data={"csrf_token": token}).status_code == 403
    assert question(query, "m-year").retired_at is None
    Accounts(client).logout()
    login(client, "boss")
    assert client.get(f"/instructor/bank/{key}/edit").status_code == 200
    assert client.get("/instructor/bank/999999/edit").status_code == 404


def test_a_file_backed_question_shows_its_file_and_line(client, people, query):
    login(client, "teach")
    key = qid(query, "treaty-name")
    page = client.get(f"/instructor/bank/{key}").data
    assert b'<code id="source-file">bank/deck.yaml</code>, line <strong id="source-line">27</strong>' in page
    assert client.get(f"/instructor/bank/{key}/edit").status_code == 403


def test_editing_the_answer_on_the_page_warns_then_saves_on_confirmation(client, people, query):
    login(client, "teach")
    key = qid(query, "m-year")
    form = client.get(f"/instructor/bank/{key}/edit")
    assert form.status_code == 200
    data = {
        "csrf_token": csrf_token(form.data),
        "kind": "date",
        "prompt": "In what year did Freedonia join the league?",
        "answer": "1992",
        "tags": "league",
    }
    warned = client.post(f"/instructor/bank/{key}/edit", data=data)
    assert warned.status_code == 200
    assert b'<strong id="reset-count">2 learners</strong>' in warned.data and b"Nothing is saved yet." in warned.data
    assert question(query, "m-year").answer == "1991"
    token = warned.data.split(b'name="confirm" type="hidden" value="')[1].split(b'"')[0].decode()
    done = client.post(f"/instructor/bank/{key}/edit", data=data | {"confirm": token})
    assert done.status_code == 303
    assert question(query, "m-year").answer == "1992" and cards(query, "m-year") == 0
    page = client.get(f"/instructor/bank/{key}").data
    assert b"progress on this question was reset" in page
    assert b"<del>1991</del>" in page and b"<ins>1992</ins>" in page and b"2 learners&#39; progress reset" in page


def test_a_refused_edit_lists_each_problem_at_the_top_linking_to_its_field(client, people, query):
    login(client, "teach")
    key = qid(query, "m-choice")
    token = csrf_token(client.get(f"/instructor/bank/{key}/edit").data)
    page = client.post(
        f"/instructor/bank/{key}/edit",
        data={"csrf_token": token, "kind": "other", "prompt": "Capital?", "answer": "Vilnius", "choices": "A\nB"},
    )
    assert page.status_code == 400
    assert b'<a href="#answer">answer &#39;Vilnius&#39; is not among the choices</a>' in page.data
    assert b'id="answer-errors"' in page.data


def test_export_downloads_the_deck(client, people, query):
    login(client, "other")  # reading is open to every instructor, as the whole-bank export is
    deck = query(lambda s: s.scalar(sa.select(Deck.id).where(Deck.key == "mine")))
    response = client.get(f"/instructor/decks/{deck}/export.yaml")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=mine.yaml"
    assert b"id: m-year" in response.data
    assert client.get("/instructor/decks/999999/export.yaml").status_code == 404


DOCUMENT = (
    "Freedonia and Sylvania\n\n"
    "Freedonia and Sylvania opened diplomatic relations on March 3, 1921.\n\n"
    "In 1930 the two countries signed the Ravel Border Accord (RBA).\n\n"
    "Since 1995, Freedonia has provided more than $12.5 million to Sylvania's railways.\n"
)


def test_browser_edits_to_a_drafted_deck_survive_later_draft_reviews(app, people, query):
    def run():
        draft = uploads.start_document(people["teach"], "ravel.txt", DOCUMENT.encode(), deck_key="ravel", title="Ravel")
        assert len(draft.draft) >= 2
        uploads.review_draft_question(draft.id, 0, accept=True, now=NOW, by=people["teach"])
        first = draft.draft[0]["fields"]["id"]
        key = db.session.scalar(sa.select(Question.id).where(Question.key == first))
        deck = db.session.scalar(sa.select(Deck.id).where(Deck.key == "ravel"))
        editing.save_question(
            key, {"prompt": "Edited in the browser?"}, user_id=people["teach"], is_admin=False, now=NOW
        )
        added = editing.add_question(
            deck,
            {"id": "ravel-extra", "type": "flashcard", "prompt": "Extra?", "answer": "Yes"},
            user_id=people["teach"],
            is_admin=False,
            now=NOW,
        )
        assert added.saved, added.problems
        uploads.review_draft_question(draft.id, 1, accept=True, now=NOW, by=people["teach"])
        return first, draft.draft[1]["fields"]["id"]

    first, second = in_app(app, run)
    assert question(query, first).prompt == "Edited in the browser?"
    assert question(query, "ravel-extra").retired_at is None
    assert question(query, second).retired_at is None
    assert [h[:2] for h in history(query, second)] == [("added", "draft")]


def test_a_field_the_form_refuses_is_listed_at_the_top_too(client, people, query):
    login(client, "teach")
    deck = query(lambda s: s.scalar(sa.select(Deck.id).where(Deck.key == "mine")))
    token = csrf_token(client.get(f"/instructor/decks/{deck}/add").data)
    page = client.post(
        f"/instructor/decks/{deck}/add",
        data={"csrf_token": token, "id": "x" * 101, "type": "short", "prompt": "Long id?", "answer": "yes"},
    )
    assert page.status_code == 400
    assert b'<a href="#id">Field cannot be longer than 100 characters.</a>' in page.data
    assert question(query, "x" * 101) is None


@pytest.mark.parametrize("text", ["a\x00b", "x" * 20_000, "line\r\nbreak", "{{", "*: &a [*a]"])
def test_hostile_text_is_refused_or_saved_never_a_500(client, people, query, text):
    login(client, "teach")
    key = qid(query, "m-choice")
    token = csrf_token(client.get(f"/instructor/bank/{key}/edit").data)
    page = client.post(
        f"/instructor/bank/{key}/edit",
        data={"csrf_token": token, "prompt": text, "answer": "Rufusburg", "choices": f"Rufusburg\nRavel\n{text}"},
    )
    assert page.status_code in (303, 400)
    if page.status_code == 303:
        assert question(query, "m-choice").prompt == text.strip()

"""Classes through the real pages: creating, joining by code or link, leaving, assignments, the gradebook, its CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Assignment, ClassMember, Classroom, Deck, Question, QuizAttempt, Role, User
from quiz.scheduling import Rating
from quiz.services.classes.gradebook import gradebook, learner_assignments
from quiz.services.learning.study import record_review
from tests.classes.conftest import add_assignment, create_class, join_code, post
from tests.support import Quizzer


def deck_id(query) -> int:
    return query(lambda s: s.scalar(sa.select(Deck.id).where(Deck.key == "test-deck")))


def members(query, class_id: int) -> set[str]:
    return set(
        query(
            lambda s: s.scalars(
                sa.select(User.username)
                .join(ClassMember, ClassMember.user_id == User.id)
                .where(ClassMember.class_id == class_id)
            )
        )
    )


def test_instructor_creates_a_class_and_learners_join_by_code_or_link(sign_in, query):
    teach = sign_in("teach", Role.INSTRUCTOR)
    class_id = create_class(teach, "Baltic history")
    page = teach.get(f"/instructor/classes/{class_id}").data.decode()
    code = join_code(teach, class_id)
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code)
    assert f"/join/{code.replace('-', '')}" in page

    ada = sign_in("ada")
    # Typed as people type it: lower case, spaces.
    response = post(ada, "/classes", "/classes/join", {"code": " " + code.lower().replace("-", " ") + " "})
    assert response.status_code == 303
    assert "You joined Baltic history." in ada.get("/classes").data.decode()

    bob = sign_in("bob")
    link = f"/join/{code.replace('-', '')}"
    confirm = bob.get(link)
    assert confirm.status_code == 200 and b"Join Baltic history" in confirm.data
    assert members(query, class_id) == {"ada"}  # opening the link changes nothing
    assert post(bob, link, link).status_code == 303
    assert members(query, class_id) == {"ada", "bob"}
    assert b'data-member="bob"' in teach.get(f"/instructor/classes/{class_id}").data


def test_a_wrong_code_says_so_and_joins_nothing(sign_in, query):
    teach = sign_in("teach", Role.INSTRUCTOR)
    class_id = create_class(teach, "Baltic history")
    ada = sign_in("ada")
    response = post(ada, "/classes", "/classes/join", {"code": "AAAAA-AAAAA"})
    assert response.status_code == 200 and b"No class has that code" in response.data
    assert post(ada, "/classes", "/classes/join", {"code": ""}).status_code == 200
    assert post(ada, "/classes", "/classes/join", {"code": "x" * 500}).status_code == 200
    assert ada.get("/join/nonsense").status_code == 404
    assert members(query, class_id) == set()


def test_a_new_code_stops_the_old_one_and_keeps_members(sign_in, query):
    teach = sign_in("teach", Role.INSTRUCTOR)
    class_id = create_class(teach, "Baltic history")
    old = join_code(teach, class_id)
    ada = sign_in("ada")
    post(ada, "/classes", "/classes/join", {"code": old})
    page = f"/instructor/classes/{class_id}"
    assert post(teach, page, f"{page}/code").status_code == 303
    new = join_code(teach, class_id)
    assert new != old
    bob = sign_in("bob")
    assert b"No class has that code" in post(bob, "/classes", "/classes/join", {"code": old}).data
    assert bob.get(f"/join/{old}").status_code == 404
    assert post(bob, "/classes", "/classes/join", {"code": new}).status_code == 303
    assert members(query, class_id) == {"ada", "bob"}


def test_a_learner_can_be_in_several_classes_and_leave_one(sign_in, query):
    teach = sign_in("teach", Role.INSTRUCTOR)
    first, second = create_class(teach, "Morning"), create_class(teach, "Evening")
    ada = sign_in("ada")
    for class_id in (first, second):
        post(ada, "/classes", "/classes/join", {"code": join_code(teach, class_id)})
    page = ada.get("/classes").data.decode()
    assert 'data-class="Morning"' in page and 'data-class="Evening"' in page
    assert post(ada, "/classes", f"/classes/{first}/leave").status_code == 303
    assert members(query, first) == set() and members(query, second) == {"ada"}
    assert post(ada, "/classes", f"/classes/{first}/leave").status_code == 404  # not in it any more


def test_assignment_seen_studied_and_quizzed_then_complete_in_the_gradebook(app, sign_in, query):
    teach = sign_in("teach", Role.INSTRUCTOR)
    class_id = create_class(teach, "Baltic history")
    deck = deck_id(query)
    response = add_assignment(
        teach, class_id, title="Relations", scope=f"deck:{deck}", require_studied=None, quiz_length=6, pass_percent=80
    )
    assert response.status_code == 303, response.data
    assignment_id = query(lambda s: s.scalar(sa.select(Assignment.id)))
    ada = sign_in("ada")
    post(ada, "/classes", "/classes/join", {"code": join_code(teach, class_id)})
    sign_in("bob")  # not in the class: not in its gradebook

    study = ada.get("/study").data.decode()
    assert 'data-assignment="Relations"' in study and "Due " in study

    # Study its cards alone: the study choice becomes the assignment's deck.
    assert post(ada, "/classes", f"/assignments/{assignment_id}/study").headers["Location"] == "/study"
    assert query(lambda s: s.scalar(sa.select(User.study_deck_id).where(User.username == "ada"))) == deck

    # Take its quiz, every answer right.
    response = post(ada, "/classes", f"/assignments/{assignment_id}/quiz")
    attempt = int(re.fullmatch(r"/quiz/(\d+)", response.headers["Location"]).group(1))
    seen = Quizzer(ada).answer_all(attempt)
    assert len(seen) == 5  # six questions, two of them siblings: at most one per fact
    assert b"Back to your assignments" in ada.get(f"/quiz/{attempt}").data

    book = teach.get(f"/instructor/classes/{class_id}/gradebook").data.decode()
    row = re.search(r'<tr data-learner="ada">(.*?)</tr>', book, re.S).group(1)
    assert "done" in row and "quiz 100%" in row and "83% studied" in row  # 5 of 6 cards met in the quiz
    assert 'data-learner="bob"' not in book
    completion = teach.get(f"/instructor/assignments/{assignment_id}").data.decode()
    assert "<strong>1</strong> of 1 learners done" in completion
    # Done, it leaves the learner's open assignments on the study page.
    assert 'data-assignment="Relations"' not in ada.get("/study").data.decode()
    assert 'data-assignment="Relations"' in ada.get("/classes").data.decode()


def test_the_studied_goal_counts_every_card_of_the_deck(app, sign_in, query):
    teach = sign_in("teach", Role.INSTRUCTOR)
    class_id = create_class(teach, "Baltic history")
    add_assignment(teach, class_id, scope=f"deck:{deck_id(query)}", with_quiz=None)
    ada = sign_in("ada")
    post(ada, "/classes", "/classes/join", {"code": join_code(teach, class_id)})
    now = datetime.now(UTC)
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "ada"))
        ids = list(db.session.scalars(sa.select(Question.id).order_by(Question.id)))
        for n, question_id in enumerate(ids):
            before = learner_assignments(user.id, now)[0].status
            assert (before.progress.studied, before.done) == (n, False)
            record_review(user, question_id, Rating.Good, seen_reps=0, now=now)
        after = learner_assignments(user.id, now)[0].status
        assert (after.progress.studied, after.progress.cards, after.done) == (len(ids), len(ids), True)
        assert after.progress.last_activity == now


def test_overdue_is_marked_after_the_end_of_the_due_day_in_the_instructors_zone(app, sign_in, query):
    teach = sign_in("teach", Role.INSTRUCTOR)
    with app.app_context():
        db.session.execute(sa.update(User).where(User.username == "teach").values(timezone="Pacific/Auckland"))
        db.session.commit()
    class_id = create_class(teach, "Kiwi")
    auckland = ZoneInfo("Pacific/Auckland")
    today_there = datetime.now(UTC).astimezone(auckland).date()
    assert add_assignment(teach, class_id, due_on=today_there.isoformat()).status_code == 303
    ada = sign_in("ada")
    post(ada, "/classes", "/classes/join", {"code": join_code(teach, class_id)})
    with app.app_context():
        found = db.session.scalar(sa.select(Assignment))
        # Due at the midnight that ends the day in Auckland (11 to 13 hours before UTC midnight).
        local_end = datetime.combine(today_there + timedelta(days=1), datetime.min.time(), auckland)
        assert found.due_at == local_end.astimezone(UTC)
        user_id = db.session.scalar(sa.select(User.id).where(User.username == "ada"))
        assert not learner_assignments(user_id, found.due_at - timedelta(seconds=1))[0].overdue
        assert learner_assignments(user_id, found.due_at)[0].overdue
    # Shown to the learner in their zone (UTC here), as the last minute of the due day.
    shown = (found.due_at - timedelta(minutes=1)).astimezone(UTC)
    assert f"{shown:%H:%M}" in ada.get("/study").data.decode()


def test_bad_assignment_forms_are_refused_with_a_message(sign_in, query):
    teach = sign_in("teach", Role.INSTRUCTOR)
    class_id = create_class(teach, "Baltic history")
    cases = [
        ({"scope": "deck:999999"}, "Not a valid choice"),
        ({"scope": "tag:nope"}, "Not a valid choice"),
        ({"scope": "nonsense"}, "Not a valid choice"),
        ({"due_on": (date.today() - timedelta(days=3)).isoformat()}, "Choose a due date from today"),
        ({"due_on": "31/02/2026"}, "Not a valid date value"),
        ({"quiz_length": 0}, "Choose 1 to 50 questions"),
        ({"pass_percent": 101}, "Choose 1 to 100%"),
        ({"require_studied": None, "with_quiz": None}, "Choose a goal"),
        ({"title": ""}, "Give the assignment a title"),
        ({"title": "x" * 300}, "Field cannot be longer"),
    ]
    for fields, message in cases:
        response = add_assignment(teach, class_id, **fields)
        assert response.status_code == 200, fields
        assert message in response.data.decode(), (fields, message)
    assert query(lambda s: s.scalar(sa.select(sa.func.count(Assignment.id)))) == 0


def test_gradebook_csv_is_one_row_per_learner_with_stable_ids_and_defused_names(app, sign_in, query):
    teach = sign_in("teach", Role.INSTRUCTOR)
    class_id = create_class(teach, "Baltic history")
    add_assignment(
        teach, class_id, title="=Week 1", scope=f"deck:{deck_id(query)}", require_studied=None, quiz_length=6
    )
    code = join_code(teach, class_id)
    ada = sign_in("ada")
    post(ada, "/classes", "/classes/join", {"code": code})
    post(sign_in("bob"), "/classes", "/classes/join", {"code": code})
    assignment_id = query(lambda s: s.scalar(sa.select(Assignment.id)))
    response = post(ada, "/classes", f"/assignments/{assignment_id}/quiz")
    attempt = int(response.headers["Location"].rsplit("/", 1)[1])
    Quizzer(ada).answer_all(attempt, wrong={"aid-amount": "nothing"})  # 4 of 5 right

    response = teach.get(f"/instructor/classes/{class_id}/gradebook.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv; charset=utf-8")
    assert "attachment" in response.headers["Content-Disposition"]
    assert not response.data.startswith(b"\xef\xbb\xbf")  # no BOM
    assert b"\r\n" in response.data
    rows = list(csv.reader(io.StringIO(response.data.decode())))
    ids = dict(query(lambda s: s.execute(sa.select(User.username, User.id)).all()))
    assert rows[0] == [
        "user_id",
        "username",
        "display_name",
        "'=Week 1 (score)",
        "'=Week 1 (studied %)",
        "'=Week 1 (done)",
        "last_activity",
    ]
    by_id = {row[0]: row for row in rows[1:]}
    assert set(by_id) == {str(ids["ada"]), str(ids["bob"])}
    assert by_id[str(ids["ada"])][1:6] == ["ada", "ada", "80", "83", "no"]  # 80% < 85% to pass
    assert by_id[str(ids["bob"])][1:7] == ["bob", "bob", "", "0", "no", ""]


def test_gradebook_reads_a_few_statements_whatever_the_class_size(app, sign_in, query):
    teach = sign_in("teach", Role.INSTRUCTOR)
    class_id = create_class(teach, "Big")
    for n in range(3):
        add_assignment(teach, class_id, title=f"A{n}", scope=f"deck:{deck_id(query)}")
    with app.app_context():
        for n in range(40):
            user = User(username=f"l{n:02}", password_hash="x")
            db.session.add(user)
            db.session.flush()
            db.session.add(ClassMember(class_id=class_id, user_id=user.id))
        db.session.commit()
        room = db.session.get(Classroom, class_id)
        statements = []

        def count(conn, cursor, statement, *rest):
            statements.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", count)
        book = gradebook(room)
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert len(book.lines) == 40 and len(book.columns) == 3
    assert len(statements) <= 8, statements


def test_quiz_of_an_assignment_keeps_to_its_deck_and_records_the_link(app, sign_in, query):
    teach = sign_in("teach", Role.INSTRUCTOR)
    class_id = create_class(teach, "Baltic history")
    add_assignment(teach, class_id, scope=f"deck:{deck_id(query)}", quiz_length=3)
    ada = sign_in("ada")
    assignment_id = query(lambda s: s.scalar(sa.select(Assignment.id)))
    # Not in the class yet: its assignment is not the learner's.
    assert post(ada, "/classes", f"/assignments/{assignment_id}/quiz").status_code == 404
    assert post(ada, "/classes", f"/assignments/{assignment_id}/study").status_code == 404
    post(ada, "/classes", "/classes/join", {"code": join_code(teach, class_id)})
    response = post(ada, "/classes", f"/assignments/{assignment_id}/quiz")
    assert response.status_code == 303
    attempt = query(lambda s: s.scalar(sa.select(QuizAttempt)))
    assert (attempt.length, attempt.deck_id) == (3, deck_id(query))


def test_a_tag_assignment_counts_and_quizzes_only_the_tagged_cards(app, sign_in, query):
    from quiz.models import QuestionTag, QuizAnswer
    from quiz.services.classes import assignments, rooms

    sign_in("teach", Role.INSTRUCTOR)
    sign_in("ada")
    now = datetime.now(UTC)
    with app.app_context():
        tagged = list(db.session.scalars(sa.select(Question.id).where(Question.key.in_(["aid-amount", "treaty-name"]))))
        db.session.add_all(QuestionTag(tag="week-2", question_id=q) for q in tagged)
        db.session.commit()
        teach = db.session.scalar(sa.select(User).where(User.username == "teach"))
        ada = db.session.scalar(sa.select(User).where(User.username == "ada"))
        room = rooms.create_class(teach, "Tags")
        draft = assignments.Draft(
            title="Week 2", scope="tag:week-2", due_on=date.today() + timedelta(days=3), quiz_length=5
        )
        made = assignments.create_assignment(teach, room.id, draft, timezone="UTC", now=now)
        rooms.join(ada, room.join_code)
        assert assignments.study(ada, made.id).id == made.id
        assert (ada.study_tag, ada.study_deck_id) == ("week-2", None)
        attempt = assignments.start_quiz(ada, made.id, now)
        drawn = set(db.session.scalars(sa.select(QuizAnswer.question_id).where(QuizAnswer.attempt_id == attempt.id)))
        assert drawn == set(tagged) and attempt.length == 2  # fewer than 5 match: a shorter quiz
        book = gradebook(db.session.get(Classroom, room.id))
        assert book.columns[0].cards == 2 and book.columns[0].source == "#week-2"


def test_an_assignment_whose_deck_was_removed_neither_studies_nor_quizzes_everything(app, sign_in, query):
    teach = sign_in("teach", Role.INSTRUCTOR)
    class_id = create_class(teach, "Baltic history")
    add_assignment(teach, class_id, scope=f"deck:{deck_id(query)}")
    ada = sign_in("ada")
    post(ada, "/classes", "/classes/join", {"code": join_code(teach, class_id)})
    with app.app_context():
        db.session.execute(sa.update(Assignment).values(deck_id=None))  # as the deck's deletion leaves it
        db.session.commit()
    assignment_id = query(lambda s: s.scalar(sa.select(Assignment.id)))
    for action in ("study", "quiz"):
        response = post(ada, "/classes", f"/assignments/{assignment_id}/{action}")
        assert response.headers["Location"] == "/classes"
        assert "no longer in the bank" in ada.get("/classes").data.decode()
    assert query(lambda s: s.scalar(sa.select(sa.func.count(QuizAttempt.id)))) == 0
    assert "a deck since removed" in teach.get(f"/instructor/assignments/{assignment_id}").data.decode()

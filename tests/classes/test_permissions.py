"""Who may see and change a class: its instructor and admins; another instructor gets 404, a learner 403."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from quiz.models import Assignment, ClassMember, Classroom, Role, User
from tests.classes.conftest import add_assignment, create_class, join_code, post


@pytest.fixture
def setup(sign_in, query):
    """teach owns a class with an assignment and a member (ada); other is another instructor."""
    teach = sign_in("teach", Role.INSTRUCTOR)
    class_id = create_class(teach, "Mine")
    add_assignment(teach, class_id, scope="deck:1")
    ada = sign_in("ada")
    post(ada, "/classes", "/classes/join", {"code": join_code(teach, class_id)})
    assignment_id = query(lambda s: s.scalar(sa.select(Assignment.id)))
    ada_id = query(lambda s: s.scalar(sa.select(User.id).where(User.username == "ada")))
    return {"teach": teach, "ada": ada, "class_id": class_id, "assignment_id": assignment_id, "ada_id": ada_id}


def pages(c: int, a: int) -> list[str]:
    return [
        f"/instructor/classes/{c}",
        f"/instructor/classes/{c}/gradebook",
        f"/instructor/classes/{c}/gradebook.csv",
        f"/instructor/assignments/{a}",
        f"/progress/class?class={c}",
    ]


def test_another_instructor_cannot_see_or_change_the_class(setup, sign_in, query):
    other = sign_in("other", Role.INSTRUCTOR)
    c, a = setup["class_id"], setup["assignment_id"]
    for page in pages(c, a):
        assert other.get(page).status_code == 404, page
    listing = other.get("/instructor/classes").data.decode()
    assert 'data-class="Mine"' not in listing
    assert "Mine" not in other.get("/progress/class").data.decode()  # not among the class choices
    own = f"/instructor/classes/{create_class(other, 'Theirs')}"
    code_before = query(lambda s: s.scalar(sa.select(Classroom.join_code).where(Classroom.id == c)))
    changes = [
        (f"/instructor/classes/{c}/code", {}),
        (f"/instructor/classes/{c}/delete", {}),
        (f"/instructor/classes/{c}/members/{setup['ada_id']}/remove", {}),
        (f"/instructor/classes/{c}/assignments", {"title": "Hijack", "scope": "deck:1", "due_on": "2099-01-01"}),
        (f"/instructor/assignments/{a}/delete", {}),
    ]
    for action, data in changes:
        assert post(other, own, action, data).status_code == 404, action
    assert query(lambda s: s.scalar(sa.select(Classroom.join_code).where(Classroom.id == c))) == code_before
    assert query(lambda s: s.scalar(sa.select(sa.func.count()).select_from(ClassMember))) == 1
    assert query(lambda s: list(s.scalars(sa.select(Assignment.title)))) == ["Week 1"]


def test_the_owner_sees_everything(setup):
    teach, c, a = setup["teach"], setup["class_id"], setup["assignment_id"]
    for page in pages(c, a):
        assert teach.get(page).status_code == 200, page


def test_an_admin_sees_and_changes_every_class(setup, sign_in, query):
    admin = sign_in("root", Role.ADMIN)
    c, a = setup["class_id"], setup["assignment_id"]
    for page in pages(c, a):
        assert admin.get(page).status_code == 200, page
    assert 'data-class="Mine"' in admin.get("/instructor/classes").data.decode()
    assert post(admin, "/instructor/classes", f"/instructor/assignments/{a}/delete").status_code == 303
    assert query(lambda s: s.scalar(sa.select(sa.func.count(Assignment.id)))) == 0


def test_learners_get_403_on_instructor_pages_and_visitors_log_in(setup, app):
    ada, c, a = setup["ada"], setup["class_id"], setup["assignment_id"]
    client = app.test_client()  # a visitor
    for page in [*pages(c, a), "/instructor/classes"]:
        assert ada.get(page).status_code == 403, page
        assert client.get(page).status_code == 302, page
    for page in ("/classes", "/join/ACDEFGHJKM"):
        assert client.get(page).status_code == 302


def test_the_class_filter_shows_only_members(setup, sign_in):
    teach, c = setup["teach"], setup["class_id"]
    sign_in("bob")  # a learner outside the class
    everyone = teach.get("/progress/class").data.decode()
    assert 'data-learner="ada"' in everyone and 'data-learner="bob"' in everyone
    only = teach.get(f"/progress/class?class={c}&range=all").data.decode()
    assert 'data-learner="ada"' in only and 'data-learner="bob"' not in only
    assert f'<option value="{c}" selected>' in only
    for bad in ("999999", "x", "-1", "1" * 40):
        assert teach.get(f"/progress/class?class={bad}").status_code == 404, bad

"""Roles: the command line, the admin page, and who may change what."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from quiz.models import Role, User
from quiz.services.accounts.users import create_user
from tests.accounts.helpers import login, register
from tests.support import PASSWORD, csrf_token


def role_of(query, name):
    return query(lambda s: s.scalar(sa.select(User.role).where(User.username == name)))


def change_role(browser, user_id, role):
    token = csrf_token(browser.get("/settings").data)
    return browser.post(f"/admin/users/{user_id}/role", data={"role": role, "csrf_token": token})


def id_of(query, name):
    return query(lambda s: s.scalar(sa.select(User.id).where(User.username == name)))


def test_user_role_sets_any_role_from_the_command_line(runner, browser, query):
    register(browser, "Émile")
    for role in ("instructor", "admin", "learner"):
        result = runner.invoke(args=["user", "role", "ÉMILE", role])
        assert result.exit_code == 0, result.output
        assert f"'Émile' is now {'an' if role[0] in 'aeiou' else 'a'} {role}." in result.output
        assert role_of(query, "Émile") == role


def test_user_role_refuses_unknown_names_and_roles(runner):
    result = runner.invoke(args=["user", "role", "nobody", "admin"])
    assert result.exit_code == 1 and "There is no account called 'nobody'." in result.output
    result = runner.invoke(args=["user", "role", "nobody", "overlord"])
    assert result.exit_code == 2 and "'overlord' is not one of 'learner', 'instructor', 'admin'" in result.output


def test_user_create_with_a_role_and_reset_link_from_the_command_line(app, runner, browsers):
    result = runner.invoke(
        args=["user", "create", "boss", "--role", "admin", "--password-stdin"], input="long password\n"
    )
    assert result.exit_code == 0 and "Created admin 'boss'." in result.output
    result = runner.invoke(args=["user", "reset-link", "BOSS"])
    assert result.exit_code == 0, result.output
    path = re.search(r"/account/reset/\S+", result.output).group(0)
    page = browsers().get(path)
    assert page.status_code == 200 and b"<strong>boss</strong>" in page.data


def test_user_rename(runner, browser, query):
    register(browser, "ada")
    register(browser, "bob")
    assert runner.invoke(args=["user", "rename", "ADA", "Ada Lovelace"]).exit_code == 0
    assert id_of(query, "Ada Lovelace") is not None
    result = runner.invoke(args=["user", "rename", "ada lovelace", "BOB"])
    assert result.exit_code == 1 and "is taken" in result.output
    result = runner.invoke(args=["user", "rename", "bob", "b\u200bob"])
    assert result.exit_code == 1 and "invisible characters" in result.output


@pytest.fixture
def staff(query):
    def make(session):
        for name, role in (("boss", Role.ADMIN), ("teach", Role.INSTRUCTOR), ("ada", Role.LEARNER)):
            create_user(name, PASSWORD, role=role)

    query(make)


def test_the_admin_page_lists_everyone_and_changes_roles(browsers, staff, query):
    admin = browsers()
    login(admin, "boss")
    page = admin.get("/admin/users")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for name in ("boss", "teach", "ada"):
        assert f'<th scope="row">{name}</th>' in html
    assert 'href="/admin/users"' in html  # in the menu

    response = change_role(admin, id_of(query, "ada"), "instructor")
    assert response.status_code == 303
    assert b"ada is now an instructor." in admin.get("/admin/users").data
    assert role_of(query, "ada") == "instructor"

    # The change takes effect at once, without logging in again.
    teacher = browsers()
    login(teacher, "teach")
    assert teacher.get("/instructor/").status_code == 200
    change_role(admin, id_of(query, "teach"), "learner")
    assert teacher.get("/instructor/").status_code == 403


def test_only_admins_change_roles(browsers, staff, query):
    for name in ("teach", "ada"):
        someone = browsers()
        login(someone, name)
        assert change_role(someone, id_of(query, name), "admin").status_code == 403
        assert role_of(query, name) != "admin"


def test_the_last_admin_cannot_step_down_from_the_web(browsers, staff, query):
    admin = browsers()
    login(admin, "boss")
    change_role(admin, id_of(query, "boss"), "learner")
    assert b"boss is the only admin" in admin.get("/admin/users").data
    assert role_of(query, "boss") == "admin"
    change_role(admin, id_of(query, "teach"), "admin")
    change_role(admin, id_of(query, "boss"), "learner")
    assert role_of(query, "boss") == "learner"


@pytest.mark.parametrize("user_id", ["0", "9223372036854775808", "2147483648", "99999"])
def test_odd_ids_on_the_admin_page_answer_cleanly(browsers, staff, user_id):
    admin = browsers()
    login(admin, "boss")
    token = csrf_token(admin.get("/settings").data)
    for action, data in (("role", {"role": "admin"}), ("reset", {})):
        response = admin.post(f"/admin/users/{user_id}/{action}", data={**data, "csrf_token": token})
        assert response.status_code in (303, 404)


def test_an_admin_is_an_instructor_too(browsers, staff):
    admin = browsers()
    login(admin, "boss")
    assert admin.get("/instructor/").status_code == 200
    assert admin.get("/progress/class").status_code == 200


def test_a_former_account_cannot_be_given_a_role(runner, query):
    query(lambda s: create_user("former-x", PASSWORD, role=Role.FORMER))
    result = runner.invoke(args=["user", "role", "former-x", "admin"])
    assert result.exit_code == 1 and "There is no account" in result.output

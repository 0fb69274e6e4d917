"""Unicode user names over HTTP: register and log in in any case; one account per canonical name."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from quiz.models import User
from tests.accounts.helpers import WRONG, login, logout, register

NAMES = ["Émile", "Иван", "Łukasz", "Ørjan"]


@pytest.mark.parametrize("name", NAMES)
def test_unicode_names_register_and_log_in_in_any_case(browser, name):
    assert register(browser, name).status_code == 303
    logout(browser)
    for typed in (name, name.lower(), name.upper(), name.casefold(), f"  {name.upper()} "):
        response = login(browser, typed)
        assert response.status_code == 303, typed
        assert browser.get("/study").status_code == 200
        logout(browser)


@pytest.mark.parametrize(
    ("first", "second"), [("Émile", "émile"), ("Иван", "иван"), ("Łukasz", "ŁUKASZ"), ("Ørjan", "øRJAN")]
)
def test_a_second_account_with_the_same_name_in_another_case_is_refused(browser, query, first, second):
    register(browser, first)
    logout(browser)
    page = register(browser, second)
    assert page.status_code == 200
    assert f"The user name &#39;{second}&#39; is taken.".encode() in page.data
    assert query(lambda s: s.scalar(sa.select(sa.func.count(User.id)))) == 1


def test_full_width_letters_are_the_same_name(browser, query):
    register(browser, "alice")
    logout(browser)
    page = register(browser, "ａｌｉｃｅ")
    assert b"The user name &#39;alice&#39; is taken." in page.data
    assert login(browser, "ＡＬＩＣＥ").status_code == 303


def test_a_full_width_name_is_stored_and_shown_in_plain_letters(browser, query):
    response = register(browser, "ｍａｒｙ")
    assert response.status_code == 303
    assert '<span class="who">mary</span>' in browser.get("/study").get_data(as_text=True)
    stored = query(lambda s: s.execute(sa.select(User.username, User.username_key)).one())
    assert tuple(stored) == ("mary", "mary")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("\u0430lice", "can&#39;t mix alphabets"),
        ("al\u200bice", "invisible characters (here U+200B ZERO WIDTH SPACE)"),
        ("al\u00adice", "invisible characters (here U+00AD SOFT HYPHEN)"),
        ("\u202eecila", "invisible characters (here U+202E RIGHT-TO-LEFT OVERRIDE)"),
        ("al\tice", "control characters such as tab or NUL"),
    ],
)
def test_look_alike_and_invisible_names_are_refused(browser, query, name, message):
    register(browser, "alice")
    logout(browser)
    page = register(browser, name)
    assert page.status_code == 200
    assert message.encode() in page.data
    assert query(lambda s: s.scalar(sa.select(sa.func.count(User.id)))) == 1


@pytest.mark.parametrize("send", [register, login])
def test_a_nul_in_a_name_is_a_bad_request_and_makes_no_account(browser, query, send):
    # Every request carrying a NUL is refused before any view (quiz.security).
    register(browser, "alice")
    logout(browser)
    page = send(browser, "al\x00ice")
    assert page.status_code == 400 and b"Bad request" in page.data
    assert query(lambda s: s.scalar(sa.select(sa.func.count(User.id)))) == 1


@pytest.mark.parametrize("typed", ["\u0430lice", "al\u200bice", "al\tice"])
def test_odd_names_at_login_are_just_wrong(browser, typed):
    register(browser, "alice")
    logout(browser)
    page = login(browser, typed)
    assert page.status_code == 200 and WRONG in page.data


def test_a_name_longer_than_any_account_is_refused_by_the_login_form(browser):
    register(browser, "alice")
    logout(browser)
    page = login(browser, "a" * 5000)
    assert page.status_code == 200 and b"longer than 40 characters" in page.data
    assert browser.get("/study").status_code == 302

"""Password changes and hashes: ask for the current password, end other sessions, replace old hashes."""

from __future__ import annotations

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from quiz.accounts.passwords import verify
from quiz.models import User
from tests.accounts.helpers import WRONG, login, logout, post_form, register
from tests.support import PASSWORD

NEW = "a brand new password"


def change(browser, current, new=NEW, confirm=None):
    form = {"current": current, "new": new, "confirm": confirm or new}
    return post_form(browser, "/account/password", form)


def test_changing_the_password_asks_for_the_current_one(browser, query):
    register(browser, "ada")
    page = change(browser, "not my password")
    assert page.status_code == 200 and b"That is not your current password." in page.data
    page = change(browser, PASSWORD, NEW, "a brand new passwort")
    assert b"The two new passwords differ." in page.data
    page = change(browser, PASSWORD, "short")
    assert b"Passwords need at least 8 characters." in page.data
    stored = query(lambda s: s.scalar(sa.select(User.password_hash)))
    assert verify(stored, PASSWORD).ok


def test_changing_the_password_ends_every_other_session(app, browser):
    register(browser, "ada")
    other = app.test_client()
    login(other, "ada")
    thief = app.test_client()
    thief.set_cookie("session", browser.get_cookie("session").value)
    assert other.get("/study").status_code == 200 and thief.get("/study").status_code == 200

    response = change(browser, PASSWORD)
    assert response.status_code == 303 and response.headers["Location"] == "/settings"
    assert b"every other session has ended" in browser.get("/settings").data
    assert browser.get("/study").status_code == 200  # this browser stays in
    assert other.get("/study").status_code == 302
    assert thief.get("/study").status_code == 302

    logout(browser)
    assert WRONG in login(browser, "ada", PASSWORD).data
    assert login(browser, "ada", NEW).status_code == 303


def test_old_hashes_still_log_in_and_are_replaced_by_argon2id(browser, query):
    register(browser, "ada")
    logout(browser)

    def make_legacy(session):
        session.execute(sa.update(User).values(password_hash=generate_password_hash(PASSWORD)))
        session.commit()

    query(make_legacy)
    assert query(lambda s: s.scalar(sa.select(User.password_hash))).startswith("scrypt:")
    assert WRONG in login(browser, "ada", "wrong password").data
    assert query(lambda s: s.scalar(sa.select(User.password_hash))).startswith("scrypt:")
    assert login(browser, "ada").status_code == 303
    stored = query(lambda s: s.scalar(sa.select(User.password_hash)))
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$") and verify(stored, PASSWORD).ok


def test_a_login_records_when(browser, query):
    register(browser, "ada")
    logout(browser)
    assert query(lambda s: s.scalar(sa.select(User.last_login_at))) is None
    login(browser, "ada")
    assert query(lambda s: s.scalar(sa.select(User.last_login_at))) is not None

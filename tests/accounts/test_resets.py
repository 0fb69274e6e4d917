"""Reset links: made by an instructor or admin, or mailed on request; one use, one hour, stored hashed."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from quiz.extensions import mail
from quiz.models import LoginThrottle, PasswordReset, Role, User
from quiz.services.accounts.users import create_user
from tests.accounts.helpers import WRONG, login, logout, post_form, register, without_tokens
from tests.support import PASSWORD, csrf_token

NEW = "my new password"
LINK = re.compile(r"https?://[^\s<\"]+/account/reset/([A-Za-z0-9_-]+)")


@pytest.fixture
def people(app, query):
    """An instructor 'teach', an admin 'boss' and learners 'ada' and 'bob'; returns their ids."""

    def make(session):
        ids = {}
        for name, role in (
            ("teach", Role.INSTRUCTOR),
            ("boss", Role.ADMIN),
            ("ada", Role.LEARNER),
            ("bob", Role.LEARNER),
        ):
            ids[name] = create_user(name, PASSWORD, role=role).id
        return ids

    return query(make)


def make_link(browser, user_id):
    """Press 'Reset link' on the accounts page; return the page and the link's token."""
    token = csrf_token(browser.get("/admin/users").data)
    page = browser.post(f"/admin/users/{user_id}/reset", data={"csrf_token": token})
    found = LINK.search(page.get_data(as_text=True))
    return page, found.group(1) if found else None


def set_password(browser, token, password=NEW, confirm=None):
    return post_form(browser, f"/account/reset/{token}", {"new": password, "confirm": confirm or password})


def test_an_instructor_makes_a_link_and_the_learner_sets_a_new_password(app, browsers, people, query):
    teacher = browsers()
    login(teacher, "teach")
    accounts = teacher.get("/admin/users")
    assert accounts.status_code == 200
    assert b"ada" in accounts.data and b"boss" not in accounts.data  # learners only
    page, token = make_link(teacher, people["ada"])
    assert page.status_code == 200 and token
    assert page.headers["Cache-Control"] == "no-store"
    # Only a hash of the token is stored.
    stored = query(lambda s: s.scalar(sa.select(PasswordReset.token_hash)))
    assert stored == hashlib.sha256(token.encode()).hexdigest() and token not in stored

    learner = browsers()
    form = learner.get(f"/account/reset/{token}")
    assert form.status_code == 200 and b"For the account <strong>ada</strong>" in form.data
    assert form.headers["Referrer-Policy"] == "no-referrer"
    assert b"The two new passwords differ." in set_password(learner, token, NEW, "something else").data
    response = set_password(learner, token)
    assert response.status_code == 303 and learner.get("/study").status_code == 200
    logout(learner)
    assert WRONG in login(learner, "ada", PASSWORD).data
    assert login(learner, "ada", NEW).status_code == 303

    # It works once.
    again = browsers()
    assert again.get(f"/account/reset/{token}").status_code == 404
    form = {"new": "yet another pw", "confirm": "yet another pw", "csrf_token": csrf_token(again.get("/login").data)}
    assert again.post(f"/account/reset/{token}", data=form).status_code == 404
    assert login(browsers(), "ada", NEW).status_code == 303


def test_a_link_expires_after_an_hour(browsers, people, query):
    teacher = browsers()
    login(teacher, "teach")
    _, token = make_link(teacher, people["ada"])

    def age(session):
        for reset in session.scalars(sa.select(PasswordReset)):
            reset.created_at -= timedelta(minutes=61)
            reset.expires_at -= timedelta(minutes=61)
        session.commit()

    query(age)
    page = browsers().get(f"/account/reset/{token}")
    assert page.status_code == 404 and b"This reset link does not work" in page.data


def test_a_new_link_cancels_the_older_one(browsers, people):
    teacher = browsers()
    login(teacher, "teach")
    _, first = make_link(teacher, people["ada"])
    _, second = make_link(teacher, people["ada"])
    assert browsers().get(f"/account/reset/{first}").status_code == 404
    assert browsers().get(f"/account/reset/{second}").status_code == 200


def test_guessed_and_mangled_tokens_find_nothing(browsers, people):
    for token in ("x", "A" * 43, "A" * 5000, "..%2F..%2Fetc"):
        assert browsers().get(f"/account/reset/{token}").status_code == 404
    # A NUL anywhere in an address is refused before any view.
    assert browsers().get("/account/reset/%00").status_code == 400


def test_instructors_reset_learners_only_and_learners_nobody(browsers, people):
    teacher = browsers()
    login(teacher, "teach")
    for target in ("boss", "teach"):
        page, token = make_link(teacher, people[target])
        assert token is None
        assert b"You can&#39;t make a reset link for that account." in teacher.get("/admin/users").data
    learner = browsers()
    login(learner, "bob")
    assert learner.get("/admin/users").status_code == 403
    token = csrf_token(learner.get("/settings").data)
    assert learner.post(f"/admin/users/{people['ada']}/reset", data={"csrf_token": token}).status_code == 403


def test_an_admin_resets_anyone(browsers, people):
    admin = browsers()
    login(admin, "boss")
    for target in ("teach", "ada"):
        _, token = make_link(admin, people[target])
        assert token


def test_a_reset_ends_the_attackers_session_and_lifts_the_lock_on_the_account(app, browsers, people, query):
    thief = browsers()
    login(thief, "ada")  # someone who knew the password
    for n in range(50):  # and a crowd that locks the account against new browsers
        login(browsers(), "ada", f"guess {n}", f"203.0.113.{n + 1}")
    assert login(browsers(), "ada", PASSWORD, "192.0.2.9").status_code == 429

    teacher = browsers()
    login(teacher, "teach")
    _, token = make_link(teacher, people["ada"])
    owner = browsers()
    set_password(owner, token)
    assert thief.get("/study").status_code == 302
    logout(owner)
    assert login(browsers(), "ada", NEW, "192.0.2.10").status_code == 303
    assert query(lambda s: s.scalar(sa.select(sa.func.count()).select_from(LoginThrottle))) >= 1


def test_without_mail_the_forgot_page_says_to_ask_an_instructor(browser):
    page = browser.get("/login")
    assert b'href="/account/forgot"' in page.data
    page = browser.get("/account/forgot")
    assert b"Ask your instructor for a reset link" in page.data and b"<form" not in page.data.split(b"<main")[1]


@pytest.fixture
def with_mail(app):
    app.config.update(
        MAIL_SERVER="smtp.example.org", MAIL_DEFAULT_SENDER="quiz@example.org", BASE_URL="https://quiz.example.org"
    )
    return app


def test_with_mail_a_learner_asks_for_a_link_by_email(app, with_mail, browsers, query):
    learner = browsers()
    register(learner, "ada")
    post_form(learner, "/account/email", {"email": "ada@example.org", "password": PASSWORD})
    assert query(lambda s: s.scalar(sa.select(User.email))) == "ada@example.org"
    logout(learner)
    with mail.record_messages() as outbox:
        evil = {"Host": "evil.example"}
        response = post_form(learner, "/account/forgot", {"username": "ADA"}, headers=evil)
        assert response.status_code == 303
        assert b"If that account has an email address" in learner.get("/login", headers=evil).data
    assert len(outbox) == 1 and outbox[0].recipients == ["ada@example.org"]
    body = outbox[0].body
    # The link is built from the configured address, never from the request's Host header.
    assert "https://quiz.example.org/account/reset/" in body and "evil.example" not in body
    token = LINK.search(body).group(1)
    assert set_password(browsers(), token).status_code == 303


def test_asking_for_a_link_says_the_same_for_every_name(with_mail, browsers):
    owner = browsers()
    register(owner, "ada")
    logout(owner)
    pages = []
    with mail.record_messages() as outbox:
        for name in ("ada", "nobody"):  # ada has no email address
            stranger = browsers()
            post_form(stranger, "/account/forgot", {"username": name})
            pages.append(without_tokens(stranger.get("/login").data))
    assert outbox == [] and pages[0] == pages[1]


def test_asking_for_links_is_throttled(with_mail, browsers):
    owner = browsers()
    register(owner, "ada")
    post_form(owner, "/account/email", {"email": "ada@example.org", "password": PASSWORD})
    with mail.record_messages() as outbox:
        statuses = [post_form(browsers(), "/account/forgot", {"username": "ada"}).status_code for _ in range(5)]
    assert statuses == [303, 303, 303, 429, 429] and len(outbox) == 3


def test_changing_the_email_asks_for_the_password(browser, query):
    register(browser, "ada")
    page = post_form(browser, "/account/email", {"email": "eve@example.org", "password": "wrong"})
    assert b"That is not your current password." in page.data
    assert query(lambda s: s.scalar(sa.select(User.email))) is None


@pytest.mark.parametrize("email", ["no at sign", "ada@exa mple.org", "ada@example.org\x00", "ada@\u202eexample.org"])
def test_odd_email_addresses_are_refused(browser, query, email):
    register(browser, "ada")
    page = post_form(browser, "/account/email", {"email": email, "password": PASSWORD})
    assert page.status_code in (200, 400)
    assert query(lambda s: s.scalar(sa.select(User.email))) is None

"""Accounts: registration, log in and out, settings, CSRF."""

from __future__ import annotations

import re

import sqlalchemy as sa

from quiz.models import User
from tests.support import PASSWORD, csrf_token


def test_register_signs_in_and_hashes_the_password(accounts, client, query):
    response = accounts.register("ada")
    assert response.status_code == 303 and response.headers["Location"] == "/welcome"
    assert client.get("/study").status_code == 200
    stored = query(lambda s: s.scalar(sa.select(User.password_hash).where(User.username == "ada")))
    assert PASSWORD not in stored and stored.startswith(("scrypt:", "pbkdf2:"))


def test_a_new_learner_is_welcomed_with_the_shortcuts_and_the_zone_the_browser_gave(client, query):
    token = csrf_token(client.get("/register").data)
    form = {"username": "ada", "password": PASSWORD, "timezone": "Europe/Vilnius", "csrf_token": token}
    assert client.post("/register", data=form).headers["Location"] == "/welcome"
    page = client.get("/welcome").data.decode()
    assert "Welcome, ada" in page and "Keyboard shortcuts" in page
    assert "Europe/Vilnius" in page and "taken from your browser" in page
    assert 'href="/study"' in page
    assert query(lambda s: s.scalar(sa.select(User.timezone))) == "Europe/Vilnius"


def test_registration_without_a_known_zone_keeps_utc(client, query):
    for name, zone in (("ada", None), ("bob", "Mars/Olympus"), ("cy", "../../etc/passwd")):
        token = csrf_token(client.get("/register").data)
        form = {"username": name, "password": PASSWORD, "csrf_token": token}
        if zone is not None:
            form["timezone"] = zone
        assert client.post("/register", data=form).status_code == 303
    zones = query(lambda s: s.scalars(sa.select(User.timezone)).all())
    assert zones == ["UTC", "UTC", "UTC"]


def test_the_settings_list_groups_zones_by_region_with_the_current_one_chosen(accounts, client):
    accounts.register()
    token = csrf_token(client.get("/settings").data)
    form = {
        "desired_retention": "0.9",
        "new_per_day": "20",
        "timezone": "America/Argentina/Buenos_Aires",
        "day_start_hour": "4",
        "csrf_token": token,
    }
    client.post("/settings", data=form)
    page = client.get("/settings").data.decode()
    groups = re.findall(r'<optgroup label="([^"]+)"', page)
    assert groups[:3] == ["UTC", "Africa", "Americas"] and "Europe" in groups and groups[-1] == "Other names"
    assert '<option selected value="America/Argentina/Buenos_Aires">Argentina / Buenos Aires (UTC' in page
    assert page.count("<option") > 500


def test_a_taken_name_is_refused_whatever_its_case(accounts, client):
    accounts.register("ada")
    accounts.logout()
    page = accounts.register("ADA")
    assert page.status_code == 200
    assert b"The user name &#39;ADA&#39; is taken." in page.data


def test_a_short_password_is_refused(accounts, query):
    page = accounts.register("ada", "short")
    assert b"Passwords need at least 8 characters." in page.data
    assert query(lambda s: s.scalar(sa.select(sa.func.count(User.id)))) == 0


def test_wrong_password_and_unknown_user_say_so(accounts, client):
    accounts.register("ada")
    accounts.logout()
    page = accounts.login("ada", "not the password")
    assert b"Wrong password." in page.data
    page = accounts.login("nobody", PASSWORD)
    assert b"There is no account called &#39;nobody&#39;." in page.data
    assert client.get("/study").status_code == 302


def test_login_then_logout(accounts, client):
    accounts.register("ada")
    accounts.logout()
    response = accounts.login("ada")
    assert response.status_code == 303 and response.headers["Location"] == "/study"
    accounts.logout()
    assert client.get("/study").status_code == 302


def test_login_returns_to_the_page_asked_for_but_never_off_site(accounts, client):
    accounts.register("ada")
    accounts.logout()
    token = csrf_token(client.get("/login").data)
    form = {"username": "ada", "password": PASSWORD, "csrf_token": token}
    assert client.post("/login?next=/progress", data=form).headers["Location"] == "/progress"
    accounts.logout()
    token = csrf_token(client.get("/login").data)
    form["csrf_token"] = token
    assert client.post("/login?next=//evil.example/", data=form).headers["Location"] == "/study"


def test_a_cookie_copied_before_logout_no_longer_works(app, accounts, client):
    accounts.register("ada")
    copied = client.get_cookie("session").value
    accounts.logout()
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/study").status_code == 302


def test_forms_without_a_csrf_token_are_refused(client, query):
    response = client.post("/register", data={"username": "eve", "password": PASSWORD})
    assert response.status_code == 400
    assert b"This form has expired" in response.data
    assert query(lambda s: s.scalar(sa.select(sa.func.count(User.id)))) == 0


def test_settings_have_anki_like_defaults_and_save(accounts, client, query):
    accounts.register("ada")
    page = client.get("/settings").data
    assert b'value="0.90"' in page and b'value="20"' in page and b'value="4"' in page
    token = csrf_token(page)
    form = {
        "desired_retention": "0.85",
        "new_per_day": "5",
        "timezone": "Europe/Vilnius",
        "day_start_hour": "6",
        "csrf_token": token,
    }
    response = client.post("/settings", data=form)
    assert response.status_code == 303
    assert b"Settings saved." in client.get("/settings").data
    saved = query(
        lambda s: s.execute(
            sa.select(User.desired_retention, User.new_per_day, User.timezone, User.day_start_hour)
        ).one()
    )
    assert tuple(saved) == (0.85, 5, "Europe/Vilnius", 6)


def test_settings_out_of_range_are_refused_and_nothing_changes(accounts, client, query):
    accounts.register("ada")
    token = csrf_token(client.get("/settings").data)
    form = {
        "desired_retention": "0.99",
        "new_per_day": "-1",
        "timezone": "Mars/Olympus",
        "day_start_hour": "24",
        "csrf_token": token,
    }
    page = client.post("/settings", data=form).data
    assert b"Choose a retention between 0.70 and 0.97." in page
    assert b"Choose 0 to 9999 new cards a day." in page
    assert b"Not a valid choice" in page
    assert b"Choose an hour from 0 to 23." in page
    assert query(lambda s: s.scalar(sa.select(User.desired_retention))) == 0.9


def test_logout_by_get_asks_first_and_a_post_logs_out(accounts, client):
    accounts.register("ada")
    page = client.get("/logout")
    assert page.status_code == 200 and b"Log out?" in page.data
    assert client.get("/study").status_code == 200  # still logged in
    response = client.post("/logout", data={"csrf_token": csrf_token(page.data)})
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert client.get("/study").status_code == 302
    assert client.get("/logout").headers["Location"] == "/login"

"""Security headers, Secure cookies and HSTS, a trusted proxy: what a browser or an attacker sees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quiz import create_app
from tests.support import Studier, app_config, clone_database, database_for, drop_database

PAGES = ["/login", "/register", "/study", "/progress", "/settings", "/quiz", "/progress/export/reviews.csv"]


def test_every_page_carries_a_strict_policy_and_is_never_cached(accounts, client):
    accounts.register()
    for path in PAGES + ["/no-such-page"]:
        response = client.get(path)
        response.get_data()  # runs a streamed export to its end
        csp = response.headers["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'" and "unsafe-inline" not in csp
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"
        assert directives["base-uri"] == "'self'" and directives["form-action"] == "'self'"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["Cache-Control"] == "no-store", path
        assert "Strict-Transport-Security" not in response.headers


def test_the_answer_side_and_the_login_redirect_are_not_cached(client, accounts, studier):
    response = accounts.register()
    assert response.status_code == 303 and response.headers["Cache-Control"] == "no-store"
    side = studier.answer("1921")
    assert side["phase"] == "answer"
    assert client.get("/study").headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached_but_keep_the_other_headers(client):
    response = client.get("/static/style.css")
    response.close()
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") != "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_hold_no_inline_script_style_or_handler(accounts, client, studier):
    accounts.register()
    pages = [client.get(path).data for path in PAGES[:6]]
    pages.append(studier.answer("1921")["html"])
    for html in pages:
        assert not re.search(rb"<script(?![^>]*\ssrc=)", html), "inline script"
        assert not re.search(rb"\sstyle=|<style", html), "inline style"
        assert not re.search(rb"\son[a-z]+=", html), "event handler attribute"
        assert b"javascript:" not in html


def test_progress_charts_are_csp_clean_after_some_study(accounts, client, studier):
    accounts.register()
    for _ in range(3):
        card = studier.card()
        if card["done"]:
            break
        studier.answer("x") if card["type"] != "flashcard" else studier.answer()
        studier.rate(3)
    html = client.get("/progress").data
    assert b"<svg" in html
    assert not re.search(rb"\sstyle=|<style", html)


@pytest.fixture
def secure_app(tmp_path: Path, template_db: Path, bank_dir: Path):
    folder = tmp_path / "secure"
    folder.mkdir()
    clone_database(template_db, folder)
    yield create_app(app_config(folder, bank_dir, SECURE_COOKIES=True, PROXY_FIX=1))
    drop_database(folder)


def test_secure_cookies_and_hsts_when_asked(secure_app):
    client = secure_app.test_client()
    # Behind a TLS proxy the app sees plain http; the proxy says https.
    https = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9", "Referer": "https://localhost/login"}
    page = client.get("/login", headers=https, base_url="https://localhost")
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page.data).group(1).decode()
    response = client.post(
        "/register",
        data={"username": "ada", "password": "x" * 12, "csrf_token": token},
        headers=https,
        base_url="https://localhost",
    )
    assert response.status_code == 303
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies and all("Secure" in c and "HttpOnly" in c for c in cookies)
    assert secure_app.config["REMEMBER_COOKIE_SECURE"] is True


def test_cookies_are_not_secure_by_default(client, accounts):
    cookies = accounts.register().headers.getlist("Set-Cookie")
    assert cookies and not any("Secure" in c for c in cookies)


def test_proxy_headers_are_trusted_only_when_configured(app, secure_app):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "quiz.example.org", "X-Forwarded-For": "203.0.113.9"}
    seen = {}

    for name, application in (("plain", app), ("proxied", secure_app)):

        @application.get(f"/_probe_{name}")
        def probe(name=name):
            from flask import request

            seen[name] = (request.scheme, request.host, request.remote_addr)
            return "ok"

        application.test_client().get(f"/_probe_{name}", headers=forwarded)
    assert seen["plain"] == ("http", "localhost", "127.0.0.1")
    assert seen["proxied"] == ("https", "quiz.example.org", "203.0.113.9")


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("yes", True), ("0", False), ("off", False)])
def test_secure_cookies_from_the_environment(monkeypatch, tmp_path, bank_dir, value, expected):
    monkeypatch.setenv("QUIZ_DATABASE_URL", database_for(tmp_path))
    monkeypatch.setenv("QUIZ_SECRET_KEY", "env")
    monkeypatch.setenv("QUIZ_BANK_DIR", str(bank_dir))
    monkeypatch.setenv("QUIZ_SECURE_COOKIES", value)
    monkeypatch.setenv("QUIZ_PROXY_FIX", "2")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is expected
    assert app.config.get("REMEMBER_COOKIE_SECURE", False) is expected
    assert app.config["PROXY_FIX"] == 2


def test_a_malformed_setting_stops_start_up_with_its_name(monkeypatch, tmp_path, bank_dir):
    monkeypatch.setenv("QUIZ_DATABASE_URL", database_for(tmp_path))
    monkeypatch.setenv("QUIZ_PROXY_FIX", "maybe")
    with pytest.raises(ValueError, match="QUIZ_PROXY_FIX"):
        create_app()


def test_studier_helper_still_drives_the_pages(studier: Studier, accounts):
    accounts.register()
    assert studier.card()["phase"] == "question"

"""``/healthz`` for load balancers, and the one log line each request leaves."""

from __future__ import annotations

import logging
import re

import pytest
from flask_migrate import downgrade

from quiz import create_app
from quiz.database import MIGRATIONS_DIR, schema_heads
from quiz.extensions import db
from tests.support import ENGINE, app_config


def test_healthz_is_200_without_logging_in_or_setting_a_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {
        "status": "ok",
        "database": "reachable",
        "schema": sorted(schema_heads()),
        "expected": sorted(schema_heads()),
    }
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    assert client.head("/healthz").status_code == 200


def test_healthz_is_503_when_the_schema_is_behind_the_code(app, client):
    with app.app_context():
        downgrade(directory=str(MIGRATIONS_DIR), revision="-1")
        db.session.remove()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    assert response.json["schema"] != response.json["expected"]
    assert "Set-Cookie" not in response.headers


def test_healthz_is_503_when_the_database_cannot_be_reached(tmp_path, bank_dir):
    if ENGINE == "sqlite":
        url = f"sqlite:///{tmp_path / 'no such folder' / 'quiz.sqlite3'}"
    else:
        url = "postgresql+psycopg://quiz@127.0.0.1:1/quiz?connect_timeout=2"  # nothing listens on port 1
    config = app_config(tmp_path, bank_dir, AUTO_MIGRATE=False, BANK_SYNC_ON_START=False)
    app = create_app(config | {"SQLALCHEMY_DATABASE_URI": url})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def request_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, str]]:
    return [dict(re.findall(r"(\w+)=(\S+)", r.getMessage())) for r in caplog.records if r.name == "quiz.requests"]


def test_each_request_logs_one_line_with_status_duration_and_an_id_it_echoes(client, caplog):
    caplog.set_level(logging.INFO, "quiz.requests")
    first = client.get("/login")
    second = client.get("/no/such/page")
    lines = request_lines(caplog)
    assert [(line["method"], line["path"], line["status"]) for line in lines] == [
        ("GET", "/login", "200"),
        ("GET", "/no/such/page", "404"),
    ]
    assert all(float(line["duration_ms"]) > 0 for line in lines)
    ids = [first.headers["X-Request-ID"], second.headers["X-Request-ID"]]
    assert [line["request_id"] for line in lines] == ids
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids) and ids[0] != ids[1]


def test_a_well_formed_request_id_from_the_proxy_is_kept_and_others_replaced(client, caplog):
    caplog.set_level(logging.INFO, "quiz.requests")
    proxy_id = "4f9c2e1d8a7b6c5d4e3f2a1b0c9d8e7f"
    assert client.get("/healthz", headers={"X-Request-ID": proxy_id}).headers["X-Request-ID"] == proxy_id
    for bad in (
        "short",
        "has spaces in it",
        "x" * 129,
        "tab\tinside-the-id",
        "semi;colon=injected",
        "é-not-ascii-at-all",
    ):
        echoed = client.get("/healthz", headers={"X-Request-ID": bad}).headers["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{32}", echoed), bad
    assert [line["request_id"] for line in request_lines(caplog)][0] == proxy_id


def test_a_path_cannot_break_the_log_line(client, caplog):
    caplog.set_level(logging.INFO, "quiz.requests")
    client.get("/study/x y\r\nstatus=200 forged")
    (line,) = [r.getMessage() for r in caplog.records if r.name == "quiz.requests"]
    assert "\n" not in line and "\r" not in line and " forged" not in line
    assert "status=404" in line

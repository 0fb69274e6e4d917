"""Fixtures for the class pages: instructors and learners, each signed in on a client of their own."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quiz.extensions import db
from quiz.models import Role
from quiz.services.accounts.users import create_user
from tests.support import PASSWORD, Accounts, csrf_token


@pytest.fixture
def sign_in(app: Flask) -> Callable[..., FlaskClient]:
    """``sign_in(name, role=...)``: a new account signed in on a client of its own."""

    def make(name: str, role: str = Role.LEARNER) -> FlaskClient:
        with app.app_context():
            create_user(name, PASSWORD, role=role)
            db.session.remove()
        client = app.test_client()
        response = Accounts(client).login(name)
        assert response.status_code in (302, 303), response.data
        return client

    return make


def post(client: FlaskClient, page: str, action: str, data: dict[str, Any] | None = None) -> Any:
    """Send a form of ``page`` to ``action`` with the page's CSRF token, as a browser does."""
    token = csrf_token(client.get(page).data)
    return client.post(action, data={**(data or {}), "csrf_token": token})


def create_class(client: FlaskClient, name: str) -> int:
    response = post(client, "/instructor/classes", "/instructor/classes", {"name": name})
    assert response.status_code == 303, response.data
    return int(re.fullmatch(r"/instructor/classes/(\d+)", response.headers["Location"]).group(1))


def join_code(client: FlaskClient, class_id: int) -> str:
    page = client.get(f"/instructor/classes/{class_id}").data.decode()
    return re.search(r'id="join-code">([^<]+)<', page).group(1)


def add_assignment(client: FlaskClient, class_id: int, **fields: Any) -> Any:
    page = f"/instructor/classes/{class_id}"
    data = {
        "title": "Week 1",
        "scope": "deck:1",
        "due_on": (date.today() + timedelta(days=7)).isoformat(),
        "require_studied": "y",
        "with_quiz": "y",
        "quiz_length": 20,
        "pass_percent": 85,
    } | fields
    data = {k: v for k, v in data.items() if v is not None}
    return post(client, page, f"/instructor/classes/{class_id}/assignments", data)

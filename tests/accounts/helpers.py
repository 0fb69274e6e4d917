"""Helpers for the account tests: requests from chosen addresses, and time moved on in the counters."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from quiz.models import LoginThrottle
from tests.support import PASSWORD, csrf_token

WRONG = b"The user name or password is wrong."


def post_form(client: FlaskClient, page: str, data: dict[str, Any], address: str = "127.0.0.1", **kw: Any) -> Any:
    """GET ``page``, then POST ``data`` to it with the form's CSRF token, from ``address``.

    Further keywords (``headers``, ...) go with both requests.
    """
    environ = {"REMOTE_ADDR": address}
    token = csrf_token(client.get(page, environ_base=environ, **kw).data)
    return client.post(page, data={**data, "csrf_token": token}, environ_base=environ, **kw)


def without_tokens(html: bytes) -> bytes:
    """The main part of a page, with CSRF tokens blanked (they differ on every page)."""
    main = html.split(b"<main", 1)[-1]
    return re.sub(rb'name="csrf_token" type="hidden" value="[^"]*"', b"", main)


def login(client: FlaskClient, name: str, password: str = PASSWORD, address: str = "127.0.0.1") -> Any:
    return post_form(client, "/login", {"username": name, "password": password}, address)


def register(client: FlaskClient, name: str, password: str = PASSWORD, address: str = "127.0.0.1") -> Any:
    return post_form(client, "/register", {"username": name, "password": password}, address)


def logout(client: FlaskClient) -> Any:
    return post_form(client, "/logout", {})


def wind_clock(query: Any, minutes: float) -> None:
    """Move every failure counter ``minutes`` into the past, as if that long had gone by."""

    def move(session: Any) -> None:
        for row in session.scalars(sa.select(LoginThrottle)):
            row.last_at -= timedelta(minutes=minutes)
        session.commit()

    query(move)

"""Device cookies: a signed note, kept by the browser, of the accounts that logged in from it.

OWASP's answer to lockouts that others can cause: failures from a browser an
account has logged in from are counted for that browser alone, so no amount of
guessing elsewhere locks the owner out of it (see
:mod:`quiz.services.accounts.throttle`). The cookie holds a random id for the
browser and up to :data:`MAX_KNOWN` account ids, signed with the app's secret
key: it cannot be forged, and it says nothing to whoever reads it but numbers.
"""

from __future__ import annotations

import secrets

from flask import Request, current_app
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.wrappers import Response

from quiz.services.accounts.throttle import Client

__all__ = ["COOKIE", "client", "remember"]

COOKIE = "quiz_device"
MAX_KNOWN = 10
MAX_AGE = 365 * 24 * 3600


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="quiz.device")


def client(request: Request) -> Client:
    """Who is asking: the address, and the browser's device id and known accounts if its cookie is good."""
    raw = request.cookies.get(COOKIE)
    if raw and len(raw) < 1024:
        try:
            data = _serializer().loads(raw)
        except BadSignature:
            data = None
        if isinstance(data, dict) and isinstance(data.get("d"), str) and isinstance(data.get("u"), list):
            known = frozenset(u for u in data["u"] if isinstance(u, int))
            return Client(request.remote_addr, data["d"], known)
    return Client(request.remote_addr)


def remember(response: Response, asking: Client, user_id: int) -> Response:
    """Add ``user_id`` to the browser's device cookie (made on its first login)."""
    known = [u for u in asking.known if u != user_id][-(MAX_KNOWN - 1) :] + [user_id]
    value = _serializer().dumps({"d": asking.device or secrets.token_urlsafe(16), "u": known})
    response.set_cookie(
        COOKIE,
        value,
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )
    return response

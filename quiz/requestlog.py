"""One log line per request, with its status, its duration and a request id.

The id comes from the proxy's ``X-Request-ID`` header when that is well formed
(nginx's ``$request_id``, say), so a line here matches the proxy's own log;
otherwise one is made up. Either way the response carries it back in
``X-Request-ID``. The line goes to the ``quiz.requests`` logger at INFO::

    method=POST path=/study/rate status=303 duration_ms=4.1 request_id=8f1c... remote=203.0.113.9

The middleware wraps the whole WSGI app, so errors, redirects and static files
are logged too, and the duration is the app's whole time to produce a response.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

from flask import Flask

__all__ = ["HEADER", "RequestLog", "init_app", "request_id"]

log = logging.getLogger("quiz.requests")

HEADER = "X-Request-ID"
#: What an incoming id may look like: 8 to 128 letters, digits and ``._:=+/-``.
WELL_FORMED = re.compile(r"[A-Za-z0-9._:=+/-]{8,128}")
ENVIRON_KEY = "quiz.request_id"

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def request_id(environ: dict[str, Any]) -> str:
    """The id of the request whose WSGI environment this is."""
    return environ.get(ENVIRON_KEY, "")


class RequestLog:
    """WSGI middleware: give each request an id, echo it, and log one line when it is answered."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        incoming = environ.get("HTTP_X_REQUEST_ID", "")
        rid = incoming if WELL_FORMED.fullmatch(incoming) else uuid.uuid4().hex
        environ[ENVIRON_KEY] = rid
        status = "500"

        def start(status_line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            nonlocal status
            status = status_line[:3]
            headers = [(name, value) for name, value in headers if name.lower() != "x-request-id"]
            headers.append((HEADER, rid))
            return start_response(status_line, headers, exc_info)

        try:
            return self.app(environ, start)
        finally:
            log.info(
                "method=%s path=%s status=%s duration_ms=%.1f request_id=%s remote=%s",
                environ.get("REQUEST_METHOD", "-"),
                # Quoted, so that no path can break the line or forge a field.
                quote((environ.get("PATH_INFO") or "/").encode("latin-1", "replace"), safe="/:@!$&'()*+,;=-._~"),
                status,
                (time.perf_counter() - started) * 1000,
                rid,
                environ.get("REMOTE_ADDR") or "-",
            )


def init_app(app: Flask) -> None:
    """Wrap ``app`` so that every request is logged (outermost, to time everything)."""
    app.wsgi_app = RequestLog(app.wsgi_app)  # type: ignore[method-assign]

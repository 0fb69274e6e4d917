"""What every request goes through: security headers, trusted proxies, bounded ids, refused NUL bytes.

* Headers are a small ``after_request`` hook with values built once at start: a
  strict Content-Security-Policy (pages load scripts, styles and images from the
  app itself only, no inline script or style, no framing), ``nosniff``, a
  same-origin referrer, ``Cache-Control: no-store`` on every page (each is a
  signed-in person's, or carries a session cookie and a form token; only static
  files may be cached), and, with ``SECURE_COOKIES``, ``Strict-Transport-Security``.
* ``PROXY_FIX = N`` trusts the ``X-Forwarded-*`` headers of N proxies in front
  of the app (Werkzeug's ``ProxyFix``): the client address, scheme and host.
* ``<int:...>`` in any route accepts only ids an ``Integer`` column can hold on
  every database, so ``/quiz/9223372036854775808`` is a 404, not an overflow.
* A NUL byte anywhere in the path, the query or a form field (PostgreSQL stores
  no NUL in text) is a 400 before any view runs.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, abort, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter
from werkzeug.wrappers import Response

__all__ = ["MAX_ID", "CONTENT_SECURITY_POLICY", "IdConverter", "init_app", "safe_next"]

#: The largest value of an ``Integer`` column on every supported database
#: (PostgreSQL's ``integer`` is 32-bit; SQLite's is 64-bit).
MAX_ID = 2**31 - 1

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
#: Sent with every response.
ALWAYS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
#: For the bank's images and sounds (``media.file``): nothing in one may run or
#: load anything (an SVG opened on its own is a page), and the view's long
#: ``Cache-Control`` is kept: the URL names the content.
MEDIA = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox"}
#: Two years, as the HSTS preload list asks; sent only when cookies are Secure.
HSTS = "max-age=63072000"


class IdConverter(IntegerConverter):
    """``<int:...>`` for database ids: at most 10 digits and at most :data:`MAX_ID`, else 404."""

    regex = r"\d{1,10}"

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def safe_next(target: str | None, default: str) -> str:
    """Return ``target`` if it is a plain path on this site, else ``default``.

    Refuses other sites (``//host``, ``https://host``), backslashes and every
    control character (browsers drop tabs and newlines from URLs, which turns
    ``/\\t/host`` into ``//host``; a CR or LF would also split the header).
    """
    if not target or len(target) > 2000 or not target.startswith("/") or target.startswith("//"):
        return default
    if any(c < " " or c in "\\\x7f" for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def _has_nul(values: Any) -> bool:
    return any("\0" in key or "\0" in value for key, value in values.items(multi=True))


def _refuse_nul() -> None:
    """400 for a NUL byte in the path, the query string, a form field or an upload's name."""
    if "\0" in request.path or (request.query_string and _has_nul(request.args)):
        abort(400, "The address holds a NUL character, which no page accepts.")
    if request.method == "POST" and (
        _has_nul(request.form) or any("\0" in (f.filename or "") for f in request.files.values())
    ):
        abort(400, "The form holds a NUL character, which no field accepts.")


def _headers(secure: bool) -> Any:
    always = {**ALWAYS, **({"Strict-Transport-Security": HSTS} if secure else {})}
    private = {**always, "Cache-Control": "no-store"}

    def add_headers(response: Response) -> Response:
        # A page with a secret in its address (a reset link) sends no referrer at all.
        stricter = response.headers.get("Referrer-Policy") == "no-referrer"
        # Every page is someone's (or carries their session and form token):
        # only the static files, and media by content to the browser that asked, may be kept by a cache.
        if request.endpoint == "static":
            response.headers.update(always)
        elif request.endpoint == "media.file" and response.status_code in (200, 304):
            response.headers.update({**always, **MEDIA})
        else:
            response.headers.update(private)
        if stricter:
            response.headers["Referrer-Policy"] = "no-referrer"
        return response

    return add_headers


def init_app(app: Flask) -> None:
    """Install the proxy fix, the id converter, the NUL check and the header hook.

    Call before any blueprint is registered (routes bind their converters then).
    """
    if app.config["SECURE_COOKIES"]:
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    proxies = int(app.config["PROXY_FIX"])
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies)
    app.url_map.converters["int"] = IdConverter
    app.before_request(_refuse_nul)
    app.after_request(_headers(bool(app.config["SECURE_COOKIES"])))

"""``url_for`` for templates, remembered: every page builds the same links.

Each page links the stylesheet, the scripts, the icon, the menu and its forms'
actions; Flask builds each of those through the URL map on every request,
about a dozen builds a page. Here a template's ``url_for`` remembers what it
built, keyed by the request's script root (where the app is mounted) and the
arguments. Links with an anchor, a scheme, a method or an external address, or
relative to the current blueprint, are built afresh each time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import Flask, has_request_context, request

__all__ = ["init_app"]


def init_app(app: Flask) -> None:
    """Give ``app``'s templates the remembering ``url_for``."""
    build = app.url_for

    @lru_cache(maxsize=4096)
    def built(script_root: str, endpoint: str, values: tuple[tuple[str, Any], ...]) -> str:
        return build(endpoint, **dict(values))

    def url_for(endpoint: str, **values: Any) -> str:
        if endpoint.startswith(".") or not has_request_context() or any(key.startswith("_") for key in values):
            return build(endpoint, **values)
        try:
            # In the order given: Flask writes query arguments in that order.
            return built(request.script_root, endpoint, tuple(values.items()))
        except TypeError:  # a value that cannot be a key (a list of query values)
            return build(endpoint, **values)

    app.jinja_env.globals["url_for"] = url_for

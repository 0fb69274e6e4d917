"""Parts of every page that depend on little, rendered once and kept: the main menu, the shortcuts dialog.

The menu depends only on the page's endpoint (which entry is current), on
whether someone is signed in and on whether they are an instructor; the "?"
dialog on nothing at all. Rendering them through their macros and ``url_for``
cost a fifth of a study page, so each is rendered once per combination (and
per script root, where the app is mounted) and kept as markup. With template
auto-reloading on (debug), they are rendered afresh every time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import Flask, has_request_context, request
from flask_login import current_user
from markupsafe import Markup

__all__ = ["init_app"]


def init_app(app: Flask) -> None:
    """Give ``app``'s templates ``fragment(name, **values)`` and ``main_nav()``."""
    env = app.jinja_env

    def render(name: str, values: tuple[tuple[str, Any], ...]) -> Markup:
        return Markup(env.get_template(name).render(dict(values)))

    kept = lru_cache(maxsize=1024)(lambda script_root, name, values: render(name, values))

    def fragment(name: str, **values: Any) -> Markup:
        """Template ``name`` rendered with ``values`` alone (no request context), kept once rendered."""
        items = tuple(sorted(values.items()))
        if env.auto_reload or not has_request_context():
            return render(name, items)
        return kept(request.script_root, name, items)

    def main_nav() -> Markup:
        """The main menu for this page and this visitor."""
        signed_in = bool(current_user.is_authenticated)
        return fragment(
            "_nav.html",
            endpoint=(request.endpoint or "") if has_request_context() else "",
            signed_in=signed_in,
            instructor=signed_in and bool(current_user.is_instructor),
        )

    env.globals.update(fragment=fragment, main_nav=main_nav)

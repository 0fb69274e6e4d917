"""Real-browser fixtures: the app served on a local port, Debian's Chromium via Playwright.

Chromium comes from the system (``apt-get install chromium``, done by ``.ci/run``);
Playwright's own browser download is not used.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect, sync_playwright
from werkzeug.serving import WSGIRequestHandler, make_server

CHROMIUM = os.environ.get("QUIZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Seconds to hold back every script the test server sends. Under CI's load a page's scripts can
# arrive after its content and its autofocus; a test that presses keys without waiting for them
# (see keys_ready in test_study_keyboard.py) fails with QUIZ_TEST_SCRIPT_DELAY=0.5, on any machine.
SCRIPT_DELAY = float(os.environ.get("QUIZ_TEST_SCRIPT_DELAY") or 0)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (see .ci/run)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class _ClosesOnce:
    """A response body whose ``close()`` runs once, however often it is called."""

    def __init__(self, body: Iterable[bytes]) -> None:
        self.body, self.closed = body, False

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.body)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            if hasattr(self.body, "close"):
                self.body.close()


_serving = threading.local()  # the response this server thread is sending


def _remembering(app: Flask) -> Callable[[dict[str, Any], Any], _ClosesOnce]:
    def serve(environ: dict[str, Any], start_response: Any) -> _ClosesOnce:
        if SCRIPT_DELAY and environ.get("PATH_INFO", "").endswith(".js"):
            time.sleep(SCRIPT_DELAY)
        _serving.response = _ClosesOnce(app(environ, start_response))
        return _serving.response

    return serve


class _Handler(WSGIRequestHandler):
    """werkzeug's request handler, one request a connection, closing the response when the browser drops it.

    HTTP/1.0: werkzeug's threaded server otherwise keeps connections alive, and
    may close one just as Chromium sends the next request on it, which the page
    then logs as a failed load (``ERR_CONNECTION_RESET``) though the app did
    nothing wrong. It makes such drops rarer, not impossible: one CI run still
    saw ``ERR_SOCKET_NOT_CONNECTED`` for the favicon, which the page walk fetches
    again rather than fail on.

    werkzeug closes a response only after draining the request; when the connection
    drops there (Chromium resets connections under load), the close is skipped and a
    static file served is left open, which fails whichever test the garbage
    collector happens to run in.
    """

    protocol_version = "HTTP/1.0"

    def connection_dropped(self, error: BaseException, environ: Any = None) -> None:
        response = getattr(_serving, "response", None)
        if response is not None:
            response.close()
        super().connection_dropped(error, environ)


# CI runs the suite twice at once on two cores, and a page can then take seconds: wait as long for
# an expected state as for an action (Playwright's own default for both is shorter).
expect.set_options(timeout=10_000)


@pytest.fixture
def live_url(app: Flask) -> Iterator[str]:
    """Serve the test app on a free local port for the length of a test."""
    server = make_server("127.0.0.1", 0, _remembering(app), threaded=True, request_handler=_Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (own cookies) and page."""
    context = browser.new_context()
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()

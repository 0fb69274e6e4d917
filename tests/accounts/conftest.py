"""Fixtures of the account tests.

Several browsers often take part in one test (an attacker and the owner, two
workers). pytest-flask's ``client`` keeps the contexts of its last request pushed,
and a request from another client would then reuse that app context (and the
CSRF token cached in it), so these tests make every browser with
``app.test_client()``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient


@pytest.fixture
def browser(app: Flask) -> FlaskClient:
    """A browser of its own."""
    return app.test_client()


@pytest.fixture
def browsers(app: Flask) -> Callable[[], FlaskClient]:
    """Makes more browsers."""
    return app.test_client

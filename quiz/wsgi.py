"""The WSGI entry point for production servers: ``gunicorn quiz.wsgi:app``.

Settings come from ``QUIZ_*`` environment variables and ``instance/config.py``
(see the README, "Deploying"). Log lines (one per request, see
:mod:`quiz.requestlog`) go to standard error at INFO unless the server has set
up logging already.
"""

from __future__ import annotations

import logging

from quiz import create_app

__all__ = ["app"]

if not logging.getLogger().handlers:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

app = create_app()

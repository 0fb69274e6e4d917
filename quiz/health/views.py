"""``/healthz``: 200 when the database answers and its schema is current, 503 otherwise.

It signs no one in and sets no cookie, so a load balancer can poll it freely.
A server whose code is older or newer than the database's schema (half-way
through an upgrade) answers 503, so the balancer sends learners elsewhere.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify
from werkzeug.wrappers import Response

from quiz.database import schema_heads, schema_revisions
from quiz.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """Report whether this server can serve learners."""
    expected = sorted(schema_heads())
    try:
        found = sorted(schema_revisions(db.engine))
    except sa.exc.SQLAlchemyError as exc:
        current_app.logger.warning("health check: database unreachable: %s", exc.__class__.__name__)
        return _answer(503, database="unreachable", schema=None, expected=expected)
    if found != expected:
        return _answer(503, database="reachable", schema=found, expected=expected)
    return _answer(200, database="reachable", schema=found, expected=expected)


def _answer(code: int, **fields: object) -> tuple[Response, int]:
    response = jsonify(status="ok" if code == 200 else "unavailable", **fields)
    response.headers["Cache-Control"] = "no-store"
    return response, code

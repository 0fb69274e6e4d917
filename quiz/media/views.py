"""``/media/<sha256>/<name>``: one stored image or sound.

The URL names the file's content, so it never changes meaning: browsers keep it
for a year (``private``: it is served only after signing in, so shared caches
must not keep it). A file is served only when a deck the user may study uses it
under that name, or, to instructors, when an upload awaiting review does.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, request
from flask_login import current_user, login_required

from quiz.services.bank.media import media_file_for

bp = Blueprint("media", __name__)

#: A year: the longest lifetime caches are asked to honour.
MAX_AGE = 365 * 24 * 3600


@bp.get("/media/<string(length=64):digest>/<name>")
@login_required
def file(digest: str, name: str) -> Response:
    """Send a stored file, or 304 when the browser has it already."""
    if any(c not in "0123456789abcdef" for c in digest):
        abort(404)
    stored = media_file_for(digest, name, instructor=current_user.is_instructor)
    if stored is None:
        abort(404, "There is no such image or sound in a deck you may see.")
    response = Response(stored.data, mimetype=stored.mime)
    response.set_etag(digest)
    response.headers["Cache-Control"] = f"private, max-age={MAX_AGE}, immutable"
    response.headers["Content-Disposition"] = "inline"
    return response.make_conditional(request)

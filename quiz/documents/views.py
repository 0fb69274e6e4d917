"""The text of a source document, where the instructor allows learners to read it."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import login_required

from quiz.services.bank.documents import readable_document

bp = Blueprint("documents", __name__)


@bp.get("/documents/<int:document_id>")
@login_required
def show(document_id: int) -> str:
    """Show a document; ``?paragraph=N`` highlights the paragraph a source cites."""
    document = readable_document(document_id)
    if document is None:
        abort(404, "There is no readable document here: its text is not in the bank, or it is shown by title only.")
    cited = request.args.get("paragraph", type=int)
    return render_template("documents/show.html", document=document, cited=cited)

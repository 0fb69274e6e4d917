"""Progress pages."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from quiz.models import utcnow
from quiz.services.progress import overview

bp = Blueprint("progress", __name__)


@bp.get("/progress")
@login_required
def index() -> str:
    """Cards by state, reviews today, recent accuracy and the week's forecast."""
    return render_template("progress/index.html", stats=overview(current_user, utcnow()))

"""The study loop: show a card, check the answer, rate it, undo. Post/Redirect/Get.

The card in hand (the checked answer waiting for its rating, or the card undo
put back) is kept on the server, keyed by the learner; the session cookie
carries none of it.
"""

from __future__ import annotations

import random
from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from quiz import scheduling
from quiz.models import utcnow
from quiz.services.accounts.users import SessionUser
from quiz.services.learning import holds, pending, queue
from quiz.study.forms import AnswerForm, RateForm, UndoForm

bp = Blueprint("study", __name__)

#: A study form the page never sends (a card id out of range, a rating of 7, a missing field).
BAD_FORM = "That form was not sent as the study page sends it: nothing was recorded."
#: Said when a rating makes a card a leech.
LEECH = (
    "That card has now lapsed often enough to be a leech: it is marked and suspended, so it stops taking your time. "
    "Find it under Cards (state: leech) to unsuspend it once you have a better way to remember it."
)


@bp.get("/")
def home() -> Response:
    """Send visitors to the study page or to the login page."""
    return redirect(url_for("study.study" if current_user.is_authenticated else "auth.login"))


@bp.get("/study")
@login_required
def study() -> str:
    """Show the next card, the checked answer with rating buttons, or "done for now"."""
    now = utcnow()
    user = current_user._get_current_object()
    held, item = pending.in_hand_item(user, now) if user.holds_card else (None, None)
    prefer = None
    if held is not None and item is not None and item.reps == held.reps:
        if held.answered:
            return _render_answer(user, item, held, now)
        prefer = item
    item, left = queue.upcoming(user, now, prefer=prefer)
    if item is None:
        return render_template("study/done.html", outlook=queue.outlook(user, now))
    # A fixed order would let position stand in for knowledge; shuffle per showing,
    # the same way on a reload.
    choices = list(item.question.choices)
    random.Random(f"{user.id}:{item.question.id}:{item.reps}").shuffle(choices)
    return render_template(
        "study/question.html",
        item=item,
        shown=int(now.timestamp() * 1000),
        choices=choices,
        queue=left,
        max_answer=pending.MAX_ANSWER_LENGTH,
    )


def _render_answer(user: SessionUser, item: queue.StudyItem, held: pending.Pending, now: datetime) -> str:
    intervals = scheduling.preview(
        item.state, now, desired_retention=user.desired_retention, parameters=user.fsrs_parameters
    )
    suggested = scheduling.Rating.Good if held.correct is None else scheduling.suggested_rating(held.correct)
    return render_template(
        "study/answer.html",
        item=item,
        answered=held,
        ratings=[(r, scheduling.format_interval(intervals[r])) for r in scheduling.Rating],
        suggested=suggested,
        queue=queue.today(user, now),
    )


@bp.post("/study/answer")
@login_required
def answer() -> Response:
    """Check a typed or chosen answer (or reveal a flashcard), then show the result."""
    form = AnswerForm()
    if not form.validate_on_submit():
        abort(400, BAD_FORM)
    gaps = request.form.getlist("gap")
    try:
        pending.answer_card(
            current_user,
            form.question.data,
            form.reps.data,
            gaps if gaps else form.answer.data,
            shown_ms=form.shown.data,
            now=utcnow(),
        )
    except pending.AnswerTooLong as exc:
        flash(str(exc), "error")
    return redirect(url_for("study.study"), 303)


@bp.post("/study/rate")
@login_required
def rate() -> Response:
    """Record a rating once, however many times the form is sent."""
    form = RateForm()
    if not form.validate_on_submit():
        abort(400, BAD_FORM)
    now, rating = utcnow(), scheduling.Rating(form.rating.data)
    pending.rate_card(
        current_user, form.question.data, rating, seen_reps=form.reps.data, shown_ms=form.shown.data, now=now
    )
    if holds.became_leech(current_user, form.question.data, rating, now):
        flash(LEECH, "warning")
    return redirect(url_for("study.study"), 303)


@bp.post("/study/undo")
@login_required
def undo() -> Response:
    """Put the last rated card back as it was and show it again."""
    if UndoForm().validate_on_submit():
        pending.undo(current_user, utcnow())
    return redirect(url_for("study.study"), 303)

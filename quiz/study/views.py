"""The study loop: show a card, check the answer, rate it, undo. Post/Redirect/Get."""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from quiz import scheduling
from quiz.bank import cloze_blank
from quiz.models import utcnow
from quiz.services.accounts.users import SessionUser
from quiz.services.learning import holds, queue
from quiz.services.learning.study import check_answer, record_review, undo_last
from quiz.study.forms import AnswerForm, RateForm, UndoForm

bp = Blueprint("study", __name__)

#: Session key holding the checked answer between the answer and rating steps.
ANSWERED = "answered"
#: Session key naming a question to show first (after an undo).
REQUEUE = "requeue"
#: Said when a rating makes a card a leech.
LEECH = (
    "That card has now lapsed often enough to be a leech: it is marked and suspended, so it stops taking your time. "
    "Find it under Cards (state: leech) to unsuspend it once you have a better way to remember it."
)


def _elapsed_ms(shown: int | None) -> int:
    if shown is None:
        return 0
    return max(0, int(utcnow().timestamp() * 1000) - shown)


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
    answered = session.get(ANSWERED)
    if answered:
        item = queue.study_item(user, answered["q"])
        if item is not None and item.reps == answered["reps"]:
            return _render_answer(user, item, answered, now)
        session.pop(ANSWERED, None)
    item, left = queue.upcoming(user, now, prefer=session.pop(REQUEUE, None))
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
        blanked=cloze_blank(item.question.prompt) if item.question.type == "cloze" else None,
    )


def _render_answer(user: SessionUser, item: queue.StudyItem, answered: dict[str, Any], now: datetime) -> str:
    intervals = scheduling.preview(item.state, now, desired_retention=user.desired_retention)
    suggested = (
        scheduling.Rating.Good if answered["correct"] is None else scheduling.suggested_rating(answered["correct"])
    )
    return render_template(
        "study/answer.html",
        item=item,
        answered=answered,
        ratings=[(r, scheduling.format_interval(intervals[r])) for r in scheduling.Rating],
        suggested=suggested,
        queue=queue.today(user, now),
    )


@bp.post("/study/answer")
@login_required
def answer() -> Response:
    """Check a typed or chosen answer (or reveal a flashcard), then show the result."""
    form = AnswerForm()
    if form.validate_on_submit():
        item = queue.study_item(current_user, form.question.data)
        if item is not None and item.reps == form.reps.data:
            if item.question.type == "flashcard":
                given, correct = None, None
            elif item.question.type == "cloze":
                gaps = [g.strip() for g in request.form.getlist("gap")]
                given, correct = "; ".join(gaps), check_answer(item.question, gaps)
            else:
                given = (form.answer.data or "").strip()
                correct = check_answer(item.question, given)
            session[ANSWERED] = {
                "q": item.question.id,
                "reps": item.reps,
                "answer": given,
                "correct": correct,
                "ms": _elapsed_ms(form.shown.data),
            }
    return redirect(url_for("study.study"), 303)


@bp.post("/study/rate")
@login_required
def rate() -> Response:
    """Record a rating once, however many times the form is sent."""
    form = RateForm()
    if form.validate_on_submit():
        answered = session.get(ANSWERED) or {}
        matches = answered.get("q") == form.question.data and answered.get("reps") == form.reps.data
        now, rating = utcnow(), scheduling.Rating(form.rating.data)
        record_review(
            current_user,
            form.question.data,
            rating,
            seen_reps=form.reps.data,
            now=now,
            answer=answered.get("answer") if matches else None,
            correct=answered.get("correct") if matches else None,
            duration_ms=answered.get("ms", 0) if matches else _elapsed_ms(form.shown.data),
        )
        session.pop(ANSWERED, None)
        if holds.became_leech(current_user, form.question.data, rating, now):
            flash(LEECH, "warning")
    return redirect(url_for("study.study"), 303)


@bp.post("/study/undo")
@login_required
def undo() -> Response:
    """Put the last rated card back as it was and show it again."""
    if UndoForm().validate_on_submit():
        question_id = undo_last(current_user, utcnow())
        session.pop(ANSWERED, None)
        if question_id is not None:
            session[REQUEUE] = question_id
    return redirect(url_for("study.study"), 303)

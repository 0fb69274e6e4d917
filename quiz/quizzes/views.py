"""Quiz mode: start a scored quiz, answer one question at a time, see the result. Post/Redirect/Get."""

from __future__ import annotations

import random

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from quiz.models import utcnow
from quiz.quizzes.forms import AnswerForm, FinishForm, StartForm
from quiz.services.learning import quizzes as service
from quiz.services.learning.study import MAX_ANSWER_LENGTH

bp = Blueprint("quiz", __name__)


@bp.route("/quiz", methods=["GET", "POST"])
@login_required
def start() -> Response | str:
    """Choose and start a quiz; list recent attempts."""
    form = StartForm(service.options())
    if form.validate_on_submit():
        try:
            attempt = service.start_quiz(
                current_user,
                deck_id=form.deck.data or None,
                kinds=form.kinds.data or [],
                length=form.length.data,
                time_limit_s=form.minutes.data * 60 if form.minutes.data else None,
                now=utcnow(),
            )
        except service.QuizError as exc:
            flash(str(exc), "error")
        else:
            return redirect(url_for("quiz.attempt", attempt_id=attempt.id), 303)
    return render_template("quiz/start.html", form=form, recent=service.recent_attempts(current_user), now=utcnow())


@bp.get("/quiz/<int:attempt_id>")
@login_required
def attempt(attempt_id: int) -> str:
    """Show the next question, the "time is up" page, or the result."""
    now = utcnow()
    found = service.attempt_of(current_user, attempt_id)
    if found is None:
        abort(404)
    slot = service.current_slot(found)
    if found.finished_at is not None or slot is None:
        return render_template("quiz/result.html", attempt=found)
    if found.deadline is not None and now >= found.deadline:
        return render_template("quiz/time_up.html", attempt=found, finish=FinishForm())
    question = slot.question
    choices = list(question.choices)
    random.Random(f"{found.id}:{slot.position}").shuffle(choices)
    return render_template(
        "quiz/question.html",
        attempt=found,
        slot=slot,
        question=question,
        choices=choices,
        form=AnswerForm(position=slot.position, shown=int(now.timestamp() * 1000)),
        seconds_left=int((found.deadline - now).total_seconds()) + 1 if found.deadline else None,
        max_answer=MAX_ANSWER_LENGTH,
    )


@bp.post("/quiz/<int:attempt_id>/answer")
@login_required
def answer(attempt_id: int) -> Response:
    """Record the answer to the question on screen, once however often it is sent."""
    form = AnswerForm()
    if not form.validate_on_submit():
        abort(400, "That answer does not name a question of this quiz as the page sends it.")
    gaps = [gap.strip() for gap in request.form.getlist("gap")]
    outcome = service.answer_question(
        current_user,
        attempt_id,
        form.position.data,
        gaps if gaps else (form.answer.data or "").strip(),
        now=utcnow(),
        shown_ms=form.shown.data,
    )
    if outcome is None:
        abort(404)
    if outcome is service.Outcome.TIME_UP:
        flash("Time is up: that answer came after the time limit.", "error")
    elif outcome is service.Outcome.TOO_LONG:
        flash(f"Answers are at most {MAX_ANSWER_LENGTH} characters; shorten yours and send it again.", "error")
    return redirect(url_for("quiz.attempt", attempt_id=attempt_id), 303)


@bp.post("/quiz/<int:attempt_id>/finish")
@login_required
def finish(attempt_id: int) -> Response:
    """End the attempt now; questions not answered count as wrong."""
    if FinishForm().validate_on_submit() and not service.finish(current_user, attempt_id, now=utcnow()):
        abort(404)
    return redirect(url_for("quiz.attempt", attempt_id=attempt_id), 303)

"""Quiz mode: start a scored quiz, answer one question at a time, see the result. Post/Redirect/Get."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from quiz.days import zone
from quiz.models import utcnow
from quiz.quizzes.forms import AnswerForm, FinishForm, StartForm
from quiz.services.learning import quizzes as service
from quiz.services.learning.study import MAX_ANSWER_LENGTH

bp = Blueprint("quiz", __name__)


@bp.app_template_filter("clock")
def clock(left: timedelta) -> str:
    """Time left as a countdown shows it, whole seconds rounded up: "4:05", "1:02:03" (static/quiz.js agrees)."""
    seconds = max(math.ceil(left.total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


@bp.app_template_filter("time_of_day")
def time_of_day(value: datetime) -> str:
    """A moment today as a clock in the learner's zone reads it, to the second: "14:05:30"."""
    local = value.astimezone(zone(current_user.timezone if current_user.is_authenticated else "UTC"))
    return f"{local:%H:%M:%S}"


@bp.route("/quiz", methods=["GET", "POST"])
@login_required
def start() -> Response | str:
    """Choose and start a quiz (asking first when fewer questions match than asked for); list recent attempts."""
    now = utcnow()
    service.close_overdue(current_user, now)
    form = StartForm(service.options())
    fewer = None
    if form.validate_on_submit():
        try:
            attempt = service.start_quiz(
                current_user,
                deck_id=form.deck.data or None,
                kinds=form.kinds.data or [],
                length=form.length.data,
                time_limit_s=form.minutes.data * 60 if form.minutes.data else None,
                now=now,
                accept_fewer=form.fewer.data,
            )
        except service.FewerMatch as exc:
            fewer = exc
        except service.QuizError as exc:
            flash(str(exc), "error")
        else:
            return redirect(url_for("quiz.attempt", attempt_id=attempt.id), 303)
    return render_template("quiz/start.html", form=form, fewer=fewer, recent=service.recent_attempts(current_user))


@bp.get("/quiz/<int:attempt_id>")
@login_required
def attempt(attempt_id: int) -> str:
    """Show the next question, or the result (saying so when the time ran out)."""
    now = utcnow()
    found = service.attempt_of(current_user, attempt_id)
    if found is None:
        abort(404)
    if service.overdue(found, now):
        # The server's deadline is the one that counts: the attempt ends at it.
        service.finish(current_user, attempt_id, now=now)
    slot = service.current_slot(found)
    if found.finished_at is not None or slot is None:
        return render_template("quiz/result.html", attempt=found, timed_out=service.timed_out(found))
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
        time_left=found.deadline - now if found.deadline else None,
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


@bp.get("/quiz/<int:attempt_id>/end")
@login_required
def end(attempt_id: int) -> Response | str:
    """Ask before ending the attempt early (an attempt already over goes to its result)."""
    found = service.attempt_of(current_user, attempt_id)
    if found is None:
        abort(404)
    if found.finished_at is not None or service.overdue(found, utcnow()):
        return redirect(url_for("quiz.attempt", attempt_id=attempt_id), 303)
    answered = sum(1 for slot in found.answers if slot.answered_at is not None)
    return render_template("quiz/end.html", attempt=found, answered=answered, form=FinishForm())


@bp.post("/quiz/<int:attempt_id>/finish")
@login_required
def finish(attempt_id: int) -> Response:
    """End the attempt now, as confirmed on the end page; questions not answered count as wrong."""
    if FinishForm().validate_on_submit() and not service.finish(current_user, attempt_id, now=utcnow()):
        abort(404)
    return redirect(url_for("quiz.attempt", attempt_id=attempt_id), 303)

"""Progress pages: the learner's figures and charts, one question's history, exports, the class view."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, stream_with_context
from flask_login import current_user, login_required
from werkzeug.utils import secure_filename

from quiz.auth.roles import instructor_required
from quiz.models import utcnow
from quiz.periods import PERIODS, period
from quiz.progress import figures
from quiz.schedule.figures import calibration_chart
from quiz.services.classes.rooms import class_for, member_ids, visible_classes
from quiz.services.learning.quizzes import close_overdue
from quiz.services.memory.calibration import calibration
from quiz.services.stats import export as exports
from quiz.services.stats.classroom import class_view
from quiz.services.stats.memory import MASTERY_DAYS, question_history
from quiz.services.stats.progress import progress_page

bp = Blueprint("progress", __name__)
bp.add_app_template_filter(figures.bucket_label, "bucket_label")
bp.add_app_template_filter(figures.plain_prompt, "plain_prompt")
bp.add_app_template_filter(figures.time_spent, "time_spent")

EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@bp.get("/progress")
@login_required
def index() -> str:
    """Figures at a glance and over a chosen period (?range=7|30|90|365|all), with charts."""
    close_overdue(current_user, utcnow())  # a quiz past its time limit is scored before it is listed
    page = progress_page(current_user, utcnow(), period(request.args.get("range")))
    calibrated = calibration(current_user.id, page.since, page.until)
    return render_template(
        "progress/index.html",
        stats=page.overview,
        page=page,
        charts=figures.page_charts(page, current_user.timezone, current_user.day_start_hour),
        months=figures.months(page.calendar),
        periods=PERIODS,
        mastery_days=MASTERY_DAYS,
        score_trend=figures.has_trend(page.scores, current_user.timezone, current_user.day_start_hour),
        calibration=calibrated,
        calibration_chart=calibration_chart(calibrated) if calibrated else None,
    )


@bp.get("/progress/question/<int:question_id>")
@login_required
def question(question_id: int) -> str:
    """One question: the learner's card, predicted recall and every review of it."""
    history = question_history(current_user, question_id, utcnow())
    if history is None:
        abort(404)
    return render_template("progress/question.html", history=history, mastery_days=MASTERY_DAYS)


@bp.get("/progress/export/<what>.<fmt>")
@login_required
def export(what: str, fmt: str) -> Response:
    """Download the learner's own reviews or quiz answers (CSV), or both (JSON)."""
    now = utcnow()
    if (what, fmt) == ("reviews", "csv"):
        chunks = exports.csv_text(exports.review_rows(current_user), exports.REVIEW_FIELDS)
    elif (what, fmt) == ("quizzes", "csv"):
        chunks = exports.csv_text(exports.quiz_rows(current_user), exports.QUIZ_FIELDS)
    elif (what, fmt) == ("all", "json"):
        chunks = exports.json_text(current_user, now)
    else:
        abort(404)
    name = secure_filename(f"quiz-{current_user.username}-{what}-{now:%Y-%m-%d}.{fmt}") or f"quiz-export.{fmt}"
    return Response(
        stream_with_context(chunks),
        content_type=EXPORT_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/progress/class")
@instructor_required
def classroom() -> str:
    """The class: learners (sortable by column) and an item analysis of each question; ?class=ID for one class."""
    args = request.args
    chosen = period(args.get("range"))
    wanted = args.get("class", "")
    room = class_for(current_user, int(wanted)) if wanted.isdigit() and len(wanted) < 10 else None
    if wanted and room is None:
        abort(404)  # not a class, or another instructor's
    view = class_view(
        utcnow(),
        chosen,
        roster_sort=args.get("sort", "name"),
        roster_descending=args.get("dir") == "desc",
        item_sort=args.get("isort", "discrimination"),
        item_descending=args.get("idir") == "desc",
        item_page=args.get("ipage", 1, type=int),
        user_ids=member_ids(room.id) if room is not None else None,
    )
    # Links to another period or order start again from the first page of questions.
    query = {key: value for key, value in args.items() if key != "ipage"}
    return render_template(
        "progress/class.html",
        view=view,
        periods=PERIODS,
        query=query,
        room=room,
        classes=visible_classes(current_user),
    )

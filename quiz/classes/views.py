"""Class pages: instructors' classes, assignments and gradebook; learners' classes, joining and leaving.

An instructor reaches only their own classes (another's answer 404, as if they
did not exist); an admin reaches every class. Post/Redirect/Get throughout.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.utils import secure_filename

from quiz.auth.roles import instructor_required
from quiz.classes.forms import AssignmentForm, ButtonForm, ClassForm, JoinForm
from quiz.days import zone
from quiz.grading import csv_document, csv_header, csv_row, format_code
from quiz.models import Classroom, utcnow
from quiz.services.classes import assignments as work
from quiz.services.classes import rooms
from quiz.services.classes.gradebook import gradebook, learner_assignments
from quiz.services.learning import options

bp = Blueprint("classes", __name__)
bp.add_app_template_filter(format_code, "join_code")


@bp.app_template_filter("due")
def due(value: object) -> str:
    """A due time in the signed-in user's zone, as the last minute of the due day: "Fri 4 Dec 2026, 23:59"."""
    local = (value - timedelta(minutes=1)).astimezone(zone(current_user.timezone))  # type: ignore[operator]
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"


@bp.app_template_global("my_assignments")
def my_assignments() -> list:
    """The signed-in learner's open assignments, read once per request (for the study pages)."""
    if "my_assignments" not in g:
        # Most learners have none: the user load said so.
        has_any = current_user.has_assignments
        g.my_assignments = learner_assignments(current_user.id, utcnow(), open_only=True) if has_any else []
    return g.my_assignments


@bp.app_template_global("assignment_of_attempt")
def assignment_of_attempt(attempt_id: int) -> object:
    """The assignment a quiz attempt counts for, if any (for the quiz result page)."""
    return work.for_attempt(attempt_id)


def _room(class_id: int) -> Classroom:
    room = rooms.class_for(current_user, class_id)
    if room is None:
        abort(404)
    return room


def _assignment_form(formdata: object = None) -> AssignmentForm:
    listed = options.choices()
    kwargs = {} if formdata is not None else {"formdata": None}
    return AssignmentForm(list(listed.decks), list(listed.tags), **kwargs)


# --- Instructors -------------------------------------------------------------------------------


@bp.route("/instructor/classes", methods=["GET", "POST"])
@instructor_required
def index() -> Response | str:
    """The instructor's classes (every class for an admin), and a form to create one."""
    form = ClassForm()
    if form.validate_on_submit():
        try:
            room = rooms.create_class(current_user, form.name.data)
        except rooms.ClassError as exc:
            form.name.errors.append(str(exc))
        else:
            flash(f"Class {room.name!r} created. Give your learners its code or link.", "success")
            return redirect(url_for("classes.show", class_id=room.id), 303)
    return render_template("classes/index.html", form=form, classes=rooms.visible_classes(current_user))


def _show(room: Classroom, form: AssignmentForm) -> str:
    book = gradebook(room)
    return render_template(
        "classes/show.html",
        room=room,
        book=book,
        members=rooms.members(room.id),
        form=form,
        button=ButtonForm(),
        join_url=url_for("classes.join_link", code=room.join_code, _external=True),
        today=utcnow().astimezone(zone(current_user.timezone)).date(),
    )


@bp.get("/instructor/classes/<int:class_id>")
@instructor_required
def show(class_id: int) -> str:
    """One class: its join code and link, its members, its assignments, and a form for a new one."""
    return _show(_room(class_id), _assignment_form())


@bp.post("/instructor/classes/<int:class_id>/code")
@instructor_required
def new_code(class_id: int) -> Response:
    """Make a new join code; the old code and link stop working."""
    if ButtonForm().validate_on_submit():
        if rooms.regenerate_code(current_user, class_id) is None:
            abort(404)
        flash("New join code made: the old code and link no longer work.", "success")
    return redirect(url_for("classes.show", class_id=class_id), 303)


@bp.post("/instructor/classes/<int:class_id>/delete")
@instructor_required
def delete(class_id: int) -> Response:
    """Delete the class and its assignments (learners keep their reviews and quizzes)."""
    room = _room(class_id)
    if ButtonForm().validate_on_submit():
        rooms.delete_class(current_user, class_id)
        flash(f"Class {room.name!r} deleted.", "success")
        return redirect(url_for("classes.index"), 303)
    return redirect(url_for("classes.show", class_id=class_id), 303)


@bp.post("/instructor/classes/<int:class_id>/members/<int:user_id>/remove")
@instructor_required
def remove_member(class_id: int, user_id: int) -> Response:
    """Take a learner out of the class."""
    if ButtonForm().validate_on_submit() and not rooms.remove_member(current_user, class_id, user_id):
        abort(404)
    return redirect(url_for("classes.show", class_id=class_id), 303)


@bp.post("/instructor/classes/<int:class_id>/assignments")
@instructor_required
def add_assignment(class_id: int) -> Response | str:
    """Set new work for the class (the class page again, with the form's errors, when it cannot)."""
    room = _room(class_id)
    form = _assignment_form(formdata=True)
    if form.validate_on_submit():
        draft = work.Draft(
            title=form.title.data,
            scope=form.scope.data,
            due_on=form.due_on.data,
            require_studied=form.require_studied.data,
            quiz_length=(form.quiz_length.data or 20) if form.with_quiz.data else None,
            pass_percent=form.pass_percent.data,
        )
        try:
            made = work.create_assignment(current_user, room.id, draft, timezone=current_user.timezone, now=utcnow())
        except rooms.ClassError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(f"Assignment {made.title!r} set.", "success")
            return redirect(url_for("classes.show", class_id=room.id), 303)
    return _show(room, form)


@bp.get("/instructor/assignments/<int:assignment_id>")
@instructor_required
def assignment(assignment_id: int) -> str:
    """One assignment: each learner's studied share, best quiz score, done or not, last activity."""
    found = work.assignment_for_instructor(current_user, assignment_id)
    if found is None:
        abort(404)
    room = _room(found.class_id)
    book = gradebook(room, assignment_id=found.id)
    return render_template("classes/assignment.html", room=room, book=book, assignment=found, button=ButtonForm())


@bp.post("/instructor/assignments/<int:assignment_id>/delete")
@instructor_required
def delete_assignment(assignment_id: int) -> Response:
    """Delete the assignment (the quizzes taken for it stay in the learners' history)."""
    if not ButtonForm().validate_on_submit():
        return redirect(url_for("classes.assignment", assignment_id=assignment_id), 303)
    class_id = work.delete_assignment(current_user, assignment_id)
    if class_id is None:
        abort(404)
    flash("Assignment deleted.", "success")
    return redirect(url_for("classes.show", class_id=class_id), 303)


@bp.get("/instructor/classes/<int:class_id>/gradebook")
@instructor_required
def grades(class_id: int) -> str:
    """The gradebook: learners by assignments, with completion, quiz score and last activity."""
    return render_template("classes/gradebook.html", book=gradebook(_room(class_id)))


@bp.get("/instructor/classes/<int:class_id>/gradebook.csv")
@instructor_required
def grades_csv(class_id: int) -> Response:
    """The gradebook as CSV (RFC 4180, UTF-8, no BOM): one row per learner, three columns per assignment."""
    book = gradebook(_room(class_id))
    text = csv_document(
        csv_header([c.assignment.title for c in book.columns]),
        (csv_row(line.user_id, line.username, line.username, line.statuses, line.last_active) for line in book.lines),
    )
    name = secure_filename(f"gradebook-{book.room.name}-{utcnow():%Y-%m-%d}.csv") or "gradebook.csv"
    return Response(
        text,
        content_type="text/csv; charset=utf-8; header=present",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# --- Learners ----------------------------------------------------------------------------------


@bp.get("/classes")
@login_required
def mine() -> str:
    """The learner's classes and assignments, with a form to join a class by its code."""
    return render_template(
        "classes/mine.html",
        form=JoinForm(formdata=None),
        classes=rooms.my_classes(current_user),
        assignments=learner_assignments(current_user.id, utcnow()),
        button=ButtonForm(),
    )


@bp.post("/classes/join")
@login_required
def join() -> Response | str:
    """Join a class by the code typed."""
    form = JoinForm()
    if form.validate_on_submit():
        try:
            room, joined = rooms.join(current_user, form.code.data)
        except rooms.ClassError as exc:
            form.code.errors.append(str(exc))
        else:
            flash(f"You joined {room.name}." if joined else f"You are already in {room.name}.", "success")
            return redirect(url_for("classes.mine"), 303)
    return render_template(
        "classes/mine.html",
        form=form,
        classes=rooms.my_classes(current_user),
        assignments=learner_assignments(current_user.id, utcnow()),
        button=ButtonForm(),
    )


@bp.route("/join/<code>", methods=["GET", "POST"])
@login_required
def join_link(code: str) -> Response | str:
    """A join link: shows the class and asks before joining (a GET changes nothing)."""
    room = rooms.class_by_code(code)
    if room is None:
        abort(404, "No class has that code. Ask your instructor for a new link: codes can be changed.")
    form = ButtonForm()
    if form.validate_on_submit():
        _, joined = rooms.join(current_user, room.join_code)
        flash(f"You joined {room.name}." if joined else f"You are already in {room.name}.", "success")
        return redirect(url_for("classes.mine"), 303)
    member = any(mine.id == room.id for mine, _ in rooms.my_classes(current_user))
    return render_template("classes/join.html", room=room, form=form, member=member)


@bp.post("/classes/<int:class_id>/leave")
@login_required
def leave(class_id: int) -> Response:
    """Leave a class (your reviews and quizzes stay yours)."""
    if ButtonForm().validate_on_submit():
        name = rooms.leave(current_user, class_id)
        if name is None:
            abort(404)
        flash(f"You left {name}.", "success")
    return redirect(url_for("classes.mine"), 303)


@bp.post("/assignments/<int:assignment_id>/study")
@login_required
def study(assignment_id: int) -> Response:
    """Study the assignment's cards alone (the study choice becomes its deck or tag)."""
    if not ButtonForm().validate_on_submit():
        return redirect(url_for("classes.mine"), 303)
    try:
        found = work.study(current_user, assignment_id)
    except rooms.ClassError as exc:
        flash(str(exc), "error")
        return redirect(url_for("classes.mine"), 303)
    if found is None:
        abort(404)
    flash(f"Studying the cards of {found.title!r}.", "success")
    return redirect(url_for("study.study"), 303)


@bp.post("/assignments/<int:assignment_id>/quiz")
@login_required
def quiz(assignment_id: int) -> Response:
    """Start the assignment's quiz."""
    if not ButtonForm().validate_on_submit():
        return redirect(url_for("classes.mine"), 303)
    try:
        attempt = work.start_quiz(current_user, assignment_id, utcnow())
    except rooms.ClassError as exc:
        flash(str(exc), "error")
        return redirect(url_for("classes.mine"), 303)
    if attempt is None:
        abort(404)
    return redirect(url_for("quiz.attempt", attempt_id=attempt.id), 303)

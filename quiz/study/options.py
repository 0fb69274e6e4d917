"""Study options: what to study (a deck, a tag, everything) and custom study. Post/Redirect/Get."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from quiz.days import zone
from quiz.models import utcnow
from quiz.services.learning import options, queue
from quiz.study.forms import CUSTOM_FORMS, AheadForm, EndCustomForm, FailedForm, MoreNewForm, ScopeForm

bp = Blueprint("study_options", __name__)


@dataclass(frozen=True, slots=True)
class StudyOptions:
    """What the study pages show of the learner's choices.

    Attributes:
        value: The scope chosen, as the form names it ("all", "deck:<id>", "tag:<name>").
        choices: Every deck and tag to choose from.
        label: The scope in words.
        custom: The custom session in progress, if any.
    """

    value: str
    choices: options.Choices
    label: str
    custom: queue.Custom | None


@bp.app_template_filter("hour_minute")
def hour_minute(value: datetime) -> str:
    """The time of day of ``value`` in the learner's zone: "14:05"."""
    return value.astimezone(zone(current_user.timezone)).strftime("%H:%M")


@bp.app_template_global("study_options")
def study_options() -> StudyOptions:
    """The learner's study choices, read once per request (for the study pages' top bar)."""
    if "study_options" not in g:
        listed = options.choices()
        g.study_options = StudyOptions(
            listed.value_of(queue.scope_of(current_user)),
            listed,
            options.scope_label(current_user, listed),
            queue.custom_of(current_user),
        )
    return g.study_options


@bp.post("/study/scope")
@login_required
def scope() -> Response:
    """Study one deck, one tag or everything, from now on."""
    form = ScopeForm()
    if form.validate_on_submit():
        try:
            options.set_scope(current_user, form.scope.data)
        except options.OptionError as exc:
            flash(str(exc), "error")
    else:
        flash("Choose a deck, a tag, or all decks.", "error")
    return redirect(url_for("study.study"), 303)


def _custom_page(**forms: FlaskForm) -> str:
    """The custom study page, with blank forms except those given (sent back with their errors)."""
    blank = {
        "ahead": AheadForm(formdata=None),
        "failed": FailedForm(formdata=None),
        "more": MoreNewForm(formdata=None),
    }
    return render_template("study/custom.html", **(blank | forms))


@bp.get("/study/custom")
@login_required
def custom() -> str:
    """Custom study: review ahead, the cards failed lately, more new cards today."""
    return _custom_page()


def _start(form: AheadForm | FailedForm, kind: str) -> Response | str:
    if form.validate_on_submit():
        try:
            options.start_custom(current_user, kind, form[CUSTOM_FORMS[kind][1]].data, utcnow())
        except options.OptionError as exc:
            flash(str(exc), "error")
        else:
            return redirect(url_for("study.study"), 303)
    return _custom_page(**{kind: form})


@bp.post("/study/custom/ahead")
@login_required
def ahead() -> Response | str:
    """Start reviewing ahead: the cards due in the next few days."""
    return _start(AheadForm(), "ahead")


@bp.post("/study/custom/failed")
@login_required
def failed() -> Response | str:
    """Start going over the cards failed lately."""
    return _start(FailedForm(), "failed")


@bp.post("/study/custom/more-new")
@login_required
def more_new() -> Response | str:
    """Allow more new cards today."""
    form = MoreNewForm()
    if form.validate_on_submit():
        try:
            total = options.more_new(current_user, form.more_new.data, utcnow())
        except options.OptionError as exc:
            flash(str(exc), "error")
        else:
            flash(f"You may start {total} more new card{'' if total == 1 else 's'} today.", "success")
            return redirect(url_for("study.study"), 303)
    return _custom_page(more=form)


@bp.post("/study/custom/end")
@login_required
def end() -> Response:
    """End the custom session: back to the daily queue."""
    if EndCustomForm().validate_on_submit():
        options.end_custom(current_user)
    return redirect(url_for("study.study"), 303)

"""Memory-model settings: queue an optimization or a return to the defaults, scheduling comforts, retention.

Each view validates its form, calls one service and goes back to the settings
page, where :func:`quiz.services.memory.settings.panel` shows the outcome.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from quiz.models import utcnow
from quiz.schedule.figures import workload_chart
from quiz.schedule.forms import ComfortsForm, DefaultsForm, OptimizeForm, RetentionForm
from quiz.services.memory import requests
from quiz.services.memory.settings import SettingsError, panel, save_comforts, use_retention

bp = Blueprint("schedule", __name__)


def _back() -> Response:
    return redirect(url_for("auth.settings", _anchor="memory"), 303)


def settings_context(user: Any) -> dict[str, Any]:
    """What ``schedule/_panel.html`` needs, for the settings page to pass on."""
    shown = panel(user)
    comforts = ComfortsForm(formdata=None, load_balance=shown.load_balance, easy_days=sorted(shown.easy_days))
    return {
        "memory": shown,
        "memory_chart": workload_chart(shown.workload, shown.suggested, shown.desired_retention),
        "optimize_form": OptimizeForm(formdata=None),
        "defaults_form": DefaultsForm(formdata=None),
        "comforts_form": comforts,
        "retention_form": RetentionForm(formdata=None, retention=shown.suggested),
    }


def _queue(action: str, form: OptimizeForm | DefaultsForm, done: str) -> Response:
    if form.validate_on_submit():
        try:
            requests.request(current_user.id, now=utcnow(), action=action, reschedule=form.reschedule.data)
        except requests.QueueError as exc:
            flash(str(exc), "error")
        else:
            flash(done, "success")
    return _back()


@bp.post("/settings/memory/optimize")
@login_required
def optimize() -> Response:
    """Queue an optimization of the learner's FSRS parameters."""
    return _queue(
        "optimize", OptimizeForm(), "Optimization queued: it runs in the background; this page shows how it went."
    )


@bp.post("/settings/memory/defaults")
@login_required
def defaults() -> Response:
    """Queue a return to fsrs's default parameters."""
    return _queue("defaults", DefaultsForm(), "Queued: your cards go back to the default parameters shortly.")


@bp.post("/settings/memory/comforts")
@login_required
def comforts() -> Response:
    """Save load balancing and easy days."""
    form = ComfortsForm()
    if form.validate_on_submit():
        try:
            save_comforts(current_user.id, load_balance=form.load_balance.data, easy_days=form.easy_days.data or [])
        except SettingsError as exc:
            flash(str(exc), "error")
        else:
            flash("Scheduling saved; it applies from your next review.", "success")
    else:
        flash("Choose easy days from the days of the week.", "error")
    return _back()


@bp.post("/settings/memory/retention")
@login_required
def retention() -> Response:
    """Adopt the suggested desired retention."""
    form = RetentionForm()
    if form.validate_on_submit():
        try:
            use_retention(current_user.id, float(form.retention.data))
        except SettingsError as exc:
            flash(str(exc), "error")
        else:
            flash(f"Desired retention set to {float(form.retention.data):.2f}.", "success")
    else:
        flash("Choose a retention between 0.70 and 0.97.", "error")
    return _back()

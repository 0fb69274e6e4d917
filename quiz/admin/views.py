"""The accounts page: every account an instructor or admin manages, reset links and roles."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quiz.account.views import private, reset_url
from quiz.admin.forms import ResetLinkForm, RoleForm
from quiz.auth.roles import admin_required, instructor_required
from quiz.models import utcnow
from quiz.services.accounts.resets import LIFETIME, make_reset_link
from quiz.services.accounts.roles import accounts_for, name_report, set_role
from quiz.services.accounts.users import AccountError

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@instructor_required
def users() -> str:
    """Accounts: learners for an instructor, everyone for an admin (with their roles)."""
    return render_template(
        "admin/users.html",
        rows=accounts_for(current_user),
        role_form=RoleForm(),
        reset_form=ResetLinkForm(),
        report=name_report() if current_user.is_admin else [],
        lifetime_minutes=int(LIFETIME.total_seconds() // 60),
    )


@bp.post("/users/<int:user_id>/role")
@admin_required
def role(user_id: int) -> Response:
    """Change an account's role."""
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400, "Choose one of the roles offered.")
    try:
        name = set_role(user_id, form.role.data, current_user)
    except AccountError as exc:
        flash(str(exc), "error")
    else:
        flash(f"{name} is now {'an' if form.role.data[0] in 'aeiou' else 'a'} {form.role.data}.", "success")
    return redirect(url_for("admin.users"), 303)


@bp.post("/users/<int:user_id>/reset")
@instructor_required
def reset_link(user_id: int) -> Response:
    """Make a one-time reset link and show it once."""
    if not ResetLinkForm().validate_on_submit():
        abort(400)
    try:
        link = make_reset_link(user_id, current_user, now=utcnow())
    except AccountError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.users"), 303)
    return private(render_template("admin/reset_link.html", link=link, url=reset_url(link.token)))

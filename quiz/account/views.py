"""Change password, email for reset links, delete the account; forgotten passwords and reset links."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from quiz.account.forms import ChangePasswordForm, DeleteForm, EmailForm, ForgotForm, ResetForm
from quiz.auth import devices
from quiz.auth.views import too_many
from quiz.models import utcnow
from quiz.services.accounts import users as accounts
from quiz.services.accounts.removal import delete_account
from quiz.services.accounts.resets import mail_enabled, reset_target, send_reset_mail, use_reset_link

bp = Blueprint("account", __name__, url_prefix="/account")

Page = Response | str | tuple[str, int, dict[str, str]]


def reset_url(token: str) -> str:
    """The full address of a reset link: from BASE_URL when set (always for mail), else from this request."""
    base = current_app.config.get("BASE_URL")
    if base:
        return base.rstrip("/") + url_for("account.reset", token=token)
    return url_for("account.reset", token=token, _external=True)


def private(page: str, status: int = 200) -> Response:
    """A page holding a secret (a reset token in its address): not cached, not sent on as a referrer."""
    response = make_response(page, status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password() -> Page:
    """Change the password; every other session of the account ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        asking = devices.client(request)
        try:
            user = accounts.change_password(current_user.id, form.current.data, form.new.data, asking, now=utcnow())
        except accounts.Throttled as exc:
            flash(str(exc), "error")
            return too_many(render_template("account/password.html", form=form), exc)
        except accounts.AccountError as exc:
            form.current.errors.append(str(exc))
        else:
            login_user(user)
            flash("Your password has been changed, and every other session has ended.", "success")
            return redirect(url_for("auth.settings"), 303)
    return render_template("account/password.html", form=form)


@bp.route("/email", methods=["GET", "POST"])
@login_required
def email() -> Page:
    """Set the address reset links are mailed to (when the site sends mail)."""
    form = EmailForm()
    if form.validate_on_submit():
        try:
            accounts.set_email(
                current_user.id, form.password.data, form.email.data or "", devices.client(request), now=utcnow()
            )
        except accounts.Throttled as exc:
            flash(str(exc), "error")
            return too_many(render_template("account/email.html", form=form, mail=mail_enabled()), exc)
        except accounts.AccountError as exc:
            flash(str(exc), "error")
        else:
            flash("Email address saved." if form.email.data else "Email address removed.", "success")
            return redirect(url_for("auth.settings"), 303)
    elif request.method == "GET":
        form.email.data = accounts.email_of(current_user.id)
    return render_template("account/email.html", form=form, mail=mail_enabled())


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete() -> Page:
    """Delete the account, after offering the learner their data."""
    form = DeleteForm()
    if form.validate_on_submit():
        try:
            delete_account(current_user.id, form.password.data, devices.client(request), now=utcnow())
        except accounts.Throttled as exc:
            flash(str(exc), "error")
            return too_many(render_template("account/delete.html", form=form), exc)
        except accounts.AccountError as exc:
            flash(str(exc), "error")
        else:
            logout_user()
            flash("Your account has been deleted.", "info")
            return redirect(url_for("auth.login"), 303)
    return render_template("account/delete.html", form=form)


@bp.route("/forgot", methods=["GET", "POST"])
def forgot() -> Page:
    """Ask for a reset link by email, or learn whom to ask when the site sends no mail."""
    if not mail_enabled():
        return render_template("account/forgot.html", form=None)
    form = ForgotForm()
    if form.validate_on_submit():
        try:
            send_reset_mail(form.username.data, devices.client(request), reset_url, now=utcnow())
        except accounts.Throttled as exc:
            flash(str(exc), "error")
            return too_many(render_template("account/forgot.html", form=form), exc)
        flash(
            "If that account has an email address, a reset link is on its way. It works once, within an hour.",
            "info",
        )
        return redirect(url_for("auth.login"), 303)
    return render_template("account/forgot.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str) -> Page:
    """Choose a new password through a one-time link; then the browser is signed in."""
    username = reset_target(token, utcnow())
    if username is None:
        return private(render_template("account/reset_dead.html", mail=mail_enabled()), 404)
    form = ResetForm()
    if form.validate_on_submit():
        try:
            user = use_reset_link(token, form.new.data, now=utcnow())
        except accounts.AccountError as exc:
            flash(str(exc), "error")
        else:
            login_user(user)
            flash("Your new password is set, and you are logged in.", "success")
            return devices.remember(redirect(url_for("study.study"), 303), devices.client(request), user.id)
    return private(render_template("account/reset.html", form=form, username=username))

"""Register, log in, log out, settings."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from quiz.auth.forms import LoginForm, LogoutForm, RegisterForm, SettingsForm
from quiz.security import safe_next
from quiz.services.accounts import users as accounts

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Return ``target`` if it is a path on this site, else the study page."""
    return safe_next(target, url_for("study.study"))


@bp.route("/register", methods=["GET", "POST"])
def register() -> Response | str:
    """Create an account and sign in."""
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(form.username.data, form.password.data, timezone=form.timezone.data)
        except accounts.AccountError as exc:
            form.username.errors.append(str(exc))
        else:
            login_user(user)
            return redirect(url_for("auth.welcome"), 303)
    return render_template("auth/register.html", form=form)


@bp.get("/welcome")
@login_required
def welcome() -> str:
    """A new learner's first page: how studying works, the shortcuts, the time zone found."""
    return render_template("auth/welcome.html")


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str:
    """Sign in with user name and password."""
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.username.data, form.password.data)
        except accounts.AccountError as exc:
            flash(str(exc), "error")
        else:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")), 303)
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["GET", "POST"])
def logout() -> Response | str:
    """Sign out everywhere this account's cookies were copied (GET asks first)."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    form = LogoutForm()
    if form.validate_on_submit():
        accounts.end_sessions(current_user)
        logout_user()
        flash("You have logged out.", "info")
        return redirect(url_for("auth.login"), 303)
    return render_template("auth/logout.html", form=form)


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings() -> Response | str:
    """Show and save study settings."""
    form = SettingsForm(obj=current_user)
    if form.validate_on_submit():
        try:
            accounts.update_settings(
                current_user,
                accounts.Settings(
                    desired_retention=float(form.desired_retention.data),
                    new_per_day=form.new_per_day.data,
                    timezone=form.timezone.data,
                    day_start_hour=form.day_start_hour.data,
                ),
            )
        except accounts.AccountError as exc:
            flash(str(exc), "error")
        else:
            flash("Settings saved.", "success")
            return redirect(url_for("auth.settings"), 303)
    return render_template("auth/settings.html", form=form)

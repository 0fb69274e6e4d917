"""Forms of the account pages. Fields only; rules live in the accounts services."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from quiz.auth.forms import password_length


class NewPasswordMixin:
    """A new password typed twice."""

    new = PasswordField("New password", validators=[DataRequired(), *password_length()])
    confirm = PasswordField(
        "New password again", validators=[DataRequired(), EqualTo("new", "The two new passwords differ.")]
    )


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    """Change the password, knowing the current one."""

    current = PasswordField("Current password", validators=[DataRequired()])
    submit = SubmitField("Change password")


class ResetForm(NewPasswordMixin, FlaskForm):
    """Choose a new password through a reset link."""

    submit = SubmitField("Set new password")


class EmailForm(FlaskForm):
    """Where reset links are mailed; the password confirms the change."""

    email = EmailField("Email address", validators=[Optional(), Length(max=254)])
    password = PasswordField("Current password", validators=[DataRequired()])
    submit = SubmitField("Save email address")


class ForgotForm(FlaskForm):
    """Ask for a reset link by email."""

    username = StringField("User name", validators=[DataRequired(), Length(max=200)])
    submit = SubmitField("Email me a reset link")


class DeleteForm(FlaskForm):
    """Delete one's own account."""

    password = PasswordField("Current password", validators=[DataRequired()])
    confirm = BooleanField(
        "I understand that my account is deleted for good",
        validators=[DataRequired("Tick the box to confirm that you want to delete your account.")],
    )
    submit = SubmitField("Delete my account")

"""Forms for accounts and settings. Fields only; rules live in the accounts service."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from quiz.days import zone_groups
from quiz.fields import FiniteDecimalField
from quiz.services.accounts.users import MIN_PASSWORD_LENGTH, USERNAME_MAX


class RegisterForm(FlaskForm):
    """Create an account."""

    username = StringField("User name", validators=[DataRequired(), Length(max=USERNAME_MAX)])
    password = PasswordField(
        "Password",
        validators=[
            DataRequired(),
            Length(min=MIN_PASSWORD_LENGTH, message=f"Passwords need at least {MIN_PASSWORD_LENGTH} characters."),
        ],
    )
    # Filled from the browser's Intl.DateTimeFormat by static/app.js; UTC without JavaScript.
    timezone = HiddenField(default="UTC", render_kw={"data-timezone": ""})
    submit = SubmitField("Create account")


class LoginForm(FlaskForm):
    """Sign in."""

    # Bounded: the name may be echoed in a flashed message, which rides in the session cookie.
    username = StringField("User name", validators=[DataRequired(), Length(max=USERNAME_MAX)])
    password = PasswordField("Password", validators=[DataRequired()])
    submit = SubmitField("Log in")


class LogoutForm(FlaskForm):
    """Sign out (a POST, so a link elsewhere cannot log you out)."""


class SettingsForm(FlaskForm):
    """A learner's study settings."""

    desired_retention = FiniteDecimalField(
        "Desired retention",
        places=2,
        validators=[InputRequired(), NumberRange(0.70, 0.97, "Choose a retention between 0.70 and 0.97.")],
    )
    new_per_day = IntegerField(
        "New cards per day", validators=[InputRequired(), NumberRange(0, 9999, "Choose 0 to 9999 new cards a day.")]
    )
    timezone = SelectField("Time zone", validators=[DataRequired()], render_kw={"data-zone-select": ""})
    day_start_hour = IntegerField(
        "Study day starts at (hour)",
        validators=[InputRequired(), NumberRange(0, 23, "Choose an hour from 0 to 23.")],
    )
    submit = SubmitField("Save settings")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Grouped by region (an <optgroup> each), with today's offsets.
        self.timezone.choices = dict(zone_groups(datetime.now(UTC)))

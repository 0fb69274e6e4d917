"""Forms of the accounts page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField
from wtforms.validators import DataRequired

from quiz.models import Role


class RoleForm(FlaskForm):
    """Give an account a role."""

    role = SelectField("Role", choices=list(Role.CHOICES), validators=[DataRequired()])
    submit = SubmitField("Change")


class ResetLinkForm(FlaskForm):
    """Make a one-time reset link for an account."""

    submit = SubmitField("Make reset link")

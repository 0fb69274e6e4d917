"""Forms of the study loop. Fields only; the study service decides what they mean."""

from __future__ import annotations

from functools import cached_property

from flask import current_app, g
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional

from quiz.fields import HiddenCount, HiddenId, HiddenMillis
from quiz.services.learning.options import AHEAD_MAX_DAYS, EXTRA_NEW_MAX, FAILED_MAX_DAYS


class StudyLoopForm(FlaskForm):
    """A form of the study loop, sent many times a minute: its CSRF token is checked once, not twice.

    CSRFProtect checks every POST's token before the view runs; a form then
    checks it again, and makes a fresh token for a field it never renders.
    Where CSRFProtect has passed the request, these forms leave both out.
    """

    class Meta:
        @cached_property
        def csrf(self) -> bool:
            return bool(current_app.config.get("WTF_CSRF_ENABLED", True)) and not g.get("csrf_valid", False)


class CardForm(StudyLoopForm):
    """Names the card a form acts on and the review count it was shown at."""

    question = HiddenId()
    reps = HiddenCount()
    shown = HiddenMillis()


class AnswerForm(CardForm):
    """A typed or chosen answer (a cloze sends one ``gap`` field per gap)."""

    answer = StringField(validators=[Optional()])


class RateForm(CardForm):
    """One of the four FSRS ratings."""

    rating = IntegerField(validators=[InputRequired(), NumberRange(1, 4)])


class UndoForm(StudyLoopForm):
    """Undo the last rating (the CSRF token is its only field)."""


class ScopeForm(FlaskForm):
    """What to study: "all", "deck:<id>" or "tag:<name>" (the study options service checks it names something)."""

    scope = SelectField("Studying", validators=[InputRequired()], validate_choice=False)


class AheadForm(FlaskForm):
    """Review ahead: cards due within this many study days after today."""

    ahead_days = IntegerField(
        "Cards due within (days)",
        default=3,
        validators=[InputRequired(), NumberRange(1, AHEAD_MAX_DAYS, f"Choose 1 to {AHEAD_MAX_DAYS} days.")],
    )


class FailedForm(FlaskForm):
    """Go over the cards rated Again within this many study days (1: today)."""

    failed_days = IntegerField(
        "Failed within the last (days)",
        default=1,
        validators=[InputRequired(), NumberRange(1, FAILED_MAX_DAYS, f"Choose 1 to {FAILED_MAX_DAYS} days.")],
    )


class MoreNewForm(FlaskForm):
    """Allow this many more new cards today."""

    more_new = IntegerField(
        "More new cards today",
        default=10,
        validators=[InputRequired(), NumberRange(1, EXTRA_NEW_MAX, f"Choose 1 to {EXTRA_NEW_MAX} cards.")],
    )


class EndCustomForm(FlaskForm):
    """End the custom session (the CSRF token is its only field)."""


#: Each custom session's form and its field of days.
CUSTOM_FORMS = {"ahead": (AheadForm, "ahead_days"), "failed": (FailedForm, "failed_days")}

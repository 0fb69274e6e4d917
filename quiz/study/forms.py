"""Forms of the study loop. Fields only; the study service decides what they mean."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional

from quiz.fields import HiddenCount, HiddenId, HiddenMillis


class CardForm(FlaskForm):
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


class UndoForm(FlaskForm):
    """Undo the last rating (the CSRF token is its only field)."""

"""Forms of quiz mode. Fields only; the quizzes service decides what they mean."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import InputRequired, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from quiz.fields import HiddenId, HiddenMillis
from quiz.services.learning.quizzes import MAX_LENGTH, Options

MAX_TIME_LIMIT_MIN = 180


class StartForm(FlaskForm):
    """Choose a deck, kinds, a length and, optionally, a time limit."""

    deck = SelectField("Deck", coerce=int, validators=[InputRequired()])
    kinds = SelectMultipleField(
        "Kinds of question (none ticked: every kind)",
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validators=[Optional()],
    )
    length = IntegerField(
        "Questions",
        default=10,
        validators=[InputRequired(), NumberRange(1, MAX_LENGTH, f"Choose 1 to {MAX_LENGTH} questions.")],
    )
    minutes = IntegerField(
        "Time limit in minutes (optional)",
        validators=[Optional(), NumberRange(1, MAX_TIME_LIMIT_MIN, f"Choose 1 to {MAX_TIME_LIMIT_MIN} minutes.")],
    )
    submit = SubmitField("Start the quiz")
    #: Sent by the "Start with the N that match" button, once the page has said that fewer match.
    fewer = BooleanField(default=False)

    def __init__(self, choices: Options, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.deck.choices = [(0, "All decks"), *choices.decks]
        self.kinds.choices = [(kind, kind) for kind in choices.kinds]


class AnswerForm(FlaskForm):
    """The answer to one question of an attempt (a cloze sends one ``gap`` per gap)."""

    position = HiddenId()
    shown = HiddenMillis()
    answer = StringField(validators=[Optional()])


class FinishForm(FlaskForm):
    """End the attempt now (the end page's confirmation)."""

"""Forms of the card browser. Fields only; the holds service decides what they mean."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from quiz.services.learning.browser import MAX_TEXT, STATES
from quiz.services.learning.holds import ACTIONS

#: The highest page number a search link may ask for.
MAX_PAGE = 1_000_000


class SearchForm(FlaskForm):
    """What to look for (a GET form: no CSRF token). A value out of range is ignored, never an error page."""

    class Meta:
        csrf = False

    q = StringField("Text", validators=[Optional(), Length(max=MAX_TEXT)])
    deck = SelectField("Deck", coerce=str, validators=[Optional()], validate_choice=False)
    tag = SelectField("Tag", coerce=str, validators=[Optional()], validate_choice=False)
    state = SelectField("State", validators=[Optional()])
    page = IntegerField(validators=[Optional(), NumberRange(1, MAX_PAGE)])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.state.choices = [("", "Any state"), *STATES.items()]


class ActionForm(FlaskForm):
    """An action on the cards ticked (``ids``), or on every card the search (``q``, ...) matches."""

    action = SelectField(validators=[InputRequired()])
    ids = SelectMultipleField(coerce=int, validate_choice=False)
    every = BooleanField()
    q = HiddenField(validators=[Optional(), Length(max=MAX_TEXT)])
    deck = HiddenField()
    tag = HiddenField()
    state = HiddenField()
    next = HiddenField()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.action.choices = [(action, action) for action in ACTIONS]

"""Forms of the class pages. Fields only; the classes services decide."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from quiz.grading import DEFAULT_PASS_PERCENT, DEFAULT_QUIZ_LENGTH
from quiz.services.learning.quizzes import MAX_LENGTH


class ClassForm(FlaskForm):
    """A new class: its name."""

    name = StringField("Class name", validators=[DataRequired("Give the class a name."), Length(max=100)])


class JoinForm(FlaskForm):
    """A join code, as the instructor gave it."""

    code = StringField(
        "Class code", validators=[DataRequired("Type the code your instructor gave you."), Length(max=40)]
    )


class ButtonForm(FlaskForm):
    """A button that changes something (join, leave, new code, delete); the CSRF token is its only field."""


class AssignmentForm(FlaskForm):
    """New work for a class: a deck or tag, a due day, a goal."""

    title = StringField("Title", validators=[DataRequired("Give the assignment a title."), Length(max=200)])
    scope = SelectField("Cards", validators=[DataRequired("Choose a deck or a tag.")])
    due_on = DateField("Due on", validators=[InputRequired("Choose a due date.")])
    require_studied = BooleanField("Every card studied at least once", default=True)
    with_quiz = BooleanField("A quiz from the assignment's cards", default=True)
    quiz_length = IntegerField(
        "Quiz questions",
        default=DEFAULT_QUIZ_LENGTH,
        validators=[Optional(), NumberRange(1, MAX_LENGTH, f"Choose 1 to {MAX_LENGTH} questions.")],
    )
    pass_percent = IntegerField(
        "Share right to pass (%)",
        default=DEFAULT_PASS_PERCENT,
        validators=[InputRequired("Give the share right to pass."), NumberRange(1, 100, "Choose 1 to 100%%.")],
    )

    def __init__(self, decks: list[tuple[int, str]], tags: list[str], *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.scope.choices = (
            [("", "Choose a deck or a tag")]
            + [(f"deck:{deck_id}", f"Deck: {title}") for deck_id, title in decks]
            + [(f"tag:{tag}", f"Tag: #{tag}") for tag in tags]
        )

"""Forms of the instructor pages. Fields only; the uploads service decides."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class BankUploadForm(FlaskForm):
    """A bank file to validate and preview: YAML, or another tool's format."""

    file = FileField(
        "Bank file (YAML, CSV or TSV, Anki package, Moodle GIFT or Moodle XML; "
        "or a .zip of bank files with their media/ folder)",
        validators=[FileRequired("Choose a file to upload.")],
    )
    format = SelectField("Format", default="", validators=[Optional()])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.format.choices = [
            ("", "From the file name"),
            ("yaml", "Bank YAML"),
            ("csv", "CSV or TSV (Quizlet, Anki, spreadsheets)"),
            ("apkg", "Anki package (.apkg)"),
            ("gift", "Moodle GIFT"),
            ("moodle-xml", "Moodle XML"),
            ("zip", "Zip of bank files with a media/ folder"),
        ]


class DocumentUploadForm(FlaskForm):
    """A plain-text document to draft questions from."""

    file = FileField("Document (plain text, UTF-8)", validators=[FileRequired("Choose a text file to upload.")])
    deck_id = StringField("New deck id", validators=[DataRequired(), Length(max=100)])
    title = StringField("Deck title", validators=[DataRequired(), Length(max=200)])


class ConfirmForm(FlaskForm):
    """A button that changes something (apply, reject); the CSRF token is its only field."""


class DraftQuestionForm(FlaskForm):
    """One draft question, editable before it is accepted."""

    prompt = TextAreaField("Prompt", validators=[DataRequired()])
    answer = StringField("Answer", validators=[Optional()])
    accept = TextAreaField("Also accept (one per line)", validators=[Optional()])
    choices = TextAreaField("Choices (one per line)", validators=[Optional()])
    explanation = TextAreaField("Explanation", validators=[Optional()])

    def edits(self) -> dict[str, object]:
        """The edited fields in bank form (lists split by line)."""
        lines = lambda text: [line.strip() for line in (text or "").splitlines() if line.strip()]  # noqa: E731
        return {
            "prompt": (self.prompt.data or "").strip(),
            "answer": (self.answer.data or "").strip(),
            "accept": lines(self.accept.data),
            "choices": lines(self.choices.data),
            "explanation": (self.explanation.data or "").strip(),
        }


class BulkReviewForm(FlaskForm):
    """Accept or reject many draft questions: the ones ticked, every pending one, or those of one kind.

    The tick boxes sit beside each question (``form="bulk"``), so the whole
    page is one form for this purpose without nesting forms.
    """

    selected = SelectMultipleField("Selected", coerce=int, validate_choice=False)
    kind = SelectField("Kind", choices=[], validate_choice=False, validators=[Optional()])

    ACTIONS = ("accept-selected", "reject-selected", "accept-pending", "accept-kind", "reject-pending")

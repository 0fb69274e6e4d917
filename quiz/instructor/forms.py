"""Forms of the instructor pages. Fields only; the uploads service decides."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from quiz.bank import KINDS, TYPES


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


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class QuestionForm(FlaskForm):
    """A question of a deck made in the browser, to edit or add. The editing service decides what is valid.

    ``id`` and ``type`` are only sent when a question is added; the page shows
    the fields a question of its type has (:func:`quiz.bank.edits.editable_fields`).
    """

    id = StringField("Question id", validators=[Optional(), Length(max=100)])
    type = SelectField("Type", choices=list(TYPES), default="short", validate_choice=False)
    kind = SelectField("Kind", choices=list(KINDS), default="other", validate_choice=False)
    prompt = TextAreaField("Prompt", validators=[Optional()])
    answer = StringField("Answer", validators=[Optional()])
    accept = TextAreaField("Also accept (one per line)", validators=[Optional()])
    choices = TextAreaField("Choices (one per line; the answer must be one of them)", validators=[Optional()])
    explanation = TextAreaField("Explanation", validators=[Optional()])
    tags = StringField("Tags (separated by commas)", validators=[Optional()])
    tolerance = StringField("Tolerance (e.g. 0.5 or 2%)", validators=[Optional(), Length(max=40)])
    #: The token the page was given when saving would reset learners' progress.
    confirm = HiddenField()

    def edits(self) -> dict[str, object]:
        """The fields in bank form (lists split by line, tags by comma)."""
        text = lambda value: (value or "").strip()  # noqa: E731
        return {
            "id": text(self.id.data),
            "type": self.type.data or "short",
            "kind": self.kind.data or "other",
            "prompt": text(self.prompt.data),
            "answer": text(self.answer.data),
            "accept": _lines(self.accept.data),
            "choices": _lines(self.choices.data),
            "explanation": text(self.explanation.data),
            "tags": list(dict.fromkeys(t.strip() for t in (self.tags.data or "").split(",") if t.strip())),
            "tolerance": text(self.tolerance.data),
        }

"""Instructor pages: the deck list, bank uploads (validate, preview, apply), document drafts."""

from __future__ import annotations

from pathlib import PurePath

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from quiz.auth.roles import instructor_required
from quiz.bank.writer import dump_decks
from quiz.extensions import db
from quiz.instructor.forms import BankUploadForm, ConfirmForm, DocumentUploadForm, DraftQuestionForm
from quiz.models import Upload, utcnow
from quiz.services.bank import uploads
from quiz.services.bank.catalog import deck_counts, stored_decks

bp = Blueprint("instructor", __name__, url_prefix="/instructor")


def _upload(upload_id: int, kind: str) -> Upload:
    upload = db.session.get(Upload, upload_id)
    if upload is None or upload.kind != kind:
        abort(404)
    return upload


def _filename(storage: object) -> str:
    return PurePath(getattr(storage, "filename", "") or "upload").name


@bp.get("/")
@instructor_required
def index() -> str:
    """Every deck with its question counts, and the ways to add questions."""
    return render_template("instructor/index.html", decks=deck_counts())


@bp.get("/export.yaml")
@instructor_required
def export() -> Response:
    """Download the whole bank as YAML."""
    return Response(
        dump_decks(stored_decks()),
        mimetype="application/yaml",
        headers={"Content-Disposition": "attachment; filename=bank.yaml"},
    )


@bp.route("/upload", methods=["GET", "POST"])
@instructor_required
def upload_bank() -> Response | str:
    """Validate an uploaded bank file; if it is sound, go to its preview."""
    form = BankUploadForm()
    problems = []
    if form.validate_on_submit():
        name = _filename(form.file.data)
        stored, problems = uploads.start_bank_upload(current_user.id, name, form.file.data.read())
        if stored is not None:
            return redirect(url_for("instructor.preview", upload_id=stored.id), 303)
    return render_template("instructor/upload.html", form=form, problems=problems)


@bp.get("/uploads/<int:upload_id>")
@instructor_required
def preview(upload_id: int) -> str:
    """What applying an upload would add, change and retire."""
    upload = _upload(upload_id, "bank")
    plan = None if upload.applied_at else uploads.preview_upload(upload)
    return render_template("instructor/preview.html", upload=upload, plan=plan, form=ConfirmForm())


@bp.post("/uploads/<int:upload_id>/apply")
@instructor_required
def apply(upload_id: int) -> Response:
    """Apply an upload in one transaction."""
    if ConfirmForm().validate_on_submit():
        try:
            result = uploads.apply_upload(upload_id, now=utcnow())
        except uploads.UploadError as exc:
            flash(str(exc), "error")
            return redirect(url_for("instructor.preview", upload_id=upload_id), 303)
        flash(f"Applied: {result.summary()}.", "success")
    return redirect(url_for("instructor.index"), 303)


@bp.route("/documents", methods=["GET", "POST"])
@instructor_required
def upload_document() -> Response | str:
    """Draft questions from a plain-text document."""
    form = DocumentUploadForm()
    if form.validate_on_submit():
        try:
            draft = uploads.start_document(
                current_user.id,
                _filename(form.file.data),
                form.file.data.read(),
                deck_key=form.deck_id.data.strip(),
                title=form.title.data.strip(),
            )
        except uploads.UploadError as exc:
            form.file.errors = [*form.file.errors, str(exc)]
        else:
            return redirect(url_for("instructor.draft", upload_id=draft.id), 303)
    uploads.prepare_drafting()
    return render_template("instructor/document.html", form=form)


@bp.get("/drafts/<int:upload_id>")
@instructor_required
def draft(upload_id: int) -> str:
    """The draft questions of a document, each to accept, edit or reject."""
    upload = _upload(upload_id, "document")
    forms = _draft_forms(upload)
    return render_template("instructor/draft.html", upload=upload, forms=forms, confirm=ConfirmForm())


def _draft_forms(upload: Upload) -> list[DraftQuestionForm]:
    """One edit form per draft question, filled from the stored draft."""
    return [_draft_form(entry["fields"], prefix=f"q{i}") for i, entry in enumerate(upload.draft)]


def _draft_form(fields: dict, *, prefix: str) -> DraftQuestionForm:
    return DraftQuestionForm(
        formdata=None,
        prefix=prefix,
        prompt=fields.get("prompt", ""),
        answer=fields.get("answer", ""),
        accept="\n".join(fields.get("accept", [])),
        choices="\n".join(fields.get("choices", [])),
        explanation=fields.get("explanation", ""),
    )


@bp.post("/drafts/<int:upload_id>/<int:index>/accept")
@instructor_required
def accept(upload_id: int, index: int) -> Response | str:
    """Accept a draft question, with the instructor's edits."""
    upload = _upload(upload_id, "document")
    form = DraftQuestionForm(prefix=f"q{index}")
    if form.validate_on_submit():
        problems = uploads.review_draft_question(upload_id, index, accept=True, edits=form.edits(), now=utcnow())
        if not problems:
            flash(f"Accepted question {index + 1} into deck {upload.deck_key}.", "success")
            return redirect(url_for("instructor.draft", upload_id=upload_id, _anchor=f"q{index}"), 303)
        form.prompt.errors = [*form.prompt.errors, *problems]
    forms = _draft_forms(upload)
    forms[index] = form
    return render_template("instructor/draft.html", upload=upload, forms=forms, confirm=ConfirmForm()), 400


@bp.post("/drafts/<int:upload_id>/<int:index>/reject")
@instructor_required
def reject(upload_id: int, index: int) -> Response:
    """Set a draft question aside (retiring it if it was accepted)."""
    _upload(upload_id, "document")
    if ConfirmForm().validate_on_submit():
        uploads.review_draft_question(upload_id, index, accept=False, now=utcnow())
        flash(f"Rejected question {index + 1}.", "info")
    return redirect(url_for("instructor.draft", upload_id=upload_id, _anchor=f"q{index}"), 303)

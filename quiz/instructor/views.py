"""Instructor pages: the deck list, bank uploads (validate, preview, apply), document drafts."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import PurePath

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from quiz.auth.roles import instructor_required
from quiz.bank.writer import dump_decks
from quiz.extensions import db
from quiz.instructor.forms import BankUploadForm, ConfirmForm, DocumentUploadForm, DraftQuestionForm
from quiz.models import Upload, utcnow
from quiz.services.bank import uploads
from quiz.services.bank.catalog import deck_counts, stored_decks

bp = Blueprint("instructor", __name__, url_prefix="/instructor")

#: Draft questions shown on one page.
DRAFTS_PER_PAGE = 50


def _draft_entry(upload_id: int, index: int) -> Upload:
    """The document upload holding draft question ``index``, or 404."""
    upload = _upload(upload_id, "document")
    if not 0 <= index < len(upload.draft):
        abort(404)
    return upload


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
        data = form.file.data.read()
        stored, problems = uploads.start_bank_upload(current_user.id, name, data, format=form.format.data or None)
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
    """The draft questions of a document, a page at a time, each to accept, edit or reject."""
    upload = _upload(upload_id, "document")
    return _render_draft(upload, request.args.get("page", 1, type=int))


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


def _page_of(index: int) -> int:
    return index // DRAFTS_PER_PAGE + 1


def _render_draft(upload: Upload, page: int, edited: tuple[int, DraftQuestionForm] | None = None) -> str:
    """One page of draft questions with their edit forms (``edited`` replaces one with the one sent)."""
    pages = max(1, math.ceil(len(upload.draft) / DRAFTS_PER_PAGE))
    page = min(max(page, 1), pages)
    first = (page - 1) * DRAFTS_PER_PAGE
    entries = list(enumerate(upload.draft[first : first + DRAFTS_PER_PAGE], start=first))
    forms = {index: _draft_form(entry["fields"], prefix=f"q{index}") for index, entry in entries}
    if edited is not None:
        forms[edited[0]] = edited[1]
    return render_template(
        "instructor/draft.html",
        upload=upload,
        entries=entries,
        forms=forms,
        confirm=ConfirmForm(),
        page=page,
        pages=pages,
        counts=Counter(entry["status"] for entry in upload.draft),
        cut_short=uploads.cut_short(upload),
    )


@bp.post("/drafts/<int:upload_id>/<int:index>/accept")
@instructor_required
def accept(upload_id: int, index: int) -> Response | str:
    """Accept a draft question, with the instructor's edits."""
    upload = _draft_entry(upload_id, index)
    form = DraftQuestionForm(prefix=f"q{index}")
    if form.validate_on_submit():
        problems = uploads.review_draft_question(upload_id, index, accept=True, edits=form.edits(), now=utcnow())
        if not problems:
            flash(f"Accepted question {index + 1} into deck {upload.deck_key}.", "success")
            return _back_to(upload_id, index)
        form.prompt.errors = [*form.prompt.errors, *problems]
    return _render_draft(upload, _page_of(index), edited=(index, form)), 400


@bp.post("/drafts/<int:upload_id>/<int:index>/reject")
@instructor_required
def reject(upload_id: int, index: int) -> Response:
    """Set a draft question aside (retiring it if it was accepted)."""
    _draft_entry(upload_id, index)
    if ConfirmForm().validate_on_submit():
        uploads.review_draft_question(upload_id, index, accept=False, now=utcnow())
        flash(f"Rejected question {index + 1}.", "info")
    return _back_to(upload_id, index)


def _back_to(upload_id: int, index: int) -> Response:
    """Redirect to the draft page holding question ``index``, scrolled to it."""
    return redirect(url_for("instructor.draft", upload_id=upload_id, page=_page_of(index), _anchor=f"q{index}"), 303)

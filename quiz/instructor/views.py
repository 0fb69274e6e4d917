"""Instructor pages: the deck list, bank uploads (validate, preview, apply), document drafts."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import PurePath

import sqlalchemy as sa
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from quiz.auth.roles import instructor_required
from quiz.bank.edits import editable_fields
from quiz.bank.writer import dump_decks, question_fields
from quiz.extensions import db
from quiz.instructor.forms import (
    BankUploadForm,
    BulkReviewForm,
    ConfirmForm,
    DocumentUploadForm,
    DraftQuestionForm,
    QuestionForm,
)
from quiz.models import Deck, Question, Upload, utcnow
from quiz.services.bank import browser, catalog, editing, uploads
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


def _upload(upload_id: int, kind: str | None = None) -> Upload:
    """The upload, if it exists and is the current instructor's (admins see everyone's); else 404."""
    upload = db.session.get(Upload, upload_id)
    if upload is None or (kind is not None and upload.kind != kind):
        abort(404)
    if upload.user_id != current_user.id and not current_user.is_admin:
        abort(404)  # as if it did not exist: another instructor's work is not listed either
    return upload


def _filename(storage: object) -> str:
    return PurePath(getattr(storage, "filename", "") or "upload").name


@bp.get("/")
@instructor_required
def index() -> str:
    """Every deck with its question counts, and the ways to add questions."""
    return render_template("instructor/index.html", decks=deck_counts())


@bp.get("/uploads")
@instructor_required
def uploads_list() -> str:
    """The instructor's uploads and drafts with their state and counts (an admin sees everyone's)."""
    state = request.args.get("state")
    if state not in ("open", "applied", "abandoned"):
        state = None
    rows = uploads.list_uploads(None if current_user.is_admin else current_user.id, state=state)
    return render_template("instructor/uploads.html", rows=rows, state=state, confirm=ConfirmForm())


@bp.post("/uploads/<int:upload_id>/abandon")
@instructor_required
def abandon(upload_id: int) -> Response:
    """Set an upload or draft aside; it stays listed and can be reopened."""
    return _set_abandoned(upload_id, abandoned=True)


@bp.post("/uploads/<int:upload_id>/reopen")
@instructor_required
def reopen(upload_id: int) -> Response:
    """Take an abandoned upload or draft up again."""
    return _set_abandoned(upload_id, abandoned=False)


def _set_abandoned(upload_id: int, *, abandoned: bool) -> Response:
    _upload(upload_id)
    if ConfirmForm().validate_on_submit():
        try:
            upload = uploads.set_abandoned(upload_id, abandoned=abandoned, now=utcnow())
        except uploads.UploadError as exc:
            flash(str(exc), "error")
        else:
            flash(f"{'Abandoned' if abandoned else 'Reopened'} {upload.filename}.", "info")
    return redirect(url_for("instructor.uploads_list"), 303)


@bp.get("/bank")
@instructor_required
def bank() -> str:
    """Every question of every deck, searched by text, deck, tag, kind, type and source, with statistics."""
    args = request.args
    status = args.get("status", "active")
    filters = browser.BankFilter(
        text=args.get("q", "").strip()[:200],
        deck=args.get("deck", "")[:100],
        tag=args.get("tag", "").strip()[:100],
        kind=args.get("kind", "")[:20],
        type=args.get("type", "")[:20],
        source=args.get("source", "").strip()[:200],
        status=status if status in ("active", "retired", "all") else "active",
    )
    result = browser.browse(filters, args.get("page", 1, type=int), now=utcnow())
    query_args = {key: value for key, value in args.items() if key != "page"}
    deck = db.session.scalar(sa.select(Deck).where(Deck.key == filters.deck)) if filters.deck else None
    return render_template(
        "instructor/bank.html",
        result=result,
        filters=filters,
        query_args=query_args,
        deck=deck,
        rights=_rights(deck) if deck is not None else None,
    )


@bp.get("/bank/<int:question_id>")
@instructor_required
def bank_question(question_id: int) -> str:
    """One question as learners see it, with its statistics and its most common wrong answers."""
    detail = browser.question_detail(question_id, now=utcnow())
    if detail is None:
        abort(404)
    return render_template(
        "instructor/question.html",
        detail=detail,
        rights=_rights(detail.deck),
        history=editing.question_history(question_id),
        confirm=ConfirmForm(),
    )


def _rights(deck: Deck) -> editing.DeckRights:
    return editing.deck_rights(deck, user_id=current_user.id, is_admin=current_user.is_admin)


def _editable_question(question_id: int) -> Question:
    """The question, if it exists (else 404) and its deck is this account's to edit here (else 403)."""
    question = db.session.get(Question, question_id)
    if question is None:
        abort(404)
    if not _rights(question.deck).editable:
        abort(403, "This deck cannot be edited here: it is read from a file, or it is another instructor's.")
    return question


def _question_form(question: Question) -> QuestionForm:
    fields = question_fields(catalog.bank_question(question))
    return QuestionForm(
        formdata=None,
        kind=question.kind,
        prompt=question.prompt,
        answer=question.answer,
        accept="\n".join(fields.get("accept", [])),
        choices="\n".join(fields.get("choices", [])),
        explanation=question.explanation,
        tags=", ".join(question.tags),
        tolerance=question.tolerance or "",
    )


def _summary(form: QuestionForm, problems: list[uploads.FieldProblem]) -> list[tuple[str, str]]:
    """Put each problem under its field; return (link target, message) for the summary at the top.

    The form's own refusals (a field too long, an expired form) come first.
    """
    found = []
    for name, messages in form.errors.items():
        field = getattr(form, name, None) if isinstance(name, str) and name != "csrf_token" else None
        target = field.id if field is not None else "question-form"
        found += [(target, "The form expired; send it again." if name == "csrf_token" else str(m)) for m in messages]
    for problem in problems:
        if problem.field is not None and hasattr(form, problem.field):
            target = getattr(form, problem.field)
            target.errors = [*target.errors, problem.message]
            found.append((target.id, problem.message))
        else:
            form.question_errors = [*getattr(form, "question_errors", []), problem.message]
            found.append(("question-form", problem.message))
    return found


def _render_edit(question: Question | None, deck: Deck, form: QuestionForm, **context: object) -> str:
    shown = editable_fields(question.type if question else "short", adding=question is None)
    return render_template(
        "instructor/question_edit.html", question=question, deck=deck, form=form, shown=shown, **context
    )


@bp.route("/bank/<int:question_id>/edit", methods=["GET", "POST"])
@instructor_required
def edit_question(question_id: int) -> Response | tuple[str, int] | str:
    """Edit a question of a deck made in the browser; a change that resets progress asks first."""
    question = _editable_question(question_id)
    if question.retired_at is not None:
        flash("This question is retired; revive it before editing it.", "warning")
        return redirect(url_for("instructor.bank_question", question_id=question_id), 303)
    if request.method == "GET":
        return _render_edit(question, question.deck, _question_form(question))
    form = QuestionForm()
    if not form.validate_on_submit():
        return _render_edit(question, question.deck, form, summary=_summary(form, [])), 400
    try:
        outcome = editing.save_question(
            question_id,
            form.edits(),
            user_id=current_user.id,
            is_admin=current_user.is_admin,
            confirm=form.confirm.data or None,
            now=utcnow(),
        )
    except editing.NotAllowed:
        abort(403)
    except editing.EditError as exc:
        flash(str(exc), "error")
        return redirect(url_for("instructor.bank_question", question_id=question_id), 303)
    if outcome.saved:
        flash(_saved_message(outcome), "success")
        return redirect(url_for("instructor.bank_question", question_id=question_id), 303)
    if outcome.confirm:
        form.confirm.data = outcome.confirm
        return _render_edit(question, question.deck, form, reset_cards=outcome.cards)
    summary = _summary(form, outcome.problems)
    form.confirm.data = ""
    return _render_edit(question, question.deck, form, summary=summary), 400


def _saved_message(outcome: editing.SaveOutcome) -> str:
    result = outcome.result
    if result is None or result.is_noop:
        return "Nothing changed."
    if result.reset:
        cards = outcome.cards
        whose = "learner's" if cards == 1 else "learners'"
        return (
            f"Saved. The answer changed: {cards} {whose} progress on this question "
            "was reset (the cards are new again; past reviews stay in the history)."
        )
    return "Saved. Learners keep their progress."


@bp.post("/bank/<int:question_id>/retire")
@instructor_required
def retire_question(question_id: int) -> Response:
    """Retire a question of a browser deck: no longer studied, its progress and history kept."""
    return _set_retired(question_id, retired=True)


@bp.post("/bank/<int:question_id>/revive")
@instructor_required
def revive_question(question_id: int) -> Response:
    """Bring a retired question back, with learners' progress as it was."""
    return _set_retired(question_id, retired=False)


def _set_retired(question_id: int, *, retired: bool) -> Response:
    _editable_question(question_id)
    if ConfirmForm().validate_on_submit():
        try:
            editing.set_retired(
                question_id, retired=retired, user_id=current_user.id, is_admin=current_user.is_admin, now=utcnow()
            )
        except editing.NotAllowed:
            abort(403)
        except editing.EditError as exc:
            flash(str(exc), "error")
        else:
            flash(
                "Retired: learners no longer study it; their progress is kept."
                if retired
                else "Revived: learners study it again, with their progress as it was.",
                "success",
            )
    return redirect(url_for("instructor.bank_question", question_id=question_id), 303)


@bp.route("/decks/<int:deck_id>/add", methods=["GET", "POST"])
@instructor_required
def add_question(deck_id: int) -> Response | tuple[str, int] | str:
    """Add a question to a deck made in the browser."""
    deck = db.session.get(Deck, deck_id)
    if deck is None:
        abort(404)
    if not _rights(deck).editable:
        abort(403, "This deck cannot be edited here: it is read from a file, or it is another instructor's.")
    if request.method == "GET":
        return _render_edit(None, deck, QuestionForm(formdata=None))
    form = QuestionForm()
    if not form.validate_on_submit():
        return _render_edit(None, deck, form, summary=_summary(form, [])), 400
    try:
        outcome = editing.add_question(
            deck_id, form.edits(), user_id=current_user.id, is_admin=current_user.is_admin, now=utcnow()
        )
    except editing.NotAllowed:
        abort(403)
    except editing.EditError as exc:
        flash(str(exc), "error")
        return redirect(url_for("instructor.bank", deck=deck.key), 303)
    if outcome.saved and outcome.question_id is not None:
        flash("Added. Learners meet it among their new cards.", "success")
        return redirect(url_for("instructor.bank_question", question_id=outcome.question_id), 303)
    return _render_edit(None, deck, form, summary=_summary(form, outcome.problems)), 400


@bp.get("/decks/<int:deck_id>/export.yaml")
@instructor_required
def export_deck(deck_id: int) -> Response:
    """Download one deck, with every edit made in the browser, as a bank file that imports back unchanged."""
    found = editing.export_deck(deck_id)
    if found is None:
        abort(404)
    name, text = found
    return Response(text, mimetype="application/yaml", headers={"Content-Disposition": f"attachment; filename={name}"})


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
    """Apply an upload in one transaction (the service checks it is this instructor's)."""
    if ConfirmForm().validate_on_submit():
        owner = None if current_user.is_admin else current_user.id
        try:
            result = uploads.apply_upload(upload_id, now=utcnow(), owner=owner, by=current_user.id)
        except uploads.UploadNotFound:
            abort(404)
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
        bulk=_bulk_form(upload),
        summary=_error_summary(edited),
        summary_index=edited[0] if edited else None,
    )


def _bulk_form(upload: Upload) -> BulkReviewForm:
    form = BulkReviewForm(formdata=None)
    kinds = Counter(e["fields"].get("kind", "other") for e in upload.draft if e["status"] == "pending")
    form.kind.choices = [(kind, f"{kind} ({n} pending)") for kind, n in sorted(kinds.items())]
    return form


def _error_summary(edited: tuple[int, DraftQuestionForm] | None) -> list[tuple[str, str]]:
    """(link target, message) for each problem of a refused edit, for the summary at the top."""
    if edited is None:
        return []
    index, form = edited
    found = [(f"q{index}", message) for message in getattr(form, "question_errors", [])]
    for name in ("prompt", "answer", "accept", "choices", "explanation"):
        found += [(getattr(form, name).id, str(message)) for message in getattr(form, name).errors]
    return found


@bp.post("/drafts/<int:upload_id>/<int:index>/accept")
@instructor_required
def accept(upload_id: int, index: int) -> Response | str:
    """Accept a draft question, with the instructor's edits."""
    upload = _draft_entry(upload_id, index)
    form = DraftQuestionForm(prefix=f"q{index}")
    if form.validate_on_submit():
        try:
            problems = uploads.review_draft_question(
                upload_id, index, accept=True, edits=form.edits(), now=utcnow(), by=current_user.id
            )
        except uploads.UploadError as exc:
            flash(str(exc), "error")
            return _back_to(upload_id, index)
        if not problems:
            flash(f"Accepted question {index + 1} into deck {upload.deck_key}.", "success")
            return _back_to(upload_id, index)
        for problem in problems:
            if problem.field is not None:
                target = getattr(form, problem.field)
                target.errors = [*target.errors, problem.message]
        form.question_errors = [p.message for p in problems if p.field is None]
    return _render_draft(upload, _page_of(index), edited=(index, form)), 400


@bp.post("/drafts/<int:upload_id>/<int:index>/reject")
@instructor_required
def reject(upload_id: int, index: int) -> Response:
    """Set a draft question aside (retiring it if it was accepted)."""
    _draft_entry(upload_id, index)
    if ConfirmForm().validate_on_submit():
        try:
            uploads.review_draft_question(upload_id, index, accept=False, now=utcnow(), by=current_user.id)
        except uploads.UploadError as exc:
            flash(str(exc), "error")
        else:
            flash(f"Rejected question {index + 1}.", "info")
    return _back_to(upload_id, index)


@bp.post("/drafts/<int:upload_id>/bulk")
@instructor_required
def bulk(upload_id: int) -> Response:
    """Accept or reject the ticked questions, every pending one, or every pending one of a kind."""
    _upload(upload_id, "document")
    form = BulkReviewForm()
    action = request.form.get("action", "")
    page = request.form.get("page", 1, type=int)
    if not form.validate_on_submit() or action not in BulkReviewForm.ACTIONS:
        abort(400)
    accept = action.startswith("accept")
    indexes = form.selected.data if action.endswith("selected") else None
    kind = (form.kind.data or None) if action == "accept-kind" else None
    if indexes == []:
        flash("Tick the questions to accept or reject first.", "warning")
    else:
        try:
            result = uploads.review_drafts(
                upload_id, indexes, accept=accept, kind=kind, now=utcnow(), by=current_user.id
            )
        except uploads.UploadError as exc:
            flash(str(exc), "error")
        else:
            flash(result.summary(accept), "warning" if result.refused else "success")
    return redirect(url_for("instructor.draft", upload_id=upload_id, page=page), 303)


def _back_to(upload_id: int, index: int) -> Response:
    """Redirect to the draft page holding question ``index``, scrolled to it."""
    return redirect(url_for("instructor.draft", upload_id=upload_id, page=_page_of(index), _anchor=f"q{index}"), 303)

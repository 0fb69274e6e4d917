"""The named steps of ``create_app``: extensions, blueprints, errors, commands, database."""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, g, render_template, request, url_for
from flask_login import AnonymousUserMixin, current_user
from flask_wtf.csrf import CSRFError
from markupsafe import Markup

from quiz import cli, database_cli, links, navigation
from quiz.account.views import bp as account_bp
from quiz.admin.views import bp as admin_bp
from quiz.auth.views import bp as auth_bp
from quiz.bank import BankError
from quiz.bank.edits import describe_value
from quiz.cards.views import bp as cards_bp
from quiz.classes.views import bp as classes_bp
from quiz.database import (
    configure_engine,
    lock_timed_out,
    read_before_writing,
    schema_is_current,
    startup_lock,
    upgrade_schema,
)
from quiz.days import zone
from quiz.documents.views import bp as documents_bp
from quiz.extensions import csrf, db, login_manager, mail, migrate
from quiz.health.views import bp as health_bp
from quiz.instructor.views import bp as instructor_bp
from quiz.media.views import bp as media_bp
from quiz.models import utcnow
from quiz.progress.views import bp as progress_bp
from quiz.quizzes.views import bp as quiz_bp
from quiz.richtext import MediaResolver, is_block, render, render_cloze, wrap
from quiz.schedule.cli import fsrs as fsrs_cli
from quiz.schedule.views import bp as schedule_bp
from quiz.scheduling import format_interval
from quiz.services.accounts.users import load_session_user
from quiz.services.bank.catalog import sync_bank_dir
from quiz.services.bank.documents import DocumentRef, document_refs
from quiz.services.bank.media import deck_media
from quiz.study.options import bp as study_options_bp
from quiz.study.views import bp as study_bp

__all__ = [
    "prepare_database",
    "register_template_filters",
    "register_blueprints",
    "register_commands",
    "register_errorhandlers",
    "register_extensions",
]

log = logging.getLogger(__name__)

#: What the error pages say when a view gave no reason of its own.
PLAIN_ERRORS = {
    400: "The request could not be understood. Go back, reload the page and try again.",
    403: "Your account cannot open this page.",
    404: "There is nothing at this address: the link may be mistyped, or the page has moved.",
    405: "This address does not take that kind of request.",
    413: "The file is too large to upload.",
}


class Anonymous(AnonymousUserMixin):
    """The visitor who has not signed in."""

    is_instructor = False
    is_admin = False


def register_extensions(app: Flask) -> None:
    """Bind the database, migrations, CSRF protection and logins to ``app``."""
    db.init_app(app)
    migrate.init_app(app, db)
    # Before anything that reads the form and so the whole body (the NUL check, CSRF protection).
    app.before_request_funcs.setdefault(None, []).insert(0, _request_limits)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to continue."
    login_manager.anonymous_user = Anonymous
    login_manager.user_loader(read_before_writing(load_session_user))
    mail.init_app(app)
    with app.app_context():
        configure_engine(db.engine, write_queue=app.config["SQLITE_WRITE_QUEUE"])


#: Views that take larger bodies than MAX_CONTENT_LENGTH (from instructors only), and their limit's setting.
LARGE_UPLOADS = {"instructor.upload_bank": "MAX_BANK_UPLOAD_BYTES"}


def _request_limits() -> None:
    """Let an instructor's bank upload (an Anki package with its images) be larger than other requests."""
    setting = LARGE_UPLOADS.get(request.endpoint or "")
    if setting and request.method == "POST" and getattr(current_user, "is_instructor", False):
        request.max_content_length = current_app.config[setting]


def register_blueprints(app: Flask) -> None:
    """Attach each area of the app."""
    app.register_blueprint(auth_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(study_bp)
    app.register_blueprint(study_options_bp)
    app.register_blueprint(cards_bp)
    app.register_blueprint(quiz_bp)
    app.register_blueprint(progress_bp)
    app.register_blueprint(instructor_bp)
    app.register_blueprint(classes_bp)
    app.register_blueprint(documents_bp)
    app.register_blueprint(schedule_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(media_bp)


def register_template_filters(app: Flask) -> None:
    """Filters for times in the learner's zone, shares, durations, intervals and revealed clozes; source titles."""
    links.init_app(app)
    navigation.init_app(app)

    @app.template_filter("localtime")
    def localtime(value: datetime) -> str:
        tz = current_user.timezone if current_user.is_authenticated else "UTC"
        local = value.astimezone(zone(tz))
        return local.strftime("%a %d %b %Y, %H:%M ") + (local.tzname() or tz)

    @app.template_filter("percent")
    def percent(value: float | None) -> str:
        return "–" if value is None else f"{value:.0%}"

    @app.template_filter("duration")
    def duration(value: timedelta) -> str:
        seconds = max(int(value.total_seconds()), 0)
        hours, rest = divmod(seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        if hours:
            return f"{hours} h {minutes:02d} min"
        return f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"

    @app.template_filter("interval")
    def interval(value: timedelta | float | None) -> str:
        """An interval (a timedelta, or a number of days) as "10 min", "3 d", "2 mo"."""
        if value is None:
            return "–"
        return format_interval(value if isinstance(value, timedelta) else timedelta(days=value))

    app.add_template_filter(describe_value, "history_value")

    @app.template_filter("plural")
    def plural(count: int, singular: str, plural: str | None = None) -> str:
        """``3 | plural("minute")`` gives "3 minutes"; 1 gives "1 minute"."""
        return f"{count} {singular if count == 1 else plural or singular + 's'}"

    @app.template_global("source_documents")
    def source_documents() -> dict[str, DocumentRef]:
        """The bank's documents by file name, read once per request (for the source lines)."""
        if "source_documents" not in g:
            g.source_documents = document_refs()
        return g.source_documents

    def media_urls(deck_id: int | None) -> MediaResolver | None:
        """A deck's media file names -> their URLs, read once per request and deck, when text names one.

        Most cards name no file: their deck's media are then never read.
        """
        if deck_id is None:
            return None

        def url(name: str) -> str | None:
            cache = g.setdefault("deck_media", {})
            if deck_id not in cache:
                cache[deck_id] = deck_media(deck_id)
            digest = cache[deck_id].get(name)
            return None if digest is None else url_for("media.file", digest=digest, name=name)

        return url

    @app.template_filter("rich")
    def rich(text: str, deck_id: int | None = None) -> Markup:
        """Bank text (Markdown subset, math, media of the deck) as safe HTML; plain text as before."""
        return Markup(render(text, media=media_urls(deck_id)))

    @app.template_filter("cloze_reveal")
    def cloze_reveal(prompt: str, deck_id: int | None = None) -> Markup:
        return Markup(render_cloze(prompt, reveal=True, media=media_urls(deck_id)))

    @app.template_filter("cloze_blanked")
    def cloze_blanked(prompt: str, deck_id: int | None = None) -> Markup:
        return Markup(render_cloze(prompt, reveal=False, media=media_urls(deck_id)))

    @app.template_filter("prompt_html")
    def prompt_html(question: Any, *, reveal: bool) -> Markup:
        """A question's prompt as HTML: a cloze's gaps blanked, or revealed."""
        if question.type != "cloze":
            return rich(question.prompt, question.deck_id)
        return Markup(render_cloze(question.prompt, reveal=reveal, media=media_urls(question.deck_id)))

    app.jinja_env.tests["blocks"] = is_block

    @app.template_global("rich_element")
    def rich_element(tag: str, html: str, attributes: str = "", heading: int | None = None) -> Markup:
        """Rendered text in ``<tag>``, or in a ``<div>`` when it holds blocks (a list in a heading)."""
        return Markup(wrap(tag, html, attributes=attributes, heading=heading))


def register_errorhandlers(app: Flask) -> None:
    """Render friendly pages for common HTTP errors and expired forms."""

    def render_error(error: object) -> tuple[str, int]:
        code = getattr(error, "code", 500)
        description = getattr(error, "description", "")
        if description == getattr(type(error), "description", None):  # Werkzeug's stock wording
            description = PLAIN_ERRORS.get(code, description)
        return render_template("error.html", code=code, description=description), code

    for code in (400, 403, 404, 405, 413, 429):
        app.register_error_handler(code, render_error)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        message = "This form has expired or was sent from elsewhere. Go back, reload the page and try again."
        return render_template("error.html", code=400, description=message), 400

    def busy(error: Exception) -> tuple[str, int, dict[str, str]]:
        # Waiting for a lock longer than the busy timeout: the server is overloaded,
        # not broken. The transaction was rolled back, so the request can be sent again.
        if not lock_timed_out(error):
            raise error
        log.warning("busy: %s", getattr(error, "orig", error))
        message = "The server is busy. Nothing from this request was saved: wait a few seconds and send it again."
        return render_template("error.html", code=503, description=message), 503, {"Retry-After": "5"}

    # SQLite's own error when the lock is not had at BEGIN (quiz.database issues it straight to the driver).
    for error in (sa.exc.OperationalError, sqlite3.OperationalError):
        app.register_error_handler(error, busy)


def register_commands(app: Flask) -> None:
    """Add the ``bank``, ``user``, ``fsrs`` and ``database`` command groups to ``flask``."""
    app.cli.add_command(cli.bank)
    app.cli.add_command(cli.user)
    app.cli.add_command(fsrs_cli)
    app.cli.add_command(database_cli.database)


def prepare_database(app: Flask) -> None:
    """Apply pending migrations and sync the bank folder, once per change.

    Raises:
        BankError: A bank file has errors; the message names file and line.
    """
    if not (app.config["AUTO_MIGRATE"] or app.config["BANK_SYNC_ON_START"]):
        return
    with app.app_context(), startup_lock(app):
        if app.config["AUTO_MIGRATE"] and not schema_is_current(db.engine):
            upgrade_schema()
        if app.config["BANK_SYNC_ON_START"]:
            try:
                result = sync_bank_dir(app.config["BANK_DIR"], now=utcnow())
            except BankError:
                db.session.rollback()
                raise
            if result is not None:
                log.info("question bank loaded: %s", result.summary())
        db.session.remove()

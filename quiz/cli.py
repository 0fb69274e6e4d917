"""Command-line tools: ``flask --app quiz bank ...`` and ``flask --app quiz user ...``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from quiz.bank.media import MEDIA_FOLDER
from quiz.extract.cli import evaluate_command, extract_command
from quiz.interop import EXPORT_FORMATS, FORMATS, read_bank, read_paths, write_bank
from quiz.models import Role, utcnow
from quiz.paths import PACKAGE_DIR
from quiz.services.accounts.resets import make_reset_link
from quiz.services.accounts.roles import rename_user, set_role
from quiz.services.accounts.users import AccountError, create_user, find_user
from quiz.services.bank.catalog import apply_import, stored_decks

__all__ = ["bank", "user"]


@click.group()
def bank() -> None:
    """Validate, import and export the question bank."""


_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    help="The files' format (default: by their name: .yaml, .csv/.tsv/.txt, .apkg, .gift/.txt, .xml).",
)
_DECK = click.option(
    "--deck", "deck_key", help="Deck id for files that name no deck (CSV, GIFT); default: the file name."
)
_TITLE = click.option("--title", "deck_title", help="Title of that deck; default: the file name.")


@bank.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@_FORMAT
@_DECK
@_TITLE
def validate_command(paths: tuple[str, ...], fmt: str | None, deck_key: str | None, deck_title: str | None) -> None:
    """Check bank files or folders; print every problem as file:line:column."""
    result, _, problems = read_bank(read_paths(paths, format=fmt, deck_key=deck_key, deck_title=deck_title))
    for problem in problems:
        click.echo(str(problem))
    errors = len(problems.errors)
    click.echo(
        f"{len(result.questions)} questions in {len(result.decks)} decks; "
        f"{errors} error(s), {len(problems.warnings)} warning(s)",
        err=True,
    )
    sys.exit(1 if errors else 0)


@bank.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@_FORMAT
@_DECK
@_TITLE
@with_appcontext
def import_command(paths: tuple[str, ...], fmt: str | None, deck_key: str | None, deck_title: str | None) -> None:
    """Validate, then apply bank files in one transaction (nothing on any error).

    Besides YAML, reads CSV/TSV (Quizlet, Anki), Anki packages (.apkg), Moodle
    GIFT and Moodle XML; whatever cannot be carried over is listed first.
    """
    result, _, problems = read_bank(read_paths(paths, format=fmt, deck_key=deck_key, deck_title=deck_title))
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems.errors:
        click.echo(f"{len(problems.errors)} error(s); nothing was imported.", err=True)
        sys.exit(1)
    # The files named are the source of truth: their decks are read-only in the browser.
    outcome = apply_import(result, now=utcnow(), origin="file", files_root=Path.cwd().resolve())
    click.echo(outcome.summary())
    for label, keys in (
        ("added", outcome.added),
        ("changed", outcome.changed),
        ("retired", outcome.retired),
        ("revived", outcome.revived),
    ):
        for key in keys:
            click.echo(f"  {label}: {key}")


@bank.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of bank files (for editors)."""
    click.echo((PACKAGE_DIR / "bank" / "schema.json").read_text(), nl=False)


@bank.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to FILE, not stdout.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(EXPORT_FORMATS)),
    default="yaml",
    show_default=True,
    help="yaml (the bank's own files), csv, tsv, apkg (Anki), gift or moodle-xml (Moodle).",
)
@with_appcontext
def export_command(output: str | None, fmt: str) -> None:
    """Write the stored bank as YAML (one document per deck), or in another tool's format."""
    decks = stored_decks()
    exported = write_bank(decks, fmt)
    for note in _grouped(exported.notes):
        click.echo(f"note: {note}", err=True)
    if output is None:
        if fmt == "apkg" and sys.stdout.isatty():
            raise click.UsageError("an Anki package is binary: write it to a file with -o FILE.apkg")
        sys.stdout.flush()
        sys.stdout.buffer.write(exported.data)
        sys.stdout.buffer.flush()
    else:
        with open(output, "wb") as handle:
            handle.write(exported.data)
        click.echo(f"Wrote {output}.", err=True)
        if fmt in ("yaml", "csv", "tsv", "gift"):  # formats without files of their own: a media/ folder beside
            written = write_media_folder(Path(output).parent, decks)
            if written:
                click.echo(f"Wrote {written} images and sounds to {Path(output).parent / MEDIA_FOLDER}/.", err=True)


def write_media_folder(folder: Path, decks: list) -> int:
    """Write the decks' images and sounds into ``folder/media``; return how many."""
    files = {name: data for deck in decks for name, data in deck.media.items()}
    if files:
        (folder / MEDIA_FOLDER).mkdir(exist_ok=True)
        for name, data in files.items():
            (folder / MEDIA_FOLDER / name).write_bytes(data)
    return len(files)


def _grouped(notes: list[str]) -> list[str]:
    """Notes about many questions saying the same thing, said once with the questions named."""
    groups: dict[str, list[str]] = {}
    lines = []
    for note in notes:
        if not note.startswith("question "):
            lines.append(note)
            continue
        key, _, message = note.removeprefix("question ").partition(": ")
        groups.setdefault(message, []).append(key)
    for message, keys in groups.items():
        if len(keys) == 1:
            lines.append(f"question {keys[0]}: {message}")
        else:
            shown = ", ".join(keys[:5]) + (f" and {len(keys) - 5} more" if len(keys) > 5 else "")
            lines.append(f"{message} ({len(keys)} questions: {shown})")
    return lines


bank.add_command(extract_command, "extract")
bank.add_command(evaluate_command, "evaluate")


@click.group()
def user() -> None:
    """Manage accounts."""


@user.command("create")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--instructor", is_flag=True, help="Give the account the instructor role.")
@click.option("--role", type=click.Choice(Role.CHOICES), help="Give the account this role (default: learner).")
@with_appcontext
def create_command(name: str, password_stdin: bool, instructor: bool, role: str | None) -> None:
    """Create an account called NAME."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        account = create_user(name, password, role=role or (Role.INSTRUCTOR if instructor else Role.LEARNER))
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {account.role} {account.username!r}.")


def _account(name: str) -> int:
    found = find_user(name)
    if found is None or found.role == Role.FORMER:
        raise click.ClickException(f"There is no account called {name!r}.")
    return found.id


@user.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(Role.CHOICES))
@with_appcontext
def role_command(name: str, role: str) -> None:
    """Give the account NAME the role learner, instructor or admin."""
    try:
        shown = set_role(_account(name), role, None)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{shown!r} is now {'an' if role[0] in 'aeiou' else 'a'} {role}.")


@user.command("reset-link")
@click.argument("name")
@with_appcontext
def reset_link_command(name: str) -> None:
    """Print a one-time link (valid for an hour) that sets a new password for NAME."""
    try:
        link = make_reset_link(_account(name), None, now=utcnow())
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    base = (current_app.config.get("BASE_URL") or "").rstrip("/")
    click.echo(f"{base}/account/reset/{link.token}")
    click.echo(
        f"Works once, until {link.expires_at:%Y-%m-%d %H:%M} UTC."
        + ("" if base else " Put the site's address in front (or set QUIZ_BASE_URL)."),
        err=True,
    )


@user.command("rename")
@click.argument("old")
@click.argument("new")
@with_appcontext
def rename_command(old: str, new: str) -> None:
    """Rename the account OLD to NEW (the same rules as registering)."""
    try:
        shown = rename_user(old, new)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Renamed {old!r} to {shown!r}.")

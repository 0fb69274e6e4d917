"""Command-line tools: ``flask --app quiz bank ...`` and ``flask --app quiz user ...``."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from quiz.bank import validate_paths
from quiz.bank.writer import dump_decks
from quiz.extract.cli import evaluate_command, extract_command
from quiz.models import Role, utcnow
from quiz.paths import PACKAGE_DIR
from quiz.services.accounts.users import AccountError, create_user
from quiz.services.bank.catalog import apply_import, stored_decks

__all__ = ["bank", "user"]


@click.group()
def bank() -> None:
    """Validate, import and export the question bank."""


@bank.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
def validate_command(paths: tuple[str, ...]) -> None:
    """Check bank files or folders; print every problem as file:line:column."""
    result, problems = validate_paths(paths)
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
@with_appcontext
def import_command(paths: tuple[str, ...]) -> None:
    """Validate, then apply bank files in one transaction (nothing on any error)."""
    result, problems = validate_paths(paths)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems.errors:
        click.echo(f"{len(problems.errors)} error(s); nothing was imported.", err=True)
        sys.exit(1)
    outcome = apply_import(result, now=utcnow())
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
@with_appcontext
def export_command(output: str | None) -> None:
    """Write the stored bank as YAML (one document per deck)."""
    text = dump_decks(stored_decks())
    if output is None:
        click.echo(text, nl=False)
    else:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
        click.echo(f"Wrote {output}.", err=True)


bank.add_command(extract_command, "extract")
bank.add_command(evaluate_command, "evaluate")


@click.group()
def user() -> None:
    """Manage accounts."""


@user.command("create")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--instructor", is_flag=True, help="Give the account the instructor role.")
@with_appcontext
def create_command(name: str, password_stdin: bool, instructor: bool) -> None:
    """Create an account called NAME."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        account = create_user(name, password, role=Role.INSTRUCTOR if instructor else Role.LEARNER)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {account.role} {account.username!r}.")

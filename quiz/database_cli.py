"""``flask --app quiz database ...``: back up, restore, check and upgrade the database.

The group is called ``database`` because Flask-Migrate owns ``db``. Like every
``flask`` command, loading the app first applies pending migrations and syncs
the bank folder (under the start-up lock).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from quiz.database import schema_heads, schema_is_current, schema_revisions, startup_lock, upgrade_schema
from quiz.extensions import db
from quiz.services.maintenance.backups import BackupError, backup, restore
from quiz.services.maintenance.checks import check_database
from quiz.services.stats import daily

__all__ = ["database"]


@click.group()
def database() -> None:
    """Back up, restore, check and upgrade the database; recount its aggregates."""


@database.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@with_appcontext
def backup_command(file: Path, force: bool) -> None:
    """Write a consistent copy of the database to FILE while the app runs.

    SQLite: the online backup API (FILE is a SQLite database). PostgreSQL:
    pg_dump's custom format (FILE is read by `database restore` or pg_restore).
    """
    try:
        written = backup(db.engine, file, force=force)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Backed up to {written}.")


@database.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that holds accounts.")
@with_appcontext
def restore_command(file: Path, force: bool) -> None:
    """Replace the database with the backup FILE, then bring its schema up to date.

    Refused without --force when the database holds any account. Stop the app
    servers first: they would otherwise go on with what they had read.
    """
    try:
        revision = restore(db.engine, file, force=force)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Restored {file} (schema revision {revision}).")
    _upgrade()


@database.command("check")
@with_appcontext
def check_command() -> None:
    """Check the database's integrity, its foreign keys and its schema; exit 1 on any problem."""
    findings = check_database(db.engine)
    for finding in findings:
        click.echo(str(finding))
    if not all(finding.ok for finding in findings):
        click.echo("The database has problems: restore the latest good backup (see README, Backups).", err=True)
        sys.exit(1)


@database.command("upgrade")
@with_appcontext
def upgrade_command() -> None:
    """Apply pending migrations once, under the start-up lock the app servers also take."""
    _upgrade()


def _upgrade() -> None:
    with startup_lock(current_app):
        before = sorted(schema_revisions(db.engine))
        if not schema_is_current(db.engine):
            upgrade_schema()
    after = sorted(schema_heads())
    if before == after:
        click.echo(f"Schema current at revision {', '.join(after)}.")
    else:
        click.echo(f"Schema upgraded from {', '.join(before) or 'nothing'} to {', '.join(after)}.")


@database.command("rebuild-aggregates")
@with_appcontext
def rebuild_aggregates_command() -> None:
    """Recount every learner's study-day tallies from the review log.

    The app keeps them up to date by itself; this is for a log changed behind
    its back (rows edited or loaded by hand, a partial restore).
    """
    rebuilt = daily.rebuild()
    click.echo(f"Recounted {rebuilt.learners} learners: {rebuilt.days} study days.")

"""``flask --app quiz database ...``: look after the database.

The group is called ``database`` because Flask-Migrate owns ``db``.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from quiz.services.stats import daily

__all__ = ["database"]


@click.group()
def database() -> None:
    """Look after the database."""


@database.command("rebuild-aggregates")
@with_appcontext
def rebuild_aggregates_command() -> None:
    """Recount every learner's study-day tallies from the review log.

    The app keeps them up to date by itself; this is for a log changed behind
    its back (rows edited or loaded by hand, a partial restore).
    """
    rebuilt = daily.rebuild()
    click.echo(f"Recounted {rebuilt.learners} learners: {rebuilt.days} study days.")

"""``flask --app quiz fsrs optimize``: fit learners' FSRS parameters, or work the queue of requests."""

from __future__ import annotations

import sys

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from quiz.extensions import db
from quiz.models import User, utcnow
from quiz.services.memory import requests
from quiz.services.memory.optimization import Outcome, process_queue, run_for

__all__ = ["fsrs"]


@click.group()
def fsrs() -> None:
    """Fit FSRS parameters to each learner's own reviews."""


def _report(outcome: Outcome, name: str) -> None:
    click.echo(
        f"{name or outcome.username or outcome.user_id}: {'' if outcome.ok else 'not optimized: '}{outcome.message}"
    )


@fsrs.command("optimize")
@click.argument("users", nargs=-1)
@click.option("--all", "everyone", is_flag=True, help="Every learner.")
@click.option("--reschedule", is_flag=True, help="Also move due dates to what the new parameters give.")
@click.option("--defaults", is_flag=True, help="Go back to the default parameters instead of fitting.")
@with_appcontext
def optimize_command(users: tuple[str, ...], everyone: bool, reschedule: bool, defaults: bool) -> None:
    """Fit USERS' parameters (or --all), or, with neither, work the requests queued from settings.

    Run it from cron or a worker, e.g. every minute with no arguments. A learner
    with too few reviews is reported and left on their current parameters.
    """
    if users and everyone:
        raise click.UsageError("Name learners or give --all, not both.")
    if not users and not everyone:
        if reschedule or defaults:
            raise click.UsageError("--reschedule and --defaults apply to named learners or --all.")
        for outcome in process_queue(utcnow()):
            _report(outcome, "")
        return
    query = sa.select(User.id, User.username).order_by(User.id)
    if users:
        query = query.where(User.username.in_(users))
    found = db.session.execute(query).all()
    db.session.rollback()
    missing = sorted(set(users) - {name for _, name in found})
    for name in missing:
        click.echo(f"{name}: no such user", err=True)
    action = "defaults" if defaults else "optimize"
    for user_id, name in found:
        now = utcnow()
        if not requests.start(user_id, now, action=action, reschedule=reschedule):
            click.echo(f"{name}: skipped, an optimization is already running", err=True)
            continue
        _report(run_for(user_id, action=action, now=now, reschedule=reschedule), name)
    if missing:
        sys.exit(1)

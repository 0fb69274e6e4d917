"""The optimization queue: one request per learner, queued by the settings page, worked by the CLI.

A request goes queued -> running -> done or failed. The page only queues and
reads; ``flask --app quiz fsrs optimize`` (cron or a worker) claims requests
and does the work, so no web request ever waits for an optimization. A
request left running longer than :data:`STALE_AFTER` (a worker that died) may
be claimed again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import OptimizationRequest

__all__ = [
    "ACTIONS",
    "STALE_AFTER",
    "QueueError",
    "RequestStatus",
    "claim",
    "finish",
    "queued_users",
    "request",
    "start",
    "status",
]

ACTIONS = ("optimize", "defaults")
STALE_AFTER = timedelta(hours=1)


class QueueError(ValueError):
    """A request that cannot be queued now; the message says why."""


@dataclass(frozen=True, slots=True)
class RequestStatus:
    """A learner's latest request as the settings page shows it."""

    action: str
    reschedule: bool
    state: str
    requested_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    message: str

    @property
    def pending(self) -> bool:
        """Queued or running: the page offers no new request meanwhile."""
        return self.state in ("queued", "running")


_r = OptimizationRequest.__table__


def status(user_id: int) -> RequestStatus | None:
    """Return the learner's latest request, or None if they never made one."""
    row = db.session.execute(
        sa.select(
            _r.c.action, _r.c.reschedule, _r.c.state, _r.c.requested_at, _r.c.started_at, _r.c.finished_at, _r.c.message
        ).where(_r.c.user_id == user_id)
    ).first()
    return RequestStatus(*row) if row is not None else None


def _running(now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(_r.c.state == "running", _r.c.started_at >= now - STALE_AFTER)


def request(user_id: int, *, now: datetime, action: str = "optimize", reschedule: bool = False) -> None:
    """Queue an optimization (or a return to the defaults) for the learner and commit.

    A request still queued is replaced by the new one.

    Raises:
        QueueError: An unknown action, or one of the learner's requests is running.
    """
    if action not in ACTIONS:
        raise QueueError(f"Unknown action {action!r}.")
    values = {
        "action": action,
        "reschedule": reschedule,
        "state": "queued",
        "requested_at": now,
        "started_at": None,
        "finished_at": None,
        "message": "",
        "parameter_set_id": None,
    }
    # Row-locked where the database has row locks; SQLite's BEGIN IMMEDIATE serialises writers.
    running = db.session.scalar(sa.select(_r.c.state).where(_r.c.user_id == user_id, _running(now)).with_for_update())
    if running is not None:
        db.session.rollback()
        raise QueueError("An optimization of your parameters is running; its result will show here.")
    updated = db.session.execute(sa.update(_r).where(_r.c.user_id == user_id).values(values)).rowcount
    if not updated:
        db.session.execute(sa.insert(_r).values(user_id=user_id, **values))
    db.session.commit()


def queued_users(now: datetime) -> list[int]:
    """Return the learners with a request to work on (queued, or running but stale), oldest first."""
    stale = sa.and_(_r.c.state == "running", _r.c.started_at < now - STALE_AFTER)
    return list(
        db.session.scalars(
            sa.select(_r.c.user_id).where(sa.or_(_r.c.state == "queued", stale)).order_by(_r.c.requested_at)
        )
    )


def claim(user_id: int, now: datetime) -> RequestStatus | None:
    """Mark the learner's queued (or stale) request running and commit; None if another worker has it."""
    stale = sa.and_(_r.c.state == "running", _r.c.started_at < now - STALE_AFTER)
    claimed = db.session.execute(
        sa.update(_r)
        .where(_r.c.user_id == user_id, sa.or_(_r.c.state == "queued", stale))
        .values(state="running", started_at=now)
    ).rowcount
    db.session.commit()
    return status(user_id) if claimed else None


def start(user_id: int, now: datetime, *, action: str = "optimize", reschedule: bool = False) -> bool:
    """Record a run started from the command line for one learner and commit.

    Returns:
        False when one of the learner's requests is already running elsewhere.
    """
    if db.session.scalar(sa.select(_r.c.user_id).where(_r.c.user_id == user_id, _running(now))) is not None:
        db.session.rollback()
        return False
    values = {
        "action": action,
        "reschedule": reschedule,
        "state": "running",
        "requested_at": now,
        "started_at": now,
        "finished_at": None,
        "message": "",
        "parameter_set_id": None,
    }
    if not db.session.execute(sa.update(_r).where(_r.c.user_id == user_id).values(values)).rowcount:
        db.session.execute(sa.insert(_r).values(user_id=user_id, **values))
    db.session.commit()
    return True


def finish(user_id: int, now: datetime, *, ok: bool, message: str, parameter_set_id: int | None = None) -> None:
    """Record how the learner's running request ended (done or failed) and commit."""
    db.session.execute(
        sa.update(_r)
        .where(_r.c.user_id == user_id)
        .values(
            state="done" if ok else "failed",
            finished_at=now,
            message=message,
            parameter_set_id=parameter_set_id,
        )
    )
    db.session.commit()

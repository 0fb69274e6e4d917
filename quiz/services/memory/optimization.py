"""Fitting a learner's FSRS parameters from their review log, and putting them to use.

The work of an optimization request (:mod:`quiz.services.memory.requests`):
read the learner's log, fit and evaluate (:func:`quiz.memory.fit`), simulate
the workload of each desired retention with the parameters in use, store a
:class:`~quiz.models.ParameterSet`, and, when the new parameters predict
better than those in use, adopt them: the learner's row takes them (ratings
use them from the next one on) and every card's stability and difficulty are
recomputed from its reviews with them, as Anki does. Due dates stay unless
the learner asked to reschedule.

Reading and writing happen in short transactions; the fitting and the
simulation run between them, outside any transaction, so learners rating
cards meanwhile are never held up (on SQLite a write transaction takes the
database's write lock).
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from quiz import memory, scheduling
from quiz.extensions import db
from quiz.memory.fitting import split_evaluation
from quiz.models import Card, ParameterSet, Question, Review, User
from quiz.scheduling import CardState, Rating
from quiz.services.memory import requests

__all__ = ["Outcome", "optimize", "process_queue", "restore_defaults", "run_for"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one learner's run ended."""

    user_id: int
    username: str
    ok: bool
    message: str
    parameter_set_id: int | None = None


@dataclass(frozen=True, slots=True)
class _Learner:
    id: int
    username: str
    timezone: str
    day_start_hour: int
    desired_retention: float
    new_per_day: int
    fsrs_parameters: tuple[float, ...] | None


_LOG = (
    sa.select(Review.question_id, Review.rating, Review.reviewed_at, Review.duration_ms, Review.state_before)
    .where(Review.user_id == sa.bindparam("user"), Review.undone_at.is_(None))
    .order_by(Review.reviewed_at, Review.id)
)


def _read(user_id: int) -> tuple[_Learner, list[memory.ReviewEvent], int]:
    """The learner, their review log and the bank's size, read in one short transaction."""
    user = db.session.get(User, user_id)
    if user is None:
        raise LookupError(f"no user {user_id}")
    learner = _Learner(
        user.id,
        user.username,
        user.timezone,
        user.day_start_hour,
        user.desired_retention,
        user.new_per_day,
        tuple(user.fsrs_parameters) if user.fsrs_parameters else None,
    )
    events = [memory.ReviewEvent(*row) for row in db.session.execute(_LOG, {"user": user_id})]
    deck_size = db.session.scalar(sa.select(sa.func.count(Question.id)).where(Question.retired_at.is_(None))) or 0
    db.session.rollback()  # end the read transaction before the long computation
    return learner, events, deck_size


def _workload(
    parameters: Sequence[float], events: Sequence[memory.ReviewEvent], learner: _Learner, deck_size: int
) -> tuple[list[dict[str, Any]] | None, float | None]:
    points = memory.workload(
        parameters, memory.study_habits(events), deck_size=deck_size, new_per_day=learner.new_per_day
    )
    if not points:
        return None, None
    suggested = memory.best(points)
    return [asdict(p) for p in points], suggested.retention if suggested else None


def optimize(user_id: int, *, now: datetime, reschedule: bool = False) -> Outcome:
    """Fit, evaluate and (if better) adopt parameters for one learner; commit.

    Raises:
        LookupError: No such user.
    """
    started = time.perf_counter()
    learner, events, deck_size = _read(user_id)
    items = memory.training_items(events, timezone=learner.timezone, day_start_hour=learner.day_start_hour)
    try:
        fit = memory.fit(items, current=learner.fsrs_parameters)
    except memory.NotEnoughReviews as exc:
        return Outcome(learner.id, learner.username, False, str(exc))
    # The workload is simulated with the parameters that will be in use; a fit
    # that is not adopted leaves the stored simulation of those in use as it is.
    workload, suggested = _workload(fit.parameters, events, learner, deck_size) if fit.improves else (None, None)
    record = ParameterSet(
        user_id=learner.id,
        created_at=now,
        source="fitted",
        parameters=list(fit.parameters),
        adopted=fit.improves,
        reviews=len(events),
        items=fit.items,
        log_loss=fit.fitted.log_loss,
        rmse_bins=fit.fitted.rmse_bins,
        default_log_loss=fit.defaults.log_loss,
        default_rmse_bins=fit.defaults.rmse_bins,
        optimizer=memory.optimizer_version(),
        seconds=time.perf_counter() - started,
        workload=workload,
        suggested_retention=suggested,
    )
    if fit.improves:
        _adopt(learner, record, fit.parameters, reschedule=reschedule)
        message = (
            f"New parameters from {len(events):,} reviews ({fit.items:,} on a later day than the card's previous"
            f" one): RMSE(bins) {fit.fitted.rmse_bins:.1%} against {fit.defaults.rmse_bins:.1%} for the defaults."
        )
    else:
        db.session.add(record)
        db.session.commit()
        message = (
            f"Kept your current parameters: the new fit predicts your {fit.items:,} reviews no better "
            f"(log loss {fit.new_log_loss:.4f} against {fit.current_log_loss:.4f})."
        )
    return Outcome(learner.id, learner.username, True, message, record.id)


def restore_defaults(user_id: int, *, now: datetime, reschedule: bool = False) -> Outcome:
    """Go back to fsrs's default parameters for one learner; commit.

    Raises:
        LookupError: No such user.
    """
    started = time.perf_counter()
    learner, events, deck_size = _read(user_id)
    items = memory.training_items(events, timezone=learner.timezone, day_start_hour=learner.day_start_hour)
    evaluation = split_evaluation(items, memory.DEFAULT_PARAMETERS)
    workload, suggested = _workload(memory.DEFAULT_PARAMETERS, events, learner, deck_size)
    record = ParameterSet(
        user_id=learner.id,
        created_at=now,
        source="default",
        parameters=list(memory.DEFAULT_PARAMETERS),
        adopted=True,
        reviews=len(events),
        items=len(items),
        default_log_loss=evaluation.log_loss if evaluation else None,
        default_rmse_bins=evaluation.rmse_bins if evaluation else None,
        optimizer="",
        seconds=time.perf_counter() - started,
        workload=workload,
        suggested_retention=suggested,
    )
    _adopt(learner, record, None, reschedule=reschedule)
    return Outcome(learner.id, learner.username, True, "Back to the default parameters.", record.id)


# --- putting parameters to use -------------------------------------------------

_c = Card.__table__
_CARDS = sa.select(_c.c.question_id, _c.c.last_review).where(_c.c.user_id == sa.bindparam("user"))
_LIVE = (
    sa.select(Review.question_id, Review.rating, Review.reviewed_at, Review.state_before)
    .where(Review.user_id == sa.bindparam("user"), Review.undone_at.is_(None))
    .order_by(Review.question_id, Review.reviewed_at, Review.id)
)
_KEY = sa.and_(
    _c.c.user_id == sa.bindparam("user"),
    _c.c.question_id == sa.bindparam("question"),
    # Only if the card was not reviewed again meanwhile.
    _c.c.last_review == sa.bindparam("seen", type_=Card.last_review.type),
)
_MEMORY = sa.update(_c).where(_KEY).values(stability=sa.bindparam("s"), difficulty=sa.bindparam("d"))
_RESCHEDULE = (
    sa.update(_c)
    .where(_KEY)
    .values(
        stability=sa.bindparam("s"),
        difficulty=sa.bindparam("d"),
        state=sa.bindparam("state"),
        step=sa.bindparam("step"),
        due=sa.bindparam("due", type_=Card.due.type),
    )
)


def _replayed(
    user_id: int, parameters: Sequence[float] | None, desired_retention: float
) -> list[tuple[int, datetime, CardState]]:
    """Each card's state replayed from its reviews since it was last new, with ``parameters``."""
    histories: dict[int, list[tuple[Rating, datetime]]] = defaultdict(list)
    for question_id, rating, at, state_before in db.session.execute(_LIVE, {"user": user_id}):
        if state_before is None:
            histories[question_id] = []
        histories[question_id].append((Rating(rating), at))
    replayed = []
    for question_id, last_review in db.session.execute(_CARDS, {"user": user_id}):
        history = histories.get(question_id)
        if not history or history[-1][1] != last_review:
            continue
        state = scheduling.replay(history, desired_retention=desired_retention, parameters=parameters)
        replayed.append((question_id, last_review, state))
    return replayed


def _adopt(learner: _Learner, record: ParameterSet, parameters: Sequence[float] | None, *, reschedule: bool) -> None:
    """Store the set, make ``parameters`` the learner's, recompute their cards, and commit."""
    db.session.add(record)
    db.session.execute(
        sa.update(User)
        .where(User.id == learner.id)
        .values(fsrs_parameters=list(parameters) if parameters is not None else None)
    )
    rows = []
    for question_id, last_review, state in _replayed(learner.id, parameters, learner.desired_retention):
        if state.stability is None:
            continue
        row = {"user": learner.id, "question": question_id, "seen": last_review, "s": state.stability}
        row["d"] = state.difficulty
        if reschedule:  # (keys named like columns would join the SET clause: only then)
            row.update(state=state.state.value, step=state.step, due=state.due)
        rows.append(row)
    if rows:
        db.session.execute(_RESCHEDULE if reschedule else _MEMORY, rows)
    db.session.commit()


# --- the queue and the command line --------------------------------------------


def run_for(user_id: int, *, action: str, now: datetime, reschedule: bool = False) -> Outcome:
    """Do one learner's work (optimize or go back to the defaults) and record the request's end."""
    try:
        if action == "defaults":
            outcome = restore_defaults(user_id, now=now, reschedule=reschedule)
        else:
            outcome = optimize(user_id, now=now, reschedule=reschedule)
    except LookupError:
        return Outcome(user_id, "", False, "No such learner.")
    except Exception as exc:  # noqa: BLE001 - one learner's failure must not stop the queue
        db.session.rollback()
        log.exception("optimizing the parameters of user %s failed", user_id)
        outcome = Outcome(user_id, "", False, f"The optimizer stopped with an error ({type(exc).__name__}).")
    requests.finish(user_id, now, ok=outcome.ok, message=outcome.message, parameter_set_id=outcome.parameter_set_id)
    return outcome


def process_queue(now: datetime) -> list[Outcome]:
    """Work every queued request (and stale running one), oldest first; return how each ended."""
    outcomes = []
    for user_id in requests.queued_users(now):
        claimed = requests.claim(user_id, now)
        if claimed is None:  # another worker took it
            continue
        outcomes.append(run_for(user_id, action=claimed.action, now=now, reschedule=claimed.reschedule))
    return outcomes

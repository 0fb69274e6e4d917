"""Each learner's memory model: fitted FSRS parameters (a history) and the optimization queue."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db
from quiz.models.types import UTCDateTime, utcnow

__all__ = ["OptimizationRequest", "ParameterSet"]


class ParameterSet(db.Model):
    """FSRS parameters for one learner, from a given date, with how well they predict.

    Every optimization adds one (kept or not), and so does going back to the
    defaults; the learner's row caches the parameters in use
    (``User.fsrs_parameters``) so that rating a card needs no extra query.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: "fitted" or "default".
    source: Mapped[str] = mapped_column(sa.String(10))
    #: The 21 FSRS-6 parameters.
    parameters: Mapped[list[float]] = mapped_column(sa.JSON)
    #: Whether these became the learner's parameters (a fit that predicts no
    #: better than those in use is recorded but not adopted, as in Anki).
    adopted: Mapped[bool] = mapped_column(default=True)
    #: Reviews in the log and, of them, reviews the optimizer could learn from.
    reviews: Mapped[int] = mapped_column(default=0)
    items: Mapped[int] = mapped_column(default=0)
    #: Time-series-split evaluation of the fit, and of the defaults on the same reviews.
    log_loss: Mapped[float | None]
    rmse_bins: Mapped[float | None]
    default_log_loss: Mapped[float | None]
    default_rmse_bins: Mapped[float | None]
    optimizer: Mapped[str] = mapped_column(sa.String(60), default="")
    seconds: Mapped[float | None]
    #: Simulated cost of each desired retention with these parameters
    #: (:class:`quiz.memory.WorkloadPoint` fields), and the one suggested.
    workload: Mapped[list[dict[str, Any]] | None] = mapped_column(sa.JSON)
    suggested_retention: Mapped[float | None]

    __table_args__ = (sa.Index("ix_parameter_set_user_time", "user_id", "created_at"),)


class OptimizationRequest(db.Model):
    """A learner's latest request to optimize (or go back to the defaults), and how it went.

    The settings page queues it; ``flask --app quiz fsrs optimize``, run by cron
    or a worker, claims it (queued -> running) and finishes it (done or failed,
    with a message). A request never waits for the work.
    """

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    #: "optimize" or "defaults".
    action: Mapped[str] = mapped_column(sa.String(10), default="optimize")
    #: Also move due dates to what the new parameters give.
    reschedule: Mapped[bool] = mapped_column(default=False)
    #: "queued", "running", "done" or "failed".
    state: Mapped[str] = mapped_column(sa.String(10), default="queued")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message: Mapped[str] = mapped_column(sa.Text, default="")
    parameter_set_id: Mapped[int | None] = mapped_column(sa.ForeignKey("parameter_set.id", ondelete="SET NULL"))

    __table_args__ = (sa.Index("ix_optimization_request_state", "state", "requested_at"),)

"""What the settings page shows of a learner's memory model, and the settings it saves.

:func:`panel` gathers the parameters in use, their history, the latest
optimization request and the stored workload simulation; the other functions
save the scheduling comforts and a desired retention, and commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from quiz.extensions import db
from quiz.memory import WorkloadPoint
from quiz.models import ParameterSet, User
from quiz.services.learning.comforts import easy_weekdays, weekdays_mask
from quiz.services.memory.requests import RequestStatus, status

__all__ = ["HISTORY", "MemoryPanel", "SettingsError", "panel", "save_comforts", "use_retention"]

#: Parameter sets listed in the history table.
HISTORY = 10


class SettingsError(ValueError):
    """A setting out of range; the message says why."""


@dataclass(frozen=True, slots=True)
class MemoryPanel:
    """The memory-model part of a learner's settings.

    Attributes:
        in_use: The parameter set in use, or None while fsrs's defaults have never been replaced.
        history: The latest parameter sets, newest first (adopted or not).
        request: The latest optimization request, if any.
        workload: The simulated cost of each desired retention with the parameters in use.
        suggested: The retention that keeps the most knowledge per minute, if simulated.
        desired_retention: The learner's current target.
        load_balance: Whether load balancing is on.
        easy_days: The weekdays kept light (Monday 0).
    """

    in_use: ParameterSet | None
    history: list[ParameterSet]
    request: RequestStatus | None
    workload: list[WorkloadPoint]
    suggested: float | None
    desired_retention: float
    load_balance: bool
    easy_days: frozenset[int]

    @property
    def personal(self) -> bool:
        """Whether the learner's own fitted parameters are in use."""
        return self.in_use is not None and self.in_use.source == "fitted"


def panel(user: User) -> MemoryPanel:
    """Return the memory-model settings of ``user`` (any object with their id and settings)."""
    history = list(
        db.session.scalars(
            sa.select(ParameterSet)
            .where(ParameterSet.user_id == user.id)
            .order_by(ParameterSet.created_at.desc(), ParameterSet.id.desc())
            .limit(HISTORY)
        )
    )
    in_use = next((p for p in history if p.adopted), None)
    if in_use is None and history:  # an older adopted set, past the listed history
        in_use = db.session.scalar(
            sa.select(ParameterSet)
            .where(ParameterSet.user_id == user.id, ParameterSet.adopted)
            .order_by(ParameterSet.created_at.desc(), ParameterSet.id.desc())
            .limit(1)
        )
    workload = [WorkloadPoint(**point) for point in (in_use.workload or [])] if in_use else []
    return MemoryPanel(
        in_use=in_use,
        history=history,
        request=status(user.id),
        workload=workload,
        suggested=in_use.suggested_retention if in_use else None,
        desired_retention=user.desired_retention,
        load_balance=user.load_balance,
        easy_days=easy_weekdays(user.easy_days),
    )


def save_comforts(user_id: int, *, load_balance: bool, easy_days: Sequence[int]) -> None:
    """Turn load balancing on or off and choose the easy weekdays (Monday 0); commit.

    Raises:
        SettingsError: A weekday outside 0..6, or every day of the week made easy.
    """
    if any(not 0 <= day <= 6 for day in easy_days):
        raise SettingsError("Easy days are days of the week.")
    if len(set(easy_days)) == 7:
        raise SettingsError("Leave at least one day of the week that is not an easy day.")
    db.session.execute(
        sa.update(User).where(User.id == user_id).values(load_balance=load_balance, easy_days=weekdays_mask(easy_days))
    )
    db.session.commit()


def use_retention(user_id: int, retention: float) -> None:
    """Set the learner's desired retention (0.70 to 0.97) and commit.

    Raises:
        SettingsError: Out of range.
    """
    if not 0.70 <= retention <= 0.97:
        raise SettingsError("Desired retention must be between 0.70 and 0.97.")
    db.session.execute(sa.update(User).where(User.id == user_id).values(desired_retention=round(retention, 2)))
    db.session.commit()

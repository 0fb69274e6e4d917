"""The model's calibration for a learner: recall predicted at each review against what happened.

Every review a day or more after the previous one stores the recall the
scheduler predicted for it (``Review.recall_predicted``); the database sums
them in bins of prediction, so the progress page reads a handful of rows.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from quiz.extensions import db
from quiz.memory.calibration import BINS, CalibrationBin, from_sums
from quiz.models import Review

__all__ = ["calibration"]

_p = Review.recall_predicted
_BIN = sa.case(*[(_p < (i + 1) / BINS, i) for i in range(BINS - 1)], else_=BINS - 1)
_SUMS = (
    sa.select(_BIN, sa.func.sum(_p), sa.func.sum(sa.case((Review.rating > 1, 1), else_=0)), sa.func.count())
    .where(
        Review.user_id == sa.bindparam("user"),
        Review.reviewed_at >= sa.bindparam("since", type_=Review.reviewed_at.type),
        Review.reviewed_at < sa.bindparam("until", type_=Review.reviewed_at.type),
        Review.undone_at.is_(None),
        _p.is_not(None),
    )
    .group_by(_BIN)
)


def calibration(user_id: int, since: datetime, until: datetime) -> list[CalibrationBin]:
    """Return predicted against actual recall, in bins, for the learner's reviews in ``[since, until)``."""
    rows = db.session.execute(_SUMS, {"user": user_id, "since": since, "until": until})
    return from_sums((int(i), float(p), float(a), int(n)) for i, p, a, n in rows)

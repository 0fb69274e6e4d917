"""Fitting FSRS parameters to one learner and scoring them on reviews they were not fitted on.

The fit is ``fsrs-rs-python``'s optimizer (the one inside Anki). The score is
the one Anki shows: log loss and RMSE(bins) over a time-series split. The
items, in the order the reviews happened, are cut into six equal segments;
parameters fitted on segments 1..k predict segment k+1, for k = 1..5, so
every prediction is of a review the parameters never saw. The default
parameters predict the same five segments, which makes the two figures
comparable. RMSE(bins) groups the predictions as FSRS's benchmark does (by
interval, by number of reviews and by lapses) and compares the mean
prediction with the share recalled in each group.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version

import fsrs_rs_python as rs
from fsrs.scheduler import DEFAULT_PARAMETERS as _FSRS_DEFAULTS

from quiz.memory.history import TrainingItem

__all__ = [
    "DEFAULT_PARAMETERS",
    "MIN_TRAINING_ITEMS",
    "SPLITS",
    "Evaluation",
    "Fit",
    "NotEnoughReviews",
    "evaluate",
    "fit",
    "fit_parameters",
    "held_out",
    "optimizer_version",
    "predict",
    "split_evaluation",
    "time_series_evaluation",
]

#: FSRS-6's default parameters, as the ``fsrs`` scheduler holds them.
DEFAULT_PARAMETERS: tuple[float, ...] = tuple(float(w) for w in _FSRS_DEFAULTS)
#: The optimizer's own minimum: with fewer items (after it sets aside
#: outliers) ``compute_parameters`` gives back the defaults unchanged.
MIN_TRAINING_ITEMS = 8
#: Test segments of the time-series split, as in ``fsrs-rs``.
SPLITS = 5
#: Relearning steps of :mod:`quiz.scheduling` (one 10-minute step, fsrs's default).
RELEARNING_STEPS = 1


class NotEnoughReviews(ValueError):
    """The log holds too few reviews on a later day for the optimizer to learn from."""

    def __init__(self, items: int) -> None:
        self.items = items
        super().__init__(
            f"Not enough reviews yet: {items} review{'s' if items != 1 else ''} of a card on a later day than "
            f"its previous review; the optimizer needs at least {MIN_TRAINING_ITEMS} it can use."
        )


@dataclass(frozen=True, slots=True)
class Evaluation:
    """How well parameters predict recall: lower is better for both figures.

    Attributes:
        log_loss: Mean binary cross-entropy of the predicted recall.
        rmse_bins: Root mean squared gap between predicted and actual recall
            across the benchmark's bins, weighted by their size.
        items: The reviews predicted.
    """

    log_loss: float
    rmse_bins: float
    items: int


@dataclass(frozen=True, slots=True)
class Fit:
    """Parameters fitted to a learner, with their evaluation and the defaults'.

    Attributes:
        parameters: The 21 fitted FSRS-6 parameters.
        items: Training items in the log (reviews on a later day).
        fitted: The time-series-split evaluation of fitting.
        defaults: The default parameters on the same test segments.
        current_log_loss: Log loss of the parameters in use, on every item.
        new_log_loss: Log loss of the new parameters, on every item.
        seconds: Time the fit and the evaluation took.
    """

    parameters: tuple[float, ...]
    items: int
    fitted: Evaluation
    defaults: Evaluation
    current_log_loss: float
    new_log_loss: float
    seconds: float

    @property
    def improves(self) -> bool:
        """Whether the new parameters predict the whole log better than those in use (Anki's rule)."""
        return self.new_log_loss < self.current_log_loss


def optimizer_version() -> str:
    """Name and version of the optimizer, stored beside each fit."""
    return f"fsrs-rs-python {version('fsrs-rs-python')}"


def _rs_item(reviews: Sequence[tuple[int, int]]) -> rs.FSRSItem:
    return rs.FSRSItem([rs.FSRSReview(r, d) for r, d in reviews])


class _Log:
    """Training items with their ``fsrs-rs`` twins, built once for the many fits and predictions."""

    def __init__(self, items: Sequence[TrainingItem]) -> None:
        self.items = list(items)
        self.whole = [_rs_item(item.reviews) for item in self.items]
        self.before = [_rs_item(item.reviews[:-1]) for item in self.items]
        self.cards = [item.card for item in self.items]

    def fit(self, end: int) -> tuple[float, ...]:
        if end < MIN_TRAINING_ITEMS:
            return DEFAULT_PARAMETERS
        try:
            fitted = rs.FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(
                self.whole[:end], self.cards[:end], True, RELEARNING_STEPS
            )
        except (ValueError, RuntimeError):  # fsrs-rs refuses a set it cannot initialise from
            return DEFAULT_PARAMETERS
        if all(math.isclose(a, b, rel_tol=1e-6) for a, b in zip(fitted, DEFAULT_PARAMETERS, strict=True)):
            return DEFAULT_PARAMETERS
        return tuple(round(float(w), 6) for w in fitted)

    def predict(self, parameters: Sequence[float], start: int, end: int) -> list[float]:
        if start >= end:
            return []
        states = rs.FSRS(list(parameters)).memory_state_batch(self.before[start:end])
        decay = -float(parameters[20])
        factor = 0.9 ** (1 / decay) - 1
        return [
            (1 + factor * item.reviews[-1][1] / state.stability) ** decay
            for item, state in zip(self.items[start:end], states, strict=True)
        ]


def fit_parameters(items: Sequence[TrainingItem]) -> tuple[float, ...]:
    """Return parameters fitted to ``items`` (the defaults when they are too few).

    Args:
        items: Training items in the order the reviews happened.
    """
    return _Log(items).fit(len(items))


def predict(parameters: Sequence[float], items: Sequence[TrainingItem]) -> list[float]:
    """Return the recall each item's last review was predicted to have, from the reviews before it."""
    return _Log(items).predict(parameters, 0, len(items))


@lru_cache(maxsize=4096)
def _bin(days: int, length: int, lapses: int) -> tuple[int, int, int]:
    """The benchmark's group of an item: by interval, by review count and by lapses, on log scales."""
    interval = round(2.48 * 3.62 ** math.floor(math.log(days, 3.62)) * 100)
    count = round(1.99 * 1.89 ** math.floor(math.log(length + 1, 1.89)))
    lapse = round(1.65 * 1.73 ** math.floor(math.log(lapses, 1.73))) if lapses else 0
    return interval, count, lapse


def _group(item: TrainingItem) -> tuple[int, int, int]:
    reviews = item.reviews
    length = sum(1 for _, d in reviews if d > 0)
    lapses = sum(1 for r, d in reviews[:-1] if r == 1 and d > 0)
    return _bin(reviews[-1][1], length, lapses)


def evaluate(predictions: Sequence[float], items: Sequence[TrainingItem]) -> Evaluation:
    """Return the log loss and RMSE(bins) of predictions of ``items``' last reviews."""
    if not items:
        raise ValueError("nothing to evaluate")
    groups: dict[tuple[int, int, int], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    loss = 0.0
    for p, item in zip(predictions, items, strict=True):
        y = 1.0 if item.recalled else 0.0
        group = groups[_group(item)]
        group[0] += p
        group[1] += y
        group[2] += 1
        p = min(max(p, 1e-7), 1 - 1e-7)
        loss -= y * math.log(p) + (1 - y) * math.log(1 - p)
    squares = sum((g[0] / g[2] - g[1] / g[2]) ** 2 * g[2] for g in groups.values())
    return Evaluation(loss / len(items), math.sqrt(squares / len(items)), len(items))


def _time_series(log: _Log, baseline: Sequence[float]) -> tuple[Evaluation, Evaluation]:
    n = len(log.items)
    segment = n // (SPLITS + 1)
    if segment == 0:
        raise NotEnoughReviews(n)
    fitted: list[float] = []
    base: list[float] = []
    for k in range(SPLITS):
        start = (k + 1) * segment
        end = n if k == SPLITS - 1 else start + segment
        fitted += log.predict(log.fit(start), start, end)
        base += log.predict(baseline, start, end)
    tested = log.items[segment:]
    return evaluate(fitted, tested), evaluate(base, tested)


def held_out(items: Sequence[TrainingItem]) -> list[TrainingItem]:
    """Return the items the time-series split predicts (all but the first segment)."""
    return list(items[len(items) // (SPLITS + 1) :])


def split_evaluation(items: Sequence[TrainingItem], parameters: Sequence[float]) -> Evaluation | None:
    """Return how fixed ``parameters`` predict the time-series split's test segments (None: too few items)."""
    if len(items) // (SPLITS + 1) == 0:
        return None
    tested = held_out(items)
    return evaluate(predict(parameters, tested), tested)


def time_series_evaluation(
    items: Sequence[TrainingItem], *, baseline: Sequence[float] = DEFAULT_PARAMETERS
) -> tuple[Evaluation, Evaluation]:
    """Return the time-series-split evaluation of fitting, and of ``baseline`` on the same segments.

    Raises:
        NotEnoughReviews: Fewer items than the split has segments.
    """
    return _time_series(_Log(items), baseline)


def fit(items: Sequence[TrainingItem], *, current: Sequence[float] | None = None) -> Fit:
    """Fit parameters to a learner's items and evaluate them.

    Args:
        items: The learner's training items, in the order the reviews happened.
        current: The parameters in use (None: the defaults), for the rule that
            keeps them when the new ones predict no better.

    Raises:
        NotEnoughReviews: The optimizer found too few items to learn from.
    """
    started = time.perf_counter()
    if len(items) < MIN_TRAINING_ITEMS:
        raise NotEnoughReviews(len(items))
    log = _Log(items)
    parameters = log.fit(len(items))
    if parameters == DEFAULT_PARAMETERS:
        raise NotEnoughReviews(len(items))
    fitted, defaults = _time_series(log, DEFAULT_PARAMETERS)
    in_use = tuple(current) if current is not None else DEFAULT_PARAMETERS
    current_loss = evaluate(log.predict(in_use, 0, len(items)), items).log_loss
    new_loss = evaluate(log.predict(parameters, 0, len(items)), items).log_loss
    return Fit(
        parameters=parameters,
        items=len(items),
        fitted=fitted,
        defaults=defaults,
        current_log_loss=current_loss,
        new_log_loss=new_loss,
        seconds=time.perf_counter() - started,
    )

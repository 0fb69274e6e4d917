"""The memory model fitted to each learner: FSRS parameters, their evaluation and their cost.

Pure: plain data in, plain data out; no Flask, no database. The app's review
log goes in as :class:`ReviewEvent` values; out come fitted parameters with
their evaluation (:mod:`quiz.memory.fitting`), the workload at a range of
desired retentions (:mod:`quiz.memory.workload`), the day a review lands on
when load balancing or easy days are on (:mod:`quiz.memory.balance`), and
predicted-against-actual recall in bins (:mod:`quiz.memory.calibration`).
Fitting and simulation run in ``fsrs-rs-python``, the Rust optimizer Anki
uses; scheduling stays in ``fsrs`` (:mod:`quiz.scheduling`).
"""

from quiz.memory.balance import MAX_BALANCED_INTERVAL, balanced_interval, fuzz_range
from quiz.memory.calibration import CalibrationBin, calibration_bins
from quiz.memory.fitting import (
    DEFAULT_PARAMETERS,
    MIN_TRAINING_ITEMS,
    Evaluation,
    Fit,
    NotEnoughReviews,
    fit,
    optimizer_version,
)
from quiz.memory.history import ReviewEvent, TrainingItem, training_items
from quiz.memory.workload import RETENTIONS, StudyHabits, WorkloadPoint, best, study_habits, workload

__all__ = [
    "DEFAULT_PARAMETERS",
    "MAX_BALANCED_INTERVAL",
    "MIN_TRAINING_ITEMS",
    "RETENTIONS",
    "CalibrationBin",
    "Evaluation",
    "Fit",
    "NotEnoughReviews",
    "ReviewEvent",
    "StudyHabits",
    "TrainingItem",
    "WorkloadPoint",
    "balanced_interval",
    "best",
    "calibration_bins",
    "fit",
    "fuzz_range",
    "optimizer_version",
    "study_habits",
    "training_items",
    "workload",
]

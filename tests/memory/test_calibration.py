"""Predicted against actual recall in bins."""

import pytest

from quiz.memory.calibration import bin_index, calibration_bins, from_sums


def test_pairs_are_grouped_by_prediction():
    pairs = [(0.91, True), (0.93, False), (0.97, True), (1.0, True), (0.42, False)]
    bins = calibration_bins(pairs)
    assert [(b.low, b.high, b.count) for b in bins] == [(0.4, 0.45, 1), (0.9, 0.95, 2), (0.95, 1.0, 2)]
    assert bins[1].predicted == pytest.approx(0.92) and bins[1].actual == 0.5
    assert bins[2].actual == 1.0
    assert bin_index(1.0) == 19 and bin_index(0.0) == 0


def test_sums_from_a_database_give_the_same_bins():
    pairs = [(0.81, True), (0.83, True), (0.84, False)]
    assert from_sums([(16, 2.48, 2, 3), (3, 0.0, 0, 0)]) == calibration_bins(pairs)

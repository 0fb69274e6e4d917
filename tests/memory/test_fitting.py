"""Fitting and evaluating FSRS parameters on the shared learner's log."""

import math

import fsrs_rs_python as rs
import pytest

from quiz.memory import DEFAULT_PARAMETERS, MIN_TRAINING_ITEMS, NotEnoughReviews, fit
from quiz.memory.fitting import _Log, evaluate, predict, split_evaluation, time_series_evaluation


@pytest.fixture(scope="module")
def fitted(shared_items):
    return fit(shared_items)


def test_fitted_parameters_beat_the_defaults_on_reviews_they_were_not_fitted_on(fitted, shared_items):
    # The targets: RMSE(bins) 0.065 or less on a time-series split, against
    # 0.076 for the defaults scored on every review as Anki's evaluation does.
    assert fitted.fitted.rmse_bins <= 0.065
    assert fitted.fitted.rmse_bins < fitted.defaults.rmse_bins
    assert fitted.fitted.log_loss < fitted.defaults.log_loss
    all_items = rs.FSRS(list(DEFAULT_PARAMETERS)).evaluate(_Log(shared_items).whole)
    assert all_items.rmse_bins == pytest.approx(0.0766, abs=0.001)
    assert fitted.improves and fitted.new_log_loss < fitted.current_log_loss
    assert len(fitted.parameters) == 21 and fitted.parameters != DEFAULT_PARAMETERS
    assert fitted.items == len(shared_items) == 6276


def test_the_split_evaluation_is_the_one_fsrs_rs_computes(fitted, shared_items):
    log = _Log(shared_items)
    library = rs.evaluate_with_time_series_splits(log.whole, log.cards, True, 1)
    assert fitted.fitted.log_loss == pytest.approx(library.log_loss, rel=1e-4)
    assert fitted.fitted.rmse_bins == pytest.approx(library.rmse_bins, rel=1e-3)


def test_the_defaults_figure_uses_the_same_segments(fitted, shared_items):
    assert split_evaluation(shared_items, DEFAULT_PARAMETERS) == fitted.defaults
    assert fitted.defaults.items == fitted.fitted.items == len(shared_items) - len(shared_items) // 6


def test_parameters_in_use_that_predict_better_are_kept(fitted, shared_items):
    again = fit(shared_items, current=fitted.parameters)
    assert not again.improves  # the same log gives the same fit: nothing better


def test_too_few_reviews_are_refused_with_the_optimizers_minimum(shared_items):
    with pytest.raises(NotEnoughReviews) as refused:
        fit(shared_items[: MIN_TRAINING_ITEMS - 1])
    assert refused.value.items == MIN_TRAINING_ITEMS - 1
    assert f"at least {MIN_TRAINING_ITEMS}" in str(refused.value)
    with pytest.raises(NotEnoughReviews):
        fit([])


def test_predictions_follow_the_forgetting_curve(shared_items):
    first = [item for item in shared_items if len(item.reviews) == 2][:50]
    predictions = predict(DEFAULT_PARAMETERS, first)
    assert all(0 < p <= 1 for p in predictions)
    longer = sorted(zip((i.reviews[-1][1] for i in first), predictions, (i.reviews[0][0] for i in first), strict=True))
    same_rating = [p for days, p, rating in longer if rating == 3]
    assert same_rating == sorted(same_rating, reverse=True)  # more days, lower recall


def test_evaluate_scores_perfect_and_poor_predictions(shared_items):
    items = shared_items[:600]
    truth = [0.999 if i.recalled else 0.001 for i in items]
    perfect = evaluate(truth, items)
    poor = evaluate([0.5] * len(items), items)
    assert perfect.log_loss < 0.01 and perfect.rmse_bins < 0.01
    assert poor.log_loss == pytest.approx(math.log(2))
    assert poor.rmse_bins > 0.2


def test_time_series_evaluation_needs_a_segment_of_items(shared_items):
    with pytest.raises(NotEnoughReviews):
        time_series_evaluation(shared_items[:5])

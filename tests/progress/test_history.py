"""Activity, accuracy, true retention, streaks and the calendar against a history worked out by hand.

Ada lives in New York and starts her study day at 4 a.m. In 2026 the clocks go
forward at 2 a.m. on 8 March, so her study day of 7 March lasts 23 hours: from
09:00 UTC (4 a.m. EST) to 08:00 UTC on 8 March (4 a.m. EDT).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from quiz.models import Review
from quiz.periods import period
from quiz.services.learning.queue import next_card
from quiz.services.stats.history import activity, quiz_scores
from quiz.services.stats.streaks import Streak, current_streaks, study_days

NY = "America/New_York"

NOW = datetime(2026, 3, 10, 16, 0, tzinfo=UTC)  # noon EDT, study day 10 March


def streak(user, now):
    """The learner's streaks, as the progress page finds them."""
    return study_days(user, now).streak


def daily_reviews(user, first, last, now=NOW):
    """The learner's reviews per study day from ``first`` to ``last``, as seen at ``now``."""
    return {day: n for day, n in study_days(user, now).reviews.items() if first <= day <= last}


def utc(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def ada(history):
    """Ada's history (study day in brackets, New York time, 4 a.m. start)."""
    ada = history.learner("ada", tz=NY, hour=4)
    # Long ago: two Easy ratings each make relations-date and aid-amount mature cards.
    for at in (utc(12, 1, 15, year=2025), utc(12, 9, 15, year=2025)):
        history.review(ada, "relations-date", 4, at, correct=True)
        history.review(ada, "aid-amount", 4, at, correct=True)
    history.review(ada, "treaty-name", 3, utc(3, 4, 9, 30), correct=True)  # 04:30 EST [4 Mar]
    history.review(ada, "capital-flashcard", 1, utc(3, 5, 8, 30))  # 03:30 EST [4 Mar]: before 4 a.m.
    history.review(ada, "relations-date", 3, utc(3, 7, 8, 30), correct=True)  # 03:30 EST [6 Mar], mature, passed
    history.review(ada, "aid-amount", 1, utc(3, 8, 7, 30), correct=False)  # 03:30 EDT [7 Mar], mature, lapsed
    history.review(ada, "founding-cloze", 1, utc(3, 8, 8, 30), correct=False)  # 04:30 EDT [8 Mar]
    history.review(ada, "treaty-name", 3, utc(3, 10, 12), correct=True)  # [10 Mar]
    history.review(ada, "capital-flashcard", 3, utc(3, 10, 12, 5))  # [10 Mar], a flashcard not failed: right
    history.review(ada, "founding-cloze", 3, utc(3, 10, 12, 10), correct=True)
    history.undo(ada, utc(3, 10, 12, 11))  # undone: counts nowhere
    return ada


def test_the_two_old_reviews_made_mature_cards(ada, query):
    intervals = query(
        lambda s: s.scalars(
            Review.__table__.select()
            .with_only_columns(Review.interval_before)
            .where(Review.reviewed_at.between(utc(3, 7, 0), utc(3, 8, 8)))
            .order_by(Review.reviewed_at)
        ).all()
    )
    assert len(intervals) == 2 and all(i >= 21 for i in intervals)


def test_reviews_per_study_day_follow_new_york_time_across_the_clock_change(ada, history):
    spent = history.call(activity, ada, NOW, period("7"))
    assert (spent.first, spent.last, spent.bucket_days) == (date(2026, 3, 4), date(2026, 3, 10), 1)
    by_day = {b.first: b.tally.ratings for b in spent.buckets}
    assert by_day == {
        date(2026, 3, 4): (1, 0, 1, 0),
        date(2026, 3, 5): (0, 0, 0, 0),
        date(2026, 3, 6): (0, 0, 1, 0),
        date(2026, 3, 7): (1, 0, 0, 0),
        date(2026, 3, 8): (1, 0, 0, 0),
        date(2026, 3, 9): (0, 0, 0, 0),
        date(2026, 3, 10): (0, 0, 2, 0),
    }


def test_accuracy_and_true_retention_over_the_week(ada, history):
    total = history.call(activity, ada, NOW, period("7")).total
    # Seven reviews; right: treaty twice, relations, the flashcard rated Good. 4 of 7.
    assert total.reviews == 7
    assert total.accuracy == pytest.approx(4 / 7)
    # Mature reviews: relations (Good, passed) and aid (Again, lapsed): 1 of 2.
    assert (total.mature, total.mature_passed) == (2, 1)
    assert total.retention == 0.5


def test_time_per_day_adds_up_the_durations(history):
    bo = history.learner("bo", tz=NY)
    history.review(bo, "treaty-name", 3, utc(3, 10, 12), duration_ms=30_000)
    history.review(bo, "aid-amount", 3, utc(3, 10, 13), duration_ms=90_000)
    history.review(bo, "capital-flashcard", 3, utc(3, 9, 13), duration_ms=15_000)
    spent = history.call(activity, bo, NOW, period("7"))
    assert {b.first: b.tally.seconds for b in spent.buckets if b.tally.seconds} == {
        date(2026, 3, 10): 120.0,
        date(2026, 3, 9): 15.0,
    }


def test_a_year_is_counted_in_weeks_ending_today(ada, history):
    spent = history.call(activity, ada, NOW, period("365"))
    assert spent.bucket_days == 7
    assert len(spent.buckets) == 53  # 52 weeks and a first bucket of one day
    assert spent.buckets[-1].first == date(2026, 3, 4) and spent.buckets[-1].days == 7
    assert spent.buckets[0].days == 1 and spent.buckets[0].first == date(2025, 3, 11)
    assert spent.buckets[-1].tally.reviews == 7
    assert spent.total.reviews == 11


def test_all_time_starts_on_the_first_study_day(ada, history):
    spent = history.call(activity, ada, NOW, period("all"))
    assert spent.first == date(2025, 12, 1)
    assert spent.total.reviews == 11


def test_streaks_count_study_days_in_the_learners_zone(ada, history):
    # Study days: 1 and 9 Dec, then 4, 6, 7, 8 and 10 March. In UTC the reviews
    # would fall on 4, 5, 7, 8 and 10 March instead: two runs of two.
    assert history.call(streak, ada, NOW) == Streak(current=1, longest=3)
    # At 1 a.m. on 11 March it is still the study day of 10 March.
    assert history.call(streak, ada, utc(3, 11, 5)).current == 1
    # Not yet studied on 11 March: yesterday's streak still stands.
    assert history.call(streak, ada, utc(3, 11, 15)).current == 1
    # A day missed: the streak is over.
    assert history.call(streak, ada, utc(3, 12, 15)) == Streak(current=0, longest=3)


def test_the_class_finds_the_same_current_streaks(ada, history):
    from quiz.models import User

    ben = history.learner("ben", tz="UTC")
    for day in range(40):  # every day for 40 days: deeper than the first probe
        history.review(ben, "aid-amount", 3, NOW - timedelta(days=day, hours=1))
    for now in (NOW, utc(3, 11, 5), utc(3, 11, 15), utc(3, 12, 15)):
        found = history._run(lambda at=now: current_streaks(User.id.in_([ada, ben]), at))
        assert found == {ada: history.call(streak, ada, now).current, ben: history.call(streak, ben, now).current}
    assert history._run(lambda: current_streaks(User.id == ben, NOW)) == {ben: 40}


def test_a_learner_without_reviews_has_no_streak(history):
    cy = history.learner("cy")
    assert history.call(streak, cy, NOW) == Streak(0, 0)


def test_the_calendar_counts_reviews_per_study_day(ada, history):
    days = history.call(daily_reviews, ada, date(2026, 3, 1), date(2026, 3, 10))
    assert days == {
        date(2026, 3, 4): 2,
        date(2026, 3, 6): 1,
        date(2026, 3, 7): 1,
        date(2026, 3, 8): 1,
        date(2026, 3, 10): 2,
    }


def test_the_long_autumn_day_keeps_its_25th_hour(history):
    # 1 November 2026: clocks go back at 2 a.m.; the study day of 31 October runs
    # from 08:00 UTC (4 a.m. EDT) to 09:00 UTC on 1 November (4 a.m. EST).
    di = history.learner("di", tz=NY, hour=4)
    history.review(di, "treaty-name", 3, datetime(2026, 11, 1, 8, 30, tzinfo=UTC))  # 03:30 EST [31 Oct]
    history.review(di, "aid-amount", 3, datetime(2026, 11, 1, 9, 30, tzinfo=UTC))  # 04:30 EST [1 Nov]
    history.review(di, "capital-flashcard", 3, datetime(2026, 10, 31, 8, 10, tzinfo=UTC))  # 04:10 EDT [31 Oct]
    days = history.call(daily_reviews, di, date(2026, 10, 30), date(2026, 11, 2), datetime(2026, 11, 2, tzinfo=UTC))
    assert days == {date(2026, 10, 31): 2, date(2026, 11, 1): 1}
    assert history.call(streak, di, datetime(2026, 11, 1, 20, tzinfo=UTC)) == Streak(2, 2)


def test_the_daily_new_card_limit_resets_at_4am_local_on_the_short_day(app, history):
    # New cards: one a day. The study day of 7 March ends at 08:00 UTC on 8 March.
    ed = history.learner("ed", tz=NY, hour=4)
    with app.app_context():
        from quiz.extensions import db
        from quiz.models import User

        db.session.get(User, ed).new_per_day = 1
        db.session.commit()
    history.review(ed, "treaty-name", 4, utc(3, 7, 20))  # [7 Mar]
    assert history.call(next_card, ed, utc(3, 8, 7, 50)) is None  # 03:50 EDT: still 7 March
    item = history.call(next_card, ed, utc(3, 8, 8, 10))  # 04:10 EDT: 8 March
    assert item is not None and item.card is None


def test_quiz_scores_of_the_period_oldest_first(history):
    fay = history.learner("fay")
    first = history.quiz(fay, [True, True, False, True, True], utc(3, 2, 10))
    second = history.quiz(fay, [True, False, False, True, False], utc(3, 9, 10))
    history.quiz(fay, [True, True], utc(3, 9, 11), finish=False)  # unfinished: not a score
    history.quiz(fay, [True], utc(2, 1, 10))  # before the period
    scores = history.call(quiz_scores, fay, utc(3, 4, 4), utc(3, 11, 4))
    assert [(s.attempt_id, s.score, s.length) for s in scores] == [(second, 2, 5)]
    scores = history.call(quiz_scores, fay, utc(2, 25, 4), utc(3, 11, 4))
    assert [(s.attempt_id, s.share) for s in scores] == [(first, 0.8), (second, 0.4)]
    assert scores[0].finished_at == utc(3, 2, 10)

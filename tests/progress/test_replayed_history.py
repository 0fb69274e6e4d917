"""A real learner's review log, replayed through record_review, against figures worked out in Python.

The log (../shared/data/fsrs_review_logs_12580.csv, Open Spaced Repetition's test
data, read in place) has realistic sessions, gaps of weeks and evenings that cross
midnight. Its first weeks, up to 25 July 2024, are replayed for a learner in
London whose study day starts at 4 a.m. (GMT in March, BST from the 31st; a
few hundred reviews fall after midnight and before 4 a.m.); every figure is then
compared with a count made directly from the CSV rows, and the study-day tallies
the pages read with the same figures worked out from the stored log
(:mod:`tests.progress.direct`), in every period and after moves to other zones.
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from quiz import create_app
from quiz.days import study_date, zone
from quiz.extensions import db
from quiz.models import Question, Review, User
from quiz.periods import PERIODS, period
from quiz.scheduling import Rating
from quiz.services.accounts.users import Settings, create_user, update_settings
from quiz.services.learning.study import record_review
from quiz.services.stats.classroom import item_analysis
from quiz.services.stats.history import activity
from quiz.services.stats.streaks import study_days
from tests.progress import direct
from tests.support import PASSWORD, app_config, clone_database, drop_database, shared_data

LOG = shared_data("fsrs_review_logs_12580.csv")
TZ, HOUR = "Europe/London", 4
UNTIL = datetime(2024, 7, 26, tzinfo=UTC)


def read_log() -> list[dict]:
    if not LOG.exists():
        pytest.fail(f"{LOG} not found: the shared review log is needed (see ../shared/data/README.md)")
    with LOG.open() as handle:
        rows = [
            {
                "card": r["card_id"],
                "rating": int(r["review_rating"]),
                "at": datetime.fromisoformat(r["review_time"]),
                "ms": int(r["review_duration"]),
            }
            for r in csv.DictReader(handle)
        ]
    return [r for r in rows if r["at"] < UNTIL]


@pytest.fixture(scope="module")
def replayed(tmp_path_factory, template_db):
    """An app whose learner 'lou' has the log's reviews; the rows replayed."""
    folder = tmp_path_factory.mktemp("replay")
    clone_database(template_db, folder)
    app = create_app(app_config(folder, template_db / "bank"))
    rows = read_log()
    with app.app_context():
        lou = create_user("lou", PASSWORD)
        lou.timezone, lou.day_start_hour = TZ, HOUR
        deck = db.session.scalar(sa.select(Question.deck_id))
        cards = sorted({r["card"] for r in rows})
        db.session.execute(
            sa.insert(Question),
            [
                {
                    "key": f"log-{c}",
                    "deck_id": deck,
                    "position": 100 + i,
                    "type": "flashcard",
                    "prompt": f"Card {c}",
                    "answer": "-",
                }
                for i, c in enumerate(cards)
            ],
        )
        db.session.commit()
        ids = dict(db.session.execute(sa.select(Question.key, Question.id)).all())
        seen: Counter[int] = Counter()
        for r in rows:
            question = ids[f"log-{r['card']}"]
            assert (
                record_review(
                    lou, question, Rating(r["rating"]), seen_reps=seen[question], now=r["at"], duration_ms=r["ms"]
                )
                is not None
            )
            seen[question] += 1
        user_id = lou.id
        db.session.remove()
    yield app, user_id, rows
    drop_database(folder)


def call(replayed, service, *args):
    app, user_id, _ = replayed
    with app.app_context():
        try:
            return service(db.session.get(User, user_id), *args)
        finally:
            db.session.remove()


def test_reviews_per_study_day_match_the_log(replayed):
    rows = replayed[2]
    now = rows[-1]["at"] + timedelta(hours=1)
    expected = Counter(study_date(r["at"], TZ, HOUR) for r in rows)
    assert call(replayed, study_days, now).reviews == dict(expected)
    # A session running past midnight counts toward the day it began, until 4 a.m.
    assert any(study_date(r["at"], TZ, HOUR) != r["at"].astimezone(zone(TZ)).date() for r in rows)


def runs(days: list[date]) -> list[int]:
    lengths, previous = [], None
    for day in sorted(days):
        if previous is not None and day - previous == timedelta(days=1):
            lengths[-1] += 1
        else:
            lengths.append(1)
        previous = day
    return lengths


def test_streaks_match_the_log(replayed):
    rows = replayed[2]
    days = sorted({study_date(r["at"], TZ, HOUR) for r in rows})
    lengths = runs(days)
    last = rows[-1]["at"]
    streak = call(replayed, study_days, last + timedelta(hours=1)).streak
    assert (streak.current, streak.longest) == (lengths[-1], max(lengths))
    assert max(lengths) >= 3
    later = datetime.combine(days[-1] + timedelta(days=3), datetime.min.time(), UTC) + timedelta(hours=20)
    assert call(replayed, study_days, later).streak.current == 0


def test_accuracy_time_and_retention_over_all_time_match_the_log(replayed):
    app, user_id, rows = replayed
    now = rows[-1]["at"] + timedelta(hours=1)
    total = call(replayed, activity, now, period("all")).total
    assert total.reviews == len(rows)
    assert total.ratings == tuple(sum(1 for r in rows if r["rating"] == n) for n in (1, 2, 3, 4))
    # Flashcards: right unless rated Again.
    assert total.correct == sum(1 for r in rows if r["rating"] > 1)
    assert total.seconds == pytest.approx(sum(min(r["ms"], 600_000) for r in rows) / 1000)
    with app.app_context():
        logged = db.session.execute(sa.select(Review.state_before, Review.interval_before, Review.rating)).all()
        db.session.remove()
    mature = [r for r in logged if r.state_before == 2 and r.interval_before is not None and r.interval_before >= 21]
    assert mature, "the replay should reach mature cards"
    assert (total.mature, total.mature_passed) == (len(mature), sum(1 for r in mature if r.rating > 1))


def test_the_study_day_tallies_match_the_log_in_every_period(replayed):
    app, user_id, rows = replayed
    with app.app_context():
        try:
            log = direct.live_log(db.session)
            days = direct.day_tallies(log, user_id, TZ, HOUR)
            assert direct.stored_tallies(db.session, user_id) == days
            assert direct.stored_item_tallies(db.session, user_id) == direct.item_tallies(log, user_id, TZ, HOUR)
            user = db.session.get(User, user_id)
            for now in (rows[len(rows) // 2]["at"], rows[-1]["at"] + timedelta(hours=1), UNTIL + timedelta(days=40)):
                today = study_date(now, TZ, HOUR)
                for chosen in PERIODS:
                    expected = direct.activity(days, today, chosen)
                    found = activity(user, now, chosen).buckets
                    assert [(b.first, b.days, b.tally.ratings, b.tally.correct) for b in found] == [
                        (first, n, t[:4], t[4]) for first, n, t in expected
                    ]
                    assert [(b.tally.milliseconds, b.tally.mature, b.tally.mature_passed) for b in found] == [
                        t[5:] for _, _, t in expected
                    ]
        finally:
            db.session.remove()


def test_a_move_to_another_zone_recounts_the_days_and_a_move_back_restores_them(replayed):
    app, user_id, rows = replayed
    now = rows[-1]["at"] + timedelta(hours=1)
    with app.app_context():
        try:
            log = direct.live_log(db.session)
            for tz, hour in (("America/Los_Angeles", 0), ("Asia/Kolkata", 6), (TZ, HOUR)):
                user = db.session.get(User, user_id)
                update_settings(user, Settings(user.desired_retention, user.new_per_day, tz, hour))
                user = db.session.get(User, user_id)
                days = direct.day_tallies(log, user_id, tz, hour)
                assert direct.stored_tallies(db.session, user_id) == days
                assert direct.stored_item_tallies(db.session, user_id) == direct.item_tallies(log, user_id, tz, hour)
                studied = study_days(user, now)
                assert studied.reviews == {day: sum(t[:4]) for day, t in days.items()}
                assert (studied.streak.current, studied.streak.longest) == direct.streaks(
                    days, study_date(now, tz, hour)
                )
        finally:
            db.session.remove()


def test_the_item_analysis_from_the_tallies_matches_the_log_in_every_period(replayed):
    app, user_id, rows = replayed
    with app.app_context():
        try:
            log = direct.live_log(db.session)
            for now in (rows[len(rows) // 2]["at"], rows[-1]["at"] + timedelta(hours=1), UNTIL + timedelta(days=40)):
                for chosen in PERIODS:
                    start = direct.period_start(now, (TZ, HOUR), chosen)
                    expected = direct.items(log, [user_id], {user_id: start})
                    found = item_analysis(now, chosen, min_group=1)
                    direct.assert_items_agree(found, expected, chosen, discrimination=False)
                    if chosen.days == 30 and now < UNTIL:
                        assert sum(i.attempts for i in found) > 100
        finally:
            db.session.remove()

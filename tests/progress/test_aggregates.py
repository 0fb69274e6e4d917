"""Study-day tallies agree with the review log, whatever learners do.

Learners rate, undo, take quizzes and change their time zone and day-start hour
at random moments, in several zones (one with a two-hour jump over the start
hour, others half or three quarters of an hour off UTC) and across clock
changes; afterwards every progress figure the pages show (tallies per study
day, activity over each period, streaks, accuracy, the class roster and the item
analysis) must equal the same figure worked out directly from the log
(:mod:`tests.progress.direct`). Then the ways the tallies are rebuilt: the
migration that creates them, the command that recounts them, and learners
rating while their zone changes under them.
"""

from __future__ import annotations

import itertools
import multiprocessing
import random
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event as sa_event

from quiz import create_app
from quiz.bank import cloze_gaps
from quiz.database import MIGRATIONS_DIR
from quiz.days import study_date
from quiz.extensions import db
from quiz.models import Card, ItemDay, Question, QuizAttempt, Role, StudyDay, User
from quiz.periods import PERIODS
from quiz.scheduling import Rating
from quiz.services.accounts.removal import delete_account
from quiz.services.accounts.throttle import Client
from quiz.services.accounts.users import Settings, create_user, update_settings
from quiz.services.learning import quizzes
from quiz.services.learning.study import record_review, undo_last
from quiz.services.stats import daily
from quiz.services.stats.classroom import item_analysis, roster
from quiz.services.stats.history import activity
from quiz.services.stats.progress import overview
from quiz.services.stats.streaks import current_streaks, study_days
from tests.progress import direct
from tests.support import PASSWORD, Accounts, app_config, clone_database, csrf_token, drop_database, hidden

ZONES = [
    "UTC",
    "America/New_York",
    "Europe/London",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Antarctica/Troll",
    "Pacific/Auckland",
]
#: Around the March clock changes of 2026 (New York 8 March, London 29 March, Troll 29 March).
START = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
#: The migration that made the tallies, and the revision below it.
STUDY_DAYS = "0007_study_days"
BELOW_STUDY_DAYS = ScriptDirectory(str(MIGRATIONS_DIR)).get_revision(STUDY_DAYS).down_revision
#: The revision below the one that made the tallies per question and study day.
BELOW_ITEM_DAYS = ScriptDirectory(str(MIGRATIONS_DIR)).get_revision("0015_item_days").down_revision


@pytest.fixture(scope="module")
def class_app(tmp_path_factory, template_db):
    """One app for every generated history; each history brings its own learners."""
    folder = tmp_path_factory.mktemp("aggregates")
    clone_database(template_db, folder)
    app = create_app(app_config(folder, template_db / "bank"))
    yield app
    with app.app_context():
        db.engine.dispose()
    drop_database(folder)


_names = itertools.count()


def right_answer(question: Question) -> str | list[str]:
    if question.type == "cloze":
        return [gap[0] for gap in cloze_gaps(question.prompt)]
    return question.answer


def play(events: list[tuple[Any, ...]], tz: list[tuple[str, int]]) -> tuple[list[int], datetime]:
    """Replace the class by learners in zones ``tz`` and let them do ``events``.

    Returns their ids and the time of the last event.
    """
    db.session.execute(sa.delete(User))
    db.session.commit()
    ids = []
    for zone, hour in tz:
        user = create_user(f"learner{next(_names)}", PASSWORD)
        user.timezone, user.day_start_hour = zone, hour
        db.session.commit()
        ids.append(user.id)
    keys = list(db.session.scalars(sa.select(Question.id).where(Question.retired_at.is_(None)).order_by(Question.id)))
    at = START
    for event in events:
        kind, who, minutes = event[:3]
        at += timedelta(minutes=minutes)
        user = db.session.get(User, ids[who])
        if kind == "review":
            _, _, _, question, rating, correct, duration, origin = event
            question_id = keys[question % len(keys)]
            card = db.session.get(Card, (user.id, question_id))
            record_review(
                user,
                question_id,
                Rating(rating),
                seen_reps=card.reps if card else 0,
                now=at,
                correct=correct,
                duration_ms=duration,
                origin=origin,
            )
        elif kind == "undo":
            undo_last(user, at)
        elif kind == "zone":
            _, _, _, zone, hour = event
            update_settings(user, Settings(user.desired_retention, user.new_per_day, zone, hour))
        else:  # a quiz, each answer right or wrong as drawn
            _, _, _, answers = event
            attempt = quizzes.start_quiz(user, deck_id=None, kinds=(), length=len(answers), time_limit_s=None, now=at)
            for position, right in enumerate(answers[: attempt.length], start=1):
                slot = db.session.get(QuizAttempt, attempt.id).answers[position - 1]
                given = right_answer(slot.question) if right else "?"
                quizzes.answer_question(user, attempt.id, position, given, now=at + timedelta(seconds=position))
        db.session.remove()
    return ids, at


minutes = st.integers(0, 3 * 24 * 60)
events = st.lists(
    st.one_of(
        st.tuples(
            st.just("review"),
            st.integers(0, 2),
            minutes,
            st.integers(0, 5),
            st.integers(1, 4),
            st.none() | st.booleans(),
            st.integers(0, 30_000),
            st.sampled_from(["study", "study", "quiz"]),
        ),
        st.tuples(st.just("undo"), st.integers(0, 2), st.integers(0, 90)),
        st.tuples(st.just("zone"), st.integers(0, 2), minutes, st.sampled_from(ZONES), st.integers(0, 23)),
        st.tuples(st.just("quiz"), st.integers(0, 2), minutes, st.lists(st.booleans(), min_size=1, max_size=3)),
    ),
    min_size=1,
    max_size=25,
)


def check_against_the_log(now: datetime) -> None:
    """Every figure of every learner, and of the class, against the log (inside an app context)."""
    log = direct.live_log(db.session)
    zone_of = direct.zones(db.session)
    class_ids = direct.learners(db.session)
    for user_id in class_ids:
        tz, hour = zone_of[user_id]
        days = direct.day_tallies(log, user_id, tz, hour)
        assert direct.stored_tallies(db.session, user_id) == days
        assert direct.stored_item_tallies(db.session, user_id) == direct.item_tallies(log, user_id, tz, hour)
        user = db.session.get(User, user_id)
        today = study_date(now, tz, hour)
        for period in PERIODS:
            spent = activity(user, now, period)
            assert [(b.first, b.days, b.tally) for b in spent.buckets] == [
                (first, n, _as_tally(t)) for first, n, t in direct.activity(days, today, period)
            ], period
        studied = study_days(user, now)
        assert studied.reviews == {day: sum(t[:4]) for day, t in days.items() if day <= today}
        assert (studied.streak.current, studied.streak.longest) == direct.streaks(days, today)
        glance = overview(user, now)
        week = direct.add([t for day, t in days.items() if day >= today - timedelta(days=6)])
        month = direct.add([t for day, t in days.items() if day >= today - timedelta(days=29)])
        # As before the tallies: from the start of a day on, reviews dated later included.
        assert glance.reviews_today == sum(sum(t[:4]) for day, t in days.items() if day >= today)
        assert (glance.reviews_7, glance.reviews_30) == (sum(week[:4]), sum(month[:4]))
        assert glance.accuracy_7 == (week[4] / sum(week[:4]) if sum(week[:4]) else None)
        assert glance.accuracy_30 == (month[4] / sum(month[:4]) if sum(month[:4]) else None)
    streaks = current_streaks(User.role == Role.LEARNER, now)
    for period in PERIODS:
        starts = {u: direct.period_start(now, zone_of[u], period) for u in class_ids}
        rows = {row.user_id: row for row in roster(now, period)}
        for user_id in class_ids:
            tz, hour = zone_of[user_id]
            counted = [
                r for r in log if r.user_id == user_id and (starts[user_id] is None or r.reviewed_at >= starts[user_id])
            ]
            mature = [r for r in counted if r.mature]
            today = study_date(now, tz, hour)
            current = direct.streaks(direct.day_tallies(log, user_id, tz, hour), today)[0]
            assert rows[user_id].reviews == len(counted)
            assert rows[user_id].retention == (sum(r.rating != 1 for r in mature) / len(mature) if mature else None)
            assert rows[user_id].streak == streaks[user_id] == current
        # The arithmetic, on a tiny class.
        direct.assert_items_agree(item_analysis(now, period, min_group=1), direct.items(log, class_ids, starts))


def _as_tally(t: direct.Tally) -> Any:
    from quiz.services.stats.history import Tally

    return Tally((t[0], t[1], t[2], t[3]), t[4], t[5], t[6], t[7])


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    events=events,
    tz=st.lists(st.tuples(st.sampled_from(ZONES), st.integers(0, 23)), min_size=3, max_size=3),
    later=st.integers(0, 2 * 24 * 60),
)
def test_random_histories_agree_with_the_log(class_app, events, tz, later):
    with class_app.app_context():
        try:
            _, at = play(events, tz)
            check_against_the_log(at + timedelta(minutes=later))
        finally:
            db.session.remove()


def test_a_change_of_zone_moves_reviews_to_other_study_days(app, history):
    # Late evening in New York is the next morning in Tokyo.
    ada = history.learner("ada", tz="America/New_York", hour=4)
    history.review(ada, "aid-amount", 3, datetime(2026, 3, 2, 2, 0, tzinfo=UTC), correct=True)  # 21:00 on 1 March
    history.review(ada, "treaty-name", 1, datetime(2026, 3, 2, 14, 0, tzinfo=UTC), correct=False)  # 09:00 on 2 March
    days = history.call(lambda user: study_days(user, datetime(2026, 3, 3, tzinfo=UTC)).reviews, ada)
    assert days == {datetime(2026, 3, 1).date(): 1, datetime(2026, 3, 2).date(): 1}

    def to_tokyo(user):
        update_settings(user, Settings(user.desired_retention, user.new_per_day, "Asia/Tokyo", 4))

    history.call(to_tokyo, ada)
    days = history.call(lambda user: study_days(user, datetime(2026, 3, 3, tzinfo=UTC)).reviews, ada)
    # 11:00 and 23:00 on 2 March in Tokyo: one study day with both.
    assert days == {datetime(2026, 3, 2).date(): 2}
    with app.app_context():
        log = direct.live_log(db.session)
        assert direct.kept(db.session, ada) == direct.counted(log, ada, "Asia/Tokyo", 4)
        db.session.remove()


def test_undoing_the_only_review_of_a_day_leaves_no_day(app, history):
    ada = history.learner("ada", tz="UTC", hour=4)
    at = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    history.review(ada, "aid-amount", 3, at, correct=True, duration_ms=4000)
    history.review(ada, "treaty-name", 1, at + timedelta(minutes=1), correct=False, duration_ms=6000)
    history.undo(ada, at + timedelta(minutes=2))
    kept = history.question_id("aid-amount")
    with app.app_context():
        assert direct.stored_tallies(db.session, ada) == {at.date(): (0, 0, 1, 0, 1, 4000, 0, 0)}
        assert direct.stored_item_tallies(db.session, ada) == {(at.date(), kept): (1, 1, 0, 0)}
        db.session.remove()
    history.undo(ada, at + timedelta(minutes=3))
    with app.app_context():
        assert direct.kept(db.session, ada) == ({}, {})
        db.session.remove()
    assert history.call(lambda user: study_days(user, at).streak.longest, ada) == 0


def test_the_migration_counts_the_existing_log(app, history):
    ada = history.learner("ada", tz="Asia/Kathmandu", hour=0)
    bob = history.learner("bob", tz="America/New_York", hour=4)
    at = datetime(2026, 3, 7, 18, 0, tzinfo=UTC)
    for n, key in enumerate(["aid-amount", "treaty-name", "capital-flashcard", "aid-amount", "treaty-name"]):
        history.review(ada, key, 1 + n % 4, at + timedelta(hours=7 * n), duration_ms=1000 * n)
        history.review(bob, key, 4 - n % 4, at + timedelta(hours=9 * n), correct=n % 2 == 0)
    history.undo(bob, at + timedelta(hours=36, minutes=1))
    with app.app_context():
        before = {user: direct.kept(db.session, user) for user in (ada, bob)}
        db.session.remove()
        downgrade(directory=str(MIGRATIONS_DIR), revision=BELOW_STUDY_DAYS)
        assert not sa.inspect(db.engine).has_table("study_day")
        upgrade(directory=str(MIGRATIONS_DIR))
        log = direct.live_log(db.session)
        assert direct.kept(db.session, ada) == direct.counted(log, ada, "Asia/Kathmandu", 0)
        assert direct.kept(db.session, bob) == direct.counted(log, bob, "America/New_York", 4)
        assert {user: direct.kept(db.session, user) for user in (ada, bob)} == before
        db.session.remove()


def test_the_item_day_migration_counts_the_existing_log_and_goes_back_down(app, history):
    ada = history.learner("ada", tz="Pacific/Auckland", hour=5)
    bob = history.learner("bob", tz="America/New_York", hour=0)
    at = datetime(2026, 3, 7, 18, 0, tzinfo=UTC)
    for n, key in enumerate(["aid-amount", "treaty-name", "aid-amount", "aid-amount", "capital-flashcard"]):
        history.review(ada, key, 1 + n % 4, at + timedelta(hours=5 * n), correct=n % 3 != 0)
        history.review(bob, key, 4 - n % 4, at + timedelta(days=n), correct=n % 2 == 0)
    history.undo(ada, at + timedelta(hours=20, minutes=1))
    with app.app_context():
        before = {user: direct.stored_item_tallies(db.session, user) for user in (ada, bob)}
        assert all(before.values())
        db.session.remove()
        downgrade(directory=str(MIGRATIONS_DIR), revision=BELOW_ITEM_DAYS)
        assert not sa.inspect(db.engine).has_table("item_day")
        assert sa.inspect(db.engine).has_table("study_day")
        upgrade(directory=str(MIGRATIONS_DIR))
        log = direct.live_log(db.session)
        assert direct.stored_item_tallies(db.session, ada) == direct.item_tallies(log, ada, "Pacific/Auckland", 5)
        assert direct.stored_item_tallies(db.session, bob) == direct.item_tallies(log, bob, "America/New_York", 0)
        assert {user: direct.stored_item_tallies(db.session, user) for user in (ada, bob)} == before
        db.session.remove()


def test_the_command_recounts_tallies_changed_behind_the_apps_back(app, history, runner):
    ada = history.learner("ada", tz="Europe/London", hour=4)
    at = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)
    for n in range(4):
        history.review(ada, "aid-amount" if n % 2 else "treaty-name", 3, at + timedelta(hours=n), correct=True)
    with app.app_context():
        expected = direct.kept(db.session, ada)
        question = db.session.scalar(sa.select(Question.id).where(Question.key == "capital-flashcard"))
        db.session.execute(sa.update(StudyDay).values(good=StudyDay.good + 5))
        db.session.execute(sa.insert(StudyDay).values(user_id=ada, day=700_000, again=1))
        db.session.execute(sa.update(ItemDay).values(attempts=ItemDay.attempts + 2, lapses=1))
        db.session.execute(sa.insert(ItemDay).values(user_id=ada, day=700_000, question_id=question, attempts=1))
        db.session.commit()
        db.session.remove()
    result = runner.invoke(args=["database", "rebuild-aggregates"])
    assert result.exit_code == 0, result.output
    assert "Recounted" in result.output and "study days" in result.output
    with app.app_context():
        assert direct.kept(db.session, ada) == expected
        db.session.remove()


ROUNDS = 12


def rate_and_undo(config: dict[str, Any], username: str, seed: int) -> Counter[int]:
    """Worker: rate whatever card is shown, and now and then undo."""
    app = create_app(config)
    client = app.test_client()
    statuses: Counter[int] = Counter()
    statuses[Accounts(client).login(username, PASSWORD).status_code] += 1
    for round_ in range(ROUNDS):
        page = client.get("/study")
        statuses[page.status_code] += 1
        if b'name="question"' not in page.data:
            continue
        form = {
            "question": hidden(page.data, "question"),
            "reps": hidden(page.data, "reps"),
            "rating": str(1 + (seed + round_) % 4),
            "csrf_token": csrf_token(page.data),
        }
        statuses[client.post("/study/rate", data=form).status_code] += 1
        if (seed + round_) % 5 == 0:
            statuses[client.post("/study/undo", data={"csrf_token": form["csrf_token"]}).status_code] += 1
    return statuses


def change_zone_repeatedly(config: dict[str, Any], username: str) -> Counter[int]:
    """Worker: switch the learner's zone and day-start hour back and forth."""
    app = create_app(config)
    client = app.test_client()
    statuses: Counter[int] = Counter()
    statuses[Accounts(client).login(username, PASSWORD).status_code] += 1
    for round_, (zone, hour) in zip(range(ROUNDS), itertools.cycle([("Asia/Tokyo", 0), ("America/Denver", 23)])):
        page = client.get("/settings")
        form = {
            "desired_retention": "0.90",
            "new_per_day": "20",
            "timezone": zone,
            "day_start_hour": str(hour),
            "csrf_token": csrf_token(page.data),
        }
        statuses[client.post("/settings", data=form).status_code] += 1
        del round_
    return statuses


def test_ratings_racing_a_change_of_zone_are_each_counted_once(tmp_path, bank_dir):
    config = app_config(tmp_path, bank_dir)
    app = create_app(config)
    client = app.test_client()
    Accounts(client).register("ada")
    context = multiprocessing.get_context("spawn")
    with context.Pool(3) as pool:
        waiting = [
            pool.apply_async(rate_and_undo, (config, "ada", 0)),
            pool.apply_async(rate_and_undo, (config, "ada", 2)),
            pool.apply_async(change_zone_repeatedly, (config, "ada")),
        ]
        statuses = sum((w.get(timeout=600) for w in waiting), Counter())
    assert set(statuses) <= {200, 303}, statuses
    with app.app_context():
        ada = db.session.scalar(sa.select(User).where(User.username == "ada"))
        log = direct.live_log(db.session)
        assert log, "the learners should have rated something"
        assert direct.kept(db.session, ada.id) == direct.counted(log, ada.id, ada.timezone, ada.day_start_hour)
        db.session.remove()
        db.engine.dispose()


def test_a_rating_and_a_change_of_zone_at_the_same_moment(app, history):
    """The change of zone recounts the learner's days either after the rating or before it, never in between.

    The rating stops right after reading the learner's zone and waits (up to two
    seconds) for the change of zone to finish; the change must wait for the
    rating instead, or its recount would miss the review, which the rating would
    then add to its day in the old zone.
    """
    ada = history.learner("ada", tz="America/New_York", hour=4)
    question = history.question_id("aid-amount")
    at = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # 22:00 on 1 March in New York, noon on 2 March in Tokyo
    zone_read, changed = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def pause(conn, cursor, statement, *args):
        if threading.current_thread().name == "rating" and "day_start_hour" in statement and "question" in statement:
            zone_read.set()
            changed.wait(timeout=2)

    def rating():
        with app.app_context():
            try:
                user = db.session.get(User, ada)
                assert record_review(user, question, Rating.Good, seen_reps=0, now=at) is not None
            except BaseException as exc:  # noqa: BLE001 (reported by the test below)
                failures.append(exc)
            finally:
                db.session.remove()

    def change():
        zone_read.wait(timeout=10)
        with app.app_context():
            try:
                user = db.session.get(User, ada)
                update_settings(user, Settings(user.desired_retention, user.new_per_day, "Asia/Tokyo", 4))
            except BaseException as exc:  # noqa: BLE001
                failures.append(exc)
            finally:
                db.session.remove()
                changed.set()

    with app.app_context():
        engine = db.engine
    sa_event.listen(engine, "after_cursor_execute", pause)
    try:
        threads = [threading.Thread(target=rating, name="rating"), threading.Thread(target=change, name="change")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        sa_event.remove(engine, "after_cursor_execute", pause)
    assert not failures, failures
    with app.app_context():
        log = direct.live_log(db.session)
        assert len(log) == 1
        assert direct.kept(db.session, ada) == direct.counted(log, ada, "Asia/Tokyo", 4)
        db.session.remove()


def test_rebuilding_is_what_the_write_path_kept(class_app):
    """After the generated histories (the last one is still there), a full recount changes nothing."""
    with class_app.app_context():
        users = list(db.session.scalars(sa.select(User.id)))
        before = {user: direct.kept(db.session, user) for user in users}
        daily.rebuild()
        assert {user: direct.kept(db.session, user) for user in users} == before
        db.session.remove()


def test_a_class_item_analysis_from_the_tallies_matches_the_log(class_app):
    """Twelve learners in six zones study, undo, move and one leaves; every period's item analysis against the log."""
    rng = random.Random(7)
    tz = [(ZONES[n % 6], (3 * n) % 24) for n in range(12)]
    with class_app.app_context():
        try:
            ids, at = play(
                [
                    ("review", rng.randrange(12), rng.randrange(0, 20 * 60), rng.randrange(6), rng.randint(1, 4))
                    + (rng.choice([None, True, False]), rng.randrange(30_000), "study")
                    for _ in range(400)
                ]
                + [("undo", who, 1) for who in range(0, 12, 3)]
                + [("zone", 5, 10, "Asia/Kathmandu", 0)],
                tz,
            )
            # One learner leaves: their reviews stay in the item analysis under a former account.
            delete_account(ids[7], PASSWORD, Client("127.0.0.1"), now=at)
            db.session.remove()
            counted = list(db.session.scalars(sa.select(User.id).where(User.role.in_((Role.LEARNER, Role.FORMER)))))
            assert len(counted) == 12
            log = direct.live_log(db.session)
            zone_of = direct.zones(db.session)
            for user_id in counted:
                assert direct.kept(db.session, user_id) == direct.counted(log, user_id, *zone_of[user_id])
            for now in (at, at + timedelta(days=9)):
                for period in PERIODS:
                    starts = {u: direct.period_start(now, zone_of[u], period) for u in counted}
                    expected = direct.items(log, counted, starts)
                    direct.assert_items_agree(item_analysis(now, period, min_group=1), expected, period)
        finally:
            db.session.remove()

"""Time the progress page and the class view on a big history, beside a bare Flask route.

Seeds a fresh SQLite database (in a temporary folder) with a 4,500-question bank,
one learner with 100,000 reviews over two years, and a class of 500 learners in
five time zones with three months of reviews each (about 600 per learner, on a
300-question part of the bank) and three quizzes each. Histories are simulated with
FSRS itself: each review's success is drawn from the card's predicted recall.
Rows go in with SQLAlchemy Core ``insert()`` executemany, and the learners'
study-day tallies are then recounted from the log, as
``flask --app quiz database rebuild-aggregates`` does (timed). Then, in-process
with the Flask test client, logged in and with CSRF on, it times rendering
``/progress`` (the default 30 days, then a year and all time), ``/progress/class``
(30 days and all time) and a bare Flask "hello" route, and prints the median
CPU and wall-clock milliseconds per render, their ratios to the bare route and
the target (checked against the CPU time, which a machine shared with other
work inflates far less than the wall time). Targets on a two-core
machine: /progress under 40 ms, the class view under 150 ms for 30 days and
under 400 ms for all time.

    .venv/bin/python bench/progress.py [--renders N] [--class-size N] [--keep DIR] [--profile]

``--keep DIR`` seeds a database in DIR the first time and reuses it afterwards
(the histories then end when it was seeded).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask

from quiz import create_app, scheduling
from quiz.accounts.passwords import hash_password
from quiz.bank import KINDS
from quiz.extensions import db
from quiz.models import Card, Deck, Question, QuizAnswer, QuizAttempt, Review, Role, User
from quiz.scheduling import CardState, Rating, State
from quiz.services.learning.study import review_row
from quiz.services.stats.daily import rebuild

PASSWORD = "benchmark password"
BANK = 4500
SOLO_REVIEWS = 100_000
NOW = datetime.now(UTC).replace(microsecond=0)
ZONES = [("UTC", 4), ("America/New_York", 4), ("Europe/Berlin", 4), ("Asia/Tokyo", 5), ("Australia/Sydney", 3)]
CSRF = re.compile(rb'name="csrf_token" type="hidden" value="([^"]+)"')


def simulate(
    rng: random.Random,
    user_id: int,
    questions: list[int],
    *,
    first_day: datetime,
    days: int,
    new_per_day: int,
    cap: int,
    skill: float,
) -> tuple[list[dict[str, Any]], dict[tuple[int, int], dict]]:
    """Study with FSRS day by day; return review rows and the final card rows."""
    cards: dict[int, CardState] = {}
    reps: dict[int, int] = {}
    lapses: dict[int, int] = {}
    rows: list[dict[str, Any]] = []
    unseen = list(questions)
    for day in range(days):
        if rng.random() < 0.12:  # a day off
            continue
        at = first_day + timedelta(days=day, hours=rng.uniform(6, 23))
        horizon = at + timedelta(hours=2)
        queue = sorted((c.due, q) for q, c in cards.items() if c.due <= horizon)[:cap]
        todo = [q for _, q in queue] + [unseen.pop() for _ in range(min(new_per_day, len(unseen)))]
        while todo:
            q = todo.pop(0)
            before = cards.get(q)
            recall = scheduling.retrievability(before, at, desired_retention=0.9) if before else 0.55
            right = rng.random() < min(0.99, recall * skill)
            rating = Rating.Again if not right else rng.choices([Rating.Hard, Rating.Good, Rating.Easy], [1, 8, 1])[0]
            after = scheduling.review(before, rating, at, desired_retention=0.9)
            rows.append(
                review_row(
                    user_id,
                    q,
                    rating,
                    before,
                    after,
                    at,
                    answer=None,
                    correct=right,
                    duration_ms=rng.randint(2000, 25000),
                    origin="study",
                    lapses_before=lapses.get(q, 0),
                )
            )
            if before is not None and before.state == State.Review and rating == Rating.Again:
                lapses[q] = lapses.get(q, 0) + 1
            cards[q], reps[q] = after, reps.get(q, 0) + 1
            at += timedelta(seconds=rng.randint(4, 30))
            if after.due <= at + timedelta(minutes=30):
                todo.append(q)  # a learning step comes back in the same session
                at = max(at, after.due)
    final = {
        (user_id, q): {
            "user_id": user_id,
            "question_id": q,
            "state": c.state.value,
            "step": c.step,
            "stability": c.stability,
            "difficulty": c.difficulty,
            "due": c.due,
            "last_review": c.last_review,
            "reps": reps[q],
            "lapses": lapses.get(q, 0),
        }
        for q, c in cards.items()
    }
    return rows, final


def quiz_rows(
    rng: random.Random, user_id: int, questions: list[int], times: list[datetime], first_attempt_id: int
) -> tuple[list[dict], list[dict]]:
    """Finished ten-question quizzes at the given times (answers only in quiz_answer, for speed)."""
    attempts, answers = [], []
    for n, at in enumerate(times):
        attempt_id = first_attempt_id + n
        right = [rng.random() < 0.75 for _ in range(10)]
        attempts.append(
            {
                "id": attempt_id,
                "user_id": user_id,
                "deck_id": None,
                "kinds": [],
                "length": 10,
                "time_limit_s": None,
                "started_at": at,
                "deadline": None,
                "finished_at": at + timedelta(minutes=4),
                "score": sum(right),
            }
        )
        for position, (q, ok) in enumerate(zip(rng.sample(questions, 10), right, strict=True), start=1):
            answers.append(
                {
                    "attempt_id": attempt_id,
                    "position": position,
                    "question_id": q,
                    "answer": "x",
                    "correct": ok,
                    "answered_at": at + timedelta(seconds=20 * position),
                    "duration_ms": 20000,
                }
            )
    return attempts, answers


def insert(table: Any, rows: list[dict[str, Any]], chunk: int = 20_000) -> None:
    for i in range(0, len(rows), chunk):
        db.session.execute(sa.insert(table), rows[i : i + chunk])


def question_row(i: int, *, tags: tuple[str, ...] = ()) -> dict[str, Any]:
    """Benchmark question number ``i`` of deck 1, as a row of the question table."""
    return {
        "id": i,
        "key": f"q{i}",
        "deck_id": 1,
        "position": i,
        "type": "short",
        "kind": KINDS[i % len(KINDS)],
        "prompt": f"Question {i}?",
        "answer": f"answer {i}",
        "accept": [],
        "choices": [],
        "explanation": "",
        "sources": [{"document": "bench.txt", "paragraph": 1 + i % 40}],
        "tags": list(tags),
        "fact": None,
        "retired_at": None,
        "updated_at": NOW,
    }


def seed(class_size: int) -> dict[str, int]:
    """Fill the database; return counts of what went in."""
    rng = random.Random(2024)
    password_hash = hash_password(PASSWORD)
    db.session.execute(sa.insert(Deck), [{"id": 1, "key": "bench", "title": "Benchmark deck", "position": 0}])
    insert(Question.__table__, [question_row(i) for i in range(1, BANK + 1)])
    users = [
        {"id": 1, "username": "solo", "role": Role.LEARNER, "timezone": "America/New_York", "day_start_hour": 4},
        {"id": 2, "username": "teacher", "role": Role.INSTRUCTOR, "timezone": "Europe/Berlin", "day_start_hour": 4},
    ]
    users += [
        {
            "id": 3 + n,
            "username": f"learner{n:03d}",
            "role": Role.LEARNER,
            "timezone": ZONES[n % len(ZONES)][0],
            "day_start_hour": ZONES[n % len(ZONES)][1],
        }
        for n in range(class_size)
    ]
    insert(
        User.__table__,
        [
            u
            | {
                "password_hash": password_hash,
                "session_version": 1,
                "desired_retention": 0.9,
                "new_per_day": 20,
                "created_at": NOW - timedelta(days=800),
            }
            for u in users
        ],
    )
    questions = list(range(1, BANK + 1))
    reviews, cards = simulate(
        rng, 1, questions, first_day=NOW - timedelta(days=730), days=730, new_per_day=9, cap=400, skill=0.93
    )
    # The simulation gives some 120,000 reviews; keep 100,000 spread over the two years.
    reviews = sorted(rng.sample(reviews, SOLO_REVIEWS), key=lambda r: r["reviewed_at"])
    attempts, answers = quiz_rows(
        rng, 1, questions, sorted(NOW - timedelta(days=rng.uniform(0, 730)) for _ in range(150)), 1
    )
    class_bank = questions[:300]
    for n in range(class_size):
        user_id = 3 + n
        rows, final = simulate(
            rng,
            user_id,
            class_bank,
            first_day=NOW - timedelta(days=90),
            days=90,
            new_per_day=1,
            cap=5,
            skill=rng.uniform(0.75, 1.15),
        )
        reviews += rows
        cards |= final
        more, more_answers = quiz_rows(
            rng,
            user_id,
            class_bank,
            sorted(NOW - timedelta(days=rng.uniform(0, 90)) for _ in range(3)),
            len(attempts) + 1,
        )
        attempts += more
        answers += more_answers
    reviews.sort(key=lambda r: r["reviewed_at"])  # the log grows in time order
    insert(Review.__table__, reviews)
    insert(Card.__table__, list(cards.values()))
    insert(QuizAttempt.__table__, attempts)
    insert(QuizAnswer.__table__, answers)
    db.session.commit()
    solo = sum(1 for r in reviews if r["user_id"] == 1)
    return {
        "solo reviews": solo,
        "class reviews": len(reviews) - solo,
        "cards": len(cards),
        "quiz attempts": len(attempts),
        "users": len(users),
    }


def login(client: Any, username: str) -> None:
    token = CSRF.search(client.get("/login").data).group(1).decode()
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 303, response.status_code


def timed(fn: Callable[[], Any], renders: int, warm: int = 2) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of ``renders`` calls after ``warm`` untimed ones.

    The database is SQLite in this process, so the CPU time covers the queries
    too: on a quiet machine the two agree, and on a loaded one the CPU time is
    what the render costs, the wall time what a learner would have waited.
    """
    for _ in range(warm):
        fn()
    wall, cpu = [], []
    for _ in range(renders):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def fetch(client: Any, path: str) -> Callable[[], None]:
    def get() -> None:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    return get


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--class-size", type=int, default=500)
    parser.add_argument("--keep", type=Path, help="seed into this folder once and reuse it afterwards")
    parser.add_argument("--profile", action="store_true", help="profile /progress and the class view with cProfile")
    options = parser.parse_args()

    if options.keep is not None:
        options.keep.mkdir(parents=True, exist_ok=True)
        run(options.keep, options)
        return
    with tempfile.TemporaryDirectory(prefix="quiz-bench-") as tmp:
        run(Path(tmp), options)


def bench_app(folder: Path) -> Flask:
    """The app on ``folder``'s benchmark database (``bench.sqlite3``) with an empty bank folder."""
    (folder / "bank").mkdir(exist_ok=True)
    return create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
            "BANK_DIR": str(folder / "bank"),
            "BANK_SYNC_ON_START": False,
        }
    )


def run(folder: Path, options: argparse.Namespace) -> None:
    """Seed a database in ``folder`` and print the timings."""
    seeded = (folder / "bench.sqlite3").exists()
    app = bench_app(folder)
    if seeded:
        print(f"reusing the database seeded in {folder}")
    else:
        started = time.perf_counter()
        with app.app_context():
            counts = seed(options.class_size)
            db.session.remove()
        print(
            f"seeded in {time.perf_counter() - started:.1f} s: "
            + ", ".join(f"{value:,} {name}" for name, value in counts.items())
        )
        started = time.perf_counter()
        with app.app_context():
            rebuilt = rebuild()
            db.session.remove()
        print(f"study days recounted in {time.perf_counter() - started:.1f} s: {rebuilt.days:,} days")

    bare = Flask("bare")
    bare.add_url_rule("/", "hello", lambda: "hello")
    bare_wall, bare_cpu = timed(fetch(bare.test_client(), "/"), max(options.renders * 50, 500))

    learner, teacher = app.test_client(), app.test_client()
    login(learner, "solo")
    login(teacher, "teacher")
    pages = [
        ("/progress (30 days)", learner, "/progress", 40),
        ("/progress?range=365", learner, "/progress?range=365", None),
        ("/progress?range=all", learner, "/progress?range=all", None),
        ("/progress/class (30 days)", teacher, "/progress/class", 150),
        ("/progress/class?range=365", teacher, "/progress/class?range=365", None),
        ("/progress/class?range=all", teacher, "/progress/class?range=all", 400),
    ]
    print(f"{'page':32} {'CPU ms':>8} {'x bare':>7} {'wall ms':>8} {'x bare':>7}  target (CPU time)")
    print(f"{'bare Flask hello':32} {bare_cpu:8.3f} {1:7.0f} {bare_wall:8.3f} {1:7.0f}")
    for name, client, path, target in pages:
        wall, cpu = timed(fetch(client, path), options.renders)
        verdict = "" if target is None else f"< {target} ms: {'met' if cpu < target else 'MISSED'}"
        print(f"{name:32} {cpu:8.1f} {cpu / bare_cpu:7.0f} {wall:8.1f} {wall / bare_wall:7.0f}  {verdict}")

    if options.profile:
        for client, path in (
            (learner, "/progress"),
            (teacher, "/progress/class"),
            (teacher, "/progress/class?range=all"),
        ):
            profiler = cProfile.Profile()
            get = fetch(client, path)
            for _ in range(5):
                profiler.runcall(get)
            print(f"\n--- profile of 5 renders of {path} ---")
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)

    with app.app_context():
        db.engine.dispose()


if __name__ == "__main__":
    main()

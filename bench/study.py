"""Benchmark the study loop against the minimal reference app and bare Flask, at several sizes.

Seeds users and a generated bank, gives every user a realistic history (the
review log in ../shared/data replayed through FSRS, shifted to end now), then
times, in-process with Flask's test client, logged in and with CSRF on:

* showing the next card (GET /study),
* the whole loop: show the card, post a rating, follow the redirect,
* the minimal reference app's card page (bench/reference_app.py) and a bare
  Flask "hello" route, interleaved with the two above at every size.

Times are this thread's CPU time, not the wall clock, and the four are measured
in turns (a few rounds each), so another process busy on the machine slows all
four alike instead of whichever ran while it was busy. It prints requests per
CPU-second, the study page against the reference app (target: at least 0.9),
the ratios to bare Flask, and how the cost per request changes when the data
grows tenfold (target: under 1.2x), the cost counted in reference-app requests
measured at the same moments.

    .venv/bin/python bench/study.py [--sizes 100x2000,1000x2000,1000x20000] [--seconds 6]

Every user gets the same history (the real learner's 1,205 cards, the last
week of their reviews), so growth between sizes measures what other users and
a bigger bank cost one learner, not a longer personal history.
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from reference_app import reference_client

from quiz import create_app
from quiz.accounts.passwords import hash_password
from quiz.extensions import db
from quiz.models import Card, Question, Review, User
from quiz.scheduling import CardState, Rating, review
from quiz.services.learning.study import review_row
from quiz.services.stats.daily import rebuild

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the checkout, or beside a folder above it (a worktree).
HISTORY = next(
    (p / "shared" / "data" / "fsrs_review_logs_12580.csv" for p in ROOT.parents if (p / "shared" / "data").is_dir()),
    ROOT.parent / "shared" / "data" / "fsrs_review_logs_12580.csv",
)
PASSWORD = "benchmark password"
HISTORY_DAYS = 7  # review rows kept per user: enough for today's queries and sibling checks
_HIDDEN = re.compile(rb'name="(question|reps|csrf_token)" type="hidden" value="([^"]*)"')


def write_bank(folder: Path, questions: int) -> Path:
    """Write a generated bank: sibling pairs of a short and a choice question."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["deck: {id: bench, title: Benchmark deck}", "questions:"]
    for i in range(questions):
        year = 1900 + i % 120
        lines += [
            f"  - id: q{i}",
            f"    fact: f{i // 2}",
            "    kind: date",
            f"    prompt: In what year did event number {i} happen?",
            f"    answer: '{year}'",
            "    source: {document: generated.txt, paragraph: 1}",
        ]
        if i % 2:
            lines += ["    type: choice", f"    choices: ['{year}', '{year + 1}', '{year - 1}', '{year + 2}']"]
        else:
            lines += ["    type: short"]
    (folder / "bench.yaml").write_text("\n".join(lines) + "\n")
    return folder


def replay_history(now: datetime) -> list[list[dict[str, Any]]]:
    """Replay the real review log through FSRS; return each card's reviews, in order."""
    by_card: dict[str, list[tuple[datetime, int, int]]] = defaultdict(list)
    with HISTORY.open() as handle:
        for row in csv.DictReader(handle):
            when = datetime.fromisoformat(row["review_time"])
            by_card[row["card_id"]].append((when, int(row["review_rating"]), int(row["review_duration"])))
    shift = now - max(t for reviews in by_card.values() for t, _, _ in reviews)
    cards = []
    for reviews in by_card.values():
        state: CardState | None = None
        rows = []
        for when, rating, duration in sorted(reviews):
            when += shift
            after = review(state, Rating(rating), when, desired_retention=0.9, fuzz=False)
            row = review_row(
                0,
                0,
                Rating(rating),
                state,
                after,
                when,
                answer=None,
                correct=rating > 1,
                duration_ms=min(duration, 600_000),
                origin="study",
                lapses_before=0,
            )
            rows.append(row | {"_state": after})
            state = after
        cards.append(rows)
    return cards


def seed(app: Flask, users: int, history: list[list[dict[str, Any]]], now: datetime) -> None:
    """Insert users, their cards and their recent reviews in bulk.

    The first user's cards and reviews are built here; every other user gets a
    copy made inside the database, each on questions shifted 7 places further
    along the bank (so users do not all hold the same cards).
    """
    with app.app_context():
        question_ids = db.session.scalars(sa.select(Question.id).order_by(Question.position)).all()
        # The shift below works on ids, which an imported bank numbers in bank order.
        assert question_ids == list(range(question_ids[0], question_ids[0] + len(question_ids)))
        cards_per_user = min(len(history), len(question_ids))
        password_hash = hash_password(PASSWORD)
        db.session.execute(
            sa.insert(User),
            [
                {
                    "username": f"u{u}",
                    "password_hash": password_hash,
                    "new_per_day": 20,
                    "created_at": now - timedelta(days=200),
                }
                for u in range(users)
            ],
        )
        first = db.session.scalar(sa.select(sa.func.min(User.id)))
        since = now - timedelta(days=HISTORY_DAYS)
        cards, reviews = [], []
        for question_id, rows in zip(question_ids, history[:cards_per_user], strict=False):
            final: CardState = rows[-1]["_state"]
            cards.append(
                {
                    "user_id": first,
                    "question_id": question_id,
                    "state": final.state.value,
                    "step": final.step,
                    "stability": final.stability,
                    "difficulty": final.difficulty,
                    "due": final.due,
                    "last_review": final.last_review,
                    "reps": len(rows),
                    "lapses": 0,
                }
            )
            reviews += [
                {k: v for k, v in r.items() if k != "_state"} | {"user_id": first, "question_id": question_id}
                for r in rows
                if r["reviewed_at"] >= since
            ]
        db.session.execute(sa.insert(Card), cards)
        if reviews:
            db.session.execute(sa.insert(Review), reviews)
        others = sa.select(User.id).where(User.id != first).subquery()
        for table in (Card.__table__, Review.__table__):
            step = (table.c.question_id - question_ids[0] + 7 * (others.c.id - first)) % len(question_ids)
            shifted = step + question_ids[0]
            names = [c.name for c in table.c if not (c.name == "id" and c.primary_key)]
            picked = [
                others.c.id if name == "user_id" else shifted if name == "question_id" else table.c[name]
                for name in names
            ]
            copied = sa.select(*picked).select_from(table).join(others, sa.true()).where(table.c.user_id == first)
            db.session.execute(sa.insert(table).from_select(names, copied))
        # As studying would have left it: the furthest new card introduced.
        db.session.execute(
            sa.update(User).values(
                new_frontier=sa.select(sa.func.max(Question.position))
                .join(Card, Card.question_id == Question.id)
                .where(Card.user_id == User.id)
                .scalar_subquery()
            )
        )
        db.session.commit()
        rebuild()  # the study-day tallies, as the rating service would have kept them
        counts = {
            m.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(m))
            for m in (User, Question, Card, Review)
        }
        db.session.remove()
    print("  rows: " + ", ".join(f"{name} {n:,}" for name, n in counts.items()))


def build(folder: Path, users: int, questions: int, history: list[list[dict[str, Any]]], now: datetime) -> Flask:
    started = time.perf_counter()
    bank = write_bank(folder / "bank", questions)
    config = {
        "SECRET_KEY": "bench",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'quiz.sqlite3'}",
        "BANK_DIR": str(bank),
    }
    app = create_app(config)
    seed(app, users, history, now)
    print(f"  seeded in {time.perf_counter() - started:.1f} s")
    return create_app(config)  # a fresh app, as after a restart


def login(app: Flask, username: str) -> Any:
    client = app.test_client()
    page = client.get("/login").data
    token = dict(_HIDDEN.findall(page))[b"csrf_token"].decode()
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 303, response.status_code
    return client


def interleaved(fns: dict[str, Any], seconds: float, rounds: int = 6) -> dict[str, float]:
    """Run each of ``fns`` in turn, ``rounds`` times, for ``seconds`` of CPU time in all per function.

    Returns calls per CPU-second of this thread, for each.
    """
    calls = dict.fromkeys(fns, 0)
    cpu = dict.fromkeys(fns, 0.0)
    for fn in fns.values():
        fn()  # warm up
    for _ in range(rounds):
        for name, fn in fns.items():
            started = time.thread_time()
            while (used := time.thread_time() - started) < seconds / rounds:
                fn()
                calls[name] += 1
            cpu[name] += used
    return {name: calls[name] / cpu[name] for name in fns}


def measure(app: Flask, users: int, seconds: float, yardsticks: dict[str, Any]) -> dict[str, float]:
    clients = [login(app, f"u{u}") for u in range(0, users, max(users // 20, 1))]
    state = {"i": 0}

    def show() -> None:
        client = clients[state["i"] % len(clients)]
        state["i"] += 1
        response = client.get("/study")
        assert response.status_code == 200 and b'data-phase="question"' in response.data

    def loop() -> None:
        client = clients[state["i"] % len(clients)]
        state["i"] += 1
        page = client.get("/study")
        fields = {k.decode(): v.decode() for k, v in _HIDDEN.findall(page.data)}
        response = client.post("/study/rate", data=fields | {"rating": "3"})
        assert response.status_code == 303
        assert client.get(response.headers["Location"]).status_code == 200

    return interleaved({"show": show, "loop": loop, **yardsticks}, seconds)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="100x2000,1000x2000,1000x20000", help="comma-separated USERSxQUESTIONS, measured in turn"
    )
    parser.add_argument("--seconds", type=float, default=6.0, help="CPU seconds per page and size")
    args = parser.parse_args(argv)
    now = datetime.now(UTC)
    history = replay_history(now)
    print(f"history: {sum(map(len, history)):,} reviews of {len(history):,} cards replayed through FSRS")
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="quiz-bench-") as tmp:
        reference = reference_client(Path(tmp))
        bare = Flask("bare")
        bare.add_url_rule("/", "hello", lambda: "hello")
        bare_client = bare.test_client()
        yardsticks = {"reference": lambda: reference.get("/card"), "bare": lambda: bare_client.get("/")}
        for size in args.sizes.split(","):
            users, questions = map(int, size.split("x"))
            print(f"{size}: {users:,} users, {questions:,} questions")
            app = build(Path(tmp) / size, users, questions, history, now)
            results[size] = measure(app, users, args.seconds, yardsticks)
            del app
            shutil.rmtree(Path(tmp) / size)
    print("\nrequests per CPU-second, each size measured in turns with the reference app and bare Flask:")
    for size, r in results.items():
        print(
            f"{size:>11}: show card {r['show']:,.0f} ({r['show'] / r['reference']:.2f} of the reference app "
            f"{r['reference']:,.0f}, target 0.9; {r['show'] / r['bare']:.3f} of bare Flask {r['bare']:,.0f}); "
            f"loop {r['loop']:,.0f} ({r['loop'] / r['bare']:.3f} of bare Flask)"
        )
    sizes = list(results)
    for before, after in zip(sizes, sizes[1:], strict=False):
        for what in ("show", "loop"):
            # Cost per request in reference-app requests measured at the same moments.
            cost = {size: results[size]["reference"] / results[size][what] for size in (before, after)}
            print(
                f"{what}: {after} costs {cost[after] / cost[before]:.2f}x per request what {before} does "
                f"(target under 1.2x; raw CPU time {results[before][what] / results[after][what]:.2f}x)"
            )


if __name__ == "__main__":
    sys.exit(main())

"""Time the optimization of learners the size of the shared one, and estimate 1,000 of them.

Seeds a fresh SQLite database (in a temporary folder) with a 1,205-question
bank and ``--learners`` learners (3 by default), each with the whole shared
log (12,580 reviews of 1,205 cards, played through quiz's scheduler so that
cards and review rows are what studying would have made). Then it runs what
``flask --app quiz fsrs optimize --all`` runs for each, and prints seconds per
learner, by phase:

- read: the review log and settings out of the database;
- items: the log turned into training items (study days in the learner's zone);
- fit: fitting and the time-series-split evaluation (six fits in all), and the fit alone (CPU);
- workload: 28 simulated years of study, one per desired retention;
- adopt: storing the set, replaying every card's reviews with the new
  parameters and writing their stability and difficulty.

The 1,000-learner figure is an estimate from these learners (running 1,000
takes hours on this shared two-core machine, seeding included): per-learner
seconds times 1,000, for one worker, and halved for two workers (the queue lets
several ``fsrs optimize`` processes share it; each claims a learner atomically).
``--learners 1000`` runs them all and prints the median, 90th percentile and
slowest learner of each phase.

    .venv/bin/python bench/fsrs_learners.py [--learners 3]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from quiz import create_app, memory
from quiz.extensions import db
from quiz.models import Card, Deck, ParameterSet, Question, Review, User
from quiz.scheduling import CardState, Rating, review
from quiz.services.learning.study import predicted_recall, review_row
from quiz.services.memory import optimization

LOG = Path(__file__).resolve().parents[2] / "shared" / "data" / "fsrs_review_logs_12580.csv"
SHARED = Path("/work/shared/data/fsrs_review_logs_12580.csv")
NOW = datetime(2024, 10, 7, 12, 0, tzinfo=UTC)


def history(path: Path) -> dict[str, list[tuple[datetime, int, int]]]:
    by_card: dict[str, list[tuple[datetime, int, int]]] = defaultdict(list)
    with path.open() as handle:
        for row in csv.DictReader(handle):
            at = datetime.fromisoformat(row["review_time"])
            by_card[row["card_id"]].append((at, int(row["review_rating"]), int(row["review_duration"])))
    return by_card


def seed(app: Any, learners: int, log: dict[str, list[tuple[datetime, int, int]]]) -> list[int]:
    """Insert the bank, the learners, their reviews and their cards in bulk."""
    with app.app_context():
        deck = Deck(key="bench", title="Bench")
        db.session.add(deck)
        db.session.flush()
        keys = sorted(log)
        db.session.execute(
            sa.insert(Question),
            [
                {"key": f"c{k}", "deck_id": deck.id, "position": i, "type": "flashcard", "prompt": k, "answer": "-"}
                for i, k in enumerate(keys)
            ],
        )
        ids = dict(db.session.execute(sa.select(Question.key, Question.id)).all())
        password = generate_password_hash("bench password")
        users = []
        for n in range(learners):
            user = User(username=f"learner{n}", password_hash=password, timezone="UTC", day_start_hour=4)
            db.session.add(user)
            db.session.flush()
            users.append(user.id)
            reviews, cards = [], []
            for key in keys:
                state: CardState | None = None
                reps = 0
                for at, rating, duration in sorted(log[key]):
                    after = review(state, Rating(rating), at, desired_retention=0.9, fuzz=False)
                    reviews.append(
                        review_row(
                            user.id,
                            ids[f"c{key}"],
                            Rating(rating),
                            state,
                            after,
                            at,
                            answer=None,
                            correct=rating > 1,
                            duration_ms=min(duration, 600_000),
                            origin="study",
                            lapses_before=0,
                            recall_predicted=predicted_recall(state, at, None),
                        )
                    )
                    state, reps = after, reps + 1
                cards.append(
                    {
                        "user_id": user.id,
                        "question_id": ids[f"c{key}"],
                        "state": state.state.value,
                        "step": state.step,
                        "stability": state.stability,
                        "difficulty": state.difficulty,
                        "due": state.due,
                        "last_review": state.last_review,
                        "reps": reps,
                    }
                )
            db.session.execute(sa.insert(Review), reviews)
            db.session.execute(sa.insert(Card), cards)
        db.session.commit()
        db.session.remove()
    return users


def phases(app: Any, user_id: int) -> dict[str, float]:
    """Time one learner's optimization end to end, and its pure phases again on their own."""
    timings: dict[str, float] = {}
    with app.app_context():
        started = time.perf_counter()
        learner, events, deck_size = optimization._read(user_id)
        timings["read"] = time.perf_counter() - started
        started = time.perf_counter()
        items = memory.training_items(events, timezone=learner.timezone, day_start_hour=learner.day_start_hour)
        timings["items"] = time.perf_counter() - started
        started, cpu = time.perf_counter(), time.process_time()
        fit = memory.fit(items)
        timings["fit"] = time.perf_counter() - started
        timings["fit CPU"] = time.process_time() - cpu
        cpu = time.process_time()
        memory.fitting.fit_parameters(items)
        timings["fit only CPU"] = time.process_time() - cpu
        started = time.perf_counter()
        memory.workload(fit.parameters, memory.study_habits(events), deck_size=deck_size, new_per_day=20)
        timings["workload"] = time.perf_counter() - started
        db.session.remove()
        started, cpu = time.perf_counter(), time.process_time()
        outcome = optimization.optimize(user_id, now=NOW)
        timings["whole"] = time.perf_counter() - started
        timings["whole CPU"] = time.process_time() - cpu
        assert outcome.ok, outcome.message
        timings["adopt"] = max(
            timings["whole"] - timings["read"] - timings["items"] - timings["fit"] - timings["workload"], 0.0
        )
        timings["rmse"] = db.session.get(ParameterSet, outcome.parameter_set_id).rmse_bins
        db.session.remove()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=3)
    parser.add_argument("--log", type=Path, default=LOG if LOG.exists() else SHARED)
    args = parser.parse_args()
    log = history(args.log)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "bank").mkdir()
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
                "BANK_DIR": str(folder / "bank"),
                "SECRET_KEY": "bench",
            }
        )
        started = time.perf_counter()
        users = seed(app, args.learners, log)
        reviews = sum(map(len, log.values()))
        print(f"seeded {len(users)} learners x {reviews:,} reviews in {time.perf_counter() - started:.0f} s")
        runs = [phases(app, user_id) for user_id in users]
    names = ("read", "items", "fit", "workload", "adopt", "whole", "fit only CPU", "fit CPU", "whole CPU")
    shown = runs if len(runs) <= 5 else []  # with many learners, only their median, slowest tenth and worst
    print(
        f"\n{'phase':12} "
        + " ".join(f"{'learner ' + str(i + 1):>10}" for i in range(len(shown)))
        + f" {'median':>8}"
        + ("" if shown else f" {'p90':>8} {'max':>8}")
    )
    for name in names:
        values = sorted(r[name] for r in runs)
        spread = "" if shown else f" {values[int(0.9 * (len(values) - 1))]:7.2f}s {values[-1]:7.2f}s"
        print(
            f"{name:12} " + " ".join(f"{r[name]:9.2f}s" for r in shown) + f" {statistics.median(values):7.2f}s" + spread
        )
    median = statistics.median(r["whole"] for r in runs)
    cpu = statistics.median(r["whole CPU"] for r in runs)
    fit = statistics.median(r["fit"] for r in runs)
    print(f"\nRMSE(bins) on the time-series split: {runs[0]['rmse']:.4f}")
    print(
        f"fitting {reviews:,} reviews: {statistics.median(r['fit only CPU'] for r in runs):.2f} s of CPU; with the"
        f" time-series evaluation (six fits, fourteen prediction passes) {fit:.2f} s wall-clock,"
        f" {statistics.median(r['fit CPU'] for r in runs):.2f} s of CPU (target under 5 s)"
    )
    print(
        f"1,000 learners of this size (estimated from {len(runs)}): {median * 1000 / 60:.0f} min with one worker, "
        f"{median * 1000 / 120:.0f} min with two; by CPU time {cpu * 1000 / 60:.0f} CPU-minutes"
    )
    if len(runs) > 1:
        total = sum(r["whole"] for r in runs)
        print(f"{len(runs):,} learners measured one after another: {total / 60:.1f} min in all")
    print("Wall-clock times on a shared machine: compare the phases within one run; CPU seconds are steadier.")


if __name__ == "__main__":
    main()

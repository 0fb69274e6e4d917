"""How long app writers wait for SQLite's write lock: the busy handler against a queue in front of it.

Three processes of four threads each (gunicorn's gthread settings in the README)
run rating-like write transactions on one SQLite file through the app's engine
set-up (:func:`quiz.database.configure_engine`: WAL, ``BEGIN IMMEDIATE``, the
busy timeout): read the card, do a little Python work while holding the lock
(``--hold`` ms of CPU, as scheduling a rating does), update the card, add a
review, commit. Each thread pauses a random (exponential) time between
transactions so that all of them together offer ``--rate`` writes per second
(450 learners at 8 s per card and two writes per card make about 112).

Two ways of waiting are measured in turns, a few rounds each, in the same run:

* ``busy``: SQLite's busy handler alone (the setting ``SQLITE_WRITE_QUEUE``
  off, ``QUIZ_SQLITE_WRITE_QUEUE=0``), which sleeps 1, 2, 5, 10, 15, 20, 25 ...
  ms between tries;
* ``queue``: the app's write queue (the default): a per-process lock, then a
  file lock beside the database, before ``BEGIN IMMEDIATE``.

It prints, per way, p50/p90/p99/max of the whole transaction and of the wait
before ``BEGIN IMMEDIATE`` returned, the transactions per second, the CPU time
per transaction (all twelve threads' processes) and the ratios queue/busy, and
the load average before and after: the machine's other work inflates the wall
times of both alike.

    .venv/bin/python bench/writers.py [--rounds 3] [--seconds 10] [--rate 112] [--hold 2]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

PROCESSES = 3
THREADS = 4
CARDS = 2_000
MODES = ("busy", "queue")


def prepare(path: Path) -> None:
    """Create the card and review tables with one row per card."""
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")
        connection.exec_driver_sql(
            "CREATE TABLE card (id INTEGER PRIMARY KEY, reps INTEGER NOT NULL, stability REAL NOT NULL)"
        )
        connection.exec_driver_sql(
            "CREATE TABLE review (id INTEGER PRIMARY KEY, card_id INTEGER NOT NULL REFERENCES card(id),"
            " rating INTEGER NOT NULL, at REAL NOT NULL)"
        )
        connection.exec_driver_sql("CREATE INDEX review_card ON review (card_id)")
        connection.execute(
            sa.text("INSERT INTO card (id, reps, stability) VALUES (:id, 0, 1.0)"),
            [{"id": i} for i in range(CARDS)],
        )
    engine.dispose()


def spin(seconds: float) -> None:
    """Busy the CPU for ``seconds`` of this thread's CPU time."""
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


def worker(path: str, mode: str, seconds: float, rate: float, hold: float, start: Any, out: Any) -> None:
    """One server process: THREADS threads writing until ``seconds`` have passed."""
    from quiz.database import configure_engine

    engine = sa.create_engine(f"sqlite:///{path}", pool_size=THREADS, max_overflow=0)
    configure_engine(engine, write_queue=mode == "queue")
    gap = PROCESSES * THREADS / rate
    totals: list[float] = []
    waits: list[float] = []
    failures = [0]
    lock = threading.Lock()

    def run(seed: int) -> None:
        rng = random.Random(seed)
        mine_total, mine_wait = [], []
        with engine.connect():  # open the connection before timing
            pass
        start.wait()
        stop = time.monotonic() + seconds
        while True:
            time.sleep(rng.expovariate(1 / gap))
            if time.monotonic() >= stop:
                break
            card = rng.randrange(CARDS)
            began = time.perf_counter()
            try:
                with engine.connect() as connection:
                    connection.begin()
                    locked = time.perf_counter()
                    reps = connection.execute(sa.text("SELECT reps FROM card WHERE id = :id"), {"id": card}).scalar()
                    spin(hold)
                    connection.execute(
                        sa.text("UPDATE card SET reps = :reps, stability = stability * 1.1 WHERE id = :id"),
                        {"reps": reps + 1, "id": card},
                    )
                    connection.execute(
                        sa.text("INSERT INTO review (card_id, rating, at) VALUES (:id, 3, :at)"),
                        {"id": card, "at": time.time()},
                    )
                    connection.commit()
            except sa.exc.OperationalError:
                with lock:
                    failures[0] += 1
                continue
            ended = time.perf_counter()
            mine_total.append(ended - began)
            mine_wait.append(locked - began)
        with lock:
            totals.extend(mine_total)
            waits.extend(mine_wait)

    threads = [threading.Thread(target=run, args=(os.getpid() * 100 + i,)) for i in range(THREADS)]
    before = resource.getrusage(resource.RUSAGE_SELF)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    engine.dispose()
    out.put({"totals": totals, "waits": waits, "failures": failures[0], "cpu": cpu})


def measure(path: Path, mode: str, seconds: float, rate: float, hold: float) -> dict[str, Any]:
    """Run PROCESSES worker processes in ``mode`` at once and gather their figures."""
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    out = context.Queue()
    processes = [
        context.Process(target=worker, args=(str(path), mode, seconds, rate, hold, start, out))
        for _ in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    time.sleep(2)  # let every process import the app and open its connections
    began = time.monotonic()
    start.set()
    results = [out.get() for _ in processes]
    elapsed = time.monotonic() - began
    for process in processes:
        process.join()
    return {
        "totals": [t for r in results for t in r["totals"]],
        "waits": [t for r in results for t in r["waits"]],
        "failures": sum(r["failures"] for r in results),
        "cpu": sum(r["cpu"] for r in results),
        "elapsed": elapsed,
    }


def percentiles(values: list[float]) -> dict[str, float]:
    """p50, p90, p99 and max in milliseconds."""
    ordered = sorted(values)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"p50": cuts[49] * 1e3, "p90": cuts[89] * 1e3, "p99": cuts[98] * 1e3, "max": ordered[-1] * 1e3}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10, help="per way and round")
    parser.add_argument("--rate", type=float, default=112, help="writes per second offered by all threads")
    parser.add_argument("--hold", type=float, default=2, help="ms of CPU work inside each transaction")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="quiz-writers-"))
    path = folder / "writers.db"
    prepare(path)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores")
    print(f"{PROCESSES} processes x {THREADS} threads, {args.rate:g} writes/s offered, {args.hold:g} ms CPU held")
    gathered: dict[str, dict[str, Any]] = {
        mode: {"totals": [], "waits": [], "failures": 0, "cpu": 0.0, "elapsed": 0.0} for mode in MODES
    }
    try:
        for round_ in range(args.rounds):
            for mode in MODES if round_ % 2 == 0 else reversed(MODES):
                result = measure(path, mode, args.seconds, args.rate, args.hold / 1e3)
                for key, value in result.items():
                    gathered[mode][key] += value
                p = percentiles(result["totals"])
                print(f"  round {round_ + 1} {mode:5}: {len(result['totals'])} tx, p99 {p['p99']:.1f} ms")
    finally:
        shutil.rmtree(folder)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'':6} {'what':12} {'p50':>7} {'p90':>7} {'p99':>7} {'max':>7}  (ms)")
    rows: dict[str, dict[str, dict[str, float]]] = {}
    for mode in MODES:
        g = gathered[mode]
        rows[mode] = {"transaction": percentiles(g["totals"]), "lock wait": percentiles(g["waits"])}
        for what, p in rows[mode].items():
            print(f"{mode:6} {what:12} {p['p50']:7.2f} {p['p90']:7.2f} {p['p99']:7.2f} {p['max']:7.1f}")
        count = len(g["totals"])
        print(
            f"{mode:6} {count} transactions, {count / g['elapsed']:.1f}/s, {g['failures']} failed,"
            f" {g['cpu'] / count * 1e3:.2f} ms CPU per transaction"
        )
    for what in ("transaction", "lock wait"):
        ratios = "  ".join(
            f"{k} {rows['queue'][what][k] / rows['busy'][what][k]:.2f}" for k in ("p50", "p90", "p99", "max")
        )
        print(f"queue/busy {what}: {ratios}")
    cpu = {mode: gathered[mode]["cpu"] / len(gathered[mode]["totals"]) for mode in MODES}
    print(f"queue/busy CPU per transaction: {cpu['queue'] / cpu['busy']:.2f}")


if __name__ == "__main__":
    main()

"""CPU time and SQL statements per request of the study loop, one figure for each of its four requests.

A learner's card takes four requests: GET /study (the question), POST
/study/answer, GET /study (the answer side) and POST /study/rate. This seeds
the study benchmark's database (bench/study.py: users with a replayed history,
a generated bank), logs some of them in with Flask's test client, CSRF on, and
takes cards through the loop, counting each request's CPU time (this process's)
and the statements it sends (SQLAlchemy's ``before_cursor_execute``).

With ``--against DIR`` (another checkout, e.g. ``git worktree add /tmp/old main``)
the same runs on both checkouts, in two processes taking turns a few cards at a
time (each turn in the other order), so that other work on the machine slows
both alike; it prints each request's figures and the median over turns of
new/old. Each checkout's own ``quiz`` package is measured with this checkout's
benchmark helpers.

    .venv/bin/python bench/study_requests.py [--against DIR] [--turns 20] [--cards 20]
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = ("GET question", "POST answer", "GET answer", "POST rate")
_HIDDEN = re.compile(rb'name="([a-z_]+)" type="hidden" value="([^"]*)"')
_PHASE = re.compile(rb'data-phase="([a-z]+)"')


def serve(cards: int) -> None:
    """Seed, then run ``cards`` cards per "go" line on stdin; answer each with the totals so far."""
    import sqlalchemy as sa
    import study as bench

    from quiz.extensions import db

    now = datetime.now(UTC)
    folder = tempfile.TemporaryDirectory(prefix="quiz-bench-")  # removed when this process ends
    app = bench.build(Path(folder.name), 100, 2000, bench.replay_history(now), now)
    clients = [bench.login(app, f"u{u}") for u in range(0, 100, 5)]
    with app.app_context():
        engine = db.engine
    sent = [0]
    sa.event.listen(engine, "before_cursor_execute", lambda *_: sent.__setitem__(0, sent[0] + 1))
    totals = {name: [0.0, 0, 0] for name in REQUESTS}  # CPU seconds, statements, requests

    def timed(name: str, request: Any) -> Any:
        sent[0] = 0
        started = time.process_time()
        response = request()
        totals[name][0] += time.process_time() - started
        totals[name][1] += sent[0]
        totals[name][2] += 1
        return response

    def card(client: Any, i: int) -> None:
        page = timed("GET question", lambda: client.get("/study"))
        assert _PHASE.search(page.data).group(1) == b"question"
        shown = {k.decode(): v.decode() for k, v in _HIDDEN.findall(page.data)}
        answer = {k: shown[k] for k in ("question", "reps", "csrf_token", "shown")} | {"answer": str(1900 + i % 120)}
        assert timed("POST answer", lambda: client.post("/study/answer", data=answer)).status_code == 303
        side = timed("GET answer", lambda: client.get("/study"))
        assert _PHASE.search(side.data).group(1) == b"answer"
        rated = {k.decode(): v.decode() for k, v in _HIDDEN.findall(side.data)}
        form = {k: rated[k] for k in ("question", "reps", "csrf_token")} | {"rating": "1234"[i % 4]}
        assert timed("POST rate", lambda: client.post("/study/rate", data=form)).status_code == 303

    for i in range(10):  # warm up
        card(clients[i % len(clients)], i)
    for figures in totals.values():
        figures[:] = [0.0, 0, 0]
    print("ready", flush=True)
    i = 0
    for line in sys.stdin:
        if line.strip() != "go":
            break
        for _ in range(cards):
            card(clients[i % len(clients)], i)
            i += 1
        print(repr(totals), flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, help="another checkout to measure in turns with this one")
    parser.add_argument("--turns", type=int, default=20, help="turns each checkout takes")
    parser.add_argument("--cards", type=int, default=20, help="cards studied per turn")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        return serve(args.cards)
    checkouts = {"new": ROOT} | ({"old": args.against.resolve()} if args.against else {})
    runs = {}
    for name, root in checkouts.items():
        # The checkout's own quiz package, this checkout's benchmark helpers.
        env = os.environ | {"PYTHONPATH": os.pathsep.join([str(root), str(ROOT / "bench")])}
        runs[name] = subprocess.Popen(
            [sys.executable, __file__, "--serve", "--cards", str(args.cards)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
    for run in runs.values():
        while (line := run.stdout.readline()) != "ready\n":
            if not line:
                raise SystemExit("a checkout failed to start")
    per_turn: dict[str, list[dict[str, float]]] = {name: [] for name in runs}
    last: dict[str, dict[str, list[float]]] = {}
    loads = []
    for turn in range(args.turns):
        # Each turn in the other order, so that neither checkout always runs first.
        for name, run in list(runs.items())[:: 1 if turn % 2 else -1]:
            run.stdin.write("go\n")
            run.stdin.flush()
            totals = ast.literal_eval(run.stdout.readline())
            before = last.get(name, {k: [0.0, 0, 0] for k in REQUESTS})
            per_turn[name].append({k: (totals[k][0] - before[k][0]) / (totals[k][2] - before[k][2]) for k in REQUESTS})
            last[name] = totals
        loads.append(os.getloadavg()[0])
    for run in runs.values():
        run.stdin.close()
        run.wait()
    print(f"{args.turns} turns of {args.cards} cards; load average {min(loads):.2f} to {max(loads):.2f}")
    for name, totals in last.items():
        figures = "; ".join(
            f"{k} {1000 * totals[k][0] / totals[k][2]:.3f} ms CPU, {totals[k][1] / totals[k][2]:.1f} statements"
            for k in REQUESTS
        )
        print(f"{name}: {figures}")
    if "old" in runs:
        ratios = {
            k: statistics.median(new[k] / old[k] for new, old in zip(per_turn["new"], per_turn["old"], strict=True))
            for k in REQUESTS
        }
        card_ratio = statistics.median(
            sum(new.values()) / sum(old.values()) for new, old in zip(per_turn["new"], per_turn["old"], strict=True)
        )
        print("new/old, median over turns: " + "; ".join(f"{k} {r:.3f}" for k, r in ratios.items()), end="")
        print(f"; whole card {card_ratio:.3f}")
    return None


if __name__ == "__main__":
    sys.exit(main())

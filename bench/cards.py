"""Benchmark the card browser and a study scope with 20,000 questions.

Seeds a generated bank of 20,000 questions in ten decks, each question with one
of fifty tags (400 questions each) and twenty of them with a rare tag, and
learners who each have the real learner's history (../shared/data replayed
through FSRS: 1,205 cards, the last week of reviews) plus some suspended,
buried and leech cards. Then times, in-process with Flask's test client,
logged in:

* ``GET /cards`` for a page of every kind of search (none, text, deck, tag,
  state, combined; the first and the last page),
* an action on a page of 50 ticked cards, and on every card of a search,
* ``GET /study`` with the learner studying everything, one deck, and one tag,
  beside a bare Flask "hello" route measured in the same run.

It prints milliseconds per request (median of the runs) and the ratios. The
target is the issue's: pages answer in under 50 ms on the server.

    .venv/bin/python bench/cards.py [--questions 20000] [--users 100] [--runs 30]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from study import login, replay_history, seed

from quiz import create_app
from quiz.extensions import db
from quiz.models import Card, Deck, Hold, User

_HIDDEN = re.compile(rb'name="csrf_token" type="hidden" value="([^"]*)"')


def write_bank(folder: Path, questions: int, decks: int = 10) -> Path:
    """Write ``decks`` deck files sharing ``questions`` questions, tagged ``t0`` .. ``t49`` (and ``rare``)."""
    folder.mkdir(parents=True, exist_ok=True)
    per_deck = questions // decks
    for d in range(decks):
        lines = [f"deck: {{id: deck{d}, title: Deck number {d}}}", "questions:"]
        for j in range(per_deck):
            i = d * per_deck + j
            tags = [f"t{i % 50}"] + (["rare"] if i % 1000 == 7 else [])
            lines += [
                f"  - id: q{i}",
                f"    fact: f{i // 2}",
                "    type: short",
                "    kind: date",
                f"    prompt: In what year did event number {i} of the {'treaty' if i % 97 == 0 else 'era'} happen?",
                f"    answer: '{1900 + i % 120}'",
                f"    tags: [{', '.join(tags)}]",
            ]
        (folder / f"deck{d}.yaml").write_text("\n".join(lines) + "\n")
    return folder


def add_holds(app: Flask, now: datetime) -> None:
    """Give every learner 50 suspended cards, 20 buried ones and 10 leeches, among their studied cards."""
    with app.app_context():
        users = db.session.scalars(sa.select(User.id)).all()
        rows = []
        for user in users:
            ids = db.session.scalars(
                sa.select(Card.question_id).where(Card.user_id == user).order_by(Card.question_id).limit(80)
            ).all()
            for n, question in enumerate(ids):
                rows.append(
                    {
                        "user_id": user,
                        "question_id": question,
                        "suspended": n < 50 or n >= 70,
                        "buried_until": now + timedelta(hours=6) if 50 <= n < 70 else None,
                        "leech": n >= 70,
                        "changed_at": now,
                    }
                )
        db.session.execute(sa.insert(Hold), rows)
        db.session.commit()


def timed(fn: Any, runs: int) -> float:
    """Median milliseconds of ``fn()`` over ``runs`` calls (after one warm-up)."""
    fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=20_000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args(argv)
    now = datetime.now(UTC)
    history = replay_history(now)
    with tempfile.TemporaryDirectory(prefix="quiz-bench-cards-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        config = {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'quiz.sqlite3'}",
            "BANK_DIR": str(write_bank(folder / "bank", args.questions)),
        }
        app = create_app(config)
        seed(app, args.users, history, now)
        add_holds(app, now)
        app = create_app(config)
        print(f"seeded {args.questions:,} questions, {args.users} learners in {time.perf_counter() - started:.1f} s")
        client = login(app, "u0")
        with app.app_context():
            deck = db.session.scalar(sa.select(Deck.id).where(Deck.key == "deck3"))

        def get(url: str) -> Any:
            def run() -> None:
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            return run

        searches = {
            "no search, page 1": "/cards",
            "no search, last page": "/cards?page=400",
            "text, common ('event number 1')": "/cards?q=event+number+1",
            "text, rare ('treaty')": "/cards?q=treaty",
            "text, none found": "/cards?q=zebra",
            "deck": f"/cards?deck={deck}",
            "tag, 2% of questions": "/cards?tag=t7",
            "tag, 20 questions": "/cards?tag=rare",
            "state new": "/cards?state=new",
            "state review": "/cards?state=review",
            "state suspended": "/cards?state=suspended",
            "state leech": "/cards?state=leech",
            "deck + tag + text + new": f"/cards?deck={deck}&tag=t7&q=event&state=new",
        }
        results = {name: timed(get(url), args.runs) for name, url in searches.items()}

        token = _HIDDEN.search(client.get("/cards").data).group(1).decode()
        with app.app_context():
            page = db.session.scalars(
                sa.select(Card.question_id).where(Card.user_id == 1).order_by(Card.question_id).limit(200).offset(100)
            ).all()[:50]

        def act(action: str, data: dict[str, Any]) -> Any:
            def run() -> None:
                response = client.post("/cards/act", data={"action": action, "csrf_token": token, **data})
                assert response.status_code == 303

            return run

        for name, action, data in (
            ("suspend 50 ticked", "suspend", {"ids": [str(i) for i in page]}),
            ("unsuspend 50 ticked", "unsuspend", {"ids": [str(i) for i in page]}),
            ("bury every card of a tag (400)", "bury", {"every": "y", "tag": "t7"}),
            ("unbury every card of a tag (400)", "unbury", {"every": "y", "tag": "t7"}),
        ):
            results[name] = timed(act(action, data), max(args.runs // 3, 5))

        scope_token = _HIDDEN.search(client.get("/study").data).group(1).decode()
        scopes = (("study, all decks", "all"), ("study, one deck", f"deck:{deck}"), ("study, one tag", "tag:t7"))
        for name, scope in scopes:
            client.post("/study/scope", data={"scope": scope, "csrf_token": scope_token})
            results[name] = timed(get("/study"), args.runs)

    bare = Flask("bare")
    bare.add_url_rule("/", "hello", lambda: "hello")
    hello = timed(lambda: bare.test_client().get("/"), args.runs * 10)
    print(f"\nbare Flask hello: {hello:.2f} ms")
    for name, ms in results.items():
        print(f"{name:>36}: {ms:6.1f} ms  ({ms / hello:,.0f}x bare Flask){'  OVER 50 ms' if ms > 50 else ''}")


if __name__ == "__main__":
    sys.exit(main())

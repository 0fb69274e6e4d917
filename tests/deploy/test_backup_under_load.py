"""A backup taken while learners rate holds every rating acknowledged before it began.

Three processes rate cards as fast as they can, each as its own learner, and
note every rating the app acknowledged. Meanwhile ``flask database backup``
copies the database. The copy, restored on a fresh database, must hold every
rating acknowledged before the backup started, nothing that was never sent, and
be consistent: each card's review count matches its reviews.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from typing import Any

import sqlalchemy as sa

from quiz import create_app
from quiz.extensions import db
from quiz.models import Card, Review, User
from tests.support import PASSWORD, Accounts, app_config, csrf_token, hidden, make_bank_dir

LEARNERS = ("ada", "bob", "cyd")


def flashcards(count: int) -> str:
    lines = ["deck: {id: sums, title: Sums}", "questions:"]
    for i in range(count):
        lines += [
            f"  - id: s{i}",
            "    type: flashcard",
            f"    prompt: What is {i} plus two?",
            f"    answer: '{i + 2}'",
        ]
    return "\n".join(lines) + "\n"


def rate_until_stopped(config: dict[str, Any], username: str, stop: Any, results: Any) -> None:
    """Worker: rate the card shown, again and again; report (question, reps seen, time acknowledged)."""
    client = create_app(config).test_client()
    acknowledged = []
    assert Accounts(client).login(username, PASSWORD).status_code == 303
    deadline = time.monotonic() + 60
    while not stop.is_set() and time.monotonic() < deadline:
        page = client.get("/study")
        if b'name="reps"' not in page.data:
            break  # nothing left to study
        form = {
            "question": hidden(page.data, "question"),
            "reps": hidden(page.data, "reps"),
            "rating": "1",
            "csrf_token": csrf_token(page.data),
        }
        if client.post("/study/rate", data=form).status_code == 303:
            acknowledged.append((int(form["question"]), int(form["reps"]), time.time()))
    results.put((username, acknowledged))


def reviews_by_card(app) -> tuple[dict[tuple[str, int], int], dict[tuple[str, int], int]]:
    """Per (learner, question): the reviews stored and the card's review count."""
    with app.app_context():
        try:
            names = dict(db.session.execute(sa.select(User.id, User.username)).all())
            reviews = Counter(
                (names[u], q) for u, q in db.session.execute(sa.select(Review.user_id, Review.question_id))
            )
            reps = {(names[c.user_id], c.question_id): c.reps for c in db.session.scalars(sa.select(Card))}
            return dict(reviews), reps
        finally:
            db.session.remove()


def test_a_backup_during_rating_load_holds_every_acknowledged_rating(tmp_path):
    bank = make_bank_dir(tmp_path / "bank", flashcards(400))
    config = app_config(tmp_path, bank)
    app = create_app(config)
    client = app.test_client()
    for name in LEARNERS:
        Accounts(client).register(name)
        Accounts(client).logout()
    with app.app_context():
        db.session.execute(sa.update(User).values(new_per_day=9999))
        db.session.commit()
        db.session.remove()

    context = multiprocessing.get_context("spawn")
    stop, results = context.Event(), context.Queue()
    workers = [context.Process(target=rate_until_stopped, args=(config, n, stop, results)) for n in LEARNERS]
    for worker in workers:
        worker.start()
    try:
        # Let the load build up: every learner has some ratings in.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            stored, _ = reviews_by_card(app)
            if len({name for name, _ in stored}) == len(LEARNERS) and sum(stored.values()) >= 30:
                break
            time.sleep(0.2)
        started = time.time()
        backed_up = app.test_cli_runner().invoke(args=["database", "backup", str(tmp_path / "during-load.backup")])
        finished = time.time()
        assert backed_up.exit_code == 0, backed_up.output
        time.sleep(1)  # and the load goes on after it
    finally:
        stop.set()
        acknowledged = dict(results.get(timeout=120) for _ in workers)
        for worker in workers:
            worker.join(timeout=30)

    all_acks = [(name, q, reps, t) for name, acks in acknowledged.items() for q, reps, t in acks]
    assert any(t < started for *_, t in all_acks) and any(t > finished for *_, t in all_acks)
    live, _ = reviews_by_card(app)
    assert sum(live.values()) == len(all_acks)  # every acknowledged rating is stored

    fresh_folder = tmp_path / "fresh"
    fresh_folder.mkdir()
    fresh = create_app(app_config(fresh_folder, bank))
    restored = fresh.test_cli_runner().invoke(args=["database", "restore", str(tmp_path / "during-load.backup")])
    assert restored.exit_code == 0, restored.output
    reviews, reps = reviews_by_card(fresh)
    for name, question, seen_reps, when in all_acks:
        if when < started:
            # The rating that found the card at seen_reps was its (seen_reps + 1)-th review.
            assert reviews.get((name, question), 0) > seen_reps, (name, question, seen_reps)
    # Nothing that was not sent: at most one rating per learner was stored but not yet acknowledged.
    assert sum(reviews.values()) <= len([a for a in all_acks if a[3] <= finished]) + len(LEARNERS)
    assert reps == reviews  # one consistent moment: each card agrees with its reviews
    assert fresh.test_cli_runner().invoke(args=["database", "check"]).exit_code == 0

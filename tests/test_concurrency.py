"""Several processes rating at once on one database lose no update (on either engine).

Each worker is a separate process with its own app and connection, as under a
multi-worker server. Two workers share each learner, so they race on the same
cards: the card's review count guards against double ratings, and that guard is
itself a read-modify-write that only holds if write transactions are serialized
(``BEGIN IMMEDIATE`` on SQLite, the card's row lock on PostgreSQL).
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from typing import Any

import sqlalchemy as sa

from quiz import create_app
from quiz.extensions import db
from quiz.models import Card, Review, User
from tests.support import PASSWORD, Accounts, app_config, csrf_token, hidden, make_bank_dir

ROUNDS = 15


def rate_repeatedly(config: dict[str, Any], username: str, seed: int) -> Counter[int]:
    """Worker: log in and rate whatever card is shown, ROUNDS times."""
    app = create_app(config)
    client = app.test_client()
    statuses: Counter[int] = Counter()
    statuses[Accounts(client).login(username, PASSWORD).status_code] += 1
    for round_ in range(ROUNDS):
        page = client.get("/study")
        statuses[page.status_code] += 1
        if b'data-phase="done"' in page.data:
            continue
        if b'data-phase="answer"' not in page.data and b'name="question"' not in page.data:
            continue
        form = {
            "question": hidden(page.data, "question"),
            "reps": hidden(page.data, "reps"),
            "rating": str(1 + (seed + round_) % 4),
            "csrf_token": csrf_token(page.data),
        }
        statuses[client.post("/study/rate", data=form).status_code] += 1
    return statuses


def many_questions(count: int) -> str:
    lines = ["deck: {id: many, title: Many}", "questions:"]
    for i in range(count):
        lines += [
            f"  - id: q{i}",
            "    type: flashcard",
            f"    prompt: What is {i} plus one?",
            f"    answer: '{i + 1}'",
            "    source: {document: sums.txt, paragraph: 1}",
        ]
    return "\n".join(lines) + "\n"


def test_concurrent_ratings_lose_no_update(tmp_path):
    bank_dir = make_bank_dir(tmp_path / "bank", many_questions(50))
    config = app_config(tmp_path, bank_dir)
    app = create_app(config)
    client = app.test_client()
    for name in ("ada", "bob"):
        Accounts(client).register(name)
        Accounts(client).logout()
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        results = pool.starmap(
            rate_repeatedly, [(config, "ada", 0), (config, "ada", 1), (config, "bob", 2), (config, "bob", 3)]
        )
    statuses = sum(results, Counter())
    assert set(statuses) <= {200, 303}, statuses  # no error, no "database is locked"

    def chains(session):
        rows = session.execute(
            sa.select(
                Review.user_id, Review.question_id, Review.state_before, Review.due_before, Review.due_after
            ).order_by(Review.id)
        ).all()
        cards = {(c.user_id, c.question_id): c for c in session.scalars(sa.select(Card))}
        return rows, cards, session.scalar(sa.select(sa.func.count(User.id)))

    with app.app_context():
        rows, cards, users = chains(db.session)
        db.session.remove()
    assert users == 2 and len(rows) >= 2 * ROUNDS  # both learners made progress
    last_due: dict[tuple[int, int], Any] = {}
    per_card: Counter[tuple[int, int]] = Counter()
    for user_id, question_id, state_before, due_before, due_after in rows:
        key = (user_id, question_id)
        # Every review saw the state the previous review of the card left behind.
        assert due_before == last_due.get(key), f"lost update on card {key}"
        assert (state_before is None) == (key not in last_due)
        last_due[key] = due_after
        per_card[key] += 1
    for key, card in cards.items():
        assert card.reps == per_card[key]
        assert card.due == last_due[key]

"""The memory-model migration upgrades and downgrades, and fills in past predictions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from quiz import create_app, scheduling
from quiz.database import MIGRATIONS_DIR
from quiz.extensions import db
from quiz.scheduling import CardState, State
from tests.support import app_config

T0 = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


def columns(table: str) -> set[str]:
    with db.engine.connect() as connection:
        return {c["name"] for c in sa.inspect(connection).get_columns(table)}


def has_table(table: str) -> bool:
    with db.engine.connect() as connection:
        return sa.inspect(connection).has_table(table)


def test_upgrade_fills_past_predictions_and_downgrade_removes_everything(tmp_path, bank_dir):
    app = create_app(app_config(tmp_path, bank_dir))
    with app.app_context():
        downgrade(directory=str(MIGRATIONS_DIR), revision="0005_hardening")
        assert "fsrs_parameters" not in columns("user") and "recall_predicted" not in columns("review")
        assert not has_table("parameter_set")
        review = sa.table("review", *(sa.column(n) for n in sorted(columns("review"))))
        with db.engine.begin() as connection:
            connection.execute(
                sa.text(
                    'INSERT INTO "user" (id, username, password_hash, role, session_version, desired_retention,'
                    " new_per_day, timezone, day_start_hour, new_frontier, created_at)"
                    " VALUES (1, 'old', 'x', 'learner', 1, 0.9, 20, 'UTC', 4, -1, :t)"
                ),
                {"t": T0},
            )
            question = connection.execute(sa.text("SELECT min(id) FROM question")).scalar()
            common = {
                "user_id": 1,
                "question_id": question,
                "rating": 3,
                "correct": True,
                "duration_ms": 0,
                "origin": "study",
                "lapses_before": 0,
                "state_after": 2,
                "stability_after": 9.0,
                "difficulty_after": 5.0,
                "interval_after": 9.0,
                "state_before": None,
                "stability_before": None,
                "difficulty_before": None,
                "last_review_before": None,
                "due_before": None,
            }
            connection.execute(
                review.insert(),
                [
                    # a first review: nothing was predicted
                    common | {"id": 1, "reviewed_at": T0, "due_after": T0 + timedelta(days=3)},
                    # 6 days after the previous review, stability 3: predicted from the stored state
                    common
                    | {
                        "id": 2,
                        "reviewed_at": T0 + timedelta(days=6, hours=2),
                        "state_before": 2,
                        "stability_before": 3.0,
                        "difficulty_before": 5.0,
                        "last_review_before": T0,
                        "due_before": T0 + timedelta(days=3),
                        "due_after": T0 + timedelta(days=20),
                    },
                    # the same day as the previous one: a learning step, not a prediction
                    common
                    | {
                        "id": 3,
                        "reviewed_at": T0 + timedelta(days=6, hours=3),
                        "state_before": 1,
                        "stability_before": 3.0,
                        "difficulty_before": 5.0,
                        "last_review_before": T0 + timedelta(days=6, hours=2),
                        "due_before": T0 + timedelta(days=6, hours=2),
                        "due_after": T0 + timedelta(days=20),
                    },
                ],
            )
        db.session.remove()
        upgrade(directory=str(MIGRATIONS_DIR))
        with db.engine.connect() as connection:
            rows = dict(connection.execute(sa.text("SELECT id, recall_predicted FROM review ORDER BY id")).all())
            user = connection.execute(sa.text('SELECT fsrs_parameters, load_balance, easy_days FROM "user"')).one()
        expected = scheduling.retrievability(
            CardState(State.Review, None, 3.0, 5.0, T0, T0), T0 + timedelta(days=6, hours=2), desired_retention=0.9
        )
        assert rows[1] is None and rows[3] is None
        assert rows[2] == pytest.approx(expected)
        assert (user[0], bool(user[1]), user[2]) == (None, False, 0)

        downgrade(directory=str(MIGRATIONS_DIR), revision="0005_hardening")
        assert "recall_predicted" not in columns("review") and "easy_days" not in columns("user")
        with db.engine.connect() as connection:  # no learner's data goes with the columns
            assert connection.execute(sa.text("SELECT count(*) FROM review")).scalar() == 3
        upgrade(directory=str(MIGRATIONS_DIR))
        assert has_table("optimization_request")
        db.engine.dispose()

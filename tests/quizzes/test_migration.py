"""The migration that keeps a quiz's requested length upgrades and downgrades without losing an answer."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from quiz import create_app
from quiz.database import MIGRATIONS_DIR
from quiz.extensions import db
from tests.support import app_config

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def columns(table: str) -> set[str]:
    with db.engine.connect() as connection:
        return {c["name"] for c in sa.inspect(connection).get_columns(table)}


def count(table: str) -> int:
    with db.engine.connect() as connection:
        return connection.execute(sa.text(f'SELECT count(*) FROM "{table}"')).scalar()


def test_requested_length_column_comes_and_goes_and_every_answer_stays(tmp_path, bank_dir):
    app = create_app(app_config(tmp_path, bank_dir))
    with app.app_context():
        downgrade(directory=str(MIGRATIONS_DIR), revision="0005_hardening")
        assert "requested" not in columns("quiz_attempt")
        with db.engine.begin() as connection:
            connection.execute(
                sa.text(
                    'INSERT INTO "user" (id, username, password_hash, role, session_version, desired_retention,'
                    " new_per_day, timezone, day_start_hour, new_frontier, created_at)"
                    " VALUES (1, 'old', 'x', 'learner', 1, 0.9, 20, 'UTC', 4, -1, :t)"
                ),
                {"t": T0},
            )
            connection.execute(
                sa.text("INSERT INTO quiz_attempt (id, user_id, kinds, length, started_at) VALUES (1, 1, '[]', 2, :t)"),
                {"t": T0},
            )
            question = connection.execute(sa.text("SELECT min(id) FROM question")).scalar()
            for position in (1, 2):
                connection.execute(
                    sa.text(
                        "INSERT INTO quiz_answer (attempt_id, position, question_id, duration_ms) VALUES (1, :p, :q, 0)"
                    ),
                    {"p": position, "q": question},
                )
        upgrade(directory=str(MIGRATIONS_DIR))
        assert "requested" in columns("quiz_attempt")
        with db.engine.connect() as connection:
            assert connection.execute(sa.text("SELECT requested FROM quiz_attempt")).scalar() is None
        assert (count("quiz_attempt"), count("quiz_answer")) == (1, 2)
        downgrade(directory=str(MIGRATIONS_DIR), revision="0005_hardening")
        assert "requested" not in columns("quiz_attempt")
        assert (count("quiz_attempt"), count("quiz_answer")) == (1, 2)
        upgrade(directory=str(MIGRATIONS_DIR))
        db.engine.dispose()

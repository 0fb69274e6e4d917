"""Quiz attempts and their answers; an index of the reviews that count

Each scored quiz a learner starts, and one row per question of it holding the
answer once given. A partial index of the reviews that count (undone_at IS NULL),
keyed by user and time and holding what the progress pages read, lets their
figures come from the index alone.

Revision ID: 0003
Revises: 0002
Created: 2026-11-25 19:12:36.008872
"""

import sqlalchemy as sa
from alembic import op

import quiz.models

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quiz_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("deck_id", sa.Integer(), nullable=True),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("time_limit_s", sa.Integer(), nullable=True),
        sa.Column("started_at", quiz.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deadline", quiz.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", quiz.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["deck_id"], ["deck.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("quiz_attempt", schema=None) as batch_op:
        batch_op.create_index("ix_quiz_attempt_user_finished", ["user_id", "finished_at"], unique=False)
        batch_op.create_index("ix_quiz_attempt_user_started", ["user_id", "started_at"], unique=False)

    op.create_table(
        "quiz_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("correct", sa.Boolean(), nullable=True),
        sa.Column("answered_at", quiz.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["attempt_id"], ["quiz_attempt.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["question_id"], ["question.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("attempt_id", "position"),
    )
    with op.batch_alter_table("quiz_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quiz_answer_question_id"), ["question_id"], unique=False)

    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.create_index(
            "ix_review_user_live",
            [
                "user_id",
                "reviewed_at",
                "question_id",
                "rating",
                "correct",
                "duration_ms",
                "state_before",
                "interval_before",
            ],
            unique=False,
            sqlite_where=sa.text("undone_at IS NULL"),
            postgresql_where=sa.text("undone_at IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_index("ix_review_user_live")

    with op.batch_alter_table("quiz_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quiz_answer_question_id"))

    op.drop_table("quiz_answer")
    with op.batch_alter_table("quiz_attempt", schema=None) as batch_op:
        batch_op.drop_index("ix_quiz_attempt_user_started")
        batch_op.drop_index("ix_quiz_attempt_user_finished")

    op.drop_table("quiz_attempt")

"""Users, decks, questions, cards and the review log

Revision ID: 0001
Revises:
Created: 2026-11-25 19:02:09.608034
"""

import sqlalchemy as sa
from alembic import op

import quiz.models

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deck",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("desired_retention", sa.Double(), nullable=False),
        sa.Column("new_per_day", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("day_start_hour", sa.Integer(), nullable=False),
        sa.Column("new_frontier", sa.Integer(), nullable=False),
        sa.Column("created_at", quiz.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("deck_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("accept", sa.JSON(), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("fact", sa.String(length=100), nullable=True),
        sa.Column("retired_at", quiz.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", quiz.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["deck_id"],
            ["deck.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.create_index("ix_question_active_order", ["retired_at", "position"], unique=False)
        batch_op.create_index(batch_op.f("ix_question_deck_id"), ["deck_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_question_fact"), ["fact"], unique=False)

    op.create_table(
        "card",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("stability", sa.Double(), nullable=True),
        sa.Column("difficulty", sa.Double(), nullable=True),
        sa.Column("due", quiz.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_review", quiz.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("lapses", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["question_id"], ["question.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "question_id"),
    )
    with op.batch_alter_table("card", schema=None) as batch_op:
        batch_op.create_index("ix_card_user_due", ["user_id", "due", "state"], unique=False)

    op.create_table(
        "review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", quiz.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("state_before", sa.Integer(), nullable=True),
        sa.Column("step_before", sa.Integer(), nullable=True),
        sa.Column("stability_before", sa.Double(), nullable=True),
        sa.Column("difficulty_before", sa.Double(), nullable=True),
        sa.Column("due_before", quiz.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_review_before", quiz.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("lapses_before", sa.Integer(), nullable=False),
        sa.Column("interval_before", sa.Double(), nullable=True),
        sa.Column("state_after", sa.Integer(), nullable=False),
        sa.Column("stability_after", sa.Double(), nullable=False),
        sa.Column("difficulty_after", sa.Double(), nullable=False),
        sa.Column("due_after", quiz.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("interval_after", sa.Double(), nullable=False),
        sa.Column("undone_at", quiz.models.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["question_id"], ["question.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.create_index("ix_review_question_time", ["question_id", "reviewed_at"], unique=False)
        batch_op.create_index("ix_review_user_time", ["user_id", "reviewed_at"], unique=False)
        batch_op.create_index(
            "ix_review_user_first",
            ["user_id", "reviewed_at"],
            unique=False,
            sqlite_where=sa.text("state_before IS NULL"),
            postgresql_where=sa.text("state_before IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_index("ix_review_user_time")
        batch_op.drop_index("ix_review_user_first")
        batch_op.drop_index("ix_review_question_time")

    op.drop_table("review")
    with op.batch_alter_table("card", schema=None) as batch_op:
        batch_op.drop_index("ix_card_user_due")

    op.drop_table("card")
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_fact"))
        batch_op.drop_index(batch_op.f("ix_question_deck_id"))
        batch_op.drop_index("ix_question_active_order")

    op.drop_table("question")
    op.drop_table("user")
    op.drop_table("meta")
    op.drop_table("deck")

"""Learner control of the queue: holds on cards, a tag index, the deck or tag studied, custom study

Adds ``card_hold`` (suspended and buried cards, and leeches, per learner and
question), ``question_tag`` (one row per tag of each question, filled here from
``question.tags``), and on the user row the deck or tag studied, the leech
threshold, extra new cards for today and the custom session in progress.

Revision ID: 0010_learner_control
Revises: 0006_accounts
Created: 2026-12-02 04:00:00
"""

import json

import sqlalchemy as sa
from alembic import op

import quiz.models

revision = "0010_learner_control"
down_revision = "0006_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "card_hold",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("suspended", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("buried_until", quiz.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("leech", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("changed_at", quiz.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["question_id"], ["question.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "question_id"),
    )
    op.create_table(
        "question_tag",
        sa.Column("tag", sa.String(length=100), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["question_id"], ["question.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tag", "question_id"),
    )
    op.create_index("ix_question_tag_question_id", "question_tag", ["question_id"], unique=False)
    _fill_tags()

    # Plain ALTER TABLE ... ADD COLUMN, never batch mode: on SQLite batch mode
    # copies and drops the user table, and with foreign keys on, dropping it
    # deletes every learner's cards and reviews (ON DELETE CASCADE).
    if op.get_bind().dialect.name == "sqlite":
        op.execute('ALTER TABLE "user" ADD COLUMN study_deck_id INTEGER REFERENCES deck (id) ON DELETE SET NULL')
    else:
        op.add_column("user", sa.Column("study_deck_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "fk_user_study_deck_id_deck", "user", "deck", ["study_deck_id"], ["id"], ondelete="SET NULL"
        )
    op.add_column("user", sa.Column("study_tag", sa.String(length=100), nullable=True))
    op.add_column("user", sa.Column("leech_threshold", sa.Integer(), nullable=False, server_default="8"))
    op.add_column("user", sa.Column("new_extra", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("user", sa.Column("new_extra_until", quiz.models.UTCDateTime(timezone=True), nullable=True))
    op.add_column("user", sa.Column("custom_kind", sa.String(length=10), nullable=True))
    op.add_column("user", sa.Column("custom_days", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("user", sa.Column("custom_since", quiz.models.UTCDateTime(timezone=True), nullable=True))


def _fill_tags() -> None:
    """One ``question_tag`` row per tag of every question, read from ``question.tags``."""
    bind = op.get_bind()
    question = sa.table("question", sa.column("id", sa.Integer), sa.column("tags", sa.JSON))
    rows = []
    for question_id, tags in bind.execute(sa.select(question.c.id, question.c.tags)):
        if isinstance(tags, str):  # a driver that hands JSON back as text
            tags = json.loads(tags)
        rows += [{"tag": tag, "question_id": question_id} for tag in dict.fromkeys(tags or [])]
    if rows:
        op.bulk_insert(
            sa.table("question_tag", sa.column("tag", sa.String), sa.column("question_id", sa.Integer)), rows
        )


def _drop_column(table: str, column: str) -> None:
    """Drop a column in place (SQLite 3.35+ can), never by copying the table (see upgrade)."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
    else:
        op.drop_column(table, column)


def downgrade() -> None:
    for column in (
        "custom_since",
        "custom_days",
        "custom_kind",
        "new_extra_until",
        "new_extra",
        "leech_threshold",
        "study_tag",
    ):
        _drop_column("user", column)
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_user_study_deck_id_deck", "user", type_="foreignkey")
    _drop_column("user", "study_deck_id")
    op.drop_index("ix_question_tag_question_id", table_name="question_tag")
    op.drop_table("question_tag")
    op.drop_table("card_hold")

"""Uploads kept between preview and use

Revision ID: 0002
Revises: 0001
Created: 2026-11-25 19:26:00.079246
"""

import sqlalchemy as sa
from alembic import op

import quiz.models

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "upload",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("deck_key", sa.String(length=100), nullable=True),
        sa.Column("deck_title", sa.String(length=200), nullable=True),
        sa.Column("draft", sa.JSON(), nullable=False),
        sa.Column("created_at", quiz.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("applied_at", quiz.models.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_upload_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_upload_user_id"))

    op.drop_table("upload")

"""Pending answers kept on the server; how many drafts a document gave

``pending_card`` holds, per learner, the checked answer waiting for its rating
(or the card undo put back), which used to ride in the session cookie.
``upload.drafts_found`` records how many draft questions a document gave, so
the draft page can say when an upload was cut short.

Revision ID: 0005_hardening
Revises: 0004_documents
Created: 2026-11-26 10:00:00
"""

import sqlalchemy as sa
from alembic import op

import quiz.models

revision = "0005_hardening"
down_revision = "0004_documents"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_card",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("correct", sa.Boolean(), nullable=True),
        sa.Column("shown_at", quiz.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answered_at", quiz.models.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["question_id"], ["question.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id"),
    )
    with op.batch_alter_table("pending_card", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pending_card_question_id"), ["question_id"], unique=False)
    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.add_column(sa.Column("drafts_found", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.drop_column("drafts_found")
    with op.batch_alter_table("pending_card", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_card_question_id"))
    op.drop_table("pending_card")

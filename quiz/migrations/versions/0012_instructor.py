"""Uploads an instructor has set aside

``upload.abandoned_at`` marks an upload or a draft its author gave up on: the
uploads list shows it as abandoned, and it cannot be applied until reopened.
``ix_review_wrong_answer`` indexes the wrong answers learners gave, which the
item analysis lists for each question.

Revision ID: 0012_instructor
Revises: 0007_study_days
Created: 2026-12-02 04:10:00
"""

import sqlalchemy as sa
from alembic import op

import quiz.models

revision = "0012_instructor"
down_revision = "0007_study_days"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.add_column(sa.Column("abandoned_at", quiz.models.UTCDateTime(timezone=True), nullable=True))
    op.create_index(
        "ix_review_wrong_answer",
        "review",
        ["user_id", "reviewed_at"],
        unique=False,
        sqlite_where=sa.text("correct = 0 AND answer IS NOT NULL"),
        postgresql_where=sa.text("correct = false AND answer IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_review_wrong_answer", table_name="review")
    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.drop_column("abandoned_at")

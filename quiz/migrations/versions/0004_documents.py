"""Source documents: the title learners see for each cited file, and its text where it may be shown

Revision ID: 0004_documents
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

import quiz.models

revision = "0004_documents"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("show_text", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("origin", sa.Text(), nullable=False, server_default=""),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("updated_at", quiz.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    # The bank fingerprint did not cover document texts: forget it, so that the
    # next start imports the bank folder again, documents included.
    op.execute(sa.text("DELETE FROM meta WHERE key = 'bank_fingerprint'"))


def downgrade() -> None:
    op.drop_table("document")
    op.execute(sa.text("DELETE FROM meta WHERE key = 'bank_fingerprint'"))

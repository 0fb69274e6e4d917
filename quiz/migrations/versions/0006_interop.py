"""Questions with a numeric tolerance; notes on what an imported file could not carry

Revision ID: 0006_interop
Revises: 0005_hardening
Created: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_interop"
down_revision = "0005_hardening"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tolerance", sa.String(length=40), nullable=True))
    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notes", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.drop_column("notes")
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.drop_column("tolerance")

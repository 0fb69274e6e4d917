"""How many questions a quiz was asked for

``quiz_attempt.requested`` keeps the length the learner asked for, so that a
quiz drawn shorter because fewer questions matched can say so (``length`` is
how many it has). Attempts from before this revision have none.

Revision ID: 0011_quiz_requested
Revises: 0005_hardening
Created: 2026-12-03 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_quiz_requested"
down_revision = "0005_hardening"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE ... ADD COLUMN, not batch mode: on SQLite batch mode would copy
    # and drop quiz_attempt, and with foreign keys on, dropping it deletes every answer.
    op.add_column("quiz_attempt", sa.Column("requested", sa.Integer(), nullable=True))


def downgrade() -> None:
    # In place as well (SQLite 3.35+ drops a column itself).
    if op.get_bind().dialect.name == "sqlite":
        op.execute('ALTER TABLE "quiz_attempt" DROP COLUMN "requested"')
    else:
        op.drop_column("quiz_attempt", "requested")

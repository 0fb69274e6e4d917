"""Questions with a numeric tolerance; images and sounds stored by content and named per deck; uploads' notes and media

Revision ID: 0009_interop
Revises: 0012_instructor
Created: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

import quiz.models

revision = "0009_interop"
down_revision = "0012_instructor"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE ... ADD COLUMN, never batch mode: on SQLite batch mode copies
    # and drops the table, and with foreign keys on, dropping "question" deletes
    # every card, review and quiz answer.
    op.add_column("question", sa.Column("tolerance", sa.String(length=40), nullable=True))
    op.add_column("upload", sa.Column("notes", sa.JSON(), nullable=True))
    op.add_column("upload", sa.Column("media", sa.JSON(), nullable=True))
    op.create_table(
        "media_file",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("mime", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", quiz.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "deck_media",
        sa.Column("deck_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["deck_id"], ["deck.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sha256"], ["media_file.sha256"]),
        sa.PrimaryKeyConstraint("deck_id", "name"),
    )
    op.create_index("ix_deck_media_sha256", "deck_media", ["sha256"], unique=False)
    # The bank fingerprint did not cover the media folders: forget it, so that
    # the next start imports the bank folder again, images included.
    op.execute(sa.text("DELETE FROM meta WHERE key = 'bank_fingerprint'"))


def downgrade() -> None:
    op.drop_index("ix_deck_media_sha256", table_name="deck_media")
    op.drop_table("deck_media")
    op.drop_table("media_file")
    op.execute(sa.text("DELETE FROM meta WHERE key = 'bank_fingerprint'"))
    # In place as well (SQLite 3.35+ drops a column itself), so no table is copied.
    for table, column in (("upload", "media"), ("upload", "notes"), ("question", "tolerance")):
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
        else:
            op.drop_column(table, column)

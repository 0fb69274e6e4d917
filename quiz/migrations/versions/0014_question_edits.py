"""Editing decks in the browser: where file-backed questions are written, deck owners, question history

Revision ID: 0014_question_edits
Revises: 0009_interop
Created: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

import quiz.models

revision = "0014_question_edits"
down_revision = "0013_classes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE ... ADD COLUMN, never batch mode: on SQLite batch mode copies
    # and drops the table, and with foreign keys on, dropping "question" deletes
    # every card, review and quiz answer.
    op.add_column("deck", sa.Column("source_path", sa.String(length=500), nullable=True))
    op.add_column("question", sa.Column("source_path", sa.String(length=500), nullable=True))
    op.add_column("question", sa.Column("source_line", sa.Integer(), nullable=True))
    op.create_table(
        "deck_owner",
        sa.Column("deck_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["deck_id"], ["deck.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("deck_id"),
    )
    op.create_index("ix_deck_owner_user_id", "deck_owner", ["user_id"], unique=False)
    op.create_table(
        "question_edit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("at", quiz.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("reset_cards", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["question_id"], ["question.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_question_edit_question_at", "question_edit", ["question_id", "at"], unique=False)
    op.create_index("ix_question_edit_user_id", "question_edit", ["user_id"], unique=False)
    # A deck drafted from a document belongs to the instructor who uploaded the document.
    op.execute(
        sa.text(
            "INSERT INTO deck_owner (deck_id, user_id) "
            "SELECT deck.id, MIN(upload.user_id) FROM deck JOIN upload "
            "ON upload.deck_key = deck.key AND upload.kind = 'document' GROUP BY deck.id"
        )
    )
    # Forget the bank fingerprint, so that the next start imports the bank folder
    # again and records the file and line of every file-backed question.
    op.execute(sa.text("DELETE FROM meta WHERE key = 'bank_fingerprint'"))


def downgrade() -> None:
    op.drop_index("ix_question_edit_user_id", table_name="question_edit")
    op.drop_index("ix_question_edit_question_at", table_name="question_edit")
    op.drop_table("question_edit")
    op.drop_index("ix_deck_owner_user_id", table_name="deck_owner")
    op.drop_table("deck_owner")
    # In place as well (SQLite 3.35+ drops a column itself), so no table is copied.
    for table, column in (("question", "source_line"), ("question", "source_path"), ("deck", "source_path")):
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
        else:
            op.drop_column(table, column)

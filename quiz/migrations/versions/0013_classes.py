"""Classes, their members, assignments and the quizzes taken for them

``classroom`` is an instructor's class with its join code; ``class_member`` the
learners in it; ``assignment`` the work set for it (a deck or a tag, a due day and
a goal); ``assignment_quiz`` links a quiz attempt to the assignment it was taken for.
New tables only: nothing existing is rebuilt.

Revision ID: 0013_classes
Revises: 0009_interop
Created: 2026-12-02 07:20:00
"""

import sqlalchemy as sa
from alembic import op

import quiz.models

revision = "0013_classes"
down_revision = "0009_interop"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "classroom",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("join_code", sa.String(length=20), nullable=False),
        sa.Column("created_at", quiz.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("join_code"),
    )
    op.create_index(op.f("ix_classroom_owner_id"), "classroom", ["owner_id"], unique=False)
    op.create_table(
        "class_member",
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("joined_at", quiz.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["class_id"], ["classroom.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("class_id", "user_id"),
    )
    op.create_index(op.f("ix_class_member_user_id"), "class_member", ["user_id"], unique=False)
    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("deck_id", sa.Integer(), nullable=True),
        sa.Column("tag", sa.String(length=100), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("due_at", quiz.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("require_studied", sa.Boolean(), nullable=False),
        sa.Column("quiz_length", sa.Integer(), nullable=True),
        sa.Column("pass_percent", sa.Integer(), nullable=False),
        sa.Column("created_at", quiz.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["class_id"], ["classroom.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["deck_id"], ["deck.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_assignment_class_id"), "assignment", ["class_id"], unique=False)
    op.create_table(
        "assignment_quiz",
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["assignment_id"], ["assignment.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["attempt_id"], ["quiz_attempt.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("attempt_id"),
    )
    op.create_index(op.f("ix_assignment_quiz_assignment_id"), "assignment_quiz", ["assignment_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_assignment_quiz_assignment_id"), table_name="assignment_quiz")
    op.drop_table("assignment_quiz")
    op.drop_index(op.f("ix_assignment_class_id"), table_name="assignment")
    op.drop_table("assignment")
    op.drop_index(op.f("ix_class_member_user_id"), table_name="class_member")
    op.drop_table("class_member")
    op.drop_index(op.f("ix_classroom_owner_id"), table_name="classroom")
    op.drop_table("classroom")

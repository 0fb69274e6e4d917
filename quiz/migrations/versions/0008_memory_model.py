"""Each learner's memory model: fitted FSRS parameters, the optimization queue, scheduling comforts

Adds the history of FSRS parameter sets per learner and the queue of
optimization requests; on the user row, the parameters in use (a cache of the
adopted set), load balancing and easy days; on each review, the recall the
scheduler predicted, filled in for past reviews from their stored state with
the default parameters (the only ones used before this revision).

Revision ID: 0008_memory_model
Revises: 0011_quiz_requested
Created: 2026-12-02 02:00:00
"""

import sqlalchemy as sa
from alembic import op

import quiz.models

revision = "0008_memory_model"
down_revision = "0011_quiz_requested"
branch_labels = None
depends_on = None

#: FSRS-6's default decay, the only one in use before this revision.
_DECAY = 0.1542
_BATCH = 5000


def upgrade() -> None:
    op.create_table(
        "parameter_set",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", quiz.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("adopted", sa.Boolean(), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("log_loss", sa.Double(), nullable=True),
        sa.Column("rmse_bins", sa.Double(), nullable=True),
        sa.Column("default_log_loss", sa.Double(), nullable=True),
        sa.Column("default_rmse_bins", sa.Double(), nullable=True),
        sa.Column("optimizer", sa.String(length=60), nullable=False),
        sa.Column("seconds", sa.Double(), nullable=True),
        sa.Column("workload", sa.JSON(), nullable=True),
        sa.Column("suggested_retention", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("parameter_set", schema=None) as batch_op:
        batch_op.create_index("ix_parameter_set_user_time", ["user_id", "created_at"], unique=False)

    op.create_table(
        "optimization_request",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("reschedule", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("requested_at", quiz.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("started_at", quiz.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", quiz.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("parameter_set_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["parameter_set_id"], ["parameter_set.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id"),
    )
    with op.batch_alter_table("optimization_request", schema=None) as batch_op:
        batch_op.create_index("ix_optimization_request_state", ["state", "requested_at"], unique=False)

    # Plain ALTER TABLE ... ADD COLUMN, not batch mode: on SQLite batch mode would
    # copy and drop the user table, and with foreign keys on, dropping it deletes
    # every card and review of every learner (ON DELETE CASCADE).
    op.add_column("user", sa.Column("fsrs_parameters", sa.JSON(), nullable=True))
    op.add_column("user", sa.Column("load_balance", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("user", sa.Column("easy_days", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("review", sa.Column("recall_predicted", sa.Double(), nullable=True))

    _backfill_predictions()


def _backfill_predictions() -> None:
    """Fill ``recall_predicted`` of past reviews from the state stored before each (fsrs's formula)."""
    bind = op.get_bind()
    review = sa.table(
        "review",
        sa.column("id", sa.Integer),
        sa.column("reviewed_at", quiz.models.UTCDateTime(timezone=True)),
        sa.column("last_review_before", quiz.models.UTCDateTime(timezone=True)),
        sa.column("stability_before", sa.Double),
        sa.column("recall_predicted", sa.Double),
    )
    factor = 0.9 ** (-1 / _DECAY) - 1
    update = (
        sa.update(review)
        .where(review.c.id == sa.bindparam("review_id"))
        .values(recall_predicted=sa.bindparam("recall"))
    )
    after = 0
    while True:
        rows = bind.execute(
            sa.select(review.c.id, review.c.reviewed_at, review.c.last_review_before, review.c.stability_before)
            .where(
                review.c.id > after,
                review.c.last_review_before.is_not(None),
                review.c.stability_before > 0,
            )
            .order_by(review.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        updates = []
        for row in rows:
            days = (row.reviewed_at - row.last_review_before).days
            if days >= 1:
                updates.append({"review_id": row.id, "recall": (1 + factor * days / row.stability_before) ** -_DECAY})
        if updates:
            bind.execute(update, updates)
        after = rows[-1].id


def _drop_column(table: str, column: str) -> None:
    """Drop a column in place (SQLite 3.35+ can), never by copying the table (see upgrade)."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
    else:
        op.drop_column(table, column)


def downgrade() -> None:
    _drop_column("review", "recall_predicted")
    for column in ("easy_days", "load_balance", "fsrs_parameters"):
        _drop_column("user", column)

    with op.batch_alter_table("optimization_request", schema=None) as batch_op:
        batch_op.drop_index("ix_optimization_request_state")
    op.drop_table("optimization_request")

    with op.batch_alter_table("parameter_set", schema=None) as batch_op:
        batch_op.drop_index("ix_parameter_set_user_time")
    op.drop_table("parameter_set")

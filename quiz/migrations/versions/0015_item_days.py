"""Tallies of each learner's reviews per question and study day, filled from the review log

``item_day`` holds, per learner, study day (as ``study_day`` counts them, in the
learner's zone from their day-start hour) and question, the reviews that count,
the right answers, the reviews made while the card was in review and the lapses
among those. The class view's item analysis reads it for a period instead of
every review of the period. The upgrade counts the existing log into it, one
learner at a time; the counting is written out here, against the tables as they
are at this revision, so that later changes to the app cannot change what this
migration does.

Revision ID: 0015_item_days
Revises: 0014_question_edits
Created: 2026-12-02 11:30:00
"""

from datetime import timedelta

import sqlalchemy as sa
from alembic import op

import quiz.models
from quiz.days import day_start, study_date

revision = "0015_item_days"
down_revision = "0014_question_edits"
branch_labels = None
depends_on = None

COUNTS = ("attempts", "correct", "in_review", "lapses")
CHUNK_DAYS = 1000


def upgrade() -> None:
    op.create_table(
        "item_day",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("day", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("in_review", sa.Integer(), nullable=False),
        sa.Column("lapses", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["question_id"], ["question.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "question_id", "day"),
        sqlite_with_rowid=False,
    )
    _count_the_log(op.get_bind())


def downgrade() -> None:
    op.drop_table("item_day")


def _count_the_log(connection: sa.Connection) -> None:
    """Fill ``item_day`` from the reviews not undone, one learner and up to CHUNK_DAYS days per statement."""
    date_time = quiz.models.UTCDateTime()
    user = sa.table("user", sa.column("id"), sa.column("timezone"), sa.column("day_start_hour"))
    review = sa.table(
        "review",
        sa.column("user_id"),
        sa.column("question_id"),
        sa.column("rating"),
        sa.column("correct"),
        sa.column("state_before"),
        sa.column("reviewed_at", date_time),
        sa.column("undone_at", date_time),
    )
    item_day = sa.table("item_day", *(sa.column(name) for name in ("user_id", "day", "question_id", *COUNTS)))
    live = review.c.undone_at.is_(None)
    learners = connection.execute(
        sa.select(
            user.c.id,
            user.c.timezone,
            user.c.day_start_hour,
            sa.func.min(review.c.reviewed_at),
            sa.func.max(review.c.reviewed_at),
        )
        .join(review, sa.and_(review.c.user_id == user.c.id, live))
        .group_by(user.c.id, user.c.timezone, user.c.day_start_hour)
    ).all()

    def count_if(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
        return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)

    # In review: state 2 before the review; a lapse: in review and rated Again (1).
    in_review = review.c.state_before == 2
    tallies = [
        sa.func.count(),
        count_if(review.c.correct),
        count_if(in_review),
        count_if(sa.and_(in_review, review.c.rating == 1)),
    ]
    for user_id, tz, hour, first, last in learners:
        start, end = study_date(first, tz, hour), study_date(last, tz, hour)
        while start <= end:
            stop = min(start + timedelta(days=CHUNK_DAYS - 1), end)
            days = (stop - start).days + 1
            bounds = [day_start(start + timedelta(days=i), tz, hour) for i in range(days + 1)]
            spans = (
                sa.values(
                    sa.column("n", sa.Integer),
                    sa.column("begins", date_time),
                    sa.column("ends", date_time),
                    name="days",
                )
                .data([((start + timedelta(days=i)).toordinal(), bounds[i], bounds[i + 1]) for i in range(days)])
                .cte("days")
            )
            counted = (
                sa.select(sa.literal(user_id, sa.Integer), spans.c.n, review.c.question_id, *tallies)
                .select_from(spans)
                .join(
                    review,
                    sa.and_(
                        review.c.user_id == user_id,
                        live,
                        review.c.reviewed_at >= spans.c.begins,
                        review.c.reviewed_at < spans.c.ends,
                    ),
                )
                .group_by(spans.c.n, review.c.question_id)
            )
            connection.execute(sa.insert(item_day).from_select(["user_id", "day", "question_id", *COUNTS], counted))
            start = stop + timedelta(days=1)

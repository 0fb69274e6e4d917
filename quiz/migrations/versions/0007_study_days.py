"""Study-day tallies of each learner's reviews, filled from the review log; an index for the item analysis

``study_day`` holds, per learner and study day (in the learner's zone, from
their day-start hour), the reviews that count by rating, right answers, time
and reviews of mature cards. Progress pages read it instead of the whole log.
``ix_review_user_item`` keeps the reviews that count in (learner, question)
order, so that the class's all-time item analysis reads them already grouped.
The upgrade counts the existing log into it, one learner at a time; the
counting is written out here, against the tables as they are at this revision,
so that later changes to the app cannot change what this migration does.

Revision ID: 0007_study_days
Revises: 0010_learner_control
Created: 2026-12-02 01:30:00
"""

from datetime import timedelta

import sqlalchemy as sa
from alembic import op

import quiz.models
from quiz.days import day_start, study_date

revision = "0007_study_days"
down_revision = "0010_learner_control"
branch_labels = None
depends_on = None

COUNTS = ("again", "hard", "good", "easy", "correct", "duration_ms", "mature", "mature_passed")
CHUNK_DAYS = 1000


def upgrade() -> None:
    op.create_table(
        "study_day",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("again", sa.Integer(), nullable=False),
        sa.Column("hard", sa.Integer(), nullable=False),
        sa.Column("good", sa.Integer(), nullable=False),
        sa.Column("easy", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("duration_ms", sa.BigInteger(), nullable=False),
        sa.Column("mature", sa.Integer(), nullable=False),
        sa.Column("mature_passed", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "day"),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.create_index(
            "ix_review_user_item",
            ["user_id", "question_id", "reviewed_at", "rating", "correct", "state_before"],
            unique=False,
            sqlite_where=sa.text("undone_at IS NULL"),
            postgresql_where=sa.text("undone_at IS NULL"),
        )
    _count_the_log(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_index("ix_review_user_item")
    op.drop_table("study_day")


def _count_the_log(connection: sa.Connection) -> None:
    """Fill ``study_day`` from the reviews not undone, one learner and up to CHUNK_DAYS days per statement."""
    date_time = quiz.models.UTCDateTime()
    user = sa.table("user", sa.column("id"), sa.column("timezone"), sa.column("day_start_hour"))
    review = sa.table(
        "review",
        sa.column("user_id"),
        sa.column("rating"),
        sa.column("correct"),
        sa.column("duration_ms"),
        sa.column("state_before"),
        sa.column("interval_before"),
        sa.column("reviewed_at", date_time),
        sa.column("undone_at", date_time),
    )
    study_day = sa.table("study_day", *(sa.column(name) for name in ("user_id", "day", *COUNTS)))
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

    # Mature: in review (state 2) with an interval of 21 days or more; passed: not rated Again (1).
    mature = sa.and_(review.c.state_before == 2, review.c.interval_before >= 21)
    tallies = [
        *(count_if(review.c.rating == rating) for rating in (1, 2, 3, 4)),
        count_if(review.c.correct),
        sa.func.coalesce(sa.func.sum(review.c.duration_ms), 0),
        count_if(mature),
        count_if(sa.and_(mature, review.c.rating != 1)),
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
                sa.select(sa.literal(user_id, sa.Integer), spans.c.n, *tallies)
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
                .group_by(spans.c.n)
            )
            connection.execute(sa.insert(study_day).from_select(["user_id", "day", *COUNTS], counted))
            start = stop + timedelta(days=1)

"""The class view for instructors: one row per learner, and an item analysis of each question.

Learners are the accounts with the learner role; the period (last N study days)
is counted in each learner's own zone. Everything is aggregated in SQL.

Item analysis, per question, over the learners' reviews in the period:

* attempts: reviews of it; share correct: the share of those answered right;
* lapse rate: of its reviews made while the card was in review, the share rated
  Again (the card was forgotten);
* discrimination index D = p(upper) - p(lower), as in classical test analysis:
  learners are ranked by their share of right answers over every question, the
  top and bottom 27% (at least one learner each) form the upper and lower
  groups, and p is the group's mean, over its learners who met the question, of
  each learner's share right on it. D near 1 separates strong from weak
  learners well; near 0 it does not; below 0 stronger learners miss it more
  often than weaker ones, a sign of a wrong key or an ambiguous question.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from quiz.days import day_start, study_date
from quiz.extensions import db
from quiz.models import Deck, Question, QuizAttempt, Review, Role, User, UTCDateTime
from quiz.periods import Period
from quiz.scheduling import Rating, State
from quiz.services.history import mature, passed
from quiz.services.sqldays import per_zone
from quiz.services.streaks import streak_table

__all__ = [
    "ClassView",
    "ItemRow",
    "LearnerRow",
    "class_view",
    "item_analysis",
    "roster",
]

#: Share of learners in each of the upper and lower groups (Kelley's 27%).
GROUP_PERCENT = 27
#: Below this discrimination index a question separates learners poorly.
WEAK_DISCRIMINATION = 0.2


@dataclass(frozen=True, slots=True)
class LearnerRow:
    """One learner in the class view."""

    user_id: int
    username: str
    last_active: datetime | None
    reviews: int
    retention: float | None
    quiz_average: float | None
    quizzes: int
    streak: int


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One question in the item analysis."""

    question_id: int
    key: str
    prompt: str
    deck: str
    kind: str
    attempts: int
    learners: int
    correct: float
    lapse_rate: float | None
    discrimination: float | None

    @property
    def flags(self) -> list[str]:
        """Plain-language reasons an instructor might look at this question."""
        found = []
        if self.discrimination is not None and self.discrimination < 0:
            found.append("stronger learners miss it more often: check the answer key")
        elif self.discrimination is not None and self.discrimination < WEAK_DISCRIMINATION:
            found.append("separates stronger from weaker learners poorly")
        if self.correct < 0.3:
            found.append("most answers are wrong: hard or ambiguous")
        if self.lapse_rate is not None and self.lapse_rate > 0.3:
            found.append("often forgotten after being learned")
        return found


@dataclass(frozen=True, slots=True)
class ClassView:
    """The whole class page."""

    period: Period
    learners: list[LearnerRow]
    items: list[ItemRow]


def _share(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[float]:
    """The share of rows meeting ``condition`` (portable: no AVG over booleans)."""
    return sa.func.avg(sa.case((condition, 1.0), else_=0.0))


def _learners() -> sa.ColumnElement[bool]:
    return User.role == Role.LEARNER


def _period_start(now: datetime, period: Period) -> sa.ColumnElement[datetime] | None:
    """SQL for when the period starts for each row's user (in their zone), or None for all time.

    The query must have :class:`~quiz.models.User` in its FROM clause.
    """
    if period.days is None:
        return None
    zones = db.session.execute(sa.select(User.timezone, User.day_start_hour).where(_learners()).distinct()).all()
    if not zones:
        return None
    starts = {
        (tz, hour): day_start(study_date(now, tz, hour) - timedelta(days=period.days - 1), tz, hour)
        for tz, hour in zones
    }
    return per_zone(starts, UTCDateTime())


def _within(column: sa.ColumnElement[datetime], start: sa.ColumnElement[datetime] | None) -> sa.ColumnElement[bool]:
    return sa.true() if start is None else column >= start


def _ordered(columns: dict[str, sa.ColumnElement[Any]], sort: str, descending: bool, default: str,
             tie: sa.ColumnElement[Any]) -> list[sa.ColumnElement[Any]]:
    column = columns.get(sort, columns[default])
    return [column.is_(None), column.desc() if descending else column.asc(), tie]


def roster(now: datetime, period: Period, *, sort: str = "name", descending: bool = False) -> list[LearnerRow]:
    """Return one row per learner: last active, reviews in the period, true retention, quiz average, streak.

    Args:
        now: The current time (aware, UTC).
        period: The span counted, in each learner's own study days.
        sort: ``name``, ``last_active``, ``reviews``, ``retention``, ``quiz`` or ``streak``
            (anything else sorts by name).
        descending: Sort the other way; empty values always come last.
    """
    start = _period_start(now, period)
    in_period = _within(Review.reviewed_at, start)
    stats = (
        sa.select(
            Review.user_id,
            sa.func.max(Review.reviewed_at).label("last_active"),
            sa.func.sum(sa.case((in_period, 1), else_=0)).label("reviews"),
            sa.func.sum(sa.case((sa.and_(in_period, mature()), 1), else_=0)).label("mature"),
            sa.func.sum(sa.case((sa.and_(in_period, mature(), passed()), 1), else_=0)).label("kept"),
        )
        .join(User, User.id == Review.user_id)
        .where(_learners(), Review.undone_at.is_(None))
        .group_by(Review.user_id)
        .subquery("stats")
    )
    # A quiz belongs to the period in which it finished.
    quizzes = (
        sa.select(
            QuizAttempt.user_id,
            sa.func.avg(sa.cast(QuizAttempt.score, sa.Float) / QuizAttempt.length).label("average"),
            sa.func.count(QuizAttempt.id).label("count"),
        )
        .join(User, User.id == QuizAttempt.user_id)
        .where(_learners(), QuizAttempt.finished_at.is_not(None), _within(QuizAttempt.finished_at, start))
        .group_by(QuizAttempt.user_id)
        .subquery("quizzes")
    )
    streaks = streak_table(_learners(), now)
    retention = sa.cast(stats.c.kept, sa.Float) / sa.func.nullif(stats.c.mature, 0)
    streak = sa.func.coalesce(streaks.c.current, 0) if streaks is not None else sa.literal(0)
    columns: dict[str, sa.ColumnElement[Any]] = {
        "name": sa.func.lower(User.username),
        "last_active": stats.c.last_active,
        "reviews": sa.func.coalesce(stats.c.reviews, 0),
        "retention": retention,
        "quiz": quizzes.c.average,
        "streak": streak,
    }
    query = (
        sa.select(User.id, User.username, stats.c.last_active, columns["reviews"], retention,
                  quizzes.c.average, sa.func.coalesce(quizzes.c.count, 0), streak)
        .select_from(User)
        .outerjoin(stats, stats.c.user_id == User.id)
        .outerjoin(quizzes, quizzes.c.user_id == User.id)
        .where(_learners())
        .order_by(*_ordered(columns, sort, descending, "name", User.id))
    )
    if streaks is not None:
        query = query.outerjoin(streaks, streaks.c.user_id == User.id)
    return [LearnerRow(*row) for row in db.session.execute(query)]


def item_analysis(now: datetime, period: Period, *, sort: str = "discrimination",
                  descending: bool = False) -> list[ItemRow]:
    """Return, for each question learners met in the period, attempts, share correct, lapse rate and D.

    Args:
        now: The current time (aware, UTC).
        period: The span counted, in each learner's own study days.
        sort: ``question``, ``attempts``, ``learners``, ``correct``, ``lapses`` or
            ``discrimination`` (anything else sorts by discrimination).
        descending: Sort the other way; empty values always come last.
    """
    reviews = (
        sa.select(Review.user_id, Review.question_id, Review.correct, Review.rating, Review.state_before)
        .join(User, User.id == Review.user_id)
        .where(_learners(), Review.undone_at.is_(None), _within(Review.reviewed_at, _period_start(now, period)))
        .cte("class_reviews")
    )
    scores = (
        sa.select(reviews.c.user_id, _share(reviews.c.correct).label("score"))
        .group_by(reviews.c.user_id)
        .cte("learner_scores")
    )
    ranked = sa.select(
        scores.c.user_id,
        sa.func.row_number().over(order_by=(scores.c.score.desc(), scores.c.user_id)).label("rank"),
        sa.func.count().over().label("n"),
    ).cte("ranked")
    # Round 27% of n to the nearest whole learner, in integer arithmetic; at least one.
    rounded = (GROUP_PERCENT * ranked.c.n + 50) // 100
    group = sa.case((rounded < 1, 1), else_=rounded)
    pairs = (
        sa.select(reviews.c.user_id, reviews.c.question_id, _share(reviews.c.correct).label("p"))
        .group_by(reviews.c.user_id, reviews.c.question_id)
        .cte("learner_items")
    )
    groups = (
        sa.select(
            pairs.c.question_id,
            sa.func.count().label("learners"),
            sa.func.avg(sa.case((ranked.c.rank <= group, pairs.c.p))).label("upper"),
            sa.func.avg(sa.case((ranked.c.rank > ranked.c.n - group, pairs.c.p))).label("lower"),
            sa.func.max(ranked.c.n).label("n"),
        )
        .join(ranked, ranked.c.user_id == pairs.c.user_id)
        .group_by(pairs.c.question_id)
        .cte("item_groups")
    )
    in_review = reviews.c.state_before == State.Review.value
    items = (
        sa.select(
            reviews.c.question_id,
            sa.func.count().label("attempts"),
            _share(reviews.c.correct).label("correct"),
            sa.func.sum(sa.case((in_review, 1), else_=0)).label("in_review"),
            sa.func.sum(sa.case((sa.and_(in_review, reviews.c.rating == Rating.Again.value), 1), else_=0)).label("lapses"),
        )
        .group_by(reviews.c.question_id)
        .cte("items")
    )
    lapse_rate = sa.cast(items.c.lapses, sa.Float) / sa.func.nullif(items.c.in_review, 0)
    discrimination = sa.case((groups.c.n >= 2, groups.c.upper - groups.c.lower))
    columns: dict[str, sa.ColumnElement[Any]] = {
        "question": Question.key,
        "attempts": items.c.attempts,
        "learners": groups.c.learners,
        "correct": items.c.correct,
        "lapses": lapse_rate,
        "discrimination": discrimination,
    }
    query = (
        sa.select(Question.id, Question.key, Question.prompt, Deck.title, Question.kind, items.c.attempts,
                  groups.c.learners, items.c.correct, lapse_rate, discrimination)
        .join(items, items.c.question_id == Question.id)
        .join(groups, groups.c.question_id == Question.id)
        .join(Deck, Deck.id == Question.deck_id)
        .order_by(*_ordered(columns, sort, descending, "discrimination", Question.position))
    )
    return [ItemRow(*row) for row in db.session.execute(query)]


def class_view(now: datetime, period: Period, *, roster_sort: str = "name", roster_descending: bool = False,
               item_sort: str = "discrimination", item_descending: bool = False) -> ClassView:
    """Return the roster and the item analysis of the class over ``period``."""
    return ClassView(
        period=period,
        learners=roster(now, period, sort=roster_sort, descending=roster_descending),
        items=item_analysis(now, period, sort=item_sort, descending=item_descending),
    )

"""The class view for instructors: one row per learner, and an item analysis of each question.

Learners are the accounts with the learner role; the item analysis also counts
the reviews of learners who deleted their account (kept anonymised under the
former role, see quiz.services.accounts.removal). The period (last N study days)
is counted in each learner's own zone. Everything is aggregated in SQL, from the
per-learner tallies kept as reviews are written (:mod:`quiz.services.stats.daily`):
study days for the roster and the ranking, days on each question for the item
analysis; only the last review and the wrong answers are read from the log.

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

D and the flags need enough learners to mean anything: with two or three
learners a single answer swings D from -1 to 1. D is given only when each of
the two groups holds at least :data:`MIN_GROUP` learners who met the question
(so at least 37 learners in all), the sample classical item analysis asks for
(Kelley, 1939, who proposed the 27% groups, and the test-construction manuals
after him); below that the page says "not enough data". The share-right and
lapse flags likewise wait for :data:`MIN_GROUP` learners on the question.

The wrong answers learners typed or chose for each question are counted too,
the most common first, so a wrong key or an ambiguous prompt stands out.

Both tables are sorted by any column after the aggregation, on their few hundred
rows, with empty values last. The page shows the item analysis
:data:`ITEMS_PER_PAGE` questions at a time, in the order chosen.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from quiz.days import day_start, study_date
from quiz.extensions import db
from quiz.models import Deck, ItemDay, Question, QuizAttempt, Review, Role, StudyDay, User, UTCDateTime
from quiz.periods import Period
from quiz.services.stats.history import live_reviews
from quiz.services.stats.sqldays import per_zone, zones_of
from quiz.services.stats.streaks import current_streaks

__all__ = [
    "ITEMS_PER_PAGE",
    "ITEM_KEYS",
    "ROSTER_KEYS",
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
#: Learners needed in each of the upper and lower groups before D is shown,
#: and on a question before its share right or lapse rate raise a flag.
MIN_GROUP = 10
#: Wrong answers listed per question.
WRONG_ANSWERS_SHOWN = 3
#: Questions on one page of the class view's item analysis.
ITEMS_PER_PAGE = 100


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
    #: Learners of the upper and lower groups who met the question.
    upper: int = 0
    lower: int = 0
    #: The most common wrong answers, as (answer, times given).
    wrong_answers: tuple[tuple[str, int], ...] = ()
    #: The sample the flags wait for (see :data:`MIN_GROUP`).
    min_learners: int = MIN_GROUP

    @property
    def enough_data(self) -> bool:
        """Whether the question was met by enough learners for its flags to mean something."""
        return self.learners >= self.min_learners

    @property
    def flags(self) -> list[str]:
        """Plain-language reasons an instructor might look at this question."""
        found = []
        if self.discrimination is not None and self.discrimination < 0:
            found.append("stronger learners miss it more often: check the answer key")
        elif self.discrimination is not None and self.discrimination < WEAK_DISCRIMINATION:
            found.append("separates stronger from weaker learners poorly")
        if self.enough_data and self.correct < 0.3:
            found.append("most answers are wrong: hard or ambiguous")
        if self.enough_data and self.lapse_rate is not None and self.lapse_rate > 0.3:
            found.append("often forgotten after being learned")
        return found


@dataclass(frozen=True, slots=True)
class ClassView:
    """The whole class page."""

    period: Period
    learners: list[LearnerRow]
    #: The item analysis's page of questions, in the order chosen.
    items: list[ItemRow]
    #: Questions learners met in the period, on every page.
    item_total: int = 0
    item_page: int = 1
    item_pages: int = 1


def _ratio(part: sa.ColumnElement[Any], whole: sa.ColumnElement[Any]) -> sa.ColumnElement[float]:
    """``part / whole`` as a real number (integer division would truncate)."""
    return sa.cast(part, sa.Float) / whole


def _learners() -> sa.ColumnElement[bool]:
    return User.role == Role.LEARNER


def _answered() -> sa.ColumnElement[bool]:
    """Whose reviews the item analysis counts: learners, and learners who deleted their account."""
    return User.role.in_((Role.LEARNER, Role.FORMER))


def _period_start(
    now: datetime, period: Period, who: Callable[[], sa.ColumnElement[bool]] = _learners
) -> sa.ColumnElement[datetime] | None:
    """SQL for when the period starts for each row's user (in their zone), or None for all time.

    The query must have :class:`~quiz.models.User` in its FROM clause.
    """
    if period.days is None:
        return None
    zones = zones_of(who())
    if not zones:
        return None
    starts = {
        (tz, hour): day_start(study_date(now, tz, hour) - timedelta(days=period.days - 1), tz, hour)
        for tz, hour in zones
    }
    return per_zone(starts, UTCDateTime())


def _first_day(
    now: datetime, period: Period, who: Callable[[], sa.ColumnElement[bool]] = _learners
) -> sa.ColumnElement[int] | None:
    """SQL for the first study day (ordinal) of the period for each row's user, or None for all time.

    The query must have :class:`~quiz.models.User` in its FROM clause.
    """
    firsts = _first_days(now, period, who)
    return None if firsts is None else per_zone(firsts, sa.Integer())


def _first_days(
    now: datetime, period: Period, who: Callable[[], sa.ColumnElement[bool]]
) -> dict[tuple[str, int], int] | None:
    """The first study day (ordinal) of the period in each zone of the users ``who`` selects, or None for all time."""
    if period.days is None:
        return None
    zones = zones_of(who())
    if not zones:
        return None
    return {(tz, hour): study_date(now, tz, hour).toordinal() - (period.days - 1) for tz, hour in zones}


def _within(column: sa.ColumnElement[Any], start: sa.ColumnElement[Any] | None) -> sa.ColumnElement[bool]:
    return sa.true() if start is None else column >= start


def _in_period(firsts: dict[tuple[str, int], int] | None, ranks: Any) -> sa.ColumnElement[bool]:
    """Condition: the :class:`~quiz.models.ItemDay` row falls in its learner's period.

    ``ranks`` holds each learner's first day (``first``). The zones' first days
    are a day or two apart at most, so the condition tests the row's day against
    constants, and looks the learner up only for rows on the days between.
    """
    if firsts is None:
        return sa.true()
    days = sorted(set(firsts.values()))
    if len(days) == 1:
        return ItemDay.day >= days[0]
    mine = sa.case(
        *((ItemDay.user_id.in_(sa.select(ranks.c.user_id).where(ranks.c.first == day)), day) for day in days[:-1]),
        else_=days[-1],
    )
    return sa.and_(ItemDay.day >= days[0], sa.or_(ItemDay.day >= days[-1], ItemDay.day >= mine))


def _sorted(rows: list[Any], key: Callable[[Any], Any], descending: bool, tie: Callable[[Any], Any]) -> list[Any]:
    """Sort by ``key``, ties by ``tie``; rows whose key is None come last either way."""
    present = sorted((r for r in rows if key(r) is not None), key=tie)
    present.sort(key=key, reverse=descending)
    return present + sorted((r for r in rows if key(r) is None), key=tie)


ROSTER_KEYS: dict[str, Callable[[LearnerRow], Any]] = {
    "name": lambda r: r.username.lower(),
    "last_active": lambda r: r.last_active,
    "reviews": lambda r: r.reviews,
    "retention": lambda r: r.retention,
    "quiz": lambda r: r.quiz_average,
    "streak": lambda r: r.streak,
}


def roster(
    now: datetime,
    period: Period,
    *,
    sort: str = "name",
    descending: bool = False,
    user_ids: sa.Select[Any] | None = None,
) -> list[LearnerRow]:
    """Return one row per learner: last active, reviews in the period, true retention, quiz average, streak.

    Args:
        now: The current time (aware, UTC).
        period: The span counted, in each learner's own study days.
        sort: A key of :data:`ROSTER_KEYS` (anything else sorts by name).
        descending: Sort the other way; empty values always come last.
        user_ids: A select of the user ids listed (None: every learner).
    """
    who = _who(_learners(), user_ids)
    start = _period_start(now, period, lambda: who)
    # One range of study days per learner.
    first_day = _first_day(now, period, lambda: who)
    stats = (
        sa.select(
            User.id.label("user_id"),
            sa.func.sum(StudyDay.again + StudyDay.hard + StudyDay.good + StudyDay.easy).label("reviews"),
            sa.func.sum(StudyDay.mature).label("mature"),
            sa.func.sum(StudyDay.mature_passed).label("kept"),
        )
        .join(StudyDay, sa.and_(StudyDay.user_id == User.id, _within(StudyDay.day, first_day)))
        .where(who)
        .group_by(User.id)
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
        .where(who, QuizAttempt.finished_at.is_not(None), _within(QuizAttempt.finished_at, start))
        .group_by(QuizAttempt.user_id)
        .subquery("quizzes")
    )
    last_active = sa.select(sa.func.max(Review.reviewed_at)).where(live_reviews(User.id)).scalar_subquery()
    rows = db.session.execute(
        sa.select(
            User.id,
            User.username,
            last_active,
            sa.cast(sa.func.coalesce(stats.c.reviews, 0), sa.Integer),
            sa.cast(stats.c.kept, sa.Float) / sa.func.nullif(stats.c.mature, 0),
            quizzes.c.average,
            sa.func.coalesce(quizzes.c.count, 0),
        )
        .outerjoin(stats, stats.c.user_id == User.id)
        .outerjoin(quizzes, quizzes.c.user_id == User.id)
        .where(who)
    ).all()
    streaks = current_streaks(who, now)
    learners = [LearnerRow(*row, streak=streaks.get(row[0], 0)) for row in rows]
    key = ROSTER_KEYS.get(sort, ROSTER_KEYS["name"])
    return _sorted(learners, key, descending, ROSTER_KEYS["name"])


ITEM_KEYS: dict[str, Callable[[ItemRow], Any]] = {
    "question": lambda i: i.key,
    "attempts": lambda i: i.attempts,
    "learners": lambda i: i.learners,
    "correct": lambda i: i.correct,
    "lapses": lambda i: i.lapse_rate,
    "discrimination": lambda i: i.discrimination,
}


def _who(base: sa.ColumnElement[bool], user_ids: sa.Select[Any] | None) -> sa.ColumnElement[bool]:
    """``base``, narrowed to the users ``user_ids`` selects (None: no narrowing)."""
    return base if user_ids is None else sa.and_(base, User.id.in_(user_ids))


def item_analysis(
    now: datetime,
    period: Period,
    *,
    sort: str = "discrimination",
    descending: bool = False,
    min_group: int = MIN_GROUP,
    only: Collection[int] | None = None,
    user_ids: sa.Select[Any] | None = None,
) -> list[ItemRow]:
    """Return, for each question learners met in the period, attempts, share correct, lapse rate and D.

    Args:
        now: The current time (aware, UTC).
        period: The span counted, in each learner's own study days.
        sort: A key of :data:`ITEM_KEYS` (anything else sorts by discrimination).
        descending: Sort the other way; empty values always come last.
        min_group: Learners needed in each group for D (and on the question for
            the other flags); see :data:`MIN_GROUP`.
        only: Just these questions (learners are still ranked over every question):
            only their reviews are read.
        user_ids: A select of the user ids counted (None: every learner and former learner).
    """
    who = _who(_answered(), user_ids)
    # The learners who reviewed in the period, from their study days (a few rows
    # each), ranked by their share right over every question.
    start = _period_start(now, period, lambda: who)
    firsts = _first_days(now, period, lambda: who)
    first_day = None if firsts is None else per_zone(firsts, sa.Integer())
    learners = (
        sa.select(
            User.id.label("user_id"),
            _ratio(
                sa.func.sum(StudyDay.correct),
                sa.func.sum(StudyDay.again + StudyDay.hard + StudyDay.good + StudyDay.easy),
            ).label("score"),
            *([sa.func.max(first_day).label("first")] if first_day is not None else []),
        )
        .join(StudyDay, sa.and_(StudyDay.user_id == User.id, _within(StudyDay.day, first_day)))
        .where(who)
        .group_by(User.id)
        .subquery("learners")
    )
    ranked_learners = sa.select(
        learners,
        sa.func.row_number().over(order_by=(learners.c.score.desc(), learners.c.user_id)).label("rank"),
        sa.func.count().over().label("n"),
    ).subquery("ranked_learners")
    # 27% of the learners, rounded to the nearest whole one in integer arithmetic; at least one.
    # Each learner's groups are worked out here, once, rather than on each of their records.
    rounded = (GROUP_PERCENT * ranked_learners.c.n + 50) // 100
    group = sa.case((rounded < 1, 1), else_=rounded)
    ranks = sa.select(
        ranked_learners.c.user_id,
        *([ranked_learners.c.first] if first_day is not None else []),
        ranked_learners.c.n,
        sa.case((ranked_learners.c.rank <= group, 1)).label("upper"),
        sa.case((ranked_learners.c.rank > ranked_learners.c.n - group, 1)).label("lower"),
    ).cte("ranks")
    # Each learner's record on each question over the period, from their tallies
    # per question and study day (quiz.services.stats.daily) instead of every
    # review. The learners are taken in id order (an IN list), so that their rows
    # come in (learner, question) order, grouped already, with no sort.
    pairs = (
        sa.select(
            ItemDay.user_id,
            ItemDay.question_id,
            sa.func.sum(ItemDay.attempts).label("attempts"),
            sa.func.sum(ItemDay.correct).label("right"),
            sa.func.sum(ItemDay.in_review).label("in_review"),
            sa.func.sum(ItemDay.lapses).label("lapses"),
        )
        .where(
            ItemDay.user_id.in_(sa.select(ranks.c.user_id)),
            _in_period(firsts, ranks),
            sa.true() if only is None else ItemDay.question_id.in_(list(only)),
        )
        .group_by(ItemDay.user_id, ItemDay.question_id)
        .subquery("pairs")
    )
    ranked = (
        sa.select(pairs, ranks.c.n, ranks.c.upper, ranks.c.lower)
        .join(ranks, ranks.c.user_id == pairs.c.user_id)
        .subquery("ranked")
    )
    p = _ratio(ranked.c.right, ranked.c.attempts)
    items = (
        sa.select(
            ranked.c.question_id,
            sa.cast(sa.func.sum(ranked.c.attempts), sa.Integer).label("attempts"),  # a numeric on PostgreSQL
            sa.func.count().label("learners"),
            _ratio(sa.func.sum(ranked.c.right), sa.func.sum(ranked.c.attempts)).label("correct"),
            _ratio(sa.func.sum(ranked.c.lapses), sa.func.nullif(sa.func.sum(ranked.c.in_review), 0)).label(
                "lapse_rate"
            ),
            sa.case(
                (
                    sa.func.max(ranked.c.n) >= 2,
                    sa.func.avg(sa.case((ranked.c.upper.is_not(None), p)))
                    - sa.func.avg(sa.case((ranked.c.lower.is_not(None), p))),
                )
            ).label("discrimination"),
            sa.func.count(ranked.c.upper).label("upper"),
            sa.func.count(ranked.c.lower).label("lower"),
        )
        .where(sa.true() if only is None else ranked.c.question_id.in_(list(only)))
        .group_by(ranked.c.question_id)
        .subquery("items")
    )
    rows = db.session.execute(
        sa.select(
            Question.id,
            Question.key,
            Question.prompt,
            Deck.title,
            Question.kind,
            items.c.attempts,
            items.c.learners,
            items.c.correct,
            items.c.lapse_rate,
            items.c.discrimination,
            items.c.upper,
            items.c.lower,
        )
        .join(items, items.c.question_id == Question.id)
        .join(Deck, Deck.id == Question.deck_id)
        .order_by(Question.position)
    ).all()
    wrong = wrong_answers(start, only=only, user_ids=user_ids)
    found = []
    for row in rows:
        *head, discrimination, upper, lower = row
        if min(upper, lower) < min_group:
            discrimination = None  # too few learners in a group: not enough data
        found.append(
            ItemRow(
                *head,
                discrimination=discrimination,
                upper=upper,
                lower=lower,
                wrong_answers=tuple(wrong.get(row[0], ())),
                min_learners=min_group,
            )
        )
    key = ITEM_KEYS.get(sort, ITEM_KEYS["discrimination"])
    return _sorted(found, key, descending, ITEM_KEYS["question"])


def wrong_answers(
    start: sa.ColumnElement[datetime] | None,
    *,
    shown: int = WRONG_ANSWERS_SHOWN,
    only: Collection[int] | None = None,
    user_ids: sa.Select[Any] | None = None,
) -> dict[int, list[tuple[str, int]]]:
    """The most common wrong answers learners gave to each question in the period.

    Answers are compared without surrounding spaces or case; each is listed in
    one of the forms learners gave. Ratings without a typed or chosen answer (flashcards) are not
    counted.

    Returns:
        question id -> up to ``shown`` (answer, times given), most given first.
    """
    # The wrong answers first, on their own (materialized): grouped in the same
    # statement, the planner would walk the whole log in question order instead
    # of the small index ix_review_wrong_answer.
    given = (
        sa.select(Review.question_id, Review.answer)
        .join(User, User.id == Review.user_id)
        .where(
            _who(_answered(), user_ids),
            live_reviews(User.id),
            _within(Review.reviewed_at, start),
            Review.correct == sa.false(),  # written as the index's condition, so that it serves
            Review.answer.is_not(None),
            sa.true() if only is None else Review.question_id.in_(list(only)),
        )
        .cte("wrong_given")
        .prefix_with("MATERIALIZED")
    )
    answer = sa.func.lower(sa.func.trim(given.c.answer))
    rows = db.session.execute(
        sa.select(given.c.question_id, sa.func.min(given.c.answer), sa.func.count())
        .where(sa.func.trim(given.c.answer) != "")
        .group_by(given.c.question_id, answer)
    ).all()
    found: dict[int, list[tuple[str, int]]] = {}
    for question_id, text, times in rows:
        found.setdefault(question_id, []).append((text.strip(), times))
    return {qid: sorted(pairs, key=lambda p: (-p[1], p[0]))[:shown] for qid, pairs in found.items()}


def class_view(
    now: datetime,
    period: Period,
    *,
    roster_sort: str = "name",
    roster_descending: bool = False,
    item_sort: str = "discrimination",
    item_descending: bool = False,
    item_page: int = 1,
    user_ids: sa.Select[Any] | None = None,
) -> ClassView:
    """Return the roster and a page of the item analysis of the class over ``period``.

    ``item_page`` is clamped to the pages there are; ``user_ids`` (a select of
    user ids) narrows both tables to those users, None counts every learner.
    """
    items = item_analysis(now, period, sort=item_sort, descending=item_descending, user_ids=user_ids)
    pages = max(1, math.ceil(len(items) / ITEMS_PER_PAGE))
    page = min(max(item_page, 1), pages)
    return ClassView(
        period=period,
        learners=roster(now, period, sort=roster_sort, descending=roster_descending, user_ids=user_ids),
        items=items[(page - 1) * ITEMS_PER_PAGE : page * ITEMS_PER_PAGE],
        item_total=len(items),
        item_page=page,
        item_pages=pages,
    )

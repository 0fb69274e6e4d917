"""What a learner studies next: due cards first, then new cards, siblings held back.

Due cards come first (learning cards when their minutes are up, review cards
during the study day they fall due), then new cards up to the learner's daily
limit. Like Anki's sibling burying, a question is held back for the rest of the
study day once another question drawn from the same fact has been reviewed.

Showing a card is the hottest path of the app, so these statements are built
once at import time with bind parameters (SQLAlchemy then reuses their compiled
form) and read plain rows rather than ORM objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from quiz.days import day_bounds
from quiz.extensions import db
from quiz.models import Card, Deck, Question, Review
from quiz.scheduling import CardState, State
from quiz.services.learning.study import Learner

__all__ = [
    "CardView",
    "QuestionView",
    "Queue",
    "StudyItem",
    "next_card",
    "next_due_at",
    "study_item",
    "upcoming",
]


@dataclass(frozen=True, slots=True)
class QuestionView:
    """A question as the study pages show it."""

    id: int
    key: str
    deck_title: str
    type: str
    kind: str
    prompt: str
    answer: str
    accept: list[str]
    choices: list[str]
    explanation: str
    sources: list[dict[str, Any]]
    fact: str | None
    tolerance: str | None = None
    deck_id: int | None = None


@dataclass(frozen=True, slots=True)
class CardView:
    """A learner's card for a question: its FSRS state and review count."""

    state: CardState
    reps: int


@dataclass(frozen=True, slots=True)
class StudyItem:
    """A question to show, with the learner's card for it (None when new)."""

    question: QuestionView
    card: CardView | None

    @property
    def reps(self) -> int:
        """Reviews so far; rating forms carry it to spot double submissions."""
        return self.card.reps if self.card is not None else 0

    @property
    def state(self) -> CardState | None:
        """The card's FSRS state, or None for a new card."""
        return self.card.state if self.card is not None else None


@dataclass(frozen=True, slots=True)
class Queue:
    """What is left to study today."""

    due: int
    new: int


# --- statements, built once -------------------------------------------------

_q, _c, _r, _d = Question.__table__, Card.__table__, Review.__table__, Deck.__table__
_USER = sa.bindparam("user")
_NOW = sa.bindparam("now", type_=Card.due.type)
_DAY_START = sa.bindparam("day_start", type_=Card.due.type)
_DAY_END = sa.bindparam("day_end", type_=Card.due.type)
_NEW_PER_DAY = sa.bindparam("new_per_day")
_FRONTIER = sa.bindparam("frontier")

_QUESTION_COLUMNS = (
    _q.c.id,
    _q.c.key,
    _d.c.title.label("deck_title"),
    _q.c.type,
    _q.c.kind,
    _q.c.prompt,
    _q.c.answer,
    _q.c.accept,
    _q.c.choices,
    _q.c.explanation,
    _q.c.sources,
    _q.c.fact,
    _q.c.tolerance,
    _q.c.deck_id,
)
_CARD_COLUMNS = (_c.c.state, _c.c.step, _c.c.stability, _c.c.difficulty, _c.c.due, _c.c.last_review, _c.c.reps)

_sibling, _sibling_card = _q.alias("sibling"), _c.alias("sibling_card")
#: No other question of the same fact was reviewed this study day. A card's
#: last review is its latest one not undone, so the card table answers this.
_NOT_BURIED = sa.or_(
    _q.c.fact.is_(None),
    ~sa.select(_sibling.c.id)
    .join(_sibling_card, sa.and_(_sibling_card.c.question_id == _sibling.c.id, _sibling_card.c.user_id == _USER))
    .where(_sibling.c.fact == _q.c.fact, _sibling.c.id != _q.c.id, _sibling_card.c.last_review >= _DAY_START)
    .exists(),
)
_DUE_CARD = sa.and_(
    _c.c.user_id == _USER, _c.c.due < _DAY_END, sa.or_(_c.c.state == State.Review.value, _c.c.due <= _NOW)
)
_UNSEEN = sa.and_(
    _q.c.retired_at.is_(None),
    ~sa.select(_c.c.question_id).where(_c.c.user_id == _USER, _c.c.question_id == _q.c.id).exists(),
)
_NEW_TODAY = (
    sa.select(sa.func.count(_r.c.id))
    .where(_r.c.user_id == _USER, _r.c.reviewed_at >= _DAY_START, _r.c.state_before.is_(None), _r.c.undone_at.is_(None))
    .scalar_subquery()
)


def _unseen_count(*, ahead: bool) -> sa.ScalarSelect[int]:
    """Unseen questions (at or past the frontier when ``ahead``), counted up to the daily limit."""
    where = sa.and_(_UNSEEN, _q.c.position >= _FRONTIER) if ahead else _UNSEEN
    return (
        sa.select(sa.func.count())
        .select_from(sa.select(_q.c.id).where(where).limit(_NEW_PER_DAY).subquery())
        .scalar_subquery()
    )


def _next_new(*, ahead: bool) -> sa.Select[Any]:
    where = sa.and_(_UNSEEN, _q.c.position >= _FRONTIER) if ahead else _UNSEEN
    return (
        sa.select(*_QUESTION_COLUMNS)
        .select_from(_q.join(_d, _d.c.id == _q.c.deck_id))
        .where(where, _NOT_BURIED, _NEW_TODAY < _NEW_PER_DAY)
        .order_by(_q.c.position, _q.c.id)
        .limit(1)
    )


_NEXT_DUE = (
    sa.select(*_QUESTION_COLUMNS, *_CARD_COLUMNS)
    .select_from(_c.join(_q, _q.c.id == _c.c.question_id).join(_d, _d.c.id == _q.c.deck_id))
    .where(_DUE_CARD, _q.c.retired_at.is_(None), _NOT_BURIED)
    .order_by(_c.c.due)
    .limit(1)
)
_NEXT_NEW_AHEAD = _next_new(ahead=True)
_NEXT_NEW_ANY = _next_new(ahead=False)
_ONE = (
    sa.select(*_QUESTION_COLUMNS, *_CARD_COLUMNS)
    .select_from(
        _q.join(_d, _d.c.id == _q.c.deck_id).outerjoin(_c, sa.and_(_c.c.question_id == _q.c.id, _c.c.user_id == _USER))
    )
    .where(_q.c.id == sa.bindparam("question"), _q.c.retired_at.is_(None))
)
#: Due cards counted from the covering index alone, minus those of the (few)
#: retired questions, found from the question side.
_RETIRED_DUE = sa.select(_c.c.question_id).where(_DUE_CARD, _c.c.question_id == _q.c.id).exists()
_COUNTS = sa.select(
    sa.select(sa.func.count()).select_from(_c).where(_DUE_CARD).scalar_subquery()
    - sa.select(sa.func.count()).select_from(_q).where(_q.c.retired_at.is_not(None), _RETIRED_DUE).scalar_subquery(),
    _NEW_TODAY,
    _unseen_count(ahead=True),
)
_UNSEEN_ANY = sa.select(_unseen_count(ahead=False))
_NEXT_DUE_AT = (
    sa.select(sa.func.min(_c.c.due))
    .join(_q, _q.c.id == _c.c.question_id)
    .where(_c.c.user_id == _USER, _q.c.retired_at.is_(None))
)


def _item(row: sa.Row[Any]) -> StudyItem:
    question = QuestionView(*row[: len(_QUESTION_COLUMNS)])
    if len(row) == len(_QUESTION_COLUMNS) or row.due is None:
        return StudyItem(question, None)
    state = CardState(State(row.state), row.step, row.stability, row.difficulty, row.due, row.last_review)
    return StudyItem(question, CardView(state, row.reps))


def _params(user: Learner, now: datetime) -> dict[str, Any]:
    day_start, day_end = day_bounds(now, user.timezone, user.day_start_hour)
    return {
        "user": user.id,
        "now": now,
        "day_start": day_start,
        "day_end": day_end,
        "new_per_day": user.new_per_day,
        "frontier": user.new_frontier,
    }


def study_item(user: Learner, question_id: int) -> StudyItem | None:
    """Return an active question with the learner's card for it, if any."""
    row = db.session.execute(_ONE, {"user": user.id, "question": question_id}).first()
    return _item(row) if row is not None else None


def next_card(user: Learner, now: datetime, *, prefer: int | None = None) -> StudyItem | None:
    """Return the next question for ``user`` to study, or None when done for now.

    Args:
        user: The learner.
        now: The current time (aware, UTC).
        prefer: A question id to show first if it is due or new (after an undo).
    """
    return _next_card(user, _params(user, now), prefer)


def upcoming(user: Learner, now: datetime, *, prefer: int | None = None) -> tuple[StudyItem | None, Queue]:
    """Return the next question (see :func:`next_card`) and what is left today."""
    params = _params(user, now)
    item = _next_card(user, params, prefer)
    return item, (_counts(user, params) if item is not None else Queue(0, 0))


def _next_card(user: Learner, params: dict[str, Any], prefer: int | None) -> StudyItem | None:
    if prefer is not None:
        item = study_item(user, prefer)
        if item is not None and (item.card is None or item.card.state.due < params["day_end"]):
            return item
    row = (
        db.session.execute(_NEXT_DUE, params).first()
        or db.session.execute(_NEXT_NEW_AHEAD, params).first()
        or db.session.execute(_NEXT_NEW_ANY, params).first()
    )
    return _item(row) if row is not None else None


def _counts(user: Learner, params: dict[str, Any]) -> Queue:
    due, new_today, unseen = db.session.execute(_COUNTS, params).one()
    allowed = max(user.new_per_day - new_today, 0)
    if unseen < allowed:  # some new cards may lie behind the frontier
        unseen = db.session.scalar(_UNSEEN_ANY, params)
    return Queue(due=due, new=min(allowed, unseen))


def next_due_at(user: Learner) -> datetime | None:
    """Return when the learner's next card falls due, if any card is scheduled."""
    return db.session.scalar(_NEXT_DUE_AT, {"user": user.id})

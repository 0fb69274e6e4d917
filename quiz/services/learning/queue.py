"""What a learner studies next: due cards first, then new cards, siblings and held cards kept back.

Due cards come first (learning cards when their minutes are up, review cards
during the study day they fall due), then new cards up to the learner's daily
limit. Like Anki's sibling burying, a question is held back for the rest of the
study day once another question drawn from the same fact has been reviewed.
Suspended cards, and cards buried until a later study day, are never shown
(:mod:`quiz.services.learning.holds`).

The learner studies one deck, one tag, or everything (their *scope*, kept on
their row), and may be in a custom session instead: reviewing ahead (cards due
in the next few days) or going over the cards they failed lately, each card
once. Both only choose which cards come up: each answer is an ordinary review,
which FSRS schedules from the time that has really passed.

Showing a card is the hottest path of the app, so these statements are built
once at import time, one set per kind of scope, with bind parameters
(SQLAlchemy then reuses their compiled form) and read plain rows rather than
ORM objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

import sqlalchemy as sa

from quiz.days import day_bounds, day_start, study_date
from quiz.extensions import db
from quiz.models import Card, Deck, Hold, Question, QuestionTag, Review, utcnow
from quiz.scheduling import CardState, State
from quiz.services.learning.study import Learner

__all__ = [
    "CUSTOM_KINDS",
    "CardView",
    "Custom",
    "Outlook",
    "QuestionView",
    "Queue",
    "Scope",
    "Studying",
    "StudyItem",
    "Today",
    "custom_of",
    "item_of",
    "new_limit",
    "next_card",
    "next_due_at",
    "outlook",
    "scope_of",
    "study_item",
    "today",
    "upcoming",
    "with_study_item",
]

#: The custom sessions: review ahead, and the cards failed lately.
CUSTOM_KINDS = ("ahead", "failed")


class Studying(Learner, Protocol):
    """What choosing the next card needs to know about a learner, beyond :class:`Learner`."""

    study_deck_id: int | None
    study_tag: str | None
    new_extra: int
    new_extra_until: datetime | None
    custom_kind: str | None
    custom_days: int
    custom_since: datetime | None


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
    """What is left to study today (or in the custom session), and what was done already.

    Attributes:
        due: Cards due now (in a custom session: the session's cards left).
        new: New cards still allowed today.
        done: Reviews recorded today (in a custom session: since it began).
    """

    due: int
    new: int
    done: int = 0

    @property
    def total(self) -> int:
        """Done and left together: the length of the progress bar."""
        return self.due + self.new + self.done


@dataclass(frozen=True, slots=True)
class Scope:
    """What the learner studies: ``kind`` "all", "deck" (``deck_id``) or "tag" (``tag``)."""

    kind: str
    deck_id: int | None = None
    tag: str | None = None


@dataclass(frozen=True, slots=True)
class Custom:
    """A custom session in progress: its kind (:data:`CUSTOM_KINDS`), its days, since when."""

    kind: str
    days: int
    since: datetime


def scope_of(user: Studying) -> Scope:
    """Return what the learner has chosen to study."""
    if user.study_deck_id is not None:
        return Scope("deck", deck_id=user.study_deck_id)
    if user.study_tag is not None:
        return Scope("tag", tag=user.study_tag)
    return Scope("all")


def custom_of(user: Studying) -> Custom | None:
    """Return the learner's custom session, if one is in progress."""
    if user.custom_kind in CUSTOM_KINDS and user.custom_since is not None:
        return Custom(user.custom_kind, max(user.custom_days, 1), user.custom_since)
    return None


def new_limit(user: Studying, now: datetime) -> int:
    """Return how many new cards the learner may start today (their daily limit, plus any extra asked for today)."""
    extra = user.new_extra if user.new_extra_until is not None and now < user.new_extra_until else 0
    return user.new_per_day + extra


# --- statements, built once -------------------------------------------------

_q, _c, _r, _d = Question.__table__, Card.__table__, Review.__table__, Deck.__table__
_h, _t = Hold.__table__, QuestionTag.__table__
_USER = sa.bindparam("user")
_NOW = sa.bindparam("now", type_=Card.due.type)
_DAY_START = sa.bindparam("day_start", type_=Card.due.type)
_DAY_END = sa.bindparam("day_end", type_=Card.due.type)
_NEW_PER_DAY = sa.bindparam("new_per_day")
_FRONTIER = sa.bindparam("frontier")
_DECK = sa.bindparam("deck")
_TAG = sa.bindparam("tag")
_SINCE = sa.bindparam("since", type_=Card.due.type)
_UNTIL = sa.bindparam("until", type_=Card.due.type)
_SCOPES = ("all", "deck", "tag")

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
#: The hold that keeps a card out of the queue now: suspended, or buried until later.
_HOLDING = sa.or_(_h.c.suspended, _h.c.buried_until > _NOW)
#: The learner holds no card of this question back (one primary-key probe).
_NOT_HELD = ~sa.select(_h.c.question_id).where(_h.c.user_id == _USER, _h.c.question_id == _q.c.id, _HOLDING).exists()
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


def _in_scope(scope: str, question: Any = _q) -> sa.ColumnElement[bool]:
    """The question is in the learner's deck or has their tag (always true for "all")."""
    if scope == "deck":
        return question.c.deck_id == _DECK
    if scope == "tag":
        return sa.select(_t.c.question_id).where(_t.c.tag == _TAG, _t.c.question_id == question.c.id).exists()
    return sa.true()


def _reviews_since(scope: str, since: Any) -> sa.ScalarSelect[int]:
    """Reviews that count (not undone) from ``since`` on, of questions in scope: the progress bar's "done"."""
    counted = sa.select(sa.func.count(_r.c.id)).where(
        _r.c.user_id == _USER, _r.c.reviewed_at >= since, _r.c.undone_at.is_(None)
    )
    if scope != "all":
        counted = counted.join(_q, _q.c.id == _r.c.question_id).where(_in_scope(scope))
    return counted.scalar_subquery()


def _unseen_count(scope: str, *, ahead: bool) -> sa.ScalarSelect[int]:
    """Unseen questions (at or past the frontier when ``ahead``) not held back, counted up to the daily limit."""
    where = sa.and_(_UNSEEN, _NOT_HELD, _NOT_BURIED, _in_scope(scope))
    if ahead:
        where = sa.and_(where, _q.c.position >= _FRONTIER)
    return (
        sa.select(sa.func.count())
        .select_from(sa.select(_q.c.id).where(where).limit(_NEW_PER_DAY).subquery())
        .scalar_subquery()
    )


def _next_new(scope: str, *, ahead: bool) -> sa.Select[Any]:
    where = sa.and_(_UNSEEN, _in_scope(scope))
    if ahead:
        where = sa.and_(where, _q.c.position >= _FRONTIER)
    return (
        sa.select(*_QUESTION_COLUMNS)
        .select_from(_q.join(_d, _d.c.id == _q.c.deck_id))
        .where(where, _NOT_HELD, _NOT_BURIED, _NEW_TODAY < _NEW_PER_DAY)
        .order_by(_q.c.position, _q.c.id)
        .limit(1)
    )


def _cards(*where: Any) -> sa.Select[Any]:
    """The learner's cards of active questions meeting ``where``, with their questions, soonest due first."""
    return (
        sa.select(*_QUESTION_COLUMNS, *_CARD_COLUMNS)
        .select_from(_c.join(_q, _q.c.id == _c.c.question_id).join(_d, _d.c.id == _q.c.deck_id))
        .where(_c.c.user_id == _USER, _q.c.retired_at.is_(None), *where)
        .order_by(_c.c.due)
        .limit(1)
    )


def _due_count(scope: str) -> sa.ScalarSelect[int]:
    if scope != "all":
        return (
            sa.select(sa.func.count())
            .select_from(_c.join(_q, _q.c.id == _c.c.question_id))
            .where(_DUE_CARD, _q.c.retired_at.is_(None), _in_scope(scope), _NOT_HELD)
            .scalar_subquery()
        )
    # Everything: due cards counted from the covering index alone, minus those of
    # the (few) retired questions, found from the question side, and minus the
    # (few) held cards, found from the holds.
    retired_due = sa.select(_c.c.question_id).where(_DUE_CARD, _c.c.question_id == _q.c.id).exists()
    # The card as a correlated EXISTS, not a join: joined, SQLite walked every due card
    # and probed the holds for each (0.1 ms a showing at 335 due cards, where
    # walking the learner's holds takes a hundredth of that).
    held_due = (
        sa.select(sa.func.count())
        .select_from(_h.join(_q, _q.c.id == _h.c.question_id))
        .where(
            _h.c.user_id == _USER,
            _HOLDING,
            _q.c.retired_at.is_(None),
            sa.select(_c.c.question_id).where(_DUE_CARD, _c.c.question_id == _h.c.question_id).exists(),
        )
        .scalar_subquery()
    )
    return (
        sa.select(sa.func.count()).select_from(_c).where(_DUE_CARD).scalar_subquery()
        - sa.select(sa.func.count()).select_from(_q).where(_q.c.retired_at.is_not(None), retired_due).scalar_subquery()
        - held_due
    )


#: Cards a custom session goes over, each once: those not reviewed since it began.
_NOT_YET = _c.c.last_review < _SINCE
#: "ahead": due before the end of the session's last day.
_AHEAD = sa.and_(_NOT_YET, _c.c.due < _UNTIL)
#: "failed": rated Again (and not undone) since the first of the session's days.
_FAILED = sa.and_(
    _NOT_YET,
    _c.c.question_id.in_(
        sa.select(_r.c.question_id).where(
            _r.c.user_id == _USER, _r.c.reviewed_at >= _UNTIL, _r.c.rating == 1, _r.c.undone_at.is_(None)
        )
    ),
)


@dataclass(frozen=True, slots=True)
class _Statements:
    """The queue's statements for one kind of scope."""

    next_due: sa.Select[Any]
    next_new_ahead: sa.Select[Any]
    next_new_any: sa.Select[Any]
    counts: sa.Select[Any]
    unseen_any: sa.Select[Any]
    custom_next: dict[str, sa.Select[Any]]
    custom_counts: dict[str, sa.Select[Any]]


def _statements(scope: str) -> _Statements:
    custom = {"ahead": _AHEAD, "failed": _FAILED}
    return _Statements(
        next_due=_cards(_DUE_CARD, _in_scope(scope), _NOT_HELD, _NOT_BURIED),
        next_new_ahead=_next_new(scope, ahead=True),
        next_new_any=_next_new(scope, ahead=False),
        counts=sa.select(
            _due_count(scope), _NEW_TODAY, _unseen_count(scope, ahead=True), _reviews_since(scope, _DAY_START)
        ),
        unseen_any=sa.select(_unseen_count(scope, ahead=False)),
        custom_next={kind: _cards(where, _in_scope(scope), _NOT_HELD) for kind, where in custom.items()},
        custom_counts={
            kind: sa.select(
                sa.select(sa.func.count())
                .select_from(_c.join(_q, _q.c.id == _c.c.question_id))
                .where(_c.c.user_id == _USER, _q.c.retired_at.is_(None), where, _in_scope(scope), _NOT_HELD)
                .scalar_subquery(),
                _reviews_since(scope, _SINCE),
            )
            for kind, where in custom.items()
        },
    )


_STATEMENTS = {scope: _statements(scope) for scope in _SCOPES}
_ONE = (
    sa.select(*_QUESTION_COLUMNS, *_CARD_COLUMNS)
    .select_from(
        _q.join(_d, _d.c.id == _q.c.deck_id).outerjoin(_c, sa.and_(_c.c.question_id == _q.c.id, _c.c.user_id == _USER))
    )
    .where(_q.c.id == sa.bindparam("question"), _q.c.retired_at.is_(None), _NOT_HELD)
)


def with_study_item(table: sa.Table, *columns: Any) -> sa.Select[Any]:
    """The learner's row of ``table`` (keyed by ``user_id``) with the study item of the question it names.

    Selects the item's columns, then ``columns``; the item's are all None when
    the question (``table.question_id``) is retired, gone or held back, as
    :func:`study_item` would find it. Bind ``user`` and ``now``; read the item
    with :func:`item_of`. One statement where reading the row, then the item, took two.
    """
    question = sa.and_(_q.c.id == table.c.question_id, _q.c.retired_at.is_(None), _NOT_HELD)
    return (
        sa.select(*_QUESTION_COLUMNS, *_CARD_COLUMNS, *columns)
        .select_from(
            # Flat outer joins: SQLite would build a nested (question JOIN deck) for every question.
            table.outerjoin(_q, question)
            .outerjoin(_d, _d.c.id == _q.c.deck_id)
            .outerjoin(_c, sa.and_(_c.c.question_id == _q.c.id, _c.c.user_id == _USER))
        )
        .where(table.c.user_id == _USER)
    )


def item_of(row: sa.Row[Any]) -> StudyItem | None:
    """The study item in a row of a :func:`with_study_item` statement, or None."""
    return None if row.id is None or row.deck_title is None else _item(row)


def _item(row: sa.Row[Any]) -> StudyItem:
    question = QuestionView(*row[: len(_QUESTION_COLUMNS)])
    if len(row) == len(_QUESTION_COLUMNS) or row.due is None:
        return StudyItem(question, None)
    state = CardState(State(row.state), row.step, row.stability, row.difficulty, row.due, row.last_review)
    return StudyItem(question, CardView(state, row.reps))


def _params(user: Studying, now: datetime, scope: Scope, custom: Custom | None = None) -> dict[str, Any]:
    day_start_, day_end = day_bounds(now, user.timezone, user.day_start_hour)
    params = {
        "user": user.id,
        "now": now,
        "day_start": day_start_,
        "day_end": day_end,
        "new_per_day": new_limit(user, now),
        "frontier": user.new_frontier,
        "deck": scope.deck_id,
        "tag": scope.tag,
    }
    if custom is not None:
        params["since"] = custom.since
        if custom.kind == "ahead":  # due by the end of the n-th study day after today
            params["until"] = day_bounds(now, user.timezone, user.day_start_hour, offset=custom.days)[1]
        else:  # failed since the start of the n-th study day before today (1: today)
            params["until"] = day_bounds(now, user.timezone, user.day_start_hour, offset=1 - custom.days)[0]
    return params


def study_item(user: Learner, question_id: int, *, now: datetime | None = None) -> StudyItem | None:
    """Return an active question with the learner's card for it, if any, unless the learner holds it back."""
    params = {"user": user.id, "question": question_id, "now": now or utcnow()}
    row = db.session.execute(_ONE, params).first()
    return _item(row) if row is not None else None


def next_card(user: Studying, now: datetime, *, prefer: int | StudyItem | None = None) -> StudyItem | None:
    """Return the next question for ``user`` to study, or None when done for now.

    Args:
        user: The learner.
        now: The current time (aware, UTC).
        prefer: A question id to show first if it is due or new (after an undo),
            or that question's study item when already read.
    """
    scope, custom = scope_of(user), custom_of(user)
    return _next_card(user, _params(user, now, scope, custom), _STATEMENTS[scope.kind], custom, prefer)


def upcoming(user: Studying, now: datetime, *, prefer: int | StudyItem | None = None) -> tuple[StudyItem | None, Queue]:
    """Return the next question (see :func:`next_card`) and what is left today."""
    scope, custom = scope_of(user), custom_of(user)
    params = _params(user, now, scope, custom)
    statements = _STATEMENTS[scope.kind]
    item = _next_card(user, params, statements, custom, prefer)
    if item is None:
        return None, Queue(0, 0)
    return item, _counts(params, statements, custom)


def today(user: Studying, now: datetime) -> Queue:
    """Return what is left today and what was done (the progress bar of the study page)."""
    scope, custom = scope_of(user), custom_of(user)
    return _counts(_params(user, now, scope, custom), _STATEMENTS[scope.kind], custom)


def _next_card(
    user: Studying,
    params: dict[str, Any],
    statements: _Statements,
    custom: Custom | None,
    prefer: int | StudyItem | None,
) -> StudyItem | None:
    if prefer is not None:
        item = prefer if isinstance(prefer, StudyItem) else study_item(user, prefer, now=params["now"])
        if item is not None:
            if custom is not None and item.card is not None:
                return item
            if custom is None and (item.card is None or item.card.state.due < params["day_end"]):
                return item
    if custom is not None:
        row = db.session.execute(statements.custom_next[custom.kind], params).first()
        return _item(row) if row is not None else None
    row = (
        db.session.execute(statements.next_due, params).first()
        or db.session.execute(statements.next_new_ahead, params).first()
        or db.session.execute(statements.next_new_any, params).first()
    )
    return _item(row) if row is not None else None


def _counts(params: dict[str, Any], statements: _Statements, custom: Custom | None) -> Queue:
    if custom is not None:
        left, done = db.session.execute(statements.custom_counts[custom.kind], params).one()
        return Queue(due=left, new=0, done=done)
    due, new_today, unseen, done = db.session.execute(statements.counts, params).one()
    allowed = max(params["new_per_day"] - new_today, 0)
    if unseen < allowed:  # some new cards may lie behind the frontier
        unseen = db.session.scalar(statements.unseen_any, params)
    return Queue(due=due, new=min(allowed, unseen), done=done)


# --- after the queue empties --------------------------------------------------


@dataclass(frozen=True, slots=True)
class Today:
    """The learner's study today (or in their custom session): the end-of-session summary.

    Attributes:
        reviews: Ratings recorded (not undone).
        cards: Different cards among them.
        correct: Reviews answered right (a flashcard: not rated Again).
        duration: Time spent answering.
    """

    reviews: int
    cards: int
    correct: int
    duration: timedelta

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.reviews if self.reviews else None


@dataclass(frozen=True, slots=True)
class Outlook:
    """What comes next once the queue is empty.

    Attributes:
        next_at: When the next card can be studied (a learning card's minutes are
            up, or the study day starts in which a review card falls due, or
            tomorrow's new cards), or None when nothing is scheduled.
        learning_next: True when ``next_at`` is a learning card due today.
        tomorrow_starts: When the next study day starts.
        tomorrow_due: Cards due by the end of the next study day.
        tomorrow_new: New cards the next study day will offer.
        new_left: New cards still waiting in the scope (beyond today's limit).
        summary: What was studied today, or in the custom session.
        now: When this was worked out.
    """

    next_at: datetime | None
    learning_next: bool
    tomorrow_starts: datetime
    tomorrow_due: int
    tomorrow_new: int
    new_left: int
    summary: Today
    now: datetime

    @property
    def wait(self) -> timedelta | None:
        """How long until ``next_at``."""
        return self.next_at - self.now if self.next_at is not None else None


def _summary(user: Studying, since: datetime) -> Today:
    reviews, cards, correct, duration = db.session.execute(
        sa.select(
            sa.func.count(_r.c.id),
            sa.func.count(sa.distinct(_r.c.question_id)),
            sa.func.coalesce(sa.func.sum(sa.case((_r.c.correct, 1), else_=0)), 0),
            sa.func.coalesce(sa.func.sum(_r.c.duration_ms), 0),
        ).where(
            _r.c.user_id == user.id,
            _r.c.reviewed_at >= since,
            _r.c.undone_at.is_(None),
            _r.c.origin == "study",
        )
    ).one()
    return Today(reviews, cards, int(correct), timedelta(milliseconds=int(duration)))


def outlook(user: Studying, now: datetime) -> Outlook:
    """Return the end-of-session summary and what comes next, in the learner's scope.

    Suspended cards never come back by themselves; buried ones come back when
    their study day starts, like every card held back today.
    """
    scope, custom = scope_of(user), custom_of(user)
    params = _params(user, now, scope, custom)
    tz, hour = user.timezone, user.day_start_hour
    _, tomorrow_end = day_bounds(now, tz, hour, offset=1)
    day_end = params["day_end"]
    not_suspended = (
        ~sa.select(_h.c.question_id).where(_h.c.user_id == _USER, _h.c.question_id == _q.c.id, _h.c.suspended).exists()
    )
    cards = (
        sa.select()
        .select_from(_c.join(_q, _q.c.id == _c.c.question_id))
        .where(_c.c.user_id == _USER, _q.c.retired_at.is_(None), _in_scope(scope.kind), not_suspended)
    )
    learning = sa.or_(_c.c.state == State.Learning.value, _c.c.state == State.Relearning.value)
    next_learning, next_review, held_today, tomorrow_due = db.session.execute(
        cards.add_columns(
            sa.func.min(sa.case((sa.and_(learning, _c.c.due > _NOW), _c.c.due))),
            sa.func.min(sa.case((sa.and_(_c.c.state == State.Review.value, _c.c.due >= _DAY_END), _c.c.due))),
            sa.func.count(sa.case((_DUE_CARD, 1))),
            sa.func.count(sa.case((_c.c.due < sa.bindparam("tomorrow_end", type_=Card.due.type), 1))),
        ),
        params | {"tomorrow_end": tomorrow_end},
    ).one()
    unseen = db.session.scalar(
        sa.select(sa.func.count(_q.c.id)).where(_UNSEEN, _in_scope(scope.kind), not_suspended), params
    )
    candidates = []
    if next_learning is not None:
        candidates.append(next_learning)
    if next_review is not None:
        candidates.append(day_start(study_date(next_review, tz, hour), tz, hour))
    if held_today or (unseen and user.new_per_day > 0):
        candidates.append(day_end)
    next_at = min(candidates) if candidates else None
    new_today = db.session.scalar(sa.select(_NEW_TODAY), params)
    return Outlook(
        next_at=next_at,
        learning_next=next_at is not None and next_at == next_learning and next_at < day_end,
        tomorrow_starts=day_end,
        tomorrow_due=tomorrow_due,
        tomorrow_new=min(unseen, user.new_per_day),
        new_left=max(unseen - max(params["new_per_day"] - new_today, 0), 0) if unseen else 0,
        summary=_summary(user, custom.since if custom is not None else params["day_start"]),
        now=now,
    )


def next_due_at(user: Studying, now: datetime) -> datetime | None:
    """Return when the learner can next study a card of their scope (see :attr:`Outlook.next_at`)."""
    return outlook(user, now).next_at

"""The bank browser: every question of every deck, searched and paged, with its statistics.

Filtering and paging run in SQL over the question table; the statistics (share
right, lapse rate, learners, discrimination, the most common wrong answers)
are computed for the page's questions only, over all time, by the class view's
item analysis (:mod:`quiz.services.stats.classroom`): the learners are ranked by
their share right over every question from their study-day tallies, and one
indexed read per page gets each learner's record on the page's questions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Deck, Question, Review, utcnow
from quiz.periods import period
from quiz.services.stats.classroom import MIN_GROUP, ItemRow, item_analysis

__all__ = ["PER_PAGE", "BankFilter", "BankPage", "BankRow", "QuestionDetail", "browse", "question_detail"]

#: Questions on one page of the browser.
PER_PAGE = 50


@dataclass(frozen=True, slots=True)
class BankFilter:
    """What to look for; empty fields match everything."""

    text: str = ""
    deck: str = ""
    tag: str = ""
    kind: str = ""
    type: str = ""
    source: str = ""
    status: str = "active"  # active, retired or all


@dataclass(frozen=True, slots=True)
class BankRow:
    """One question in the browser, with its statistics (None: nobody has met it)."""

    id: int
    key: str
    deck: str
    type: str
    kind: str
    prompt: str
    tags: list[str]
    retired: bool
    stats: ItemRow | None

    @property
    def needs_attention(self) -> bool:
        return bool(self.stats and self.stats.flags)


@dataclass(frozen=True, slots=True)
class BankPage:
    rows: list[BankRow]
    total: int
    page: int
    pages: int
    decks: list[tuple[str, str]]
    kinds: list[str]
    types: list[str]


def _conditions(f: BankFilter) -> list[sa.ColumnElement[bool]]:
    found: list[sa.ColumnElement[bool]] = []
    if f.text:
        found.append(
            sa.or_(
                Question.prompt.icontains(f.text, autoescape=True),
                Question.answer.icontains(f.text, autoescape=True),
                Question.key.icontains(f.text, autoescape=True),
            )
        )
    if f.deck:
        found.append(Deck.key == f.deck)
    if f.kind:
        found.append(Question.kind == f.kind)
    if f.type:
        found.append(Question.type == f.type)
    # Tags and sources are JSON lists, stored as text on either engine: match the quoted value.
    if f.tag:
        found.append(sa.cast(Question.tags, sa.Text).contains(f'"{f.tag}"', autoescape=True))
    if f.source:
        found.append(sa.cast(Question.sources, sa.Text).icontains(f.source, autoescape=True))
    if f.status == "active":
        found.append(Question.retired_at.is_(None))
    elif f.status == "retired":
        found.append(Question.retired_at.is_not(None))
    return found


def browse(f: BankFilter, page: int, *, now: datetime, per_page: int | None = None) -> BankPage:
    """One page of the questions matching ``f``, in bank order, with their statistics."""
    per_page = per_page or PER_PAGE
    where = _conditions(f)
    base = sa.select(Question.id).join(Deck, Deck.id == Question.deck_id).where(*where)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(base.subquery())) or 0
    pages = max(1, math.ceil(total / per_page))
    page = min(max(page, 1), pages)
    rows = db.session.execute(
        sa.select(
            Question.id,
            Question.key,
            Deck.title,
            Question.type,
            Question.kind,
            Question.prompt,
            Question.tags,
            Question.retired_at,
        )
        .join(Deck, Deck.id == Question.deck_id)
        .where(*where)
        .order_by(Deck.position, Deck.id, Question.position, Question.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    ids = [row.id for row in rows]
    stats = question_stats(ids)
    decks = db.session.execute(sa.select(Deck.key, Deck.title).order_by(Deck.position, Deck.id)).all()
    kinds = db.session.scalars(sa.select(Question.kind).distinct().order_by(Question.kind)).all()
    types = db.session.scalars(sa.select(Question.type).distinct().order_by(Question.type)).all()
    return BankPage(
        rows=[
            BankRow(
                r.id,
                r.key,
                r.title,
                r.type,
                r.kind,
                r.prompt,
                list(r.tags or []),
                r.retired_at is not None,
                stats.get(r.id),
            )
            for r in rows
        ],
        total=total,
        page=page,
        pages=pages,
        decks=[(key, title) for key, title in decks],
        kinds=list(kinds),
        types=list(types),
    )


@dataclass(frozen=True, slots=True)
class QuestionDetail:
    question: Question
    deck: Deck
    stats: ItemRow | None
    reviews: int
    last_reviewed: datetime | None


def question_detail(question_id: int, *, now: datetime) -> QuestionDetail | None:
    """A question as stored, with its statistics over all time (None if there is no such question)."""
    question = db.session.get(Question, question_id)
    if question is None:
        return None
    stats = question_stats([question_id])
    count, last = db.session.execute(
        sa.select(sa.func.count(Review.id), sa.func.max(Review.reviewed_at)).where(
            Review.question_id == question_id, Review.undone_at.is_(None)
        )
    ).one()
    return QuestionDetail(question, question.deck, stats.get(question_id), count, last)


def question_stats(ids: list[int], *, min_group: int = MIN_GROUP) -> dict[int, ItemRow]:
    """All-time item statistics of the questions ``ids`` (those nobody met are left out).

    The class view's item analysis restricted to these questions: it ranks the
    learners from their study-day tallies and reads only these questions' reviews.
    """
    if not ids:
        return {}
    items = item_analysis(utcnow(), period("all"), min_group=min_group, only=ids)
    return {item.question_id: item for item in items}

"""The card browser: find a learner's cards by text, deck, tag and state, a page at a time.

Every active question is one of the learner's cards, studied or not (a new card
has no card row yet). The search reads one page of rows in bank order, straight
from the question index, and counts the matches with only the joins the filters
need, so it stays quick with tens of thousands of questions (``bench/cards.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Card, Deck, Hold, Question, QuestionTag
from quiz.scheduling import State
from quiz.services.learning import holds
from quiz.services.learning.study import Learner

__all__ = ["PAGE_SIZE", "STATES", "BrowserPage", "CardRow", "Search", "act", "matching_ids", "search"]

#: The states a search can ask for, with their labels.
STATES = {
    "new": "New",
    "learning": "Learning",
    "review": "Review",
    "suspended": "Suspended",
    "buried": "Buried",
    "leech": "Leech",
}
PAGE_SIZE = 50
#: Longest search text kept.
MAX_TEXT = 200

_q, _c, _h, _d, _t = Question.__table__, Card.__table__, Hold.__table__, Deck.__table__, QuestionTag.__table__


@dataclass(frozen=True, slots=True)
class Search:
    """What the learner looks for; empty fields match everything."""

    text: str = ""
    deck_id: int | None = None
    tag: str | None = None
    state: str | None = None

    def args(self) -> dict[str, Any]:
        """The search as query-string arguments (empty ones left out)."""
        found = {"q": self.text, "deck": self.deck_id, "tag": self.tag, "state": self.state}
        return {k: v for k, v in found.items() if v not in (None, "")}


@dataclass(frozen=True, slots=True)
class CardRow:
    """One card as the browser lists it."""

    question_id: int
    prompt: str
    answer: str
    deck_title: str
    tags: list[str]
    state: State | None
    due: datetime | None
    reps: int
    lapses: int
    suspended: bool
    buried: bool
    leech: bool

    @property
    def state_label(self) -> str:
        if self.state is None:
            return "New"
        return {State.Learning: "Learning", State.Review: "Review", State.Relearning: "Relearning"}[self.state]


@dataclass(frozen=True, slots=True)
class BrowserPage:
    """One page of matching cards, and how many match in all."""

    rows: list[CardRow]
    total: int
    page: int
    pages: int
    search: Search


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(user_id: int, found: Search, now: datetime) -> tuple[list[Any], bool, bool]:
    """The conditions of a search, and whether they need the card and the hold rows."""
    where: list[Any] = [_q.c.retired_at.is_(None)]
    needs_card = needs_hold = False
    text = found.text.strip()[:MAX_TEXT]
    if text:
        pattern = _like(text)
        where.append(
            sa.or_(
                _q.c.prompt.ilike(pattern, escape="\\"),
                _q.c.answer.ilike(pattern, escape="\\"),
                _q.c.key.ilike(pattern, escape="\\"),
            )
        )
    if found.deck_id is not None:
        where.append(_q.c.deck_id == found.deck_id)
    if found.tag:
        # The tag's questions from the key (tag, question_id), not a probe per question.
        where.append(_q.c.id.in_(sa.select(_t.c.question_id).where(_t.c.tag == found.tag)))
    state = found.state
    if state == "new":
        where.append(_c.c.question_id.is_(None))
        needs_card = True
    elif state == "learning":
        where.append(_c.c.state.in_((State.Learning.value, State.Relearning.value)))
        needs_card = True
    elif state == "review":
        where.append(_c.c.state == State.Review.value)
        needs_card = True
    elif state == "suspended":
        where.append(_h.c.suspended)
        needs_hold = True
    elif state == "buried":
        where.append(_h.c.buried_until > now)
        needs_hold = True
    elif state == "leech":
        where.append(_h.c.leech)
        needs_hold = True
    return where, needs_card, needs_hold


def _from(user_id: int, *, card: bool, hold: bool) -> Any:
    joined: Any = _q
    if card:
        joined = joined.outerjoin(_c, sa.and_(_c.c.question_id == _q.c.id, _c.c.user_id == user_id))
    if hold:
        joined = joined.outerjoin(_h, sa.and_(_h.c.question_id == _q.c.id, _h.c.user_id == user_id))
    return joined


def search(user: Learner, found: Search, now: datetime, *, page: int = 1, page_size: int = PAGE_SIZE) -> BrowserPage:
    """Return one page of the learner's cards matching ``found``, in bank order.

    Args:
        user: The learner.
        found: What to look for.
        now: The current time (a card buried until later is "buried").
        page: The page wanted, from 1; past the last page gives the last page.
        page_size: Cards per page.
    """
    where, needs_card, needs_hold = _where(user.id, found, now)
    matching = sa.select(_q.c.id).select_from(_from(user.id, card=needs_card, hold=needs_hold)).where(*where)
    listed = (
        _q.c.id,
        _q.c.prompt,
        _q.c.answer,
        _d.c.title,
        _q.c.tags,
        _c.c.state,
        _c.c.due,
        _c.c.reps,
        _c.c.lapses,
        _h.c.suspended,
        _h.c.buried_until,
        _h.c.leech,
    )
    if not (found.text.strip() or found.tag):
        # Every active card, a deck or a state: the page is read in bank order and
        # found early, and the count needs no text comparison.
        total = db.session.scalar(sa.select(sa.func.count()).select_from(matching.subquery())) or 0
        pages = max((total + page_size - 1) // page_size, 1)
        page = min(max(page, 1), pages)
        rows = db.session.execute(
            sa.select(*listed)
            .select_from(_from(user.id, card=True, hold=True).join(_d, _d.c.id == _q.c.deck_id))
            .where(*where)
            .order_by(_q.c.position, _q.c.id)
            .limit(page_size)
            .offset((page - 1) * page_size)
        ).all()
    else:
        # A text or a tag: the matches (often few) are found in one pass over the
        # questions, then counted and paged; counting and paging each on its own
        # would compare every question's text twice, or probe every question's tags.
        page, total, rows = _searched_page(matching, listed, user.id, page, page_size)
        pages = max((total + page_size - 1) // page_size, 1)
    return BrowserPage(
        rows=[
            CardRow(
                question_id=row.id,
                prompt=row.prompt,
                answer=row.answer,
                deck_title=row.title,
                tags=list(row.tags or []),
                state=State(row.state) if row.state is not None else None,
                due=row.due,
                reps=row.reps or 0,
                lapses=row.lapses or 0,
                suspended=bool(row.suspended),
                buried=row.buried_until is not None and row.buried_until > now,
                leech=bool(row.leech),
            )
            for row in rows
        ],
        total=total,
        page=page,
        pages=pages,
        search=found,
    )


def _searched_page(
    matching: sa.Select[Any], listed: tuple[Any, ...], user_id: int, page: int, page_size: int
) -> tuple[int, int, list[Any]]:
    """The page asked for (past the end: the last one), the count of matches and the page's rows."""
    found = matching.add_columns(_q.c.position).cte("found").prefix_with("MATERIALIZED")
    total = sa.select(sa.func.count()).select_from(found).scalar_subquery().label("total")
    statement = (
        sa.select(*listed, total)
        .select_from(
            found.join(_q, _q.c.id == found.c.id)
            .outerjoin(_c, sa.and_(_c.c.question_id == _q.c.id, _c.c.user_id == user_id))
            .outerjoin(_h, sa.and_(_h.c.question_id == _q.c.id, _h.c.user_id == user_id))
            .join(_d, _d.c.id == _q.c.deck_id)
        )
        .order_by(found.c.position, found.c.id)
        .limit(page_size)
    )
    page = max(page, 1)
    rows = db.session.execute(statement.offset((page - 1) * page_size)).all()
    if rows:
        return page, rows[0].total, rows
    if page == 1:
        return 1, 0, []
    # Past the last page: count, and read the last page instead.
    total = db.session.scalar(sa.select(sa.func.count()).select_from(matching.subquery())) or 0
    last = max((total + page_size - 1) // page_size, 1)
    rows = db.session.execute(statement.offset((last - 1) * page_size)).all()
    return last, total, rows


def matching_ids(user: Learner, found: Search, now: datetime) -> list[int]:
    """Return the question ids of every card matching ``found`` (for an action on all of them)."""
    where, needs_card, needs_hold = _where(user.id, found, now)
    return list(
        db.session.scalars(
            sa.select(_q.c.id).select_from(_from(user.id, card=needs_card, hold=needs_hold)).where(*where)
        )
    )


def act(user: Learner, action: str, ids: list[int], every: Search | None, now: datetime) -> int | None:
    """Apply a hold action (:data:`quiz.services.learning.holds.ACTIONS`) to the cards ticked, or to every match.

    Args:
        user: The learner.
        action: "suspend", "unsuspend", "bury", "unbury" or "forget".
        ids: The question ids ticked.
        every: A search whose every match to act on instead of ``ids``; None to use ``ids``.
        now: The current time (aware, UTC).

    Returns:
        How many cards changed, or None when nothing was selected (nothing changes then).
    """
    chosen = matching_ids(user, every, now) if every is not None else ids
    if not chosen:
        return None
    return holds.apply(user, action, chosen, now)

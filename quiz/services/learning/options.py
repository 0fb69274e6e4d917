"""A learner's control of their queue: what to study, custom sessions, more new cards today.

* **What to study**: one deck, one tag, or everything, kept on the learner's row
  so that it holds on every device until changed.
* **Custom study**, as Anki's: review ahead (cards due in the next few days),
  go over the cards failed lately, or take more new cards today. A session only
  chooses which cards come up, each once, within the deck or tag chosen; every
  answer is an ordinary review, which FSRS schedules from the time that has
  really passed (a card reviewed early gains less stability than one reviewed on
  time), and nothing else about the schedule changes. Ending the session, or
  running out of its cards, returns the learner to their daily queue.

Every change here commits.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from quiz.days import day_bounds
from quiz.extensions import db
from quiz.models import Deck, Question, User
from quiz.services.bank.tags import all_tags
from quiz.services.learning.queue import CUSTOM_KINDS, Scope, Studying, scope_of

__all__ = [
    "AHEAD_MAX_DAYS",
    "EXTRA_NEW_MAX",
    "FAILED_MAX_DAYS",
    "Choices",
    "OptionError",
    "choices",
    "end_custom",
    "forget_choices",
    "more_new",
    "scope_label",
    "set_scope",
    "start_custom",
]

AHEAD_MAX_DAYS = 365
FAILED_MAX_DAYS = 30
EXTRA_NEW_MAX = 9999
#: How long a worker keeps the list of decks and tags before reading it again.
CHOICES_TTL_S = 30.0


class OptionError(ValueError):
    """A study option that cannot be set; the message says why."""


@dataclass(frozen=True, slots=True)
class Choices:
    """What a learner can choose to study: every deck (id, title) in bank order, and every tag."""

    decks: tuple[tuple[int, str], ...]
    tags: tuple[str, ...]

    def value_of(self, scope: Scope) -> str:
        """The form value naming ``scope``: "all", "deck:<id>" or "tag:<name>"."""
        if scope.kind == "deck":
            return f"deck:{scope.deck_id}"
        if scope.kind == "tag":
            return f"tag:{scope.tag}"
        return "all"


_cache: dict[str, tuple[float, Choices]] = {}


def choices() -> Choices:
    """Return every deck with active questions and every tag of an active question.

    The study page shows this list on every card, and it changes only when the
    bank does, so each worker keeps it for :data:`CHOICES_TTL_S` seconds.
    """
    key = str(db.engine.url)
    cached = _cache.get(key)
    if cached is not None and time.monotonic() - cached[0] < CHOICES_TTL_S:
        return cached[1]
    has_questions = sa.select(Question.id).where(Question.deck_id == Deck.id, Question.retired_at.is_(None)).exists()
    decks = tuple(
        (row.id, row.title)
        for row in db.session.execute(
            sa.select(Deck.id, Deck.title).where(has_questions).order_by(Deck.position, Deck.id)
        )
    )
    found = Choices(decks, tuple(all_tags()))
    _cache[key] = (time.monotonic(), found)
    return found


def forget_choices() -> None:
    """Read the decks and tags again on next use (after an import, and in tests)."""
    _cache.clear()


def scope_label(user: Studying, listed: Choices | None = None) -> str:
    """The deck's title, "#tag", or "All decks": what the learner studies, in words."""
    scope = scope_of(user)
    if scope.kind == "deck":
        title = dict(listed.decks).get(scope.deck_id) if listed is not None else None
        title = title or db.session.scalar(sa.select(Deck.title).where(Deck.id == scope.deck_id))
        return title or "All decks"
    if scope.kind == "tag":
        return f"#{scope.tag}"
    return "All decks"


def _parse(value: str) -> dict[str, Any]:
    kind, _, name = (value or "").partition(":")
    if kind == "all" and not name:
        return {"study_deck_id": None, "study_tag": None}
    if kind == "deck" and name.isdigit() and len(name) < 10:
        deck_id = int(name)
        exists = db.session.scalar(
            sa.select(Question.id).where(Question.deck_id == deck_id, Question.retired_at.is_(None)).limit(1)
        )
        if exists is None:
            raise OptionError("That deck has no questions to study. Choose another.")
        return {"study_deck_id": deck_id, "study_tag": None}
    if kind == "tag" and name:
        if name not in all_tags():
            raise OptionError(f"No question is tagged {name!r}. Choose another tag.")
        return {"study_deck_id": None, "study_tag": name}
    raise OptionError("Choose a deck, a tag, or all decks.")


def set_scope(user: Studying, value: str) -> None:
    """Study one deck ("deck:<id>"), one tag ("tag:<name>") or everything ("all"), from now on.

    Raises:
        OptionError: No such deck or tag (or it has no active question).
    """
    values = _parse(value)
    db.session.execute(sa.update(User).where(User.id == user.id).values(**values))
    db.session.commit()


def start_custom(user: Studying, kind: str, days: int, now: datetime) -> None:
    """Start a custom session over the learner's deck or tag.

    Args:
        user: The learner.
        kind: "ahead" (cards due within ``days`` study days after today) or
            "failed" (cards rated Again within the last ``days`` study days, today included).
        days: 1 to :data:`AHEAD_MAX_DAYS` (ahead) or :data:`FAILED_MAX_DAYS` (failed).
        now: The session's start (aware, UTC): each card comes up once after it.

    Raises:
        OptionError: An unknown kind, or days out of range.
    """
    if kind not in CUSTOM_KINDS:
        raise OptionError("Choose a kind of custom study.")
    limit = AHEAD_MAX_DAYS if kind == "ahead" else FAILED_MAX_DAYS
    if not 1 <= days <= limit:
        raise OptionError(f"Choose 1 to {limit} days.")
    db.session.execute(
        sa.update(User).where(User.id == user.id).values(custom_kind=kind, custom_days=days, custom_since=now)
    )
    db.session.commit()


def end_custom(user: Studying) -> None:
    """End the learner's custom session (if any): back to the daily queue."""
    db.session.execute(
        sa.update(User).where(User.id == user.id).values(custom_kind=None, custom_days=0, custom_since=None)
    )
    db.session.commit()


def more_new(user: Studying, extra: int, now: datetime) -> int:
    """Allow ``extra`` more new cards today (added to any extra already asked for today); return today's extra.

    Raises:
        OptionError: ``extra`` is not 1 to :data:`EXTRA_NEW_MAX`.
    """
    if not 1 <= extra <= EXTRA_NEW_MAX:
        raise OptionError(f"Choose 1 to {EXTRA_NEW_MAX} new cards.")
    _, day_end = day_bounds(now, user.timezone, user.day_start_hour)
    row = db.session.execute(
        sa.select(User.new_extra, User.new_extra_until).where(User.id == user.id).with_for_update()
    ).one()
    current = row.new_extra if row.new_extra_until is not None and now < row.new_extra_until else 0
    total = min(current + extra, EXTRA_NEW_MAX)
    db.session.execute(
        sa.update(User)
        .where(User.id == user.id)
        .values(new_extra=total, new_extra_until=day_end, custom_kind=None, custom_days=0, custom_since=None)
    )
    db.session.commit()
    return total

"""The tag index: one ``question_tag`` row per tag of each question, kept in step with the bank.

A learner may study one tag; the queue and the card browser find its questions
through this table (an index lookup on every database) rather than by searching
each question's JSON list of tags. The bank import calls :func:`sync_tags` for
the questions it inserted or edited, in its own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Question, QuestionTag

__all__ = ["all_tags", "sync_tags"]

_t = QuestionTag.__table__
_q = Question.__table__
#: One tag row, the question found by its (unique, indexed) key.
_INSERT = sa.insert(_t).from_select(
    ["question_id", "tag"], sa.select(_q.c.id, sa.bindparam("g", type_=sa.String)).where(_q.c.key == sa.bindparam("k"))
)


def sync_tags(rows: Iterable[dict[str, Any]]) -> None:
    """Rewrite the tag rows of these questions (bank rows with ``key`` and ``tags``) (no commit).

    Written by question key, with no read of the question table first: the bank
    import calls this while it holds the write lock.
    """
    tags = {row["key"]: list(dict.fromkeys(row.get("tags") or [])) for row in rows}
    keys = list(tags)
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        db.session.execute(sa.delete(_t).where(_t.c.question_id.in_(sa.select(_q.c.id).where(_q.c.key.in_(chunk)))))
    pairs = [{"k": key, "g": tag} for key, listed in tags.items() for tag in listed]
    if pairs:
        db.session.execute(_INSERT, pairs)


def all_tags() -> list[str]:
    """Every tag of an active question, sorted."""
    return list(
        db.session.scalars(
            sa.select(_t.c.tag)
            .join(Question, Question.id == _t.c.question_id)
            .where(Question.retired_at.is_(None))
            .distinct()
            .order_by(_t.c.tag)
        )
    )

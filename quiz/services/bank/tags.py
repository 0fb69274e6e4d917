"""The tag index: one ``question_tag`` row per tag of each question, kept in step with the bank.

A learner may study one tag; the queue and the card browser find its questions
through this table (an index lookup on every database) rather than by searching
each question's JSON list of tags. The bank import calls :func:`sync_tags` for
the questions it inserted or edited, in its own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Question, QuestionTag

__all__ = ["all_tags", "sync_tags"]

_t = QuestionTag.__table__


def sync_tags(keys: Iterable[str]) -> None:
    """Rewrite the tag rows of the questions with these keys from their ``tags`` lists (no commit)."""
    keys = list(dict.fromkeys(keys))
    for start in range(0, len(keys), 500):
        rows = db.session.execute(
            sa.select(Question.id, Question.tags).where(Question.key.in_(keys[start : start + 500]))
        ).all()
        ids = [row.id for row in rows]
        db.session.execute(sa.delete(_t).where(_t.c.question_id.in_(ids)))
        values = [{"tag": tag, "question_id": row.id} for row in rows for tag in dict.fromkeys(row.tags or [])]
        if values:
            db.session.execute(sa.insert(_t), values)


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

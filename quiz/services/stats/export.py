"""A learner's own data as CSV and JSON: every review and every quiz attempt.

The exports stream: rows are read in batches and written out as they come, so a
long history never sits in memory whole. Undone reviews are included, marked by
``undone_at``; nothing else of the log is left out.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from quiz.days import study_date
from quiz.extensions import db
from quiz.models import Deck, Question, QuizAnswer, QuizAttempt, Review, User
from quiz.scheduling import Rating, State
from quiz.services.accounts.users import SessionUser

__all__ = ["QUIZ_FIELDS", "REVIEW_FIELDS", "csv_text", "json_text", "quiz_rows", "review_rows"]

BATCH = 1000

REVIEW_FIELDS = (
    "review_id",
    "reviewed_at",
    "study_day",
    "deck",
    "question",
    "prompt",
    "origin",
    "rating",
    "rating_name",
    "answer",
    "correct",
    "duration_ms",
    "state_before",
    "state_after",
    "stability_after",
    "difficulty_after",
    "due_after",
    "interval_after_days",
    "undone_at",
)
QUIZ_FIELDS = (
    "attempt_id",
    "started_at",
    "finished_at",
    "deck",
    "kinds",
    "time_limit_s",
    "score",
    "length",
    "position",
    "question",
    "prompt",
    "answer",
    "correct",
    "answered_at",
    "duration_ms",
)
#: QUIZ_FIELDS up to here describe the attempt; the rest, one answer.
_ANSWER_FIELDS = QUIZ_FIELDS.index("position")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _state(value: int | None) -> str | None:
    return State(value).name if value is not None else None


def review_rows(user: User | SessionUser) -> Iterator[dict[str, Any]]:
    """Yield the learner's reviews, oldest first, as plain values."""
    query = (
        sa.select(Review, Question.key, Question.prompt, Deck.key)
        .join(Question, Question.id == Review.question_id)
        .join(Deck, Deck.id == Question.deck_id)
        .where(Review.user_id == user.id)
        .order_by(Review.reviewed_at, Review.id)
        .execution_options(yield_per=BATCH)
    )
    for review, key, prompt, deck in db.session.execute(query):
        yield {
            "review_id": review.id,
            "reviewed_at": _iso(review.reviewed_at),
            "study_day": study_date(review.reviewed_at, user.timezone, user.day_start_hour).isoformat(),
            "deck": deck,
            "question": key,
            "prompt": prompt,
            "origin": review.origin,
            "rating": review.rating,
            "rating_name": Rating(review.rating).name,
            "answer": review.answer,
            "correct": review.correct,
            "duration_ms": review.duration_ms,
            "state_before": _state(review.state_before),
            "state_after": _state(review.state_after),
            "stability_after": review.stability_after,
            "difficulty_after": review.difficulty_after,
            "due_after": _iso(review.due_after),
            "interval_after_days": review.interval_after,
            "undone_at": _iso(review.undone_at),
        }


def quiz_rows(user: User | SessionUser) -> Iterator[dict[str, Any]]:
    """Yield one row per question of each of the learner's quiz attempts, oldest attempt first."""
    query = (
        sa.select(QuizAttempt, QuizAnswer, Question.key, Question.prompt, Deck.key)
        .join(QuizAnswer, QuizAnswer.attempt_id == QuizAttempt.id)
        .join(Question, Question.id == QuizAnswer.question_id)
        .outerjoin(Deck, Deck.id == QuizAttempt.deck_id)
        .where(QuizAttempt.user_id == user.id)
        .order_by(QuizAttempt.started_at, QuizAttempt.id, QuizAnswer.position)
        .execution_options(yield_per=BATCH)
    )
    for attempt, slot, key, prompt, deck in db.session.execute(query):
        yield {
            "attempt_id": attempt.id,
            "started_at": _iso(attempt.started_at),
            "finished_at": _iso(attempt.finished_at),
            "deck": deck,
            "kinds": ",".join(attempt.kinds),
            "time_limit_s": attempt.time_limit_s,
            "score": attempt.score,
            "length": attempt.length,
            "position": slot.position,
            "question": key,
            "prompt": prompt,
            "answer": slot.answer,
            "correct": slot.correct,
            "answered_at": _iso(slot.answered_at),
            "duration_ms": slot.duration_ms,
        }


def csv_text(rows: Iterable[dict[str, Any]], fields: tuple[str, ...]) -> Iterator[str]:
    """Yield CSV text, a header and then about :data:`BATCH` rows at a time."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    for n, row in enumerate(rows, start=1):
        writer.writerow(row)
        if n % BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _attempts(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Fold quiz rows (one per question) into attempts holding a list of answers."""
    current: dict[str, Any] | None = None
    for row in rows:
        if current is None or current["attempt_id"] != row["attempt_id"]:
            if current is not None:
                yield current
            current = {name: row[name] for name in QUIZ_FIELDS[:_ANSWER_FIELDS]}
            current["kinds"] = row["kinds"].split(",") if row["kinds"] else []
            current["answers"] = []
        current["answers"].append({name: row[name] for name in QUIZ_FIELDS[_ANSWER_FIELDS:]})
    if current is not None:
        yield current


def _array(items: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield "["
    for n, item in enumerate(items):
        yield ("," if n else "") + "\n  " + json.dumps(item, ensure_ascii=False)
    yield "\n]"


def json_text(user: User | SessionUser, now: datetime) -> Iterator[str]:
    """Yield one JSON document holding the learner's settings, reviews and quiz attempts."""
    head = {
        "user": user.username,
        "exported_at": now.isoformat(),
        "time_zone": user.timezone,
        "day_start_hour": user.day_start_hour,
        "desired_retention": user.desired_retention,
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ',\n"reviews": '
    yield from _array(review_rows(user))
    yield ',\n"quiz_attempts": '
    yield from _array(_attempts(quiz_rows(user)))
    yield "}\n"

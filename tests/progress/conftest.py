"""Build review histories through the services, at explicit times."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from quiz.extensions import db
from quiz.models import Card, Question, QuizAttempt, Role, User
from quiz.scheduling import Rating
from quiz.services.accounts.users import create_user
from quiz.services.learning import quizzes
from quiz.services.learning.study import record_review, undo_last
from tests.support import PASSWORD


class History:
    """Creates learners and records their reviews and quizzes with the app's own services."""

    def __init__(self, app: Flask, right: dict[str, Any]) -> None:
        self.app = app
        self.right = right

    def _run(self, fn: Any) -> Any:
        with self.app.app_context():
            try:
                return fn()
            finally:
                db.session.remove()

    def learner(
        self, name: str, *, tz: str = "UTC", hour: int = 4, retention: float = 0.9, role: str = Role.LEARNER
    ) -> int:
        """Create an account (password :data:`tests.support.PASSWORD`) with these settings; return its id."""

        def make() -> int:
            user = create_user(name, PASSWORD, role=role)
            user.timezone, user.day_start_hour, user.desired_retention = tz, hour, retention
            db.session.commit()
            return user.id

        return self._run(make)

    def question_id(self, key: str) -> int:
        return self._run(lambda: db.session.scalar(sa.select(Question.id).where(Question.key == key)))

    def review(
        self,
        user_id: int,
        key: str,
        rating: int,
        at: datetime,
        *,
        correct: bool | None = None,
        duration_ms: int = 0,
        origin: str = "study",
        answer: str | None = None,
    ) -> None:
        """Rate the question ``key`` at ``at``, as the study page would (``answer``: what was typed)."""

        def rate() -> None:
            user = db.session.get(User, user_id)
            question = db.session.scalar(sa.select(Question.id).where(Question.key == key))
            card = db.session.get(Card, (user_id, question))
            review = record_review(
                user,
                question,
                Rating(rating),
                seen_reps=card.reps if card else 0,
                now=at,
                answer=answer,
                correct=correct,
                duration_ms=duration_ms,
                origin=origin,
            )
            assert review is not None

        self._run(rate)

    def undo(self, user_id: int, at: datetime) -> None:
        self._run(lambda: undo_last(db.session.get(User, user_id), at))

    def quiz(
        self, user_id: int, answers: Sequence[bool], at: datetime, *, finish: bool = True, kinds: Sequence[str] = ()
    ) -> int:
        """Take a quiz of ``len(answers)`` questions at ``at``, right or wrong as told; return its id.

        With ``finish=False`` the last question is left unanswered.
        """

        def take() -> int:
            user = db.session.get(User, user_id)
            attempt = quizzes.start_quiz(
                user, deck_id=None, kinds=kinds, length=len(answers), time_limit_s=None, now=at
            )
            attempt_id = attempt.id
            assert attempt.length == len(answers)
            for position, right in enumerate(answers, start=1):
                if not finish and position == len(answers):
                    break
                slot = db.session.get(QuizAttempt, attempt_id).answers[position - 1]
                given = self.right[slot.question.key] if right else ["?"] * 2 if slot.question.type == "cloze" else "?"
                outcome = quizzes.answer_question(user, attempt_id, position, given, now=at)
                assert outcome is quizzes.Outcome.RECORDED
            return attempt_id

        return self._run(take)

    def call(self, service: Any, user_id: int, *args: Any, **kwargs: Any) -> Any:
        """Return ``service(user, *args, **kwargs)`` run in a fresh app context."""
        return self._run(lambda: service(db.session.get(User, user_id), *args, **kwargs))


@pytest.fixture
def history(app: Flask, quizzer: Any) -> History:
    """History builder on the test app's database."""
    return History(app, quizzer.right)

"""The gradebook: where each learner of a class stands on each assignment.

Read in a few grouped statements whatever the class's size: the assignments'
cards counted, the cards each learner studied of each assignment (their card
rows, one index lookup per learner and card), each learner's best assignment
quiz, and the members with their last activity. The completion rule itself is
:func:`quiz.grading.status`, applied here to the figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from quiz.extensions import db
from quiz.grading import Goal, Progress, Status, status
from quiz.models import (
    Assignment,
    AssignmentQuiz,
    Card,
    ClassMember,
    Classroom,
    Deck,
    Question,
    QuestionTag,
    QuizAttempt,
    Review,
    User,
)
from quiz.services.classes.assignments import assignments_of, goal_of
from quiz.services.stats.history import live_reviews

__all__ = ["Column", "Gradebook", "LearnerAssignment", "Line", "gradebook", "learner_assignments"]


@dataclass(frozen=True, slots=True)
class Column:
    """One assignment of the gradebook."""

    assignment: Assignment
    goal: Goal
    cards: int
    #: Where its cards come from, in words: the deck's title or "#tag".
    source: str = ""


@dataclass(frozen=True, slots=True)
class Line:
    """One learner of the gradebook: a status per assignment (in column order) and their last activity."""

    user_id: int
    username: str
    statuses: tuple[Status, ...]
    last_active: datetime | None

    @property
    def done(self) -> int:
        """How many assignments the learner has completed."""
        return sum(1 for s in self.statuses if s.done)


@dataclass(frozen=True, slots=True)
class Gradebook:
    """A class's assignments by its learners."""

    room: Classroom
    columns: tuple[Column, ...]
    lines: tuple[Line, ...]

    def done_count(self, index: int) -> int:
        """How many learners have completed the assignment of column ``index``."""
        return sum(1 for line in self.lines if line.statuses[index].done)


def _assignment_questions(assignment_ids: Sequence[int]) -> sa.CTE:
    """SQL: (assignment_id, question_id) for each active question of each assignment's deck or tag."""
    active = Question.retired_at.is_(None)
    by_deck = (
        sa.select(Assignment.id.label("assignment_id"), Question.id.label("question_id"))
        .join(Question, Question.deck_id == Assignment.deck_id)
        .where(Assignment.id.in_(assignment_ids), active)
    )
    by_tag = (
        sa.select(Assignment.id, QuestionTag.question_id)
        .join(QuestionTag, QuestionTag.tag == Assignment.tag)
        .join(Question, Question.id == QuestionTag.question_id)
        .where(Assignment.id.in_(assignment_ids), Assignment.deck_id.is_(None), active)
    )
    return sa.union_all(by_deck, by_tag).cte("assignment_question")


def _figures(
    assignment_ids: Sequence[int], user_ids: sa.Select[tuple[int]]
) -> tuple[
    dict[int, int],
    dict[tuple[int, int], tuple[int, datetime | None]],
    dict[tuple[int, int], tuple[float, datetime | None]],
]:
    """Cards per assignment; (cards studied, last review) and (best quiz %, last quiz) per (learner, assignment)."""
    if not assignment_ids:
        return {}, {}, {}
    pairs = _assignment_questions(assignment_ids)
    cards = {
        assignment_id: count
        for assignment_id, count in db.session.execute(
            sa.select(pairs.c.assignment_id, sa.func.count()).group_by(pairs.c.assignment_id)
        )
    }
    studied = {
        (user_id, assignment_id): (count, last)
        for user_id, assignment_id, count, last in db.session.execute(
            sa.select(Card.user_id, pairs.c.assignment_id, sa.func.count(), sa.func.max(Card.last_review))
            .join(Card, Card.question_id == pairs.c.question_id)
            .where(Card.user_id.in_(user_ids))
            .group_by(Card.user_id, pairs.c.assignment_id)
        )
    }
    percent = sa.cast(QuizAttempt.score, sa.Float) * 100 / QuizAttempt.length
    best = {
        (user_id, assignment_id): (score, last)
        for user_id, assignment_id, score, last in db.session.execute(
            sa.select(
                QuizAttempt.user_id,
                AssignmentQuiz.assignment_id,
                sa.func.max(sa.case((QuizAttempt.finished_at.is_not(None), percent))),
                sa.func.max(sa.func.coalesce(QuizAttempt.finished_at, QuizAttempt.started_at)),
            )
            .join(QuizAttempt, QuizAttempt.id == AssignmentQuiz.attempt_id)
            .where(AssignmentQuiz.assignment_id.in_(assignment_ids), QuizAttempt.user_id.in_(user_ids))
            .group_by(QuizAttempt.user_id, AssignmentQuiz.assignment_id)
        )
    }
    return cards, studied, best


def _sources(assignments: Sequence[Assignment]) -> dict[int, str]:
    """Each assignment's deck title (or "#tag"), with one read of the decks."""
    deck_ids = {a.deck_id for a in assignments if a.deck_id is not None}
    titles = (
        {i: t for i, t in db.session.execute(sa.select(Deck.id, Deck.title).where(Deck.id.in_(deck_ids)))}
        if deck_ids
        else {}
    )
    return {
        a.id: titles.get(a.deck_id, "") if a.deck_id is not None else f"#{a.tag}" if a.tag else "a deck since removed"
        for a in assignments
    }


def _latest(*moments: datetime | None) -> datetime | None:
    present = [m for m in moments if m is not None]
    return max(present) if present else None


def _status(column: Column, user_id: int, studied: dict, best: dict) -> Status:
    count, last_card = studied.get((user_id, column.assignment.id), (0, None))
    score, last_quiz = best.get((user_id, column.assignment.id), (None, None))
    return status(column.goal, Progress(column.cards, count, score, _latest(last_card, last_quiz)))


def gradebook(room: Classroom, *, assignment_id: int | None = None) -> Gradebook:
    """The class's learners (by name) by its assignments (soonest due first), or by one of them.

    Args:
        room: The class (the caller has checked the user may see it).
        assignment_id: Just this assignment's column (the assignment's own page).
    """
    assignments = [a for a in assignments_of(room.id) if assignment_id is None or a.id == assignment_id]
    user_ids = sa.select(ClassMember.user_id).where(ClassMember.class_id == room.id)
    cards, studied, best = _figures([a.id for a in assignments], user_ids)
    sources = _sources(assignments)
    columns = tuple(Column(a, goal_of(a), cards.get(a.id, 0), sources[a.id]) for a in assignments)
    last_active = sa.select(sa.func.max(Review.reviewed_at)).where(live_reviews(User.id)).scalar_subquery()
    learners = db.session.execute(
        sa.select(User.id, User.username, last_active)
        .join(ClassMember, ClassMember.user_id == User.id)
        .where(ClassMember.class_id == room.id)
        .order_by(User.username_key)
    ).all()
    lines = tuple(
        Line(user_id, username, tuple(_status(c, user_id, studied, best) for c in columns), last)
        for user_id, username, last in learners
    )
    return Gradebook(room, columns, lines)


@dataclass(frozen=True, slots=True)
class LearnerAssignment:
    """One of a learner's assignments, as their study and classes pages list it."""

    assignment: Assignment
    class_name: str
    status: Status
    overdue: bool


#: The assignments of the learner's classes with each class's name, soonest due first. Built once: the
#: study pages read it on every showing.
_LEARNER_ASSIGNMENTS = (
    sa.select(Assignment, Classroom.name)
    .join(Classroom, Classroom.id == Assignment.class_id)
    .join(ClassMember, ClassMember.class_id == Classroom.id)
    .where(ClassMember.user_id == sa.bindparam("user"))
    .order_by(Assignment.due_at, Assignment.id)
)


def learner_assignments(user_id: int, now: datetime, *, open_only: bool = False) -> list[LearnerAssignment]:
    """The assignments of every class the learner is in, soonest due first, with where they stand.

    Args:
        user_id: The learner.
        now: The current time (aware, UTC): an assignment not done by its due time is overdue.
        open_only: Leave out the assignments already done.
    """
    rows = db.session.execute(_LEARNER_ASSIGNMENTS, {"user": user_id}).all()
    if not rows:
        return []
    cards, studied, best = _figures([a.id for a, _ in rows], sa.select(sa.literal(user_id)))
    found = []
    for assignment, name in rows:
        column = Column(assignment, goal_of(assignment), cards.get(assignment.id, 0))
        state = _status(column, user_id, studied, best)
        if open_only and state.done:
            continue
        found.append(LearnerAssignment(assignment, name, state, not state.done and now >= assignment.due_at))
    return found

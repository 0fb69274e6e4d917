"""Assignments: a class's deck or tag, due on a day, with a goal; studying it and taking its quiz.

The due day is a calendar day in the zone of the instructor who sets it: the
assignment is due at the end of that day there (``due_at``), and learners see
that moment in their own zone. Studying an assignment sets the learner's study
choice to its deck or tag (the ordinary scoped queue); its quiz is an ordinary
quiz drawn from its cards, linked to it. Every change here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from quiz.days import day_start, zone
from quiz.extensions import db
from quiz.grading import DEFAULT_PASS_PERCENT, Goal
from quiz.models import Assignment, AssignmentQuiz, ClassMember, Classroom, Deck, Question, QuizAttempt
from quiz.services.bank.tags import all_tags
from quiz.services.classes.rooms import ClassError, Person, class_for
from quiz.services.learning import options, quizzes
from quiz.services.learning.quizzes import MAX_LENGTH
from quiz.services.learning.study import Learner

__all__ = [
    "TITLE_MAX",
    "Draft",
    "assignment_for_instructor",
    "assignment_for_member",
    "assignments_of",
    "create_assignment",
    "delete_assignment",
    "for_attempt",
    "goal_of",
    "scope_value",
    "start_quiz",
    "study",
]

TITLE_MAX = 200
#: Said when an assignment's deck was deleted from the bank (its ``deck_id`` set to NULL).
GONE = "This assignment's deck is no longer in the bank."
#: How far ahead a due day may be set.
MAX_DAYS_AHEAD = 366 * 2


@dataclass(frozen=True, slots=True)
class Draft:
    """An assignment as the instructor's form gives it."""

    title: str
    scope: str  # "deck:<id>" or "tag:<name>"
    due_on: date
    require_studied: bool = True
    quiz_length: int | None = 20
    pass_percent: int = DEFAULT_PASS_PERCENT


def goal_of(assignment: Assignment) -> Goal:
    """The assignment's goal, for :func:`quiz.grading.status`."""
    return Goal(assignment.require_studied, assignment.quiz_length, assignment.pass_percent)


def scope_value(assignment: Assignment) -> str:
    """The study choice naming the assignment's cards: "deck:<id>" or "tag:<name>"."""
    return f"deck:{assignment.deck_id}" if assignment.deck_id is not None else f"tag:{assignment.tag}"


def _scope(value: str) -> tuple[int | None, str | None]:
    kind, _, name = (value or "").partition(":")
    if kind == "deck" and name.isdigit() and len(name) < 10:
        active = sa.select(Question.id).where(Question.deck_id == Deck.id, Question.retired_at.is_(None)).exists()
        if db.session.scalar(sa.select(Deck.id).where(Deck.id == int(name), active)) is None:
            raise ClassError("That deck has no questions. Choose another.")
        return int(name), None
    if kind == "tag" and name:
        if name not in all_tags():
            raise ClassError(f"No question is tagged {name!r}. Choose another tag.")
        return None, name
    raise ClassError("Choose a deck or a tag.")


def create_assignment(instructor: Person, class_id: int, draft: Draft, *, timezone: str, now: datetime) -> Assignment:
    """Set work for one of the instructor's classes.

    Args:
        instructor: Who sets it (the class's owner, or an admin).
        class_id: The class.
        draft: Title, deck or tag, due day and goal.
        timezone: The instructor's zone: the due day ends at midnight there.
        now: The current time (aware, UTC).

    Raises:
        ClassError: Not the instructor's class, or a field out of range.
    """
    if class_for(instructor, class_id) is None:
        raise ClassError("No such class.")
    title = " ".join((draft.title or "").split())
    if not title or len(title) > TITLE_MAX:
        raise ClassError(f"Give the assignment a title of 1 to {TITLE_MAX} characters.")
    deck_id, tag = _scope(draft.scope)
    today = now.astimezone(zone(timezone)).date()
    if not today <= draft.due_on <= today + timedelta(days=MAX_DAYS_AHEAD):
        raise ClassError("Choose a due date from today to two years ahead.")
    if draft.quiz_length is not None and not 1 <= draft.quiz_length <= MAX_LENGTH:
        raise ClassError(f"A quiz has 1 to {MAX_LENGTH} questions.")
    if not 1 <= draft.pass_percent <= 100:
        raise ClassError("The share right to pass is 1 to 100%.")
    if not draft.require_studied and draft.quiz_length is None:
        raise ClassError("Choose a goal: every card studied, a quiz, or both.")
    assignment = Assignment(
        class_id=class_id,
        title=title,
        deck_id=deck_id,
        tag=tag,
        due_on=draft.due_on,
        timezone=timezone,
        due_at=day_start(draft.due_on + timedelta(days=1), timezone, 0),
        require_studied=draft.require_studied,
        quiz_length=draft.quiz_length,
        pass_percent=draft.pass_percent,
        created_at=now,
    )
    db.session.add(assignment)
    db.session.commit()
    return assignment


def assignments_of(class_id: int) -> list[Assignment]:
    """The class's assignments, soonest due first."""
    return list(
        db.session.scalars(
            sa.select(Assignment).where(Assignment.class_id == class_id).order_by(Assignment.due_at, Assignment.id)
        )
    )


def assignment_for_instructor(user: Person, assignment_id: int) -> Assignment | None:
    """The assignment, if it belongs to one of ``user``'s classes (any class for an admin)."""
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or class_for(user, assignment.class_id) is None:
        return None
    return assignment


def assignment_for_member(user: Person, assignment_id: int) -> Assignment | None:
    """The assignment, if ``user`` is in its class."""
    return db.session.scalar(
        sa.select(Assignment)
        .join(ClassMember, ClassMember.class_id == Assignment.class_id)
        .where(Assignment.id == assignment_id, ClassMember.user_id == user.id)
    )


def delete_assignment(user: Person, assignment_id: int) -> int | None:
    """Delete one of ``user``'s assignments (the quizzes taken for it stay in the learners' history).

    Returns:
        The id of its class, or None when it is not the user's.
    """
    assignment = assignment_for_instructor(user, assignment_id)
    if assignment is None:
        return None
    class_id = assignment.class_id
    db.session.execute(sa.delete(Assignment).where(Assignment.id == assignment_id))
    db.session.commit()
    return class_id


def study(user: Learner, assignment_id: int) -> Assignment | None:
    """Study the assignment's cards alone: the learner's study choice becomes its deck or tag.

    Returns:
        The assignment, or None when the learner is not in its class.

    Raises:
        ClassError: Its deck or tag has no active question any more.
    """
    assignment = assignment_for_member(user, assignment_id)
    if assignment is None:
        return None
    if assignment.deck_id is None and assignment.tag is None:
        raise ClassError(GONE)
    try:
        options.set_scope(user, scope_value(assignment))
    except options.OptionError as exc:
        raise ClassError(str(exc)) from exc
    return assignment


def start_quiz(user: Learner, assignment_id: int, now: datetime) -> QuizAttempt | None:
    """Start the assignment's quiz: an ordinary quiz drawn from its cards, linked to it.

    A deck or tag with fewer questions than the quiz asks for gives a shorter quiz.

    Returns:
        The attempt, or None when the learner is not in the assignment's class.

    Raises:
        ClassError: The assignment has no quiz, or no active question.
    """
    assignment = assignment_for_member(user, assignment_id)
    if assignment is None:
        return None
    if not assignment.quiz_length:
        raise ClassError("This assignment has no quiz.")
    if assignment.deck_id is None and assignment.tag is None:
        raise ClassError(GONE)  # never a quiz of every deck
    try:
        attempt = quizzes.new_attempt(
            user,
            deck_id=assignment.deck_id,
            tag=assignment.tag,
            kinds=[],
            length=assignment.quiz_length,
            time_limit_s=None,
            now=now,
            accept_fewer=True,
        )
    except quizzes.QuizError as exc:
        db.session.rollback()
        raise ClassError(str(exc)) from exc
    db.session.add(AssignmentQuiz(attempt_id=attempt.id, assignment_id=assignment.id))
    db.session.commit()
    return attempt


def for_attempt(attempt_id: int) -> Assignment | None:
    """The assignment a quiz attempt was taken for, if any."""
    return db.session.scalar(
        sa.select(Assignment)
        .join(AssignmentQuiz, AssignmentQuiz.assignment_id == Assignment.id)
        .where(AssignmentQuiz.attempt_id == attempt_id)
    )


def class_name(class_id: int) -> str:
    """The class's name ("" if it is gone)."""
    return db.session.scalar(sa.select(Classroom.name).where(Classroom.id == class_id)) or ""

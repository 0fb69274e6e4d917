"""Database models (SQLAlchemy 2.0 typed declarative), one module per area.

Every model is importable from here; Alembic reads the metadata through this package.
"""

from quiz.models.accounts import LoginThrottle, PasswordReset
from quiz.models.bank import Deck, Meta, Question, QuestionTag, Upload
from quiz.models.classes import Assignment, AssignmentQuiz, ClassMember, Classroom
from quiz.models.documents import Document
from quiz.models.editing import DeckOwner, QuestionEdit
from quiz.models.holds import Hold
from quiz.models.media import DeckMedia, MediaFile
from quiz.models.memory import OptimizationRequest, ParameterSet
from quiz.models.pending import PendingCard
from quiz.models.quizzes import QuizAnswer, QuizAttempt
from quiz.models.stats import ItemDay, StudyDay
from quiz.models.study import Card, Review
from quiz.models.types import UTCDateTime, utcnow
from quiz.models.users import Role, User

__all__ = [
    "Assignment",
    "AssignmentQuiz",
    "Card",
    "ClassMember",
    "Classroom",
    "Deck",
    "DeckMedia",
    "DeckOwner",
    "Document",
    "LoginThrottle",
    "PasswordReset",
    "Hold",
    "MediaFile",
    "Meta",
    "OptimizationRequest",
    "ParameterSet",
    "PendingCard",
    "Question",
    "QuestionEdit",
    "QuestionTag",
    "QuizAnswer",
    "QuizAttempt",
    "Review",
    "Role",
    "ItemDay",
    "StudyDay",
    "Upload",
    "User",
    "UTCDateTime",
    "utcnow",
]

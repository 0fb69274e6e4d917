"""Database models (SQLAlchemy 2.0 typed declarative), one module per area.

Every model is importable from here; Alembic reads the metadata through this package.
"""

from quiz.models.bank import Deck, Meta, Question, Upload
from quiz.models.documents import Document
from quiz.models.pending import PendingCard
from quiz.models.quizzes import QuizAnswer, QuizAttempt
from quiz.models.stats import StudyDay
from quiz.models.study import Card, Review
from quiz.models.types import UTCDateTime, utcnow
from quiz.models.users import Role, User

__all__ = [
    "Card",
    "Deck",
    "Document",
    "Meta",
    "PendingCard",
    "Question",
    "QuizAnswer",
    "QuizAttempt",
    "Review",
    "Role",
    "StudyDay",
    "Upload",
    "User",
    "UTCDateTime",
    "utcnow",
]

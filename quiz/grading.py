"""Classes and grades, the pure part: join codes, an assignment's completion rule, gradebook CSV rows.

Plain data in, plain data out; neither Flask nor the database. The services
read the figures (cards studied, best quiz score, last activity) and hand them
here; the views and the CSV export show what comes back.

Completion (see :func:`status`): an assignment's goal is either or both of
"every card studied at least once" and "a quiz of N questions from the
assignment with at least P% right". It is done when every part of its goal is
met; a goal with no part (neither) is done once any card was studied.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "DEFAULT_PASS_PERCENT",
    "DEFAULT_QUIZ_LENGTH",
    "Goal",
    "Progress",
    "Status",
    "csv_document",
    "csv_header",
    "csv_row",
    "format_code",
    "new_code",
    "normalize_code",
    "safe_cell",
    "status",
]

#: Letters and digits nobody misreads (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V).
CODE_ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
#: 10 characters of 23: about 45 bits, far beyond guessing through a web form.
CODE_LENGTH = 10
DEFAULT_QUIZ_LENGTH = 20
DEFAULT_PASS_PERCENT = 85
#: A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def new_code() -> str:
    """A fresh random join code (:data:`CODE_LENGTH` characters of :data:`CODE_ALPHABET`)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """The code as people read it, in groups of five: "ACDEF-GHJKM"."""
    return "-".join(code[i : i + 5] for i in range(0, len(code), 5))


def normalize_code(text: str) -> str:
    """The code someone typed, as stored: upper case, without spaces or dashes ("" when it cannot be a code)."""
    code = "".join(ch for ch in (text or "").upper() if ch not in " -\t")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return ""
    return code


@dataclass(frozen=True, slots=True)
class Goal:
    """What an assignment asks: every card studied, and/or a quiz of ``quiz_length`` with ``pass_percent`` right."""

    require_studied: bool = True
    quiz_length: int | None = DEFAULT_QUIZ_LENGTH
    pass_percent: int = DEFAULT_PASS_PERCENT

    def describe(self) -> str:
        """The goal in words, as the pages show it."""
        parts = []
        if self.require_studied:
            parts.append("every card studied at least once")
        if self.quiz_length:
            parts.append(f"a quiz of {self.quiz_length} with at least {self.pass_percent}% right")
        return " and ".join(parts).capitalize() if parts else "Study any of the cards"


@dataclass(frozen=True, slots=True)
class Progress:
    """One learner's figures on one assignment.

    Attributes:
        cards: The assignment's active cards.
        studied: How many of them the learner has studied (has a card for).
        best_score: The best finished assignment quiz, in percent (0-100), or None without one.
        last_activity: The learner's latest review of one of the cards or assignment quiz, if any.
    """

    cards: int
    studied: int = 0
    best_score: float | None = None
    last_activity: datetime | None = None

    @property
    def studied_share(self) -> float:
        """The share of the cards studied (1.0 for an assignment without cards)."""
        return self.studied / self.cards if self.cards else 1.0


@dataclass(frozen=True, slots=True)
class Status:
    """Where a learner stands on an assignment."""

    progress: Progress
    studied_met: bool
    quiz_met: bool
    done: bool


def status(goal: Goal, progress: Progress) -> Status:
    """Apply the assignment's goal to the learner's figures.

    Args:
        goal: What the assignment asks.
        progress: What the learner has done.

    Returns:
        Each part of the goal met or not, and whether the assignment is done.
    """
    studied_met = progress.cards > 0 and progress.studied >= progress.cards
    quiz_met = progress.best_score is not None and progress.best_score >= goal.pass_percent
    parts = []
    if goal.require_studied:
        parts.append(studied_met)
    if goal.quiz_length:
        parts.append(quiz_met)
    done = all(parts) if parts else progress.studied > 0
    return Status(progress, studied_met, quiz_met, done)


def safe_cell(value: object) -> str:
    """A value as a CSV cell a spreadsheet shows as text, never runs as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets
    a leading apostrophe (OWASP's advice for CSV injection). Numbers are written
    as they are (a negative number stays a number); None is an empty cell.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _number(value: float) -> str:
    """A percentage as a plain number, to one decimal at most: 92.5, 90."""
    return f"{value:.1f}".removesuffix(".0")


def csv_header(assignments: Sequence[str]) -> list[str]:
    """The gradebook CSV header: learner columns, then three per assignment (score, studied %, done)."""
    header = ["user_id", "username", "display_name"]
    for title in assignments:
        header += [f"{title} (score)", f"{title} (studied %)", f"{title} (done)"]
    header.append("last_activity")
    return [safe_cell(cell) for cell in header]


def csv_row(
    user_id: int, username: str, display_name: str, statuses: Iterable[Status], last_activity: datetime | None
) -> list[str]:
    """One learner's gradebook CSV row, in the order of :func:`csv_header`.

    The score is the best assignment quiz in percent, to one decimal at most
    (empty without a finished attempt); studied % is a whole number; done is "yes" or "no".
    """
    row = [str(user_id), safe_cell(username), safe_cell(display_name)]
    for found in statuses:
        score = found.progress.best_score
        row += [
            "" if score is None else _number(score),
            str(round(found.progress.studied_share * 100)),
            "yes" if found.done else "no",
        ]
    row.append(last_activity.strftime("%Y-%m-%dT%H:%M:%SZ") if last_activity else "")
    return row


def csv_document(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """The CSV text: RFC 4180 (quotes where needed, doubled inside, CRLF line ends), no byte-order mark."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()

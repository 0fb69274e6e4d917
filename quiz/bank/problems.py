"""Problems found in bank files, reported as ``file:line:column: severity: message``."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BankError", "Problem", "ProblemList", "place"]


def place(path: str, line: int, column: int, unit: str = "") -> str:
    """Name a position: ``file:line:column``, or ``file: note 12`` in files that are not text."""
    return f"{path}: {unit} {line}" if unit else f"{path}:{line}:{column}"


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One error or warning, pointing at a place in a file.

    In a file that is not text (an Anki package) ``unit`` names what ``line``
    counts ("note"), and the place reads ``deck.apkg: note 12``.
    """

    path: str
    line: int
    column: int
    message: str
    severity: str = "error"
    unit: str = ""

    def __str__(self) -> str:
        return f"{place(self.path, self.line, self.column, self.unit)}: {self.severity}: {self.message}"


class ProblemList(list[Problem]):
    """A list of problems with shorthands for adding them."""

    def error(self, path: str, line: int, column: int, message: str, *, unit: str = "") -> None:
        """Record an error at a position."""
        self.append(Problem(path, line, column, message, "error", unit))

    def warning(self, path: str, line: int, column: int, message: str, *, unit: str = "") -> None:
        """Record a warning at a position."""
        self.append(Problem(path, line, column, message, "warning", unit))

    @property
    def errors(self) -> list[Problem]:
        """The problems that are errors."""
        return [p for p in self if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that are warnings."""
        return [p for p in self if p.severity == "warning"]


class BankError(Exception):
    """Raised when bank files have errors; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        lines = "\n".join(str(p) for p in errors)
        super().__init__(f"{len(errors)} error(s) in the question bank:\n{lines}")

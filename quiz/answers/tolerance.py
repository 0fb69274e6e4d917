"""Numeric answers within a tolerance: ``0.5`` either way, or ``2%`` of the answer.

A bank's ``number`` question may say how far a typed value may be from the
expected one, as Moodle's numerical questions do: an absolute margin
(``tolerance: 0.5``) or a share of the expected value (``tolerance: 2%``). The
margin is inclusive: 9.5 and 10.5 are both right for 10 within 0.5.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = ["Tolerance", "parse_tolerance", "signed"]

_TOLERANCE = re.compile(r"^\s*\+?(\d+(?:\.\d*)?|\.\d+)\s*(%?)\s*$")
_MINUS = re.compile(r"^\s*(?:about|around|approximately|roughly|nearly|~)?\s*[-\u2212\u2013]\s*\d")


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How far a numeric answer may be from the expected value.

    Attributes:
        amount: The margin, never negative.
        relative: When true, ``amount`` is a percentage of the expected value.
    """

    amount: Decimal
    relative: bool = False

    def margin(self, expected: Decimal) -> Decimal:
        """The absolute margin around ``expected``."""
        return abs(expected) * self.amount / 100 if self.relative else self.amount

    def admits(self, given: Decimal, expected: Decimal) -> bool:
        """True when ``given`` lies within the margin of ``expected`` (bounds included)."""
        return abs(given - expected) <= self.margin(expected)

    def __str__(self) -> str:
        text = f"{self.amount:f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text + ("%" if self.relative else "")


def parse_tolerance(text: str | Decimal | float | int | None) -> Tolerance | None:
    """Read a tolerance as bank files write it: ``"0.5"``, ``"2%"``, ``0.5``.

    Args:
        text: The tolerance, as text or a number.

    Returns:
        The tolerance, or None when ``text`` is empty, negative or not a number.
    """
    if text is None:
        return None
    if isinstance(text, (Decimal, int, float)) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str):
        return None
    match = _TOLERANCE.match(text)
    if match is None:
        return None
    try:
        amount = Decimal(match.group(1))
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        return None
    if not amount.is_finite():  # pragma: no cover - likewise
        return None
    return Tolerance(amount, relative=match.group(2) == "%")


def signed(text: str, value: Decimal) -> Decimal:
    """Give ``value`` (read from ``text`` without its sign) the sign ``text`` starts with."""
    return -value if _MINUS.match(text) else value

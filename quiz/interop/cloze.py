"""Anki's cloze deletions (``{{c1::answer::hint}}``) and the bank's gaps (``{{answer|other}}``).

An Anki cloze note makes one card per cloze number: card 2 asks the ``c2``
deletions and shows the others as text. The bank's cloze question asks every
gap at once, so each number becomes a question of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from quiz.bank import cloze_gaps
from quiz.richtext import from_html, markdown_escape, plain

__all__ = ["ClozeCard", "anki_cloze_cards", "bank_cloze_to_anki", "has_anki_cloze"]

_ANKI_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
_GAP = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_HOLD_OPEN, _HOLD_CLOSE = "\ue002", "\ue003"
_HOLD = re.compile(f"{_HOLD_OPEN}(\\d+){_HOLD_CLOSE}")


@dataclass(frozen=True, slots=True)
class ClozeCard:
    """One card of a cloze note: its number and the bank prompt asking its deletions."""

    number: int
    prompt: str
    hints: tuple[str, ...] = ()


def has_anki_cloze(text: str) -> bool:
    """True when ``text`` holds at least one ``{{cN::...}}`` deletion."""
    return _ANKI_CLOZE.search(text) is not None


def _answer_text(html_text: str, is_html: bool) -> str:
    text = plain(from_html(html_text).text) if is_html else html_text
    return " ".join(text.replace("|", "/").split())


def anki_cloze_cards(
    text: str, *, is_html: bool = True, media: Callable[[str], str | None] | None = None
) -> tuple[list[ClozeCard], list[str], list[str]]:
    """Split an Anki cloze field into one bank cloze prompt per cloze number.

    Args:
        text: The field (HTML when ``is_html``).
        is_html: Whether the field is HTML (Anki's notes are) or plain text.
        media: Resolves image sources, as for :func:`quiz.richtext.from_html`.

    Returns:
        The cards in number order, the media the text refers to, and what was
        dropped while reading the HTML.
    """
    deletions: list[tuple[int, str, str | None]] = []

    def hold(match: re.Match[str]) -> str:
        deletions.append((int(match.group(1)), match.group(2), match.group(3)))
        return f"{_HOLD_OPEN}{len(deletions) - 1}{_HOLD_CLOSE}"

    held = _ANKI_CLOZE.sub(hold, text)
    if is_html:
        converted = from_html(held, media=media)
        body, used, dropped = converted.text, converted.media, converted.dropped
    else:
        body, used, dropped = held, [], []
    answers = [_answer_text(answer, is_html) for _, answer, _ in deletions]
    cards = []
    for number in sorted({n for n, _, _ in deletions}):

        def fill(match: re.Match[str], number: int = number) -> str:
            index = int(match.group(1))
            if deletions[index][0] == number:
                return "{{" + answers[index] + "}}"
            return markdown_escape(answers[index]) if is_html else answers[index]

        hints = tuple(h.strip() for n, _, h in deletions if n == number and h and h.strip())
        cards.append(ClozeCard(number, _HOLD.sub(fill, body), hints))
    return cards, used, dropped


def bank_cloze_to_anki(prompt: str) -> tuple[str, list[str]]:
    """Write a bank cloze prompt as one Anki card: every gap becomes ``{{c1::answer}}``.

    Returns:
        The Anki text and the alternative answers that Anki cannot hold (each
        gap keeps its first answer).
    """
    lost: list[str] = []

    def gap(match: re.Match[str]) -> str:
        answers = cloze_gaps(match.group(0))[0] if cloze_gaps(match.group(0)) else [""]
        lost.extend(answers[1:])
        return "{{c1::" + answers[0] + "}}"

    return _GAP.sub(gap, prompt), lost

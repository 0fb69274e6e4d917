"""What Moodle's two formats (GIFT and XML) share: categories, text formats and the fields Moodle lacks.

Moodle has no question kinds, facts, sources or flashcards, and its numerical
tolerance is absolute. So that a bank written for Moodle reads back as the same
bank, those fields travel in a comment Moodle ignores (``// quiz: {...}`` in
GIFT, ``<!-- quiz: {...} -->`` in XML); Moodle's own ``[id:...]`` and
``[tag:...]`` comments (GIFT) and ``<idnumber>``/``<tags>`` (XML) carry ids
and tags.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote, unquote

from quiz.answers import parse_tolerance
from quiz.bank import BankQuestion
from quiz.richtext import from_html, is_plain, markdown_escape, render

__all__ = [
    "PLUGINFILE",
    "absolute_tolerance",
    "as_format",
    "common_format",
    "text_format",
    "category_path",
    "extra_comment",
    "deck_title_of_category",
    "extra_fields",
    "numeric_answer",
    "read_extra",
    "text_from_moodle",
    "text_to_moodle",
]


def category_path(title: str) -> str:
    """A Moodle category path for a deck (a ``/`` in the title is written ``//``, as Moodle does)."""
    return "$course$/top/" + title.replace("/", "//")


def deck_title_of_category(path: str) -> str:
    """The deck title of a Moodle category path: its parts below "top" ("$course$/top/A/B" -> "A / B")."""
    parts = [part.replace("\0", "/").strip() for part in path.strip().replace("//", "\0").split("/")]
    parts = [part for part in parts if part and part != "top" and not re.fullmatch(r"\$\w+\$", part)]
    return " / ".join(parts) or "Moodle questions"


PLUGINFILE = "@@PLUGINFILE@@/"


def text_from_moodle(text: str, fmt: str, media: Any = None) -> tuple[str, list[str], list[str]]:
    """Read a Moodle text in its format (html, moodle, markdown, plain) into bank text.

    Returns:
        The text, the media it refers to (``@@PLUGINFILE@@/name`` files), and what was dropped.
    """
    fmt = (fmt or "moodle").lower().replace("_", "")
    if fmt == "markdown":
        text = text.strip()
        used = [unquote(name) for name in re.findall(r"\]\(<?@@PLUGINFILE@@/([^)>\s]+)", text)]
        return re.sub(r"(\]\(<?)@@PLUGINFILE@@/", r"\1media/", text), used, []
    if fmt in ("plain", "plaintext"):
        return markdown_escape(text.strip()), [], []
    if fmt in ("moodle", "moodleautoformat"):  # HTML with line breaks kept
        text = text.replace("\r\n", "\n").replace("\n", "<br>")
    converted = from_html(text, media=media)
    return converted.text, converted.media, converted.dropped


def text_format(text: str) -> str:
    """The Moodle format a bank text needs: "plain", "markdown", or "html" for math.

    Moodle's Markdown would eat the backslashes of TeX, so text with math is
    written as HTML with TeX between ``\\(...\\)`` for Moodle's MathJax filter.
    """
    if is_plain(text):
        return "plain"
    if "$" in text and "<math" in render(text):
        return "html"
    return "markdown"


def common_format(texts: Iterable[str]) -> str:
    """The one format all of a question's texts can be written in (GIFT gives a question one format)."""
    found = {text_format(text) for text in texts if text}
    return "html" if "html" in found else "markdown" if "markdown" in found else "plain"


def as_format(text: str, fmt: str) -> str:
    """Bank text written in a Moodle format (see :func:`text_format`); media point at the question's files."""
    if fmt == "html":
        return render(text, media=lambda name: PLUGINFILE + quote(name), math="tex") if not is_plain(text) else text
    if fmt == "markdown":
        return re.sub(r"(\]\(<?)media/", r"\1" + PLUGINFILE, text)
    return text


def text_to_moodle(text: str) -> tuple[str, str]:
    """Write bank text for Moodle in the format it needs.

    Returns:
        The text and its Moodle format name: "plain", "markdown" or "html".
    """
    fmt = text_format(text)
    return as_format(text, fmt), fmt


def numeric_answer(text: str) -> Decimal | None:
    """The value of an answer Moodle's numerical questions can hold (digits, a sign, a point), or None."""
    cleaned = text.strip().replace("\u2212", "-")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        return None


def absolute_tolerance(q: BankQuestion) -> Decimal:
    """The question's tolerance as Moodle's absolute error margin."""
    tolerance = parse_tolerance(q.tolerance)
    value = numeric_answer(q.answer)
    if tolerance is None or value is None:
        return Decimal(0)
    return tolerance.margin(value).normalize()


def extra_fields(q: BankQuestion, *, moodle_type: str) -> dict[str, Any]:
    """The fields of ``q`` that Moodle's question cannot hold, for the ``quiz:`` comment."""
    extra: dict[str, Any] = {}
    natural = {"choice": "multichoice", "short": "shortanswer", "cloze": "cloze"}
    if natural.get(q.type) != moodle_type and not (q.type == "short" and moodle_type == "numerical"):
        extra["type"] = q.type
    if q.kind != "other" and not (moodle_type == "numerical" and q.kind == "number"):
        extra["kind"] = q.kind
    if q.tolerance and (moodle_type != "numerical" or q.tolerance.endswith("%")):
        extra["tolerance"] = q.tolerance
    if q.fact:
        extra["fact"] = q.fact
    if q.accept and moodle_type == "multichoice":
        extra["accept"] = list(q.accept)
    if q.sources:
        extra["source"] = [{"document": s.document, "paragraph": s.paragraph} for s in q.sources]
    return extra


def read_extra(comment: str) -> dict[str, Any]:
    """The fields of a ``quiz: {...}`` comment (empty when there is none or it is not JSON)."""
    match = re.search(r"quiz:\s*(\{.*\})", comment, re.DOTALL)
    if match is None:
        return {}
    try:
        found = json.loads(match.group(1))
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def extra_comment(extra: dict[str, Any]) -> str:
    """The ``quiz: {...}`` comment text for ``extra`` (empty when there is nothing to say)."""
    return "quiz: " + json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else ""

"""Plain text to numbered paragraphs and sentences, with page furniture set aside.

A paragraph is a block of lines between blank (or whitespace-only) lines;
paragraphs are numbered from 1 in document order, furniture included, so a
number always points at the same block of the original file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Paragraph", "split_paragraphs", "furniture_reason", "split_sentences", "strip_marker"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One blank-line-separated block of a document.

    Attributes:
        number: 1-based position of the block in the document.
        text: The content lines of the block joined by single spaces.
        skipped: The lines of the block that are page furniture.
        items: The block's units of prose: each bulleted or numbered line
            starts one (its marker removed), other lines continue the one
            before. A block without list markers is one item.
    """

    number: int
    text: str
    skipped: tuple[str, ...] = field(default=())
    items: tuple[str, ...] = field(default=())


_BLANK_RUN = re.compile(r"(?:\r\n?|\n)[ \t\f\v\u00a0]*(?:(?:\r\n?|\n)[ \t\f\v\u00a0]*)+")
"""A line break (CR LF, LF or CR) and the blank lines after it. Each branch opens with a literal
character, which lets re skip ahead to the next line break fast (an optional CR first would not)."""

_FURNITURE = re.compile(
    "|".join(
        f"(?P<{name}>{pattern})"
        for name, pattern in [
            ("call_to_join", r"\bjoin (?:now|today|us)\b|\bsign up\b|\bsubscribe\b|\bregister now\b"),
            ("mailing_list", r"\bmailing list\b|\bnewsletter\b"),
            (
                "about_the_page",
                r"\b(?:the following|this) (?:fact sheet|page|report|document|statement) (?:was|is|has been)\b"
                r"|\breproduced in full\b|\bis available on the [\w .-]+ page\b",
            ),
            ("page_stamp", r"\b(?:page )?last (?:modified|updated|reviewed)\b|\bupdated on\b"),
            (
                "legal_notice",
                r"\bcopyright\b|\u00a9|\ball rights reserved\b|\bprivacy policy\b|\bterms of (?:use|service)\b",
            ),
            (
                "navigation",
                r"\bskip to (?:main )?content\b|\bback to top\b|\bclick here\b|\bshare this\b|\bprint this page\b"
                r"|\bcookies?\b|\s[|\u00bb>]\s[^|\u00bb>]*\s[|\u00bb>]\s",
            ),
            (
                "contact_line",
                r"\bplease contact\b|\bcontact us\b|\bfollow (?:us|the [^.]*) on\b"
                r"|\be-?mail:|\btel(?:ephone)?[.:]|@\w{2,}",
            ),
        ]
    )
)
_FURNITURE_MAX = 320
"""Furniture lines are short; a longer line is a paragraph even if it says "cookies"."""
_DATED_HEADING = re.compile(
    r"^(?:[A-Z][\w'\u2019.-]*|of|the|and|to|in|at|for|on|with)(?:\s+(?:[A-Z][\w'\u2019.-]*|of|the|and|to|in|at|for|on|with))*"
    r",\s*(?:1[5-9]\d\d|20\d\d)(?:\s*[\u2013-]\s*\d{2,4})?\.?$"
)
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*$")
_LIST_ITEM = re.compile(r"^[\u2022\u25e6\u25aa\u25cf*-]\s+[a-z].*(?:;|; and|; or)$")
"""A bulleted item that goes on the sentence a colon opened ("\u2022 a compact duration limited to
five years, with funding committed up front;"): content, however short."""


def furniture_reason(line: str) -> str | None:
    """Say why a line is page furniture rather than content.

    Furniture is a banner, navigation, a call to join a mailing list, a
    contact line, a "last modified" stamp, a legal notice, or a short line that
    is not a sentence (a title in a header or footer such as "U.S. Department
    of State"). Titles carry no facts worth asking about, even when they hold
    a year ("The Lessons of 1989: Freedom and Our Future").

    Args:
        line: One line of text.

    Returns:
        A short reason, or None when the line is content.
    """
    stripped = line.strip()
    if not stripped:
        return None
    if len(stripped) <= _FURNITURE_MAX and (match := _FURNITURE.search(stripped.lower())):
        return (match.lastgroup or "furniture").replace("_", " ")
    short = len(stripped.split(None, 13)) < 14  # fewer than 14 words (a long line is not split through)
    if short and not _SENTENCE_END.search(stripped) and not _LIST_ITEM.match(stripped):
        return "title"
    if short and _DATED_HEADING.match(stripped):
        return "heading"  # "Establishment of Diplomatic Relations, 1919."
    return None


_MARKER = re.compile(
    r"^\s*(?:[\u2022\u25e6\u25aa\u25cf\u2023\u2219\u00b7\u2043\u25a0\u25a1\u2013\u2014*+>-]+"
    r"|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)])\s+"
)
_LEAD_LABEL = re.compile(r"^[A-Z][A-Z0-9'&,./ -]{3,60}:\s+(?=\S)")


def strip_marker(line: str) -> tuple[str, bool]:
    """Take a list marker ("\u2022", "-", "1.", "(a)") and an upper-case lead-in label
    ("ROBUST SECURITY RELATIONSHIP:") off the front of a line.

    Args:
        line: One line of a document.

    Returns:
        The line without them, and whether a list marker was there.
    """
    match = _MARKER.match(line)
    rest = line[match.end() :] if match else line.strip()
    return _LEAD_LABEL.sub("", rest, count=1), match is not None


def split_paragraphs(text: str) -> list[Paragraph]:
    """Split a document into numbered paragraphs, setting furniture lines aside.

    Args:
        text: The whole document.

    Returns:
        Every non-empty block, numbered from 1; a block made only of furniture
        has empty ``text``.
    """
    paragraphs = []
    blocks = [block for block in _BLANK_RUN.split(text.strip("\r\n")) if block.strip()]
    for number, block in enumerate(blocks, 1):
        kept, skipped, items = [], [], []
        for line in block.splitlines():
            if not line.strip():
                continue
            if furniture_reason(line):
                skipped.append(line.strip())
                continue
            kept.append(line.strip())
            content, bulleted = strip_marker(line)
            if bulleted or not items:
                items.append(content)
            else:
                items[-1] += " " + content
        paragraphs.append(
            Paragraph(
                number,
                " ".join(" ".join(kept).split()),
                tuple(skipped),
                tuple(" ".join(item.split()) for item in items if item.strip()),
            )
        )
    return paragraphs


_ABBREVIATIONS = frozenset(
    "u.s us u.k u.n d.c mr mrs ms dr st no nos jan feb mar apr jun jul aug sep sept oct nov dec "
    "e.g i.e etc vs gen col lt sen rep gov inc ltd co corp jr sr prof approx fig est".split()
)
_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")
_BOUNDARY = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z0-9$\u20ac])")


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences.

    A period ends a sentence when a capital letter, digit or currency sign
    follows, unless it closes a known abbreviation ("U.S.", "D.C.", "Nov.") or
    a single initial.

    Args:
        text: One paragraph.

    Returns:
        The sentences, stripped, in order.
    """
    sentences, start = [], 0
    for match in _BOUNDARY.finditer(text):
        if text[match.start()] == ".":
            before = text[start : match.start()].rsplit(None, 1)  # [] when only blanks
            word = before[-1].lower().lstrip("(\"'") if before else ""
            if word.rstrip(".") in _ABBREVIATIONS or (_INITIALS.fullmatch(word) and word != "i"):
                continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences

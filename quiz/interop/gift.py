"""Moodle's GIFT format: questions written as text, read and written as Moodle's own importer does.

Reading follows Moodle (``question/format/gift``): questions are separated by
blank lines; ``//`` starts a comment line; ``::name::`` names a question;
``$CATEGORY: path`` starts a category, which becomes a deck; ``\\`` escapes
``~ = # { } :`` and ``\\n`` is a new line; ``[html]``, ``[markdown]``,
``[plain]`` or ``[moodle]`` before a text gives its format.

=======================================  =====================================
GIFT                                     bank question
=======================================  =====================================
``{=right ~wrong ~wrong}``               choice
``{TRUE}`` / ``{F}``                     choice between True and False
``{=answer =other}``                     short (the other answers accepted)
``text {=answer} text`` (missing word)   cloze
``{#1822:5}``, ``{#1.5..2.5}``           short, kind number, with a tolerance
``{}`` (essay), matching, description    skipped, with a message
=======================================  =====================================

Feedback after ``####`` (or on the right answer) becomes the explanation.
Partial-credit answers and multiple-answer questions are left out, each with a
message naming its line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from quiz.bank import BankDeck, BankQuestion, ParsedFile, ProblemList, cloze_blank, cloze_gaps
from quiz.bank.reader import Node, byte_position, looks_binary
from quiz.bank.validate import ID_PATTERN
from quiz.interop.base import Exported, Keys, Reading, content_key, deck_tree, slug, text_node, tree
from quiz.interop.moodle import (
    absolute_tolerance,
    as_format,
    category_path,
    common_format,
    deck_title_of_category,
    extra_comment,
    extra_fields,
    numeric_answer,
    read_extra,
    text_from_moodle,
)
from quiz.richtext import plain

__all__ = ["MAX_BYTES", "looks_like_gift", "read_gift", "write_gift"]

MAX_BYTES = 8 * 1024 * 1024
_ESCAPES = {":": "\ue100", "#": "\ue101", "=": "\ue102", "{": "\ue103", "}": "\ue104", "~": "\ue105", "n": "\ue106"}
_UNESCAPE = str.maketrans({v: k for k, v in _ESCAPES.items()} | {"\ue106": "\n", "\ue107": "\\"})
_WEIGHT = re.compile(r"^%(-?\d{1,3}(?:\.\d*)?)%")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


def looks_like_gift(data: bytes) -> bool:
    """True when a ``.txt`` file reads as GIFT rather than CSV/TSV (as Anki and Quizlet write them)."""
    head = data[:65536].decode("utf-8", "replace").lstrip("\ufeff")
    if re.match(r"#(separator|html|columns|notetype|deck|tags)", head, re.IGNORECASE):
        return False  # Anki's "notes in plain text"
    lines = [line for line in head.splitlines() if line.strip() and not line.lstrip().startswith("//")]
    if lines and sum("\t" in line for line in lines) * 2 > len(lines):
        return False  # tab-separated: Quizlet or Anki
    return bool(
        re.search(r"^\s*(::.*?::|\$CATEGORY:)", head, re.MULTILINE)
        or re.search(r"\{\s*([=~#]|T\s*\}|F\s*\}|TRUE\s*[#}]|FALSE\s*[#}])", head)
    )


@dataclass(slots=True)
class _Text:
    """A question block with escapes replaced, remembering where each character was."""

    text: str
    where: list[tuple[int, int]]

    def at(self, index: int) -> tuple[int, int]:
        if not self.where:
            return (1, 1)
        return self.where[min(max(index, 0), len(self.where) - 1)]

    def slice(self, start: int, end: int) -> _Text:
        return _Text(self.text[start:end], self.where[start:end])

    def strip(self) -> _Text:
        start = len(self.text) - len(self.text.lstrip())
        end = len(self.text.rstrip())
        return self.slice(start, max(start, end))


def _escaped(lines: list[tuple[int, str]]) -> _Text:
    chars: list[str] = []
    where: list[tuple[int, int]] = []
    for number, (line_no, line) in enumerate(lines):
        if number:
            chars.append("\n")
            where.append((line_no, 1))
        indent = len(line) - len(line.lstrip())
        index = 0
        stripped = line.strip()
        while index < len(stripped):
            char = stripped[index]
            column = indent + index + 1
            if char == "\\" and index + 1 < len(stripped):
                following = stripped[index + 1]
                if following == "\\":
                    chars.append("\ue107")
                    where.append((line_no, column))
                    index += 2
                    continue
                if following in _ESCAPES:
                    chars.append(_ESCAPES[following])
                    where.append((line_no, column))
                    index += 2
                    continue
            chars.append(char)
            where.append((line_no, column))
            index += 1
    return _Text("".join(chars), where)


def _decode(name: str, data: bytes, problems: ProblemList) -> str | None:
    if len(data) > MAX_BYTES:
        problems.error(name, 1, 1, f"the file is {len(data):,} bytes; the limit is {MAX_BYTES:,}")
        return None
    if looks_binary(data):
        problems.error(name, 1, 1, "this looks like a binary file, not GIFT text")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = byte_position(data, exc.start)
        problems.error(name, line, column, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")
        return None


def _blocks(text: str) -> list[list[tuple[int, str]]]:
    """Questions are separated by blank lines, as Moodle reads them."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            current.append((number, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


class _Reader:
    def __init__(self, name: str, deck_key: str | None, deck_title: str | None, problems: ProblemList) -> None:
        self.name = name
        self.problems = problems
        stem = re.sub(r"(\.gift)?\.txt$|\.gift$", "", name.replace("\\", "/").rsplit("/", 1)[-1], flags=re.I)
        self.default = (deck_key or slug(deck_title or stem), deck_title or stem)
        self.deck = self.default
        self.decks: dict[str, tuple[str, list[Node]]] = {}
        self.ids = Keys()

    def warn(self, where: tuple[int, int], message: str) -> None:
        self.problems.warning(self.name, where[0], where[1], message)

    def error(self, where: tuple[int, int], message: str) -> None:
        self.problems.error(self.name, where[0], where[1], message)

    def block(self, lines: list[tuple[int, str]]) -> None:
        comments = [line.strip()[2:] for _, line in lines if line.strip().startswith("//")]
        content = [(n, line) for n, line in lines if not line.strip().startswith("//")]
        if not content:
            return
        comment = "\n".join(comments)
        text = _escaped(content)
        if text.text.startswith("$CATEGORY:"):
            title = deck_title_of_category(text.text[len("$CATEGORY:") :].translate(_UNESCAPE))
            given = re.search(r"\[id:([^\]]+)\]", comment)
            key = given.group(1).strip() if given and ID_PATTERN.match(given.group(1).strip()) else slug(title)
            self.deck = (key, title)
            return
        start = text.at(0)
        name = None
        if text.text.startswith("::"):
            end = text.text.find("::", 2)
            if end > 0:
                name = text.text[2:end].translate(_UNESCAPE).strip()
                text = text.slice(end + 2, len(text.text)).strip()
        opening = text.text.find("{")
        closing = text.text.find("}", opening + 1) if opening >= 0 else text.text.find("}")
        if opening < 0 and closing < 0:
            self.warn(start, "a description, not a question; skipped")
            return
        if opening < 0 or closing < 0:
            at = text.at(opening if opening >= 0 else closing)
            self.error(at, "a '{' without its '}' (or the other way round); escape a literal brace as \\{ or \\}")
            return
        before = text.slice(0, opening)
        after = text.slice(closing + 1, len(text.text))
        answers = text.slice(opening + 1, closing).strip()
        fmt, before = _format_of(before)
        if not after.text.strip():
            before, after = before.strip(), after.slice(0, 0)
        extra = read_extra(comment)
        question = self.question(before, answers, after, fmt, text.at(opening), start, extra)
        if question is None:
            return
        key = self.key(comment, name, before.text, extra)
        fields: dict[str, object] = {"id": text_node(key, *start)} | question
        tags = re.findall(r"\[tag:((?:\\\]|[^\]])+)\]", comment)
        if tags:
            fields["tags"] = tree([tag.replace("\\]", "]").strip() for tag in tags], *start)
        for field_name in ("kind", "fact", "tolerance"):
            if field_name in extra and field_name not in fields:
                fields[field_name] = text_node(str(extra[field_name]), *start)
        if isinstance(extra.get("source"), list):
            fields["source"] = tree(extra["source"], *start)
        if isinstance(extra.get("accept"), list) and "accept" not in fields:
            fields["accept"] = tree([str(a) for a in extra["accept"]], *start)
        self.decks.setdefault(self.deck[0], (self.deck[1], []))[1].append(tree(fields, *start))

    def key(self, comment: str, name: str | None, prompt: str, extra: dict[str, object]) -> str:
        given = re.search(r"\[id:((?:\\\]|[^\]])+)\]", comment)
        candidate = given.group(1).replace("\\]", "]").strip() if given else ""
        if not ID_PATTERN.match(candidate) or candidate in self.ids:
            candidate = slug(name, fallback="") if name else ""
        if candidate and candidate not in self.ids:
            return self.ids.add(candidate)
        return self.ids.unique(content_key(self.deck[0], prompt))

    def text(self, part: _Text, fmt: str) -> Node:
        converted, _, dropped = text_from_moodle(part.text.translate(_UNESCAPE), fmt)
        for lost in dropped:
            self.warn(part.at(0), f"{lost}: left out (GIFT files carry no images)")
        return text_node(converted, *part.at(0))

    def question(
        self,
        before: _Text,
        answers: _Text,
        after: _Text,
        fmt: str,
        brace: tuple[int, int],
        start: tuple[int, int],
        extra: dict[str, object],
    ) -> dict[str, object] | None:
        body = answers.text
        feedback = None
        general = body.rfind("####")
        if general >= 0:
            feedback = answers.slice(general + 4, len(body)).strip()
            answers = answers.slice(0, general).strip()
            body = answers.text
        missing_word = bool(after.text)
        fields: dict[str, object] = {}
        if not body:
            self.warn(start, "essay questions cannot be checked automatically; skipped")
            return None
        if body.startswith("#"):
            return self.numerical(before, answers, after, fmt, feedback, brace, extra)
        if "~" in body:
            return self.multichoice(before, answers, after, fmt, feedback, brace, extra)
        if "=" in body and "->" in body:
            self.warn(start, "matching questions are not supported; skipped")
            return None
        head = body.split("#", 1)[0].strip()
        if head in _TRUE_FALSE:
            right = "True" if _TRUE_FALSE[head] else "False"
            parts = body.split("#")
            fields = {
                "type": "choice",
                "prompt": self.prompt(before, after, fmt, "_____" if missing_word else None),
                "answer": text_node(right, *brace),
                "choices": tree(["True", "False"], *brace),
            }
            explanation = feedback if feedback and feedback.text else None
            if explanation is None and len(parts) > 2 and parts[2].strip():
                fields["explanation"] = text_node(parts[2].strip().translate(_UNESCAPE), *brace)
            elif explanation is not None:
                fields["explanation"] = self.text(explanation, fmt)
            return fields
        return self.short(before, answers, after, fmt, feedback, brace, extra)

    def prompt(self, before: _Text, after: _Text, fmt: str, blank: str | None) -> Node:
        if blank is None:
            return self.text(before.strip(), fmt)
        joined = _Text(before.text + blank + after.text, before.where + [after.at(0)] * len(blank) + after.where)
        return self.text(joined.strip(), fmt)

    def options(self, answers: _Text) -> list[tuple[str, _Text, float | None]]:
        """Each answer of a block: its mark (``=`` or ``~``), its text with feedback, and its weight."""
        found = []
        for match in re.finditer(r"([=~])([^=~]*)", answers.text):
            part = answers.slice(match.start(2), match.end(2)).strip()
            weight = None
            if (w := _WEIGHT.match(part.text)) is not None:
                weight = float(w.group(1))
                part = part.slice(w.end(), len(part.text)).strip()
            found.append((match.group(1), part, weight))
        return found

    def explanation(self, fields: dict[str, object], feedback: _Text | None, right: _Text | None, fmt: str) -> None:
        if feedback is not None and feedback.text:
            fields["explanation"] = self.text(feedback, fmt)
        elif right is not None and "#" in right.text:
            comment = right.slice(right.text.index("#") + 1, len(right.text)).strip()
            if comment.text:
                fields["explanation"] = self.text(comment, fmt)

    def multichoice(
        self,
        before: _Text,
        answers: _Text,
        after: _Text,
        fmt: str,
        feedback: _Text | None,
        brace: tuple[int, int],
        extra: dict[str, object],
    ) -> dict[str, object] | None:
        options = self.options(answers)
        right = [o for o in options if (o[0] == "=" and o[2] in (None, 100.0)) or o[2] == 100.0]
        if len(right) != 1:
            self.warn(brace, "questions with several right choices (or partial credit only) are not supported; skipped")
            return None
        partial = [o for o in options if o[2] not in (None, 0.0, 100.0)]
        if partial:
            self.warn(partial[0][1].at(0), "partial credit is not supported: those choices count as wrong")
        choices = [self.text(_before_hash(part), fmt) for _, part, _ in options]
        fields: dict[str, object] = {
            "type": "choice",
            "prompt": self.prompt(before, after, fmt, "_____" if after.text else None),
            "answer": self.text(_before_hash(right[0][1]), fmt),
            "choices": Node("seq", *brace, choices),
        }
        self.explanation(fields, feedback, right[0][1], fmt)
        if any("#" in part.text for _, part, _ in options if part is not right[0][1]):
            self.warn(brace, "feedback on wrong choices is not supported; left out")
        return fields

    def short(
        self,
        before: _Text,
        answers: _Text,
        after: _Text,
        fmt: str,
        feedback: _Text | None,
        brace: tuple[int, int],
        extra: dict[str, object],
    ) -> dict[str, object] | None:
        options = [o for o in self.options(answers) if o[0] == "="]
        if not options and answers.text:
            options = [("=", answers, None)]
        full = [o for o in options if o[2] in (None, 100.0)]
        if not full:
            self.warn(brace, "a short-answer question without a fully right answer; skipped")
            return None
        for _, part, weight in options:
            if weight not in (None, 100.0):
                answer = plain(_before_hash(part).text.translate(_UNESCAPE)).strip()
                self.warn(part.at(0), f"partial credit ({weight:g}%) is not supported: {answer!r} left out")
        texts = [self.text(_before_hash(part), fmt) for _, part, _ in full]
        fields: dict[str, object] = {"answer": texts[0]}
        if len(texts) > 1:
            fields["accept"] = Node("seq", *brace, texts[1:])
        if after.text or extra.get("type") == "cloze":
            gap = "{{" + "|".join(plain(node.value).replace("|", "/") for node in texts) + "}}"
            joined = _Text(before.text + gap + after.text, before.where + [brace] * len(gap) + after.where)
            fields = {"type": "cloze", "prompt": self.text(joined.strip(), fmt)}
        else:
            qtype = "flashcard" if extra.get("type") == "flashcard" else "short"
            fields = {"type": qtype, "prompt": self.text(before, fmt)} | fields
        self.explanation(fields, feedback, full[0][1], fmt)
        return fields

    def numerical(
        self,
        before: _Text,
        answers: _Text,
        after: _Text,
        fmt: str,
        feedback: _Text | None,
        brace: tuple[int, int],
        extra: dict[str, object],
    ) -> dict[str, object] | None:
        body = answers.slice(1, len(answers.text)).strip()
        wrong = body.text.find("~")
        if wrong >= 0:
            body = body.slice(0, wrong).strip()
        options = self.options(body) if "=" in body.text else [("=", body, None)]
        values: list[tuple[Decimal, Decimal, _Text]] = []
        for _, part, weight in options:
            answer = _before_hash(part).text.translate(_UNESCAPE).strip()
            parsed = _numeric(answer)
            if parsed is None:
                self.error(
                    part.at(0), f"a numerical answer should be a number, number:margin or min..max, not {answer!r}"
                )
                return None
            if weight not in (None, 100.0):
                self.warn(part.at(0), f"partial credit ({weight:g}%) is not supported: {answer!r} left out")
                continue
            values.append((*parsed, part))
        if not values:
            self.warn(brace, "a numerical question without a fully right answer; skipped")
            return None
        value, margin, part = values[0]
        fields: dict[str, object] = {
            "type": "short",
            "kind": "number",
            "prompt": self.prompt(before, after, fmt, "_____" if after.text else None),
        }
        fields["answer"] = text_node(_plain_number(value), *part.at(0))
        tolerance = str(extra.get("tolerance") or "") or (_plain_number(margin) if margin else None)
        if tolerance:
            fields["tolerance"] = text_node(tolerance, *part.at(0))
        others = [_plain_number(v) for v, m, _ in values[1:] if m == margin]
        if others:
            fields["accept"] = tree(others, *brace)
        if any(m != margin for _, m, _ in values[1:]):
            self.warn(brace, "other right answers with their own margins are not supported; left out")
        if isinstance(extra.get("kind"), str):
            fields["kind"] = text_node(extra["kind"], *brace)
        self.explanation(fields, feedback, part, fmt)
        return fields


def _before_hash(part: _Text) -> _Text:
    index = part.text.find("#")
    return part if index < 0 else part.slice(0, index).strip()


def _numeric(text: str) -> tuple[Decimal, Decimal] | None:
    """An answer and its margin from ``1822``, ``1822:5`` or ``1.5..2.5``."""
    if ".." in text[1:]:
        low, _, high = text.partition("..")
        lo, hi = numeric_answer(low), numeric_answer(high)
        if lo is None or hi is None:
            return None
        return (lo + hi) / 2, abs(hi - lo) / 2
    answer, _, margin = text.partition(":")
    value = numeric_answer(answer)
    width = numeric_answer(margin) if margin.strip() else Decimal(0)
    if value is None or width is None:
        return None
    return value, abs(width)


def _plain_number(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text


def _format_of(text: _Text) -> tuple[str, _Text]:
    match = re.match(r"\s*\[(html|moodle|plain|markdown)\]\s*", text.text)
    if match is None:
        return "moodle", text
    return match.group(1), text.slice(match.end(), len(text.text))


def read_gift(name: str, data: bytes, *, deck_key: str | None = None, deck_title: str | None = None) -> Reading:
    """Read a GIFT file; each ``$CATEGORY`` becomes a deck (the file's name names the first one).

    Args:
        name: The file's name, for messages and the first deck's id and title.
        data: Its bytes.
        deck_key: The id of the deck for questions before any ``$CATEGORY``.
        deck_title: Its title.
    """
    problems = ProblemList()
    text = _decode(name, data, problems)
    if text is None:
        return Reading(ParsedFile(name, [], expects_sources=False), problems=problems)
    reader = _Reader(name, deck_key, deck_title, problems)
    for block in _blocks(text):
        reader.block(block)
    if not reader.decks and not problems.errors:
        problems.error(name, 1, 1, "found no questions: a GIFT question is its text followed by its answers in { }")
    documents = [deck_tree(key, title, questions) for key, (title, questions) in reader.decks.items()]
    return Reading(ParsedFile(name, documents, expects_sources=False), problems=problems)


# --- writing --------------------------------------------------------------------


def _escape(text: str) -> str:
    for char in "\\~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def _gift_text(text: str, fmt: str, *, first: bool) -> str:
    """Text in the question's format; only the question text names its format."""
    prefix = f"[{fmt}]" if first and fmt in ("markdown", "html") else ""
    return prefix + _escape(text)


def write_gift(decks: Sequence[BankDeck]) -> Exported:
    """Write decks as GIFT, one ``$CATEGORY`` per deck.

    Choice, short, numeric and one-gap cloze questions map onto Moodle's
    multiple choice, short answer, numerical and missing-word questions;
    flashcards become short-answer questions. Clozes with several gaps and
    images cannot be written (GIFT carries no files): each is named in the notes.
    """
    notes: list[str] = []
    out: list[str] = []
    for deck in decks:
        out.append(f"// [id:{deck.key}]\n$CATEGORY: {category_path(deck.title)}\n")
        for q in deck.questions:
            written = _question(q, notes)
            if written is not None:
                out.append(written)
    return Exported(("\n".join(out)).encode("utf-8"), notes)


def _question(q: BankQuestion, notes: list[str]) -> str | None:
    # GIFT gives all of a question's texts its question text's format.
    fmt = common_format((cloze_blank(q.prompt, "gap"), q.explanation, q.answer, *q.accept, *q.choices))
    prompt = as_format(q.prompt, fmt)
    if "media/" in q.prompt + q.explanation + q.answer + "".join(q.choices):
        notes.append(f"question {q.key}: GIFT files carry no images or sounds; their alt text is written instead")
    number = numeric_answer(q.answer) if q.type == "short" and q.kind == "number" else None
    moodle_type = (
        "numerical"
        if number is not None
        else {"choice": "multichoice", "cloze": "shortanswer"}.get(q.type, "shortanswer")
    )
    tags = "".join(f" [tag:{tag.replace(']', chr(92) + ']')}]" for tag in q.tags)
    lines = [f"// [id:{q.key}]{tags}"]
    extra = extra_fields(q, moodle_type=moodle_type if q.type != "cloze" else "cloze")
    if extra:
        lines.append("// " + extra_comment(extra))
    general = ""
    if q.explanation:
        general = "####" + _escape(as_format(q.explanation, fmt))

    def as_text(value: str) -> str:
        return _escape(as_format(value, fmt))

    head = f"::{_escape(q.key)}::" + _gift_text(prompt, fmt, first=True)
    if q.type == "choice":
        if list(q.choices) == ["True", "False"]:
            body = "{" + ("TRUE" if q.answer == "True" else "FALSE") + general + "}"
        else:
            options = "\n".join(f"\t{'=' if c == q.answer else '~'}{as_text(c)}" for c in q.choices)
            body = "{\n" + options + ("\n\t" + general if general else "") + "\n}"
        lines.append(head + body)
    elif q.type == "cloze":
        gaps = cloze_gaps(q.prompt)
        if len(gaps) != 1:
            notes.append(
                f"question {q.key}: a cloze with {len(gaps)} gaps cannot be written in GIFT (one gap only); left out"
            )
            return None
        before, _, rest = q.prompt.partition("{{")
        _, _, after = rest.partition("}}")
        if fmt == "html":  # math: the text around the gap as HTML, each part on its own
            before, after = (as_format(part, fmt) if part.strip() else part for part in (before, after))
        answers = " ".join("=" + _escape(a) for a in gaps[0])
        prefix = f"[{fmt}]" if fmt in ("markdown", "html") else ""
        lines.append(f"::{_escape(q.key)}::{prefix}{_escape(before)}{{{answers}{general}}}{_escape(after)}")
    elif moodle_type == "numerical":
        margin = absolute_tolerance(q)
        answers = [f"={q.answer.strip()}:{margin}"] + [
            f"={a.strip()}:{margin}" for a in q.accept if numeric_answer(a) is not None
        ]
        lines.append(head + "{#\n\t" + "\n\t".join(answers) + ("\n\t" + general if general else "") + "\n}")
        if q.tolerance and q.tolerance.endswith("%"):
            notes.append(f"question {q.key}: Moodle's margins are absolute: {q.tolerance} written as {margin}")
    else:
        if q.type == "flashcard":
            notes.append(f"question {q.key}: a flashcard becomes a short-answer question in Moodle")
        answers = "\n".join(f"\t={as_text(a)}" for a in (q.answer, *q.accept))
        lines.append(head + "{\n" + answers + ("\n\t" + general if general else "") + "\n}")
    return "\n".join(lines) + "\n"

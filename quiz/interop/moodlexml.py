"""Moodle XML: question banks as Moodle exports and imports them, files included.

=====================================  =========================================
Moodle question                        bank question
=====================================  =========================================
multichoice (one right answer)         choice
truefalse                              choice between True and False
shortanswer                            short (other full-mark answers accepted)
numerical (with a tolerance)           short, kind number, with a tolerance
cloze (embedded answers)               cloze: each gap its right answers
category                               deck (its idnumber as the deck id)
essay, matching, description, others  skipped, with a message
=====================================  =========================================

The general feedback becomes the explanation (or, without one, the feedback
on the right answer). Images and sounds in texts come from the ``<file>``
elements (base64) and become the deck's media; written files carry them the
same way.

The XML is read with expat, refusing any document type declaration: no
entity can be defined, so neither an entity bomb nor an external entity can
be smuggled in.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from quiz.bank import BankDeck, BankQuestion, ParsedFile, ProblemList, cloze_gaps
from quiz.bank.reader import Node, byte_position
from quiz.bank.validate import ID_PATTERN
from quiz.interop.base import Exported, Keys, Reading, content_key, deck_tree, slug, text_node, tree
from quiz.interop.moodle import (
    PLUGINFILE,
    absolute_tolerance,
    category_path,
    deck_title_of_category,
    extra_comment,
    extra_fields,
    numeric_answer,
    read_extra,
    text_from_moodle,
    text_to_moodle,
)
from quiz.richtext import from_html, plain

__all__ = ["MAX_BYTES", "read_moodle_xml", "write_moodle_xml"]

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 64
_EMBEDDED = re.compile(r"\{(\d*):([A-Z_]+):((?:\\.|[^}\\])*)\}")
_HOLD_OPEN, _HOLD_CLOSE = "\ue004", "\ue005"


@dataclass(slots=True)
class _El:
    tag: str
    attrs: dict[str, str]
    line: int
    column: int
    children: list[_El] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def find(self, tag: str) -> _El | None:
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag: str) -> list[_El]:
        return [c for c in self.children if c.tag == tag]

    def value(self, *path: str) -> str:
        """The text of the ``<text>`` (or the element itself) at ``path``; "" when missing."""
        node: _El | None = self
        for tag in path:
            node = node.find(tag) if node else None
        if node is None:
            return ""
        inner = node.find("text")
        return (inner.text if inner is not None else node.text).strip()


class _Refused(Exception):
    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def _parse(data: bytes) -> _El:
    parser = expat.ParserCreate()
    root = _El("document", {}, 1, 1)
    stack = [root]

    def position() -> tuple[int, int]:
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1

    def start(tag: str, attrs: dict[str, str]) -> None:
        if len(stack) > MAX_DEPTH:
            raise _Refused(*position(), f"nested more than {MAX_DEPTH} levels deep")
        element = _El(tag, attrs, *position())
        stack[-1].children.append(element)
        stack.append(element)

    def end(tag: str) -> None:
        stack.pop()

    def characters(data: str) -> None:
        stack[-1].parts.append(data)

    def comment(data: str) -> None:
        stack[-1].comments.append(data)

    def doctype(*_: Any) -> None:
        start = data.find(b"<!DOCTYPE")
        at = byte_position(data, start) if start >= 0 else position()
        raise _Refused(*at, "document type declarations (<!DOCTYPE ...>) are not allowed")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.CommentHandler = comment
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.buffer_text = True
    parser.Parse(data, True)
    return root


@dataclass(slots=True)
class _Media:
    """The files of a whole XML file, renamed where two different files share a name."""

    files: dict[str, bytes] = field(default_factory=dict)

    def add(self, name: str, content: bytes) -> str:
        name = name.replace("\\", "/").rsplit("/", 1)[-1] or "file"
        if self.files.get(name, content) == content:
            self.files[name] = content
            return name
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        digest = hashlib.sha256(content).hexdigest()[:8]
        renamed = f"{stem}-{digest}{dot}{ext}"
        self.files[renamed] = content
        return renamed


class _Reader:
    def __init__(self, name: str, deck_key: str | None, deck_title: str | None, problems: ProblemList) -> None:
        self.name = name
        self.problems = problems
        stem = re.sub(r"\.xml$", "", name.replace("\\", "/").rsplit("/", 1)[-1], flags=re.I)
        self.deck = (deck_key or slug(deck_title or stem), deck_title or stem)
        self.decks: dict[str, tuple[str, list[Node]]] = {}
        self.ids = Keys()
        self.media = _Media()

    def warn(self, at: _El, message: str) -> None:
        self.problems.warning(self.name, at.line, at.column, message)

    def files(self, element: _El | None) -> dict[str, str]:
        """The ``<file>`` elements of a text, stored; returns their names in the text -> media names."""
        names: dict[str, str] = {}
        if element is None:
            return names
        for file in element.all("file"):
            name = file.attrs.get("name", "")
            if file.attrs.get("encoding", "base64") != "base64" or not name:
                self.warn(file, f"file {name!r} is not base64-encoded; left out")
                continue
            try:
                content = base64.b64decode("".join(file.text.split()), validate=True)
            except (binascii.Error, ValueError):
                self.warn(file, f"file {name!r} is not valid base64; left out")
                continue
            names[name] = self.media.add(name, content)
        return names

    def text(self, owner: _El, tag: str, files: dict[str, str]) -> Node | None:
        element = owner.find(tag)
        if element is None:
            return None
        files.update(self.files(element))
        raw = element.value()
        if not raw:
            return None
        text, _, dropped = text_from_moodle(raw, element.attrs.get("format", "moodle_auto_format"), _resolver(files))
        for lost in dropped:
            self.warn(element, f"{lost}: left out")
        if element.attrs.get("format") == "markdown":
            text = re.sub(r"\]\(<?media/([^)>\s]+)", lambda m: f"](media/{files.get(m.group(1), m.group(1))}", text)
        inner = element.find("text") or element
        return text_node(text, inner.line, inner.column)

    def question(self, element: _El) -> None:
        qtype = element.attrs.get("type", "")
        if qtype == "category":
            title = deck_title_of_category(element.value("category"))
            given = element.value("idnumber")
            self.deck = (given if ID_PATTERN.match(given) else slug(title), title)
            return
        comment = "\n".join(element.comments)
        extra = read_extra(comment)
        files: dict[str, str] = {}
        handler = {
            "multichoice": self.multichoice,
            "truefalse": self.truefalse,
            "shortanswer": self.shortanswer,
            "numerical": self.numerical,
            "cloze": self.cloze,
        }.get(qtype)
        if handler is None:
            what = {
                "essay": "essay questions cannot be checked automatically",
                "description": "a description, not a question",
            }
            reason = what.get(qtype, f"{qtype or 'untyped'} questions are not supported")
            self.warn(element, f"{reason}; skipped")
            return
        fields = handler(element, files, extra)
        if fields is None:
            return
        explanation = self.text(element, "generalfeedback", files)
        if explanation is not None:
            fields["explanation"] = explanation
        elif "_feedback" in fields:
            fields["explanation"] = fields["_feedback"]
        fields.pop("_feedback", None)
        key = self.key(element, fields)
        record: dict[str, object] = {"id": text_node(key, element.line, element.column)} | fields
        tags = [t.value() for t in (element.find("tags") or _El("tags", {}, 0, 0)).all("tag")]
        if [t for t in tags if t]:
            record["tags"] = tree([t for t in tags if t], element.line, element.column)
        for name in ("kind", "fact", "tolerance"):
            if name in extra and name not in record:
                record[name] = text_node(str(extra[name]), element.line, element.column)
        if isinstance(extra.get("source"), list):
            record["source"] = tree(extra["source"], element.line, element.column)
        if isinstance(extra.get("accept"), list) and "accept" not in record:
            record["accept"] = tree([str(a) for a in extra["accept"]], element.line, element.column)
        self.decks.setdefault(self.deck[0], (self.deck[1], []))[1].append(tree(record, element.line, element.column))

    def key(self, element: _El, fields: dict[str, object]) -> str:
        for candidate in (element.value("idnumber"), slug(element.value("name"), fallback="")):
            if candidate and ID_PATTERN.match(candidate) and candidate not in self.ids:
                return self.ids.add(candidate)
        prompt = fields.get("prompt")
        return self.ids.unique(content_key(self.deck[0], str(prompt.value) if isinstance(prompt, Node) else ""))

    def answers(self, element: _El, files: dict[str, str]) -> list[tuple[float, Node | None, _El]]:
        found = []
        for answer in element.all("answer"):
            try:
                fraction = float(answer.attrs.get("fraction", "0"))
            except ValueError:
                fraction = 0.0
            files.update(self.files(answer))
            raw = answer.value()
            text, _, _ = text_from_moodle(raw, answer.attrs.get("format", "moodle_auto_format"), _resolver(files))
            inner = answer.find("text") or answer
            found.append((fraction, text_node(text, inner.line, inner.column) if raw else None, answer))
        return found

    def feedback(self, answer: _El, files: dict[str, str]) -> Node | None:
        return self.text(answer, "feedback", files)

    def prompt(self, element: _El, files: dict[str, str]) -> Node:
        node = self.text(element, "questiontext", files)
        return node if node is not None else text_node("", element.line, element.column)

    def multichoice(self, element: _El, files: dict[str, str], extra: dict[str, Any]) -> dict[str, object] | None:
        answers = self.answers(element, files)
        right = [a for a in answers if a[0] >= 99.99]
        if element.value("single").lower() in ("false", "0") or len(right) != 1:
            self.warn(element, "questions with several right choices are not supported; skipped")
            return None
        if any(0 < a[0] < 99.99 for a in answers):
            self.warn(element, "partial credit is not supported: those choices count as wrong")
        fields: dict[str, object] = {
            "type": "choice",
            "prompt": self.prompt(element, files),
            "answer": right[0][1],
            "choices": Node("seq", element.line, element.column, [a[1] for a in answers if a[1] is not None]),
        }
        feedback = self.feedback(right[0][2], files)
        if feedback is not None:
            fields["_feedback"] = feedback
        return fields

    def truefalse(self, element: _El, files: dict[str, str], extra: dict[str, Any]) -> dict[str, object] | None:
        answers = self.answers(element, files)
        right = next((a for a in answers if a[0] >= 99.99), None)
        if right is None or right[1] is None:
            self.warn(element, "a true/false question without a right answer; skipped")
            return None
        value = "True" if str(right[1].value).strip().lower() in ("true", "1", "t") else "False"
        fields: dict[str, object] = {
            "type": "choice",
            "prompt": self.prompt(element, files),
            "answer": text_node(value, right[2].line, right[2].column),
            "choices": tree(["True", "False"], element.line, element.column),
        }
        feedback = self.feedback(right[2], files)
        if feedback is not None:
            fields["_feedback"] = feedback
        return fields

    def shortanswer(self, element: _El, files: dict[str, str], extra: dict[str, Any]) -> dict[str, object] | None:
        answers = self.answers(element, files)
        right = [a for a in answers if a[0] >= 99.99 and a[1] is not None and str(a[1].value) != "*"]
        for fraction, text, answer in answers:
            if 0 < fraction < 99.99 and text is not None:
                self.warn(
                    answer, f"partial credit ({fraction:g}%) is not supported: {plain(str(text.value))!r} left out"
                )
        if not right:
            self.warn(element, "a short-answer question without a fully right answer; skipped")
            return None
        fields: dict[str, object] = {
            "type": "flashcard" if extra.get("type") == "flashcard" else "short",
            "prompt": self.prompt(element, files),
            "answer": right[0][1],
        }
        if len(right) > 1:
            fields["accept"] = Node("seq", element.line, element.column, [a[1] for a in right[1:]])
        feedback = self.feedback(right[0][2], files)
        if feedback is not None:
            fields["_feedback"] = feedback
        return fields

    def numerical(self, element: _El, files: dict[str, str], extra: dict[str, Any]) -> dict[str, object] | None:
        right: list[tuple[Decimal, Decimal, _El]] = []
        for answer in element.all("answer"):
            text = answer.value()
            fraction = answer.attrs.get("fraction", "0")
            if text == "*":
                continue
            value = numeric_answer(text)
            margin = numeric_answer(answer.value("tolerance") or "0")
            if value is None or margin is None:
                self.problems.error(
                    self.name, answer.line, answer.column, f"a numerical answer should be a number, not {text!r}"
                )
                return None
            if fraction not in ("100", "100.0", "100.0000000"):
                self.warn(answer, f"partial credit ({fraction}%) is not supported: {text!r} left out")
                continue
            right.append((value, abs(margin), answer))
        if not right:
            self.warn(element, "a numerical question without a fully right answer; skipped")
            return None
        if element.find("units") is not None and element.find("units").children:
            self.warn(element, "units are not supported: answers are checked as plain numbers")
        value, margin, answer = right[0]
        fields: dict[str, object] = {
            "type": "short",
            "kind": text_node(str(extra.get("kind", "number")), element.line, element.column),
            "prompt": self.prompt(element, files),
            "answer": text_node(f"{value.normalize():f}", answer.line, answer.column),
        }
        tolerance = str(extra.get("tolerance") or "") or (f"{margin.normalize():f}" if margin else "")
        if tolerance:
            fields["tolerance"] = text_node(tolerance, answer.line, answer.column)
        others = [f"{v.normalize():f}" for v, m, _ in right[1:] if m == margin]
        if others:
            fields["accept"] = tree(others, element.line, element.column)
        if any(m != margin for _, m, _ in right[1:]):
            self.warn(element, "other right answers with their own margins are not supported; left out")
        feedback = self.feedback(answer, files)
        if feedback is not None:
            fields["_feedback"] = feedback
        return fields

    def cloze(self, element: _El, files: dict[str, str], extra: dict[str, Any]) -> dict[str, object] | None:
        container = element.find("questiontext")
        if container is None:
            self.warn(element, "a cloze question without text; skipped")
            return None
        files.update(self.files(container))
        raw = container.value()
        gaps: list[str] = []

        def hold(match: re.Match[str]) -> str:
            kind, body = match.group(2), match.group(3)
            answers = _embedded_answers(body)
            right = [text for fraction, text in answers if fraction >= 99.99]
            if not right:
                gaps.append("")
            elif kind in ("NUMERICAL", "NM"):
                gaps.append(right[0].split(":")[0].strip())
            else:
                if kind.startswith(("MULTICHOICE", "MC", "MULTIRESPONSE", "MR")):
                    self.warn(element, f"the choices of gap {len(gaps) + 1} become a typed gap")
                gaps.append("|".join(plain(from_html(text).text).replace("|", "/") for text in right))
            return f"{_HOLD_OPEN}{len(gaps) - 1}{_HOLD_CLOSE}"

        held = _EMBEDDED.sub(hold, raw)
        text, _, dropped = text_from_moodle(held, container.attrs.get("format", "html"), _resolver(files))
        for lost in dropped:
            self.warn(container, f"{lost}: left out")
        text = re.sub(f"{_HOLD_OPEN}(\\d+){_HOLD_CLOSE}", lambda m: "{{" + gaps[int(m.group(1))] + "}}", text)
        inner = container.find("text") or container
        return {"type": "cloze", "prompt": text_node(text, inner.line, inner.column)}


def _embedded_answers(body: str) -> list[tuple[float, str]]:
    """The answers of one embedded cloze subquestion: ``=right#feedback~%50%half~wrong``."""
    found = []
    for part in re.split(r"(?<!\\)~", body):
        part = part.strip()
        fraction = 0.0
        if part.startswith("="):
            fraction, part = 100.0, part[1:]
        elif (weight := re.match(r"%(-?\d+(?:\.\d+)?)%", part)) is not None:
            fraction, part = float(weight.group(1)), part[weight.end() :]
        answer = re.split(r"(?<!\\)#", part, maxsplit=1)[0]
        answer = re.sub(r"\\([}#~/\"\\])", r"\1", answer).strip()
        if answer:
            found.append((fraction, answer))
    return found


def _resolver(files: dict[str, str]) -> Any:
    def resolve(src: str) -> str | None:
        if src.startswith(PLUGINFILE):
            name = src[len(PLUGINFILE) :].split("?", 1)[0]
            return files.get(name) or files.get(name.rsplit("/", 1)[-1])
        return None

    return resolve


def read_moodle_xml(name: str, data: bytes, *, deck_key: str | None = None, deck_title: str | None = None) -> Reading:
    """Read a Moodle XML question file; each category becomes a deck.

    Args:
        name: The file's name, for messages and the first deck's id and title.
        data: Its bytes.
        deck_key: The id of the deck for questions before any category.
        deck_title: Its title.
    """
    problems = ProblemList()
    empty = Reading(ParsedFile(name, [], expects_sources=False), problems=problems)
    if len(data) > MAX_BYTES:
        problems.error(name, 1, 1, f"the file is {len(data):,} bytes; the limit is {MAX_BYTES:,}")
        return empty
    try:
        document = _parse(data)
    except _Refused as refused:
        problems.error(name, refused.line, refused.column, refused.message)
        return empty
    except expat.ExpatError as exc:
        problems.error(name, exc.lineno, exc.offset + 1, f"not well-formed XML: {expat.ErrorString(exc.code)}")
        return empty
    quiz = document.find("quiz")
    if quiz is None:
        at = document.children[0] if document.children else document
        problems.error(name, at.line, at.column, "not a Moodle XML file: its root element should be <quiz>")
        return empty
    reader = _Reader(name, deck_key, deck_title, problems)
    for question in quiz.all("question"):
        reader.question(question)
    documents = [deck_tree(key, title, questions) for key, (title, questions) in reader.decks.items()]
    if not documents and not problems.errors:
        problems.error(name, quiz.line, quiz.column, "found no questions in this file")
    return Reading(ParsedFile(name, documents, expects_sources=False), reader.media.files, problems)


# --- writing --------------------------------------------------------------------

_FORMATS = {"plain": "plain_text", "markdown": "markdown", "html": "html"}


def _text_element(tag: str, text: str, media: Mapping[str, bytes], notes: list[str], key: str, indent: str) -> str:
    written, fmt = text_to_moodle(text) if text else ("", "html")
    files = ""
    for name in dict.fromkeys(re.findall(r"\]\(<?media/([^)>\s]+)", text)):
        content = media.get(name)
        if content is None:
            notes.append(f"question {key}: media file {name!r} is missing; left out")
            continue
        encoded = base64.b64encode(content).decode()
        files += f'\n{indent}  <file name={quoteattr(name)} path="/" encoding="base64">{encoded}</file>'
    return (
        f'{indent}<{tag} format="{_FORMATS[fmt]}">\n{indent}  <text>{_cdata(written)}</text>{files}\n{indent}</{tag}>'
    )


def _cdata(text: str) -> str:
    if not text:
        return ""
    if re.search(r"[<>&]", text):
        return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    return escape(text)


def _answer(text: str, fraction: str, indent: str, extra: str = "") -> str:
    written, fmt = text_to_moodle(text)
    return (
        f'{indent}<answer fraction="{fraction}" format="{_FORMATS[fmt]}">\n'
        f"{indent}  <text>{_cdata(written)}</text>\n"
        f'{indent}  <feedback format="html">\n{indent}    <text></text>\n{indent}  </feedback>{extra}\n'
        f"{indent}</answer>"
    )


def _embedded(answers: Sequence[str]) -> str:
    escaped = ["=" + re.sub(r'([}#~/"\\])', r"\\\1", a) for a in answers]
    return "{1:SHORTANSWER:" + "~".join(escaped) + "}"


def write_moodle_xml(decks: Sequence[BankDeck], *, media: Mapping[str, bytes] | None = None) -> Exported:
    """Write decks as a Moodle XML question file, one category per deck, media included.

    Choice, short, numeric and cloze questions map onto Moodle's multiple
    choice, short answer, numerical and embedded-answers (cloze) questions;
    flashcards become short-answer questions.
    """
    media = media or {}
    notes: list[str] = []
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    for deck in decks:
        out.append(
            '  <question type="category">\n'
            f"    <category>\n      <text>{escape(category_path(deck.title))}</text>\n    </category>\n"
            '    <info format="html">\n      <text></text>\n    </info>\n'
            f"    <idnumber>{escape(deck.key)}</idnumber>\n  </question>"
        )
        for q in deck.questions:
            out.append(_question(q, media, notes))
    out.append("</quiz>\n")
    return Exported("\n".join(out).encode("utf-8"), notes)


def _question(q: BankQuestion, media: Mapping[str, bytes], notes: list[str]) -> str:
    number = numeric_answer(q.answer) if q.type == "short" and q.kind == "number" else None
    moodle_type = (
        "numerical"
        if number is not None
        else {"choice": "truefalse" if list(q.choices) == ["True", "False"] else "multichoice", "cloze": "cloze"}.get(
            q.type, "shortanswer"
        )
    )
    i = "    "
    if moodle_type == "cloze":
        gaps = cloze_gaps(q.prompt)
        held = re.sub(r"\{\{.*?\}\}", lambda _: "\ue008", q.prompt, flags=re.DOTALL)
        questiontext = _text_element("questiontext", held, media, notes, q.key, i).replace(
            'format="plain_text"', 'format="html"'
        )
        for gap in gaps:
            questiontext = questiontext.replace("\ue008", _embedded(gap), 1)
    else:
        questiontext = _text_element("questiontext", q.prompt, media, notes, q.key, i)
    lines = [
        f'  <question type="{moodle_type}">',
        f"{i}<name>\n{i}  <text>{escape(q.key)}</text>\n{i}</name>",
        questiontext,
        _text_element("generalfeedback", q.explanation, media, notes, q.key, i),
        f"{i}<defaultgrade>1.0000000</defaultgrade>",
        f"{i}<penalty>{'1.0000000' if moodle_type == 'truefalse' else '0.3333333'}</penalty>",
        f"{i}<hidden>0</hidden>",
        f"{i}<idnumber>{escape(q.key)}</idnumber>",
    ]
    if moodle_type == "multichoice":
        lines += [
            f"{i}<single>true</single>",
            f"{i}<shuffleanswers>true</shuffleanswers>",
            f"{i}<answernumbering>abc</answernumbering>",
            f"{i}<showstandardinstruction>0</showstandardinstruction>",
        ]
        for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            lines.append(f'{i}<{tag} format="html">\n{i}  <text></text>\n{i}</{tag}>')
        lines += [_answer(c, "100" if c == q.answer else "0", i) for c in q.choices]
    elif moodle_type == "truefalse":
        lines += [
            _answer("true", "100" if q.answer == "True" else "0", i),
            _answer("false", "100" if q.answer == "False" else "0", i),
        ]
    elif moodle_type == "numerical":
        margin = absolute_tolerance(q)
        for answer in (q.answer, *q.accept):
            if numeric_answer(answer) is None:
                notes.append(f"question {q.key}: {answer!r} is not a number Moodle can hold; left out")
                continue
            lines.append(_answer(answer.strip(), "100", i, f"\n{i}  <tolerance>{margin}</tolerance>"))
        lines += [
            f"{i}<unitgradingtype>0</unitgradingtype>",
            f"{i}<unitpenalty>0.1000000</unitpenalty>",
            f"{i}<showunits>3</showunits>",
            f"{i}<unitsleft>0</unitsleft>",
        ]
        if q.tolerance and q.tolerance.endswith("%"):
            notes.append(f"question {q.key}: Moodle's margins are absolute: {q.tolerance} written as {margin}")
    elif moodle_type == "shortanswer":
        if q.type == "flashcard":
            notes.append(f"question {q.key}: a flashcard becomes a short-answer question in Moodle")
        lines.append(f"{i}<usecase>0</usecase>")
        lines += [_answer(a, "100", i) for a in (q.answer, *q.accept)]
    if q.tags:
        tags = "".join(f"\n{i}  <tag>\n{i}    <text>{escape(t)}</text>\n{i}  </tag>" for t in q.tags)
        lines.append(f"{i}<tags>{tags}\n{i}</tags>")
    extra = extra_fields(q, moodle_type=moodle_type if moodle_type != "truefalse" else "multichoice")
    if extra:
        comment = extra_comment(extra).replace("--", "-\\u002d")  # "--" may not appear in an XML comment
        lines.append(f"{i}<!-- {comment} -->")
    lines.append("  </question>")
    return "\n".join(lines)

"""Read a YAML file into a small tree of nodes that remember their position.

Bank files come from people and from uploads, so reading refuses what
``yaml.safe_load`` alone lets through: aliases (a few hundred bytes of
"billion laughs" expand to gigabytes when walked), deep nesting (which raises
``RecursionError`` rather than a YAML error), explicit tags, oversized and
binary files, and invalid UTF-8. Every refusal is a :class:`Problem` with the
line and column where it happened.

Parsing uses PyYAML's safe event stream (libyaml when available); the tree is
built here from those events, so no constructor of any kind ever runs. A file
may hold several YAML documents (``---``), one deck each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from quiz.bank.problems import ProblemList

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "Node", "byte_position", "looks_binary", "parse_yaml", "read_yaml"]

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 32

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STANDARD_TAGS = {
    None,
    "!",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


@dataclass(slots=True)
class Node:
    """A YAML node: a mapping, a sequence or a scalar, with its 1-based position.

    Attributes:
        kind: ``"map"``, ``"seq"`` or ``"scalar"``.
        line: 1-based line where the node starts.
        column: 1-based column where the node starts.
        value: For a scalar its text; for a sequence a list of nodes; for a
            mapping a list of ``(key node, value node)`` pairs in file order.
        plain: For a scalar, whether it was written without quotes (so that
            ``~`` or an empty value means "nothing").
    """

    kind: str
    line: int
    column: int
    value: Any = field(default=None)
    plain: bool = False

    @property
    def is_null(self) -> bool:
        """True for an unquoted empty, ``~`` or ``null`` scalar."""
        return self.kind == "scalar" and self.plain and self.value in ("", "~", "null", "Null", "NULL")

    def describe(self) -> str:
        """Name the node's type the way an author would say it."""
        if self.is_null:
            return "nothing"
        return {"map": "a mapping", "seq": "a list", "scalar": "text"}[self.kind]


def _position(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def looks_binary(data: bytes) -> bool:
    """True when the start of ``data`` holds a NUL byte, which text files never do."""
    return b"\0" in data[:8192]


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column of byte ``offset`` in ``data``."""
    before = data[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


def _decode(path: str, data: bytes, problems: ProblemList) -> str | None:
    if len(data) > MAX_FILE_BYTES:
        problems.error(path, 1, 1, f"file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}")
        return None
    if looks_binary(data):
        problems.error(path, 1, 1, "this looks like a binary file, not YAML text")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = byte_position(data, exc.start)
        problems.error(path, line, column, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")
        return None


def parse_yaml(path: str, text: str, problems: ProblemList) -> list[Node] | None:
    """Parse ``text`` into one node tree per YAML document, adding any problem to ``problems``.

    Args:
        path: Name used in messages.
        text: The YAML text.
        problems: Where refusals and syntax errors are recorded.

    Returns:
        The root node of each document (an empty document gives an empty
        mapping), or None if the file was refused.
    """
    try:
        return _build(text)
    except _Refused as refused:
        problems.error(path, refused.line, refused.column, refused.message)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = _position(mark) if mark else (1, 1)
        message = " ".join(part for part in (exc.context, exc.problem) if part)
        if "nesting depth" in message:  # libyaml's own limit, met while scanning ahead
            problems.error(path, line, column, f"nested more than {MAX_DEPTH} levels deep")
        else:
            problems.error(path, line, column, f"YAML syntax error: {message}")
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reader errors without a mark
        problems.error(path, 1, 1, f"YAML error: {exc}")
    return None


class _Refused(Exception):
    """Something the bank reader will not accept, with where and why."""

    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.line, self.column = _position(mark)
        self.message = message


def _build(text: str) -> list[Node]:
    """Build node trees from the event stream (the hot loop of reading a bank)."""
    documents: list[Node] = []
    # Open containers, innermost last, and for mappings the key waiting for its value.
    stack: list[Node] = []
    keys: list[Node | None] = []
    root: Node | None = None
    start = (1, 1)
    loader = _Loader(text)
    try:
        while (event := loader.get_event()) is not None:
            cls = event.__class__
            if cls is yaml.ScalarEvent or cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                mark = event.start_mark
                if event.tag not in _STANDARD_TAGS:
                    raise _Refused(mark, f"YAML tags such as {event.tag} are not allowed in bank files")
                if cls is yaml.ScalarEvent:
                    node = Node("scalar", mark.line + 1, mark.column + 1, event.value, not event.style)
                else:
                    if len(stack) >= MAX_DEPTH:
                        raise _Refused(mark, f"nested more than {MAX_DEPTH} levels deep")
                    node = Node("map" if cls is yaml.MappingStartEvent else "seq", mark.line + 1, mark.column + 1, [])
            elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                node = stack.pop()
                keys.pop()
            elif cls is yaml.AliasEvent:
                raise _Refused(event.start_mark, "aliases (*name) are not allowed in bank files")
            elif cls is yaml.DocumentStartEvent:
                root, start = None, _position(event.start_mark)
                continue
            elif cls is yaml.DocumentEndEvent:
                documents.append(root if root is not None else Node("map", *start, []))
                continue
            else:
                continue
            if cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                stack.append(node)
                keys.append(None)
                continue
            # A scalar, or a container just closed: attach it to its parent, or make it the root.
            if not stack:
                root = node
            elif stack[-1].kind == "seq":
                stack[-1].value.append(node)
            elif keys[-1] is None:
                keys[-1] = node
            else:
                stack[-1].value.append((keys[-1], node))
                keys[-1] = None
    finally:
        loader.dispose()
    return documents


def read_yaml(path: Path | str, problems: ProblemList, *, data: bytes | None = None) -> list[Node] | None:
    """Read and parse one file (or ``data`` uploaded under that name).

    Returns:
        The root node of each YAML document, or None when the file was refused
        (the reason is in ``problems``).
    """
    name = str(path)
    if data is None:
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            problems.error(name, 1, 1, f"cannot read file: {exc.strerror}")
            return None
    text = _decode(name, data, problems)
    return None if text is None else parse_yaml(name, text, problems)

"""Edits to one question as plain data: applying a form's fields, and what changed.

Pure: no Flask, no database. The editing service (:mod:`quiz.services.bank.editing`)
turns an edit into a one-deck bank and imports it, so an edit in the browser
follows exactly the rules of a bank file; the import records what
:func:`changed_fields` finds in the question's history.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["EDITABLE", "apply_edits", "changed_fields", "describe_value", "edit_token", "editable_fields"]

#: Fields of a question that the browser edits (``id`` and ``type`` only when adding one).
EDITABLE = ("id", "type", "kind", "prompt", "answer", "accept", "choices", "explanation", "tags", "tolerance")


def editable_fields(type_: str, *, adding: bool = False) -> tuple[str, ...]:
    """The fields a question of this type has in the edit form, in form order.

    A cloze's answers are its gaps; only a choice question has choices; only a
    typed answer has alternatives and a tolerance (which the bank rules allow
    for number, percent and money kinds). A question's id and type are chosen
    when it is added and kept after that, as Moodle keeps a question's type;
    adding offers every field, and the bank rules say which do not fit the type.
    """
    if adding:
        return EDITABLE
    names = ["kind", "prompt"]
    if type_ != "cloze":
        names.append("answer")
    if type_ in ("short", "cloze"):
        names.append("accept")
    if type_ == "choice":
        names.append("choices")
    names += ["explanation", "tags"]
    if type_ in ("short", "cloze"):
        names.append("tolerance")
    return tuple(names)


def apply_edits(fields: Mapping[str, Any], edits: Mapping[str, Any], allowed: Iterable[str]) -> dict[str, Any]:
    """Return a question's bank mapping with ``edits`` applied, in bank field order.

    Args:
        fields: The question as a bank file holds it (see :func:`quiz.bank.writer.question_fields`).
        edits: New values by field name; an empty value removes the field.
        allowed: The fields that may change; other edits are ignored.

    Returns:
        A new mapping. Fields the edit does not name (sources, fact) are kept.
    """
    allowed = set(allowed)
    result = dict(fields)
    for name, value in edits.items():
        if name not in allowed:
            continue
        if value in (None, "", [], ()):
            result.pop(name, None)
        else:
            result[name] = list(value) if isinstance(value, tuple) else value
    order = {name: i for i, name in enumerate(("id", "type", "kind", "prompt", "answer", "accept", "choices"))}
    return dict(sorted(result.items(), key=lambda item: order.get(item[0], len(order))))


def changed_fields(
    before: Mapping[str, Any], after: Mapping[str, Any], names: Iterable[str] | None = None
) -> dict[str, list[Any]]:
    """Each field whose value differs, as ``{name: [before, after]}``.

    Args:
        before: The old values (a missing field counts as None).
        after: The new values.
        names: The fields to compare; by default every field of either mapping.
    """
    fields = list(names) if names is not None else list(dict.fromkeys([*before, *after]))
    found: dict[str, list[Any]] = {}
    for name in fields:
        old, new = before.get(name), after.get(name)
        if _normal(old) != _normal(new):
            found[name] = [old, new]
    return found


def _normal(value: Any) -> Any:
    """Treat a missing value, an empty text and an empty list alike, and tuples as lists."""
    if value in (None, "", [], ()):
        return None
    if isinstance(value, tuple):
        return [_normal(v) for v in value]
    return value


def edit_token(fields: Mapping[str, Any]) -> str:
    """A short fingerprint of an edited question, to tie a confirmation to exactly that edit."""
    text = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def describe_value(value: Any) -> str:
    """A field's value in a question's history, as one line of text ("(none)" when empty)."""
    if value in (None, "", [], ()):
        return "(none)"
    if isinstance(value, list | tuple):
        return "; ".join(
            f"{item.get('document')}, paragraph {item.get('paragraph')}" if isinstance(item, dict) else str(item)
            for item in value
        )
    return str(value)

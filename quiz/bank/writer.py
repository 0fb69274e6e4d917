"""Write decks back as bank YAML that the reader accepts unchanged."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from quiz.bank.model import BankDeck, BankDocument, BankQuestion

__all__ = ["deck_fields", "document_fields", "dump_decks", "dump_fields", "question_fields"]


def document_fields(doc: BankDocument) -> dict[str, Any]:
    """Return a document as the entry of a ``documents:`` map holds it, defaults left out."""
    fields: dict[str, Any] = {"title": doc.title}
    if doc.show_text:
        fields["show_text"] = True
    if doc.origin:
        fields["origin"] = doc.origin
    return fields


def question_fields(q: BankQuestion) -> dict[str, Any]:
    """Return a question as the mapping a bank file holds, defaults left out."""
    fields: dict[str, Any] = {"id": q.key, "type": q.type}
    if q.kind != "other":
        fields["kind"] = q.kind
    fields["prompt"] = q.prompt
    if q.type != "cloze":
        fields["answer"] = q.answer
    if q.accept:
        fields["accept"] = list(q.accept)
    if q.choices:
        fields["choices"] = list(q.choices)
    if q.explanation:
        fields["explanation"] = q.explanation
    sources = [{"document": s.document, "paragraph": s.paragraph} for s in q.sources]
    if len(sources) == 1:
        fields["source"] = sources[0]
    elif sources:
        fields["source"] = sources
    if q.tags:
        fields["tags"] = list(q.tags)
    if q.fact:
        fields["fact"] = q.fact
    if q.tolerance:
        fields["tolerance"] = q.tolerance
    return fields


def deck_fields(deck: BankDeck, questions: Sequence[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Return a deck as one YAML document of a bank file holds it.

    Args:
        deck: The deck.
        questions: Its questions as bank mappings, in place of ``deck.questions``
            (a question being edited, say).
    """
    document: dict[str, Any] = {"deck": {"id": deck.key, "title": deck.title}}
    if deck.documents:
        document["documents"] = {doc.name: document_fields(doc) for doc in deck.documents}
    document["questions"] = [question_fields(q) for q in deck.questions] if questions is None else list(questions)
    return document


def dump_fields(documents: Sequence[dict[str, Any]]) -> str:
    """Return YAML for bank documents (see :func:`deck_fields`), one YAML document each."""
    return yaml.safe_dump_all(
        documents, sort_keys=False, allow_unicode=True, width=100, explicit_start=len(documents) > 1
    )


def dump_decks(decks: Sequence[BankDeck]) -> str:
    """Return YAML for ``decks``, one YAML document per deck.

    Strings that YAML would read as something else (``"2017"``, ``"yes"``) are
    quoted, so reading the text back gives the same bank.
    """
    return dump_fields([deck_fields(deck) for deck in decks])

"""Reading the source documents the bank cites: titles for every page that names a source, texts to read."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from quiz.bank import document_paragraphs
from quiz.extensions import db
from quiz.models import Document

__all__ = ["DocumentRef", "DocumentText", "document_refs", "readable_document"]


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """What a source line needs: the title, and whether the text can be opened."""

    id: int
    key: str
    title: str
    readable: bool


@dataclass(frozen=True, slots=True)
class DocumentText:
    """A document learners may read, split into the paragraphs sources cite."""

    id: int
    key: str
    title: str
    origin: str
    paragraphs: list[tuple[int, str]]


#: Built once: the answer side of every card cites its sources.
_doc = Document.__table__
#: On the table, not the mapped class: every answer side reads it, and plain Core skips the ORM's set-up.
_DOCUMENT_REFS = sa.select(_doc.c.id, _doc.c.key, _doc.c.title, _doc.c.show_text & _doc.c.text.is_not(None))


def document_refs() -> dict[str, DocumentRef]:
    """Every document the bank describes, by the file name sources cite."""
    rows = db.session.execute(_DOCUMENT_REFS)
    return {key: DocumentRef(id_, key, title, bool(readable)) for id_, key, title, readable in rows}


def readable_document(document_id: int) -> DocumentText | None:
    """The document's text if the instructor lets learners read it, else None."""
    doc = db.session.get(Document, document_id)
    if doc is None or not doc.show_text or doc.text is None:
        return None
    return DocumentText(doc.id, doc.key, doc.title, doc.origin, document_paragraphs(doc.text))

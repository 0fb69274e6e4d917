"""Images and sounds of the bank in the database: stored by content, found by deck, served to those who may see them.

A file is stored once, keyed by the SHA-256 of its bytes
(:class:`~quiz.models.MediaFile`); each deck names the files its texts use
(:class:`~quiz.models.DeckMedia`, ``map.png`` for ``media/map.png``). A page
links a file by its digest, so the URL of a file never points at other bytes
and may be cached for a year; a changed image gets a new URL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime

import sqlalchemy as sa

from quiz.bank.media import media_type
from quiz.extensions import db
from quiz.models import DeckMedia, MediaFile, Upload

__all__ = ["deck_media", "load_media", "media_file_for", "store_media"]


def store_media(files: Mapping[str, bytes], *, now: datetime) -> dict[str, str]:
    """Add the files not stored yet (in the current transaction, not committed).

    Returns:
        Each file's name with the SHA-256 it is stored under.
    """
    names = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    if not names:
        return names
    known = set(db.session.scalars(sa.select(MediaFile.sha256).where(MediaFile.sha256.in_(set(names.values())))))
    for name, digest in names.items():
        if digest not in known:
            known.add(digest)
            data = files[name]
            mime = media_type(name) or "application/octet-stream"
            db.session.add(MediaFile(sha256=digest, mime=mime, size=len(data), data=data, created_at=now))
    return names


def load_media(names: Mapping[str, str] | None) -> dict[str, bytes]:
    """The bytes of stored files, by the names given them (name -> SHA-256)."""
    if not names:
        return {}
    rows = db.session.execute(
        sa.select(MediaFile.sha256, MediaFile.data).where(MediaFile.sha256.in_(set(names.values())))
    )
    data = {digest: blob for digest, blob in rows}
    return {name: data[digest] for name, digest in names.items() if digest in data}


#: Built once: the study page asks for every card it shows.
_DECK_MEDIA = sa.select(DeckMedia.name, DeckMedia.sha256).where(DeckMedia.deck_id == sa.bindparam("deck"))


def deck_media(deck_id: int) -> dict[str, str]:
    """A deck's media file names with the SHA-256 of each."""
    rows = db.session.execute(_DECK_MEDIA, {"deck": deck_id})
    return {name: digest for name, digest in rows}


def media_file_for(digest: str, name: str, *, instructor: bool) -> MediaFile | None:
    """The stored file a signed-in user asks for, or None when it is not theirs to see.

    Every signed-in learner may study every deck, so a file any deck uses under
    that name may be served to them. A file only an upload awaiting review uses
    (the instructor's preview) is served to instructors only.
    """
    used = sa.select(DeckMedia.deck_id).where(DeckMedia.sha256 == digest, DeckMedia.name == name).exists()
    if not db.session.scalar(sa.select(used)):
        if not instructor or not _in_pending_upload(digest, name):
            return None
    return db.session.get(MediaFile, digest)


def _in_pending_upload(digest: str, name: str) -> bool:
    uploads = db.session.scalars(
        sa.select(Upload.media).where(Upload.kind == "bank", Upload.applied_at.is_(None), Upload.media.is_not(None))
    )
    return any((media or {}).get(name) == digest for media in uploads)

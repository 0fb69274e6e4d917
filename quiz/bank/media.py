"""Images and sounds in bank text: ``![alt](media/map.png)``, the file in a ``media/`` folder beside the bank file.

Pure: no Flask, no database. :func:`media_links` finds the links of a text;
:func:`check_media` says what is wrong with one (no alt text, an unknown type,
a file that is missing, too large or not what its name says). Files of an
upload come with it (a zip, an Anki package, a Moodle XML file); files of a
bank on disk are read from the folder beside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "AUDIO_TYPES",
    "IMAGE_TYPES",
    "MAX_MEDIA_BYTES",
    "MEDIA_FOLDER",
    "MEDIA_TYPES",
    "MediaLink",
    "MediaSource",
    "check_media",
    "media_links",
    "media_type",
]

MEDIA_FOLDER = "media"
#: The largest image or sound a bank may use.
MAX_MEDIA_BYTES = 8 * 1024 * 1024
IMAGE_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "svg": "image/svg+xml",
}
AUDIO_TYPES = {"mp3": "audio/mpeg", "ogg": "audio/ogg", "oga": "audio/ogg", "wav": "audio/wav", "m4a": "audio/mp4"}
MEDIA_TYPES = {**IMAGE_TYPES, **AUDIO_TYPES}

# ![alt](target) or ![alt](<target with spaces>), an optional "title" after it.
_LINK = re.compile(r"!\[((?:\\.|[^\]\\])*)\]\(\s*(<[^<>\n]*>|[^\s()]+)(?:\s+\"[^\"]*\")?\s*\)")
#: The first bytes of each type, to tell a file that is not what its name says.
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),
    "audio/mpeg": (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2", b"\xff\xfa"),
    "audio/ogg": (b"OggS",),
    "audio/wav": (b"RIFF",),
}


def media_type(name: str) -> str | None:
    """The MIME type of a media file by its extension, or None if it is not a known type."""
    _, dot, ext = name.rpartition(".")
    return MEDIA_TYPES.get(ext.lower()) if dot else None


@dataclass(frozen=True, slots=True)
class MediaLink:
    """An image or sound link in a text.

    Attributes:
        alt: Its alt text (what a screen reader says, and what shows when the file cannot).
        target: What it points at, as written (``media/map.png``).
        offset: Where the link starts in the text.
    """

    alt: str
    target: str
    offset: int

    @property
    def name(self) -> str | None:
        """The media file's name when the link points into ``media/``, else None."""
        target = self.target
        if target.startswith("<") and target.endswith(">"):
            target = target[1:-1]
        return target[len(MEDIA_FOLDER) + 1 :] if target.startswith(MEDIA_FOLDER + "/") else None


def media_links(text: str) -> Iterator[MediaLink]:
    """Every image or sound link of a text, in order."""
    if "![" not in text:
        return
    for match in _LINK.finditer(text):
        yield MediaLink(match.group(1), match.group(2), match.start())


class MediaSource:
    """Where a bank file's media come from: files that came with it, or the ``media/`` folder beside it."""

    def __init__(self, files: Mapping[str, bytes] | None = None, folder: Path | None = None) -> None:
        self.files = files
        self.folder = folder

    def size(self, name: str) -> int | None:
        if self.files is not None:
            data = self.files.get(name)
            return None if data is None else len(data)
        if self.folder is None or "/" in name or "\\" in name or name.startswith("."):
            return None
        try:
            path = self.folder / name
            return path.stat().st_size if path.is_file() else None
        except OSError:
            return None

    def read(self, name: str) -> bytes | None:
        if self.files is not None:
            return self.files.get(name)
        if self.folder is None:
            return None
        try:
            with open(self.folder / name, "rb") as handle:
                return handle.read(MAX_MEDIA_BYTES + 1)
        except OSError:
            return None


def _what_it_is(data: bytes, mime: str) -> bool:
    if mime == "image/svg+xml":
        head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        return head.startswith((b"<?xml", b"<svg", b"<!--"))
    if mime == "audio/mp4":
        return data[4:8] == b"ftyp"
    signatures = _SIGNATURES.get(mime)
    return signatures is None or data.startswith(signatures)


def check_media(link: MediaLink, source: MediaSource) -> tuple[str | None, bytes | None]:
    """Check one link; return what is wrong with it (None when nothing) and the file's bytes.

    Args:
        link: The link.
        source: Where its file would be.
    """
    name = link.name
    if name is None:
        return (
            f"images and sounds must be files in {MEDIA_FOLDER}/ beside the bank file, not {link.target!r}",
            None,
        )
    if not link.alt.strip():
        return f"the image or sound {name!r} has no alt text: write what it shows or says between the [ ]", None
    mime = media_type(name)
    if mime is None:
        known = ", ".join(sorted(MEDIA_TYPES))
        return f"{name!r} is not a type of image or sound this app shows; use one of: {known}", None
    size = source.size(name)
    if size is None:
        return f"media file {name!r} is missing: put it in the {MEDIA_FOLDER}/ folder beside the bank file", None
    if size > MAX_MEDIA_BYTES:
        return f"media file {name!r} is {size:,} bytes; the limit is {MAX_MEDIA_BYTES:,}", None
    data = source.read(name)
    if data is None:
        return f"media file {name!r} cannot be read", None
    if not _what_it_is(data, mime):
        return f"media file {name!r} is not a {mime.split('/')[1].upper()} file, whatever its name says", None
    return None, data

"""Read zip archives from strangers: Anki packages and zipped banks, within limits.

Nothing is ever extracted to disk; members are read into memory with their
sizes capped, so a zip bomb (a small archive claiming, or hiding, gigabytes)
stops at the cap, and a member named ``../../etc/passwd`` is only a name
(:func:`safe_name` tells whether it may name a media file).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

import zstandard

__all__ = ["ArchiveError", "Limits", "SafeZip", "safe_name", "unzstd"]


class ArchiveError(ValueError):
    """An archive that is not read: not a zip, too big, too many files, or a bomb."""


@dataclass(frozen=True, slots=True)
class Limits:
    """What an archive may hold.

    Attributes:
        archive_bytes: The archive itself.
        members: How many files it may hold.
        member_bytes: The largest file, uncompressed.
        total_bytes: All files together, uncompressed.
        ratio: The highest compression ratio for a member over 1 MB (a
            bomb's is in the thousands; text and databases stay under 100).
    """

    archive_bytes: int = 512 * 1024 * 1024
    members: int = 100_000
    member_bytes: int = 512 * 1024 * 1024
    total_bytes: int = 1024 * 1024 * 1024
    ratio: int = 200


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MB"


class SafeZip:
    """A zip archive in memory, its members checked against :class:`Limits` before anything is read."""

    def __init__(self, data: bytes, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        if len(data) > self.limits.archive_bytes:
            raise ArchiveError(f"the file is {_mb(len(data))}; the limit is {_mb(self.limits.archive_bytes)}")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError, EOFError) as exc:
            raise ArchiveError(f"not a readable zip archive ({exc})") from None
        infos = self.zip.infolist()
        if len(infos) > self.limits.members:
            raise ArchiveError(f"the archive holds {len(infos):,} files; the limit is {self.limits.members:,}")
        total = 0
        for info in infos:
            if info.file_size > self.limits.member_bytes:
                raise ArchiveError(
                    f"{info.filename!r} unpacks to {_mb(info.file_size)}; the limit is {_mb(self.limits.member_bytes)}"
                )
            if info.file_size > 1024 * 1024 and info.file_size > self.limits.ratio * max(info.compress_size, 1):
                raise ArchiveError(
                    f"{info.filename!r} is compressed {info.file_size // max(info.compress_size, 1):,} to 1: "
                    "this looks like a zip bomb"
                )
            total += info.file_size
        if total > self.limits.total_bytes:
            raise ArchiveError(f"the archive unpacks to {_mb(total)}; the limit is {_mb(self.limits.total_bytes)}")
        self.infos = {info.filename: info for info in infos if not info.is_dir()}

    def names(self) -> list[str]:
        """The names of the archive's files (not folders), in archive order."""
        return list(self.infos)

    def size(self, name: str) -> int:
        """The uncompressed size a member declares."""
        return self.infos[name].file_size

    def read(self, name: str, limit: int | None = None) -> bytes:
        """A member's bytes, reading at most ``limit`` (default: the member limit) whatever its header claims.

        Raises:
            KeyError: No such member.
            ArchiveError: The member is larger than the limit, or damaged.
        """
        cap = min(limit or self.limits.member_bytes, self.limits.member_bytes)
        try:
            with self.zip.open(self.infos[name]) as member:
                data = member.read(cap + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
            raise ArchiveError(f"{name!r} is damaged ({exc})") from None
        if len(data) > cap:
            raise ArchiveError(f"{name!r} unpacks to more than {_mb(cap)}")
        return data


def unzstd(data: bytes, limit: int) -> bytes:
    """Decompress zstd data (Anki's newer packages), reading at most ``limit`` bytes.

    Raises:
        ArchiveError: The data is not zstd or unpacks to more than ``limit``.
    """
    try:
        reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data), read_across_frames=True)
        chunks = []
        size = 0
        while chunk := reader.read(min(1024 * 1024, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise ArchiveError(f"a compressed part unpacks to more than {_mb(limit)}")
        return b"".join(chunks)
    except zstandard.ZstdError as exc:
        raise ArchiveError(f"a compressed part is damaged ({exc})") from None


_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


def safe_name(name: str) -> bool:
    """True when ``name`` may name a media file: one plain file name, no folders, no ``..``, no control characters."""
    return (
        bool(name)
        and name not in (".", "..")
        and not _UNSAFE.search(name)
        and not name.startswith(".")
        and len(name) <= 200
    )

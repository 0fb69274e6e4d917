"""Bring decks in from other tools and take them out: CSV/TSV, Anki packages, Moodle GIFT and XML.

Pure: no Flask, no database. Readers take a file's name and bytes and return
the bank's own dataclasses (:class:`~quiz.bank.BankDeck`), the media that came
with them (file name -> bytes) and a list of problems: errors that stop the
import and warnings naming, with their place, whatever could not be carried
over ("deck.apkg: note 12: warning: image occlusion is not supported; skipped").
Writers take decks and media and return the file's bytes with notes on what
the format cannot hold.

Every format is checked by the bank's own rules (:func:`quiz.bank.check_files`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from quiz.bank import Bank, BankDeck, ParsedFile, ProblemList, bank_files, check_files
from quiz.bank.media import MAX_MEDIA_BYTES, MEDIA_FOLDER
from quiz.bank.reader import read_yaml
from quiz.interop.archive import ArchiveError, Limits, SafeZip, safe_name
from quiz.interop.base import Exported, Imported, Reading

__all__ = [
    "EXPORT_FORMATS",
    "FORMATS",
    "MAX_BYTES",
    "Exported",
    "Imported",
    "Reading",
    "format_for",
    "read",
    "read_bank",
    "read_file",
    "read_files",
    "read_paths",
    "write_bank",
]

#: Formats read, by name, with the file name endings that choose them.
FORMATS: dict[str, tuple[str, ...]] = {
    "yaml": (".yaml", ".yml"),
    "zip": (".zip",),
    "csv": (".csv", ".tsv", ".tab"),
    "apkg": (".apkg", ".colpkg"),
    "gift": (".gift",),
    "moodle-xml": (".xml",),
}
#: Formats written, with the file name ending of each.
EXPORT_FORMATS: dict[str, str] = {
    "yaml": ".yaml",
    "csv": ".csv",
    "tsv": ".tsv",
    "apkg": ".apkg",
    "gift": ".gift.txt",
    "moodle-xml": ".xml",
}


def format_for(name: str, data: bytes | None = None) -> str | None:
    """The format of a file, by its name (and, for ``.txt``, its first bytes).

    A ``.txt`` file is GIFT when it looks like GIFT (a ``::title::`` or a
    question ending in ``{...}``), else CSV/TSV as Quizlet and Anki write it.
    """
    lower = name.lower()
    for fmt, endings in FORMATS.items():
        if lower.endswith(endings):
            return fmt
    if lower.endswith(".txt"):
        from quiz.interop.gift import looks_like_gift

        return "gift" if data is not None and looks_like_gift(data) else "csv"
    return None


def read_file(
    name: str,
    data: bytes,
    *,
    format: str | None = None,
    deck_key: str | None = None,
    deck_title: str | None = None,
    on_disk: bool = False,
    media: Mapping[str, bytes] | None = None,
) -> Reading:
    """Read one file into trees for the bank's checks, by its format.

    Args:
        name: The file's name (messages use it; the format follows its ending).
        data: Its bytes.
        format: One of :data:`FORMATS`, overriding the file name.
        deck_key: For formats without decks of their own (CSV), the deck's id.
        deck_title: And its title.
        on_disk: The file is on disk: its texts' images and sounds are looked
            for in the ``media/`` folder beside it (unless the format carries them).
        media: Images and sounds that came with the file (a zipped bank's
            ``media/`` folder), by name.
    """
    reading = _read_file(name, data, format=format, deck_key=deck_key, deck_title=deck_title)
    reading.file.on_disk = on_disk
    if reading.media:  # formats that carry their files (Anki, Moodle XML) use only those
        reading.file.media = reading.media
    elif media is not None:
        reading.file.media = media
    elif (format or format_for(name, data)) in ("apkg", "moodle-xml"):
        reading.file.media = {}
    return reading


#: What a zipped bank (bank files with their ``media/`` folder) may hold: the
#: same limits as for one YAML file, applied to every member, and a cap on how
#: many files and bytes there are in all.
ZIP_LIMITS = Limits(
    archive_bytes=64 * 1024 * 1024,
    members=2_000,
    member_bytes=16 * 1024 * 1024,
    total_bytes=128 * 1024 * 1024,
)


def read_files(
    name: str,
    data: bytes,
    *,
    format: str | None = None,
    deck_key: str | None = None,
    deck_title: str | None = None,
    on_disk: bool = False,
    media: Mapping[str, bytes] | None = None,
) -> list[Reading]:
    """Read one file, or each bank file of a zip archive with the ``media/`` folder beside it.

    A zip (``bank.zip``) holds bank files in any format read here and, beside
    them, a ``media/`` folder of images and sounds. Nothing is extracted: the
    archive is read in memory within :data:`ZIP_LIMITS`; a member whose name
    climbs out of the archive (``../``, an absolute path) is refused.
    Other files are read by :func:`read_file` (with ``media``, the images and
    sounds that came with them).
    """
    if not name.lower().endswith(".zip") and format != "zip":
        options = {"deck_key": deck_key, "deck_title": deck_title, "on_disk": on_disk, "media": media}
        return [read_file(name, data, format=format, **options)]
    problems = ProblemList()
    try:
        archive = SafeZip(data, ZIP_LIMITS)
    except ArchiveError as exc:
        problems.error(name, 1, 1, str(exc))
        return [Reading(ParsedFile(name, []), problems=problems)]
    media: dict[str, bytes] = {}
    banks: list[str] = []
    for member in archive.names():
        parts = member.split("/")
        if member.startswith("/") or "\\" in member or ".." in parts or any(not p for p in parts):
            problems.error(name, 1, 1, f"{member!r}: a file name outside the archive's folder; nothing was read")
            return [Reading(ParsedFile(name, []), problems=problems)]
        if parts[-1].startswith(".") or "__MACOSX" in parts:  # .DS_Store, macOS resource forks
            continue
        if len(parts) >= 2 and parts[-2] == MEDIA_FOLDER:
            if not safe_name(parts[-1]):
                problems.warning(name, 1, 1, f"{member!r}: not a plain file name; left out")
                continue
            try:
                media[parts[-1]] = archive.read(member, MAX_MEDIA_BYTES)
            except ArchiveError as exc:
                problems.error(name, 1, 1, str(exc))
        elif format_for(parts[-1]) not in (None, "apkg"):
            banks.append(member)
        else:
            problems.warning(name, 1, 1, f"{member!r}: not a bank file or in a media/ folder; left out")
    if not banks:
        problems.error(name, 1, 1, "the archive holds no bank file (.yaml, .csv, .gift, .xml or .txt)")
    if problems.errors:
        return [Reading(ParsedFile(name, []), problems=problems)]
    readings = [Reading(ParsedFile(name, []), problems=problems)] if problems.warnings else []
    for member in banks:
        fmt = None if format in (None, "zip") else format
        try:
            content = archive.read(member, MAX_BYTES.get(fmt or format_for(member) or "yaml", MAX_BYTES["yaml"]))
        except ArchiveError as exc:
            problems.error(name, 1, 1, str(exc))
            return [Reading(ParsedFile(name, []), problems=problems)]
        label = f"{name}/{member}"
        readings.append(read_file(label, content, format=fmt, deck_key=deck_key, deck_title=deck_title, media=media))
    return readings


def _read_file(
    name: str, data: bytes, *, format: str | None = None, deck_key: str | None = None, deck_title: str | None = None
) -> Reading:
    fmt = format or format_for(name, data)
    if fmt == "yaml":
        problems = ProblemList()
        documents = read_yaml(name, problems, data=data)
        if documents is not None and not documents:
            problems.error(name, 1, 1, "the file is empty; a bank file has 'deck' and 'questions'")
        return Reading(ParsedFile(name, documents or []), problems=problems)
    if fmt == "csv":
        from quiz.interop.tabular import read_csv

        return read_csv(name, data, deck_key=deck_key, deck_title=deck_title)
    if fmt == "apkg":
        from quiz.interop.anki import read_apkg

        return read_apkg(name, data)
    if fmt == "gift":
        from quiz.interop.gift import read_gift

        return read_gift(name, data, deck_key=deck_key, deck_title=deck_title)
    if fmt == "moodle-xml":
        from quiz.interop.moodlexml import read_moodle_xml

        return read_moodle_xml(name, data, deck_key=deck_key, deck_title=deck_title)
    problems = ProblemList()
    known = ", ".join(ending for endings in FORMATS.values() for ending in endings)
    problems.error(name, 1, 1, f"unknown file type; bank files end in {known} or .txt")
    return Reading(ParsedFile(name, []), problems=problems)


#: The largest file read of each format (a reader refuses a larger one with a message).
MAX_BYTES: dict[str, int] = {
    "yaml": 8 * 1024 * 1024,
    "csv": 8 * 1024 * 1024,
    "gift": 8 * 1024 * 1024,
    "moodle-xml": 64 * 1024 * 1024,
    "apkg": 512 * 1024 * 1024,
    "zip": ZIP_LIMITS.archive_bytes,
}


def read_paths(
    paths: Sequence[str | Path],
    *,
    format: str | None = None,
    deck_key: str | None = None,
    deck_title: str | None = None,
) -> list[Reading]:
    """Read files (and folders of YAML bank files) from disk, each by its format.

    A file is read only up to its format's limit, plus one byte so that the
    reader can say it is too large; a file that cannot be read is a problem.
    """
    readings: list[Reading] = []
    for raw in paths:
        path = Path(raw)
        files = bank_files([path]) if path.is_dir() else [path]
        for file in files:
            name = str(file)
            fmt = "yaml" if path.is_dir() else (format or format_for(name))
            try:
                with open(file, "rb") as handle:
                    data = handle.read(MAX_BYTES.get(fmt or "", MAX_BYTES["yaml"]) + 1)
            except OSError as exc:
                problems = ProblemList()
                problems.error(name, 1, 1, f"cannot read file: {exc.strerror}")
                readings.append(Reading(ParsedFile(name, []), problems=problems))
                continue
            readings.extend(read_files(name, data, format=fmt, deck_key=deck_key, deck_title=deck_title, on_disk=True))
    return readings


def read_bank(readings: Sequence[Reading]) -> tuple[Bank, dict[str, bytes], ProblemList]:
    """Check files read by :func:`read_file` together, as one bank (ids unique across them all).

    Returns:
        The bank (decks without errors), the media of all files, and every problem.
    """
    problems = ProblemList()
    for reading in readings:
        problems.extend(reading.problems)
    bank = check_files([r.file for r in readings], problems)
    media: dict[str, bytes] = {}
    for deck in bank.decks:
        media.update(deck.media)
    return bank, media, problems


def read(name: str, data: bytes, **options: Any) -> Imported:
    """Read and check one file (or a zipped bank): its decks, media and problems."""
    bank, media, problems = read_bank(read_files(name, data, **options))
    return Imported(bank.decks, media, problems)


def write_bank(decks: Sequence[BankDeck], format: str, *, media: Mapping[str, bytes] | None = None) -> Exported:
    """Write decks in one of :data:`EXPORT_FORMATS`.

    Args:
        decks: The decks (with the images and sounds each uses).
        format: The format's name.
        media: More media files the decks' texts refer to, by name.
    """
    if format == "yaml":
        from quiz.bank.writer import dump_decks

        return Exported(dump_decks(decks).encode())
    notes: list[str] = []
    files: dict[str, bytes] = dict(media or {})
    for deck in decks:
        for name, data in deck.media.items():
            if files.setdefault(name, data) != data:
                notes.append(f"deck {deck.key}: media file {name!r} differs from another deck's; the first is written")
    exported = _write_other(decks, format, files)
    exported.notes[:0] = notes
    for deck in decks:
        if deck.documents:
            exported.notes.append(
                f"deck {deck.key}: the titles and texts of its source documents are not carried (only YAML holds them)"
            )
    return exported


def _write_other(decks: Sequence[BankDeck], format: str, media: Mapping[str, bytes]) -> Exported:
    if format in ("csv", "tsv"):
        from quiz.interop.tabular import write_csv

        return write_csv(decks, delimiter="\t" if format == "tsv" else ",")
    if format == "apkg":
        from quiz.interop.anki import write_apkg

        return write_apkg(decks, media=media)
    if format == "gift":
        from quiz.interop.gift import write_gift

        return write_gift(decks)
    if format == "moodle-xml":
        from quiz.interop.moodlexml import write_moodle_xml

        return write_moodle_xml(decks, media=media)
    raise ValueError(f"unknown format {format!r}; one of {', '.join(EXPORT_FORMATS)}")

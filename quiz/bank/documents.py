"""Source documents of a bank: titles in the bank files, texts in a ``documents/`` folder beside them.

A deck file may name the documents its questions cite::

    documents:
      001_bc627bcb90f32704.txt:
        title: U.S. Security Cooperation With Lithuania
        show_text: true            # learners may read it (default: false, title only)
        origin: U.S. Department of State fact sheet (public domain)

The text of ``001_bc627bcb90f32704.txt`` is then read from
``documents/001_bc627bcb90f32704.txt`` next to that deck file, if it is there.
Paragraphs are blank-line-separated blocks numbered from 1, as sources cite them.

Pure: reads files, no Flask, no database.
"""

from __future__ import annotations

from pathlib import Path, PurePath

from quiz.bank.problems import ProblemList
from quiz.bank.reader import byte_position, looks_binary

__all__ = [
    "DOCUMENTS_FOLDER",
    "MAX_TEXT_BYTES",
    "document_files",
    "document_paragraphs",
    "is_document_name",
    "read_document_text",
]

DOCUMENTS_FOLDER = "documents"
MAX_TEXT_BYTES = 2 * 1024 * 1024


def is_document_name(name: str) -> bool:
    """True for a plain file name (no folder, not hidden), which is all a source may name."""
    return bool(name) and PurePath(name).name == name and "\\" not in name and not name.startswith(".")


def read_document_text(bank_file: Path, name: str, problems: ProblemList) -> str | None:
    """Return the text of document ``name`` from the ``documents/`` folder beside ``bank_file``.

    Returns:
        The text, or None when there is no such file (no problem then) or it
        cannot be used (the reason is added to ``problems`` as a file:line:column error).
    """
    path = bank_file.parent / DOCUMENTS_FOLDER / name
    if not path.is_file():
        return None
    where = str(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_TEXT_BYTES + 1)
    except OSError as exc:
        problems.error(where, 1, 1, f"cannot read document: {exc.strerror}")
        return None
    if len(data) > MAX_TEXT_BYTES:
        problems.error(where, 1, 1, f"document is larger than {MAX_TEXT_BYTES:,} bytes")
        return None
    if looks_binary(data):
        problems.error(where, 1, 1, "this looks like a binary file, not plain text")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = byte_position(data, exc.start)
        problems.error(where, line, column, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")
        return None


def document_files(folder: Path | str) -> list[Path]:
    """Every file in the ``documents/`` folders under a bank folder, sorted (for noticing changes)."""
    root = Path(folder)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob(f"{DOCUMENTS_FOLDER}/*") if p.is_file())


def document_paragraphs(text: str) -> list[tuple[int, str]]:
    """Return a document's paragraphs as ``(number, text)``, numbered as sources cite them.

    Page furniture (a "join now" banner, a "last modified" stamp) keeps its
    number but comes back as its own lines, so that nothing of the text is hidden.
    """
    from quiz.extract.text import split_paragraphs  # the extractor's rule is the one sources follow

    return [(p.number, p.text or " ".join(p.skipped)) for p in split_paragraphs(text)]

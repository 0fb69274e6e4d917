"""Files made by Anki itself, through its own Python package (the ``anki`` test dependency).

A collection is built the way a user builds one in Anki: stock note types
(Basic, Basic and reversed, Basic (type in the answer), Cloze, Image
Occlusion), nested decks, tags, an image and a sound, then exported by Anki's
own exporters as a current package (``collection.anki21b``, zstd), a legacy
package (``collection.anki21``) and "notes in plain text".
"""

from __future__ import annotations

import warnings
from pathlib import Path

# A tiny valid PNG (1x1 pixel) and the start of an MP3: real types, small files.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cf"
    "c0f01f0005000201e1a0a2a70000000049454e44ae426082"
)
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x0f" + b"\xff\xfb\x90\x00" + bytes(64)


def _collection(folder: Path):  # pragma: no cover - only typed loosely, anki is a test dependency
    folder.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from anki.collection import Collection

        return Collection(str(folder / "collection.anki2"))


def build_collection(folder: Path):
    """A collection with one note of each stock note type, media, tags and nested decks."""
    col = _collection(folder)
    media = Path(col.media.dir())
    (media / "vilnius map.png").write_bytes(PNG)
    (media / "labas.mp3").write_bytes(MP3)

    def add(model: str, deck: str, tags: list[str], **fields: str) -> int:
        note = col.new_note(col.models.by_name(model))
        for name, value in fields.items():
            note[name] = value
        note.tags = tags
        col.add_note(note, col.decks.id(deck))
        return note.id

    add(
        "Basic",
        "Baltics::Lithuania",
        ["capitals"],
        Front="What is the capital of <b>Lithuania</b>?",
        Back='Vilnius<br><img src="vilnius map.png">',
    )
    add("Basic (and reversed card)", "Baltics::Lithuania", ["words"], Front="labas", Back="hello")
    add("Basic (type in the answer)", "Baltics", [], Front="In what year did Lithuania join NATO?", Back="2004")
    add(
        "Cloze",
        "Baltics",
        ["cloze"],
        Text="{{c1::Vilnius}} is the capital of {{c2::Lithuania::a country}}. [sound:labas.mp3]",
        **{"Back Extra": "Its old town is on a list: \\(n = 1\\)"},
    )
    add("Basic (optional reversed card)", "Baltics", [], Front="Riga", Back="Latvia", **{"Add Reverse": ""})
    occlusion = col.models.by_name("Image Occlusion")
    if occlusion is not None:
        note = col.new_note(occlusion)
        note["Occlusion"] = "{{c1::image-occlusion:rect:left=.1:top=.1:width=.2:height=.2:oi=1}}"
        note["Image"] = '<img src="vilnius map.png">'
        col.add_note(note, col.decks.id("Baltics"))
    return col


def export_package(col, path: Path, *, legacy: bool) -> Path:
    """Anki's own .apkg export of the whole collection."""
    from anki.import_export_pb2 import ExportAnkiPackageOptions

    options = ExportAnkiPackageOptions(with_scheduling=False, with_deck_configs=False, with_media=True, legacy=legacy)
    col.export_anki_package(out_path=str(path), options=options, limit=None)
    return path


def export_notes_text(col, path: Path) -> Path:
    """Anki's "Notes in Plain Text" export, with every header it can write."""
    from anki.collection import DeckIdLimit

    deck = col.decks.id("Baltics")
    col.export_note_csv(
        out_path=str(path),
        limit=DeckIdLimit(deck),
        with_html=True,
        with_tags=True,
        with_deck=True,
        with_notetype=True,
        with_guid=True,
    )
    return path


def import_package(folder: Path, package: Path):
    """Import a package into a new collection with Anki's own importer; return the collection and its log."""
    from anki.collection import ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageOptions

    col = _collection(folder)
    log = col.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(package), options=ImportAnkiPackageOptions(with_scheduling=False))
    )
    return col, log

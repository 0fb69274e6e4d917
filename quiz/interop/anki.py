"""Anki packages (.apkg, .colpkg): notes in, notes out.

Reading follows Anki's own importer (``rslib/src/import_export/package``):

* the package's ``meta`` (protobuf) tells its version; without it,
  ``collection.anki21`` or ``collection.anki2`` is the collection (legacy);
* the current version keeps its collection (``collection.anki21b``) and its
  media zstd-compressed, and lists the media as protobuf ``MediaEntries``
  (file ``N`` of the archive is entry ``N``); legacy packages list them as
  JSON ``{"N": "name"}``;
* the collection is an SQLite database: note types, decks, notes and cards.

Each card of a note becomes a question: the card's template says what is
asked. A front with ``{{type:Field}}`` asks a ``short`` question; other
fronts a ``flashcard`` (so Basic-and-reversed gives two flashcards, siblings
of one fact); a cloze note gives one ``cloze`` question per cloze number.
Fields shown only on the back besides the answer ("Back Extra") become the
explanation. The question's id comes from the note's guid (``anki-`` and the
guid in hex, or the guid itself when it is already a valid id), with ``.2``,
``.3``... for a note's later cards, so importing the package again updates
the same questions. Image occlusion notes are skipped, each named.

Writing uses ``genanki``: one note per question, in note types modelled on
Anki's Basic, Basic (type in the answer) and Cloze with an Explanation field,
media included, each note's guid made from the question's id (so a package
Anki exported and this app imported goes back to Anki as the same notes).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quiz.bank import BankDeck, BankQuestion, ParsedFile, ProblemList
from quiz.bank.media import MAX_MEDIA_BYTES as BANK_MAX_MEDIA_BYTES
from quiz.bank.reader import Node
from quiz.bank.validate import ID_PATTERN
from quiz.interop.archive import ArchiveError, Limits, SafeZip, safe_name, unzstd
from quiz.interop.base import Exported, Reading, deck_tree, slug, tree
from quiz.interop.cloze import anki_cloze_cards, bank_cloze_to_anki
from quiz.interop.protowire import WireError, first, varint_field
from quiz.richtext import from_html, plain, render

__all__ = ["MAX_MEDIA_BYTES", "guid_for_key", "key_for_guid", "prepare_anki_html", "read_apkg", "write_apkg"]

#: The largest media file kept from a package (the bank's own limit); larger ones are left out with a message.
MAX_MEDIA_BYTES = BANK_MAX_MEDIA_BYTES
MAX_COLLECTION_BYTES = 512 * 1024 * 1024
_LEGACY1, _LEGACY2, _LATEST = 1, 2, 3
_STOCK_IMAGE_OCCLUSION = 6
_FIELD_REF = re.compile(r"\{\{([^{}]+?)\}\}")
_SPECIAL_FIELDS = {"FrontSide", "Tags", "Deck", "Subdeck", "Card", "CardFlag", "Type", "CardID"}
_DECK_ID = re.compile(r"\(deck id ([A-Za-z0-9][A-Za-z0-9._-]{0,99})\)")


def key_for_guid(guid: str) -> str:
    """A question id made from an Anki note's guid (the inverse of :func:`guid_for_key`).

    A guid that is already a valid id is kept; any other is written in hex
    after ``anki-`` (Anki's own guids use punctuation ids may not hold).
    """
    if ID_PATTERN.match(guid):
        return guid
    hexed = guid.encode("utf-8").hex()
    return f"anki-{hexed}" if len(hexed) <= 90 else f"anki-{hashlib.sha1(guid.encode()).hexdigest()}"


def guid_for_key(key: str) -> str:
    """The guid of the Anki note for a question id: the note it came from, when it came from Anki."""
    if key.startswith("anki-"):
        try:
            guid = bytes.fromhex(key[5:]).decode("utf-8")
        except ValueError:
            return key
        if not ID_PATTERN.match(guid) and key_for_guid(guid) == key:
            return guid
    return key


@dataclass(slots=True)
class _NoteType:
    name: str
    cloze: bool
    fields: list[str]
    templates: list[tuple[str, str, str]]  # name, front, back
    occlusion: bool = False


def _refs(template: str) -> list[tuple[str, str]]:
    """The fields a template shows: ``(filters, field)`` for each ``{{filter:field}}`` (sections left out)."""
    found = []
    for ref in _FIELD_REF.findall(template):
        ref = ref.strip()
        if ref[:1] in "#^/!":
            continue
        filters, _, name = ref.rpartition(":")
        found.append((filters, name.strip()))
    return found


# --- reading --------------------------------------------------------------------


def _open_collection(data: bytes) -> sqlite3.Connection:
    database = bytearray(data)
    if len(database) >= 20 and database[:16] == b"SQLite format 3\x00":
        database[18] = database[19] = 1  # a WAL database cannot be opened from memory; read it as a plain one
    connection = sqlite3.connect(":memory:")
    connection.deserialize(bytes(database))
    connection.execute("PRAGMA query_only = ON")
    return connection


def _note_types(db: sqlite3.Connection, version: int) -> dict[int, _NoteType]:
    types: dict[int, _NoteType] = {}
    if version == _LATEST:
        fields: dict[int, list[str]] = {}
        for ntid, _, name in db.execute("SELECT ntid, ord, name FROM fields ORDER BY ntid, ord"):
            fields.setdefault(ntid, []).append(name)
        templates: dict[int, list[tuple[str, str, str]]] = {}
        for ntid, _, name, config in db.execute("SELECT ntid, ord, name, config FROM templates ORDER BY ntid, ord"):
            front = (first(config, 1) or b"").decode("utf-8", "replace")
            back = (first(config, 2) or b"").decode("utf-8", "replace")
            templates.setdefault(ntid, []).append((name, front, back))
        for ntid, name, config in db.execute("SELECT id, name, config FROM notetypes"):
            cloze = varint_field(config, 1) == 1
            occlusion = varint_field(config, 9) == _STOCK_IMAGE_OCCLUSION
            types[ntid] = _NoteType(name, cloze, fields.get(ntid, []), templates.get(ntid, []), occlusion)
    else:
        (models,) = db.execute("SELECT models FROM col").fetchone()
        for ntid, model in json.loads(models).items():
            fields_list = [f["name"] for f in sorted(model.get("flds", []), key=lambda f: f.get("ord", 0))]
            tmpls = [(t.get("name", ""), t.get("qfmt", ""), t.get("afmt", "")) for t in model.get("tmpls", [])]
            occlusion = model.get("originalStockKind") == _STOCK_IMAGE_OCCLUSION
            types[int(ntid)] = _NoteType(model.get("name", ""), model.get("type") == 1, fields_list, tmpls, occlusion)
    for note_type in types.values():
        if any("image-occlusion" in front for _, front, _ in note_type.templates):
            note_type.occlusion = True
    return types


def _decks(db: sqlite3.Connection, version: int) -> dict[int, tuple[str, str]]:
    """Deck id -> (name with ``::`` between levels, description)."""
    decks: dict[int, tuple[str, str]] = {}
    if version == _LATEST:
        for did, name, kind in db.execute("SELECT id, name, kind FROM decks"):
            normal = first(kind, 1)
            description = (first(normal, 4) or b"").decode("utf-8", "replace") if normal is not None else ""
            decks[did] = (name.replace("\x1f", "::"), description)
    else:
        (raw,) = db.execute("SELECT decks FROM col").fetchone()
        for did, deck in json.loads(raw).items():
            decks[int(did)] = (deck.get("name", "Default"), deck.get("desc", ""))
    return decks


@dataclass(slots=True)
class _Package:
    version: int
    collection: bytes
    media: dict[str, bytes] = field(default_factory=dict)


def _read_package(name: str, data: bytes, problems: ProblemList) -> _Package | None:
    try:
        archive = SafeZip(data, Limits(member_bytes=MAX_COLLECTION_BYTES))
        names = set(archive.names())
        if "meta" in names:
            version = varint_field(archive.read("meta", 1024), 1)
            if version not in (_LEGACY1, _LEGACY2, _LATEST):
                problems.error(name, 1, 1, "this package comes from a newer Anki than this app reads", unit="note")
                return None
        else:
            version = _LEGACY2 if "collection.anki21" in names else _LEGACY1
        collection_name = {_LEGACY1: "collection.anki2", _LEGACY2: "collection.anki21", _LATEST: "collection.anki21b"}[
            version
        ]
        if collection_name not in names:
            problems.error(name, 1, 1, f"not an Anki package: it has no {collection_name}", unit="note")
            return None
        collection = archive.read(collection_name)
        if version == _LATEST:
            collection = unzstd(collection, MAX_COLLECTION_BYTES)
        package = _Package(version, collection)
        package.media = _media(name, archive, version, problems)
        return package
    except (ArchiveError, WireError, ValueError, KeyError) as exc:
        problems.error(name, 1, 1, f"not a readable Anki package: {exc}", unit="note")
        return None


def _media(name: str, archive: SafeZip, version: int, problems: ProblemList) -> dict[str, bytes]:
    """The package's media files by name, unsafe names and oversized files left out with a message."""
    if "media" not in archive.names():
        return {}
    listing = archive.read("media", 64 * 1024 * 1024)
    entries: list[tuple[str, str]] = []  # zip member, file name
    if version == _LATEST:
        listing = unzstd(listing, 64 * 1024 * 1024)
        index = 0
        from quiz.interop.protowire import fields

        for number, entry in fields(listing):
            if number == 1 and isinstance(entry, bytes):
                entries.append((str(index), (first(entry, 1) or b"").decode("utf-8", "replace")))
                index += 1
    else:
        mapping = json.loads(listing.decode("utf-8") or "{}")
        if not isinstance(mapping, dict):
            raise ValueError("the media list is not a mapping")
        entries = [(str(member), str(file_name)) for member, file_name in mapping.items()]
    media: dict[str, bytes] = {}
    for member, file_name in entries:
        if not safe_name(file_name):
            problems.warning(
                name, 1, 1, f"media file name {file_name!r} is not a plain file name; left out", unit="note"
            )
            continue
        if member not in archive.names():
            continue
        if archive.size(member) > MAX_MEDIA_BYTES and version != _LATEST:
            problems.warning(
                name, 1, 1, f"media file {file_name!r} is larger than {MAX_MEDIA_BYTES:,} bytes; left out", unit="note"
            )
            continue
        content = archive.read(member)
        if version == _LATEST:
            try:
                content = unzstd(content, MAX_MEDIA_BYTES)
            except ArchiveError:
                problems.warning(
                    name,
                    1,
                    1,
                    f"media file {file_name!r} is larger than {MAX_MEDIA_BYTES:,} bytes or damaged; left out",
                    unit="note",
                )
                continue
        media[file_name] = content
    return media


_SOUND = re.compile(r"\[sound:([^\]]+)\]")
_LATEX = re.compile(r"\[(\$\$|\$|latex)\](.*?)\[/\1\]", re.DOTALL)


def prepare_anki_html(html: str) -> str:
    """Anki's own marks to HTML the reader knows: sounds to ``<audio>``, LaTeX to MathJax."""
    html = _SOUND.sub(lambda m: f'<audio src="{m.group(1)}"></audio>', html)

    def latex(match: re.Match[str]) -> str:
        body = match.group(2)
        return f"\\({body}\\)" if match.group(1) == "$" else f"\\[{body}\\]"

    return _LATEX.sub(latex, html)


class _NoteReader:
    def __init__(self, name: str, package: _Package, problems: ProblemList) -> None:
        self.name = name
        self.media = package.media
        self.problems = problems
        self.used_media: set[str] = set()

    def warn(self, number: int, message: str) -> None:
        self.problems.warning(self.name, number, 1, message, unit="note")

    def resolve(self, src: str) -> str | None:
        src = src.strip()
        return src if src in self.media else None

    def convert(self, number: int, html: str) -> str:
        converted = from_html(prepare_anki_html(html), media=self.resolve)
        for lost in converted.dropped:
            self.warn(number, f"{lost}: left out")
        self.used_media.update(converted.media)
        return converted.text


def read_apkg(name: str, data: bytes) -> Reading:
    """Read an Anki package (.apkg or .colpkg) into decks, media and messages.

    Args:
        name: The file's name, for messages ("deck.apkg: note 12: ...").
        data: Its bytes.
    """
    problems = ProblemList()
    empty = Reading(ParsedFile(name, [], unit="note", expects_sources=False), problems=problems)
    package = _read_package(name, data, problems)
    if package is None:
        return empty
    try:
        db = _open_collection(package.collection)
        try:
            documents = _read_notes(name, db, package, problems)
        finally:
            db.close()
    except (sqlite3.Error, WireError, ValueError, KeyError, TypeError) as exc:
        problems.error(name, 1, 1, f"the package's collection cannot be read: {exc}", unit="note")
        return empty
    media = {file_name: content for file_name, content in package.media.items() if file_name in documents[1]}
    return Reading(ParsedFile(name, documents[0], unit="note", expects_sources=False), media, problems)


def _read_notes(
    name: str, db: sqlite3.Connection, package: _Package, problems: ProblemList
) -> tuple[list[Node], set[str]]:
    types = _note_types(db, package.version)
    decks = _decks(db, package.version)
    cards: dict[int, list[tuple[int, int]]] = {}
    for nid, ordinal, did in db.execute("SELECT nid, ord, did FROM cards ORDER BY nid, ord"):
        cards.setdefault(nid, []).append((ordinal, did))
    reader = _NoteReader(name, package, problems)
    by_deck: dict[int, list[Node]] = {}
    for number, (nid, guid, mid, tags, flds) in enumerate(
        db.execute("SELECT id, guid, mid, tags, flds FROM notes ORDER BY id"), 1
    ):
        note_type = types.get(mid)
        if note_type is None:
            reader.warn(number, "its note type is missing from the package; skipped")
            continue
        if note_type.occlusion:
            reader.warn(number, "image occlusion is not supported; skipped")
            continue
        values = dict(zip(note_type.fields, flds.split("\x1f"), strict=False))
        tag_list = [tag for tag in tags.split() if tag]
        note_cards = cards.get(nid, [])
        if not note_cards:
            reader.warn(number, "a note without cards; skipped")
            continue
        base = key_for_guid(guid)
        questions = _note_questions(reader, number, note_type, values, note_cards, base)
        extra = _extra(values)
        for _ordinal, did, question in questions:
            if len(questions) > 1 and "fact" not in question:
                question["fact"] = base
            if tag_list:
                kept = extra.get("tags")  # Anki sorts tags; this app's order, while they are the same tags
                ordered = isinstance(kept, list) and sorted(map(str, kept)) == sorted(tag_list)
                question["tags"] = kept if ordered else tag_list
            question.update({k: v for k, v in extra.items() if k not in ("original", "tags")})
            # A field still as this app wrote it reads back as the text it was written from.
            for field_name, target in _ORIGINALS.items():
                kept = extra.get("original", {}).get(field_name)
                if isinstance(kept, list) and len(kept) == 2 and _digest(values.get(field_name, "")) == kept[1]:
                    question[target] = kept[0]
            by_deck.setdefault(did, []).append(tree(question, number, 1))
    documents = []
    taken: set[str] = set()
    for did, questions in by_deck.items():
        deck_name, description = decks.get(did, ("Default", ""))
        given = _DECK_ID.search(description)
        key = given.group(1) if given else slug(deck_name, fallback="default")
        while key in taken:
            key = f"{key}-{did % 10000}"
        taken.add(key)
        documents.append(deck_tree(key, deck_name, questions))
    return documents, reader.used_media


def _extra(values: dict[str, str]) -> dict[str, Any]:
    """The fields Anki cannot hold, kept by this app's own note types in their ``Quiz`` field."""
    raw = values.get("Quiz", "").strip()
    if not raw:
        return {}
    try:
        found = json.loads(re.sub(r"<[^>]+>", "", raw).replace("&quot;", '"').replace("&amp;", "&"))
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    allowed = ("kind", "accept", "choices", "fact", "source", "tolerance", "type", "original", "tags")
    return {k: v for k, v in found.items() if k in allowed}


def _note_questions(
    reader: _NoteReader,
    number: int,
    note_type: _NoteType,
    values: dict[str, str],
    note_cards: list[tuple[int, int]],
    base: str,
) -> list[tuple[int, int, dict[str, Any]]]:
    """One question per card of the note: (card ordinal, deck id, fields)."""
    found: list[tuple[int, int, dict[str, Any]]] = []
    if note_type.cloze:
        front = note_type.templates[0][1] if note_type.templates else "{{cloze:Text}}"
        back = note_type.templates[0][2] if note_type.templates else ""
        cloze_field = next((f for filters, f in _refs(front) if "cloze" in filters.split(":")), None)
        if cloze_field is None or cloze_field not in values:
            reader.warn(number, "a cloze note type without a cloze field; skipped")
            return []
        cards_of, used, dropped = anki_cloze_cards(prepare_anki_html(values[cloze_field]), media=reader.resolve)
        reader.used_media.update(used)
        for lost in dropped:
            reader.warn(number, f"{lost}: left out")
        by_number = {card.number: card for card in cards_of}
        explanation = _joined(
            reader, number, values, [f for _, f in _refs(back) if f not in (cloze_field, *_SPECIAL_FIELDS)]
        )
        for index, (ordinal, did) in enumerate(note_cards):
            card = by_number.get(ordinal + 1)
            if card is None:
                continue
            for hint in card.hints:
                reader.warn(number, f"cloze hint {plain(from_html(hint).text)!r} is not supported; left out")
            question: dict[str, Any] = {
                "id": base if index == 0 else f"{base}.{ordinal + 1}",
                "type": "cloze",
                "prompt": card.prompt,
            }
            if explanation:
                question["explanation"] = explanation
            found.append((ordinal, did, question))
        return found
    for index, (ordinal, did) in enumerate(note_cards):
        if ordinal >= len(note_type.templates):
            continue
        _, front, back = note_type.templates[ordinal]
        front_refs = _refs(front)
        typed = next((f for filters, f in front_refs if filters.split(":")[-1] == "type"), None)
        shown = [
            f
            for filters, f in front_refs
            if f in values and f not in _SPECIAL_FIELDS and "type" not in filters.split(":")
        ]
        answers = [f for _, f in _refs(back) if f in values and f not in shown and f not in _SPECIAL_FIELDS]
        if typed is not None and typed in values:
            answers = [typed] + [f for f in answers if f != typed]
        answers = [f for f in dict.fromkeys(answers) if values.get(f, "").strip()]
        prompt = _joined(reader, number, values, shown)
        if not prompt or not answers:
            side = "front" if not prompt else "back"
            reader.warn(number, f"card {ordinal + 1}: the {side} is empty; skipped")
            continue
        answer = reader.convert(number, values[answers[0]])
        question = {
            "id": base if index == 0 else f"{base}.{ordinal + 1}",
            "type": "short" if typed is not None else "flashcard",
            "prompt": prompt,
            "answer": plain(answer) if typed is not None else answer,
        }
        explanation = _joined(reader, number, values, answers[1:])
        if explanation:
            question["explanation"] = explanation
        found.append((ordinal, did, question))
    return found


def _joined(reader: _NoteReader, number: int, values: dict[str, str], names: list[str]) -> str:
    parts = [reader.convert(number, values[name]) for name in dict.fromkeys(names) if values.get(name, "").strip()]
    return "\n\n".join(part for part in parts if part)


# --- writing --------------------------------------------------------------------

_CSS = """.card {
  font-family: arial;
  font-size: 20px;
  line-height: 1.5;
  text-align: center;
  color: black;
  background-color: white;
}
.explanation { font-size: 16px; color: #444; }
"""
_EXPLANATION = '{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}'


def _models() -> dict[str, Any]:
    import genanki

    fields = [{"name": "Front"}, {"name": "Back"}, {"name": "Explanation"}, {"name": "Quiz"}]
    basic = genanki.Model(
        1607392319,
        "quiz Basic",
        fields=fields,
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}\n" + _EXPLANATION,
            }
        ],
        css=_CSS,
    )
    typing = genanki.Model(
        1607392320,
        "quiz Basic (type in the answer)",
        fields=fields,
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}\n\n{{type:Back}}",
                "afmt": "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}\n" + _EXPLANATION,
            }
        ],
        css=_CSS,
    )
    cloze = genanki.Model(
        1607392321,
        "quiz Cloze",
        fields=[{"name": "Text"}, {"name": "Explanation"}, {"name": "Quiz"}],
        templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}<br>\n" + _EXPLANATION}],
        css=_CSS + ".cloze { font-weight: bold; color: blue; }\n",
        model_type=genanki.Model.CLOZE,
    )
    return {"basic": basic, "typing": typing, "cloze": cloze}


def _anki_html(text: str) -> str:
    """Bank text as an Anki field: HTML, math for MathJax, media by file name, sounds as ``[sound:...]``."""
    if not text:
        return ""
    html = render(text, media=lambda name: name, math="tex")
    return re.sub(
        r'<audio[^>]*src="([^"]+)"[^>]*>.*?</audio>', lambda m: f"[sound:{m.group(1)}]", html, flags=re.DOTALL
    )


def _stable_id(text: str) -> int:
    return int(hashlib.sha1(text.encode()).hexdigest()[:12], 16) + (1 << 40)


def write_apkg(decks: Sequence[BankDeck], *, media: Mapping[str, bytes] | None = None) -> Exported:
    """Write decks as an Anki package that Anki imports: one note per question, media included.

    Flashcards become Basic notes, short questions Basic (type in the answer),
    clozes Cloze notes (every gap ``c1``, so one card asks them all, as here),
    and choice questions Basic notes whose front lists the choices. What Anki
    has no place for (kind, accepted answers, fact, source, tolerance) rides in
    each note's ``Quiz`` field, which no card shows, so that importing the
    package back gives the same bank.
    """
    import genanki

    media = media or {}
    notes: list[str] = []
    models = _models()
    anki_decks = []
    used: dict[str, bytes] = {}
    for deck in decks:
        anki_deck = genanki.Deck(
            _stable_id(deck.key), deck.title, description=f"Exported from quiz (deck id {deck.key})."
        )
        for q in deck.questions:
            note = _note(q, models, notes)
            if note is None:
                continue
            anki_deck.add_note(note)
            for name in re.findall(
                r"\]\(<?media/([^)>\s]+)", " ".join((q.prompt, q.answer, q.explanation, *q.choices))
            ):
                if name in media:
                    used[name] = media[name]
                else:
                    notes.append(f"question {q.key}: media file {name!r} is missing; left out")
        anki_decks.append(anki_deck)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, content in used.items():
            path = Path(folder) / name
            path.write_bytes(content)
            paths.append(str(path))
        package = genanki.Package(anki_decks, media_files=paths)
        target = Path(folder) / "out.apkg"
        package.write_to_file(str(target), timestamp=0)
        return Exported(target.read_bytes(), notes)


#: Note fields whose original bank text the ``Quiz`` field may keep, and the question field each gives.
_ORIGINALS = {"Front": "prompt", "Back": "answer", "Explanation": "explanation", "Text": "prompt"}


def _digest(html: str) -> str:
    return hashlib.sha1(html.encode()).hexdigest()[:16]


def _reads_back(html: str, text: str) -> bool:
    return from_html(prepare_anki_html(html), media=lambda src: src).text == text


def _note(q: BankQuestion, models: dict[str, Any], notes: list[str]) -> Any:
    import genanki

    extra: dict[str, Any] = {}
    if q.kind != "other":
        extra["kind"] = q.kind
    if q.accept:
        extra["accept"] = list(q.accept)
    if q.fact:
        extra["fact"] = q.fact
    if q.sources:
        extra["source"] = [{"document": s.document, "paragraph": s.paragraph} for s in q.sources]
    if q.tolerance:
        extra["tolerance"] = q.tolerance
    tags = ["_".join(tag.split()) for tag in q.tags]
    if tags != sorted(tags, key=str.casefold):
        extra["tags"] = tags
    guid = guid_for_key(q.key)
    originals: dict[str, list[str]] = {}

    def field_html(name: str, text: str, *, shown: str | None = None) -> str:
        html = _anki_html(shown if shown is not None else text)
        if shown is not None or not _reads_back(html, text):
            originals[name] = [text, _digest(html)]
        return html

    if q.type == "cloze":
        text, lost = bank_cloze_to_anki(q.prompt)
        html = _anki_html(text)
        cards, _, _ = anki_cloze_cards(prepare_anki_html(html), media=lambda src: src)
        if lost or len(cards) != 1 or cards[0].prompt != q.prompt:
            originals["Text"] = [q.prompt, _digest(html)]
        explanation = field_html("Explanation", q.explanation)
        extra_text = _quiz_field(extra | ({"original": originals} if originals else {}))
        return genanki.Note(model=models["cloze"], fields=[html, explanation, extra_text], tags=tags, guid=guid)
    shown = None
    if q.type == "choice":
        extra["type"] = "choice"
        extra["choices"] = list(q.choices)
        shown = q.prompt + "\n\n" + "\n".join(f"{i}. {choice}" for i, choice in enumerate(q.choices, 1))
        notes.append(f"question {q.key}: Anki has no multiple choice; the choices are listed on the front")
    if re.search(r"\]\(<?media/[^)]+\.(mp3|ogg|oga|wav|m4a)", q.prompt + q.answer + q.explanation):
        notes.append(f"question {q.key}: Anki plays sounds without a description; the description is kept for this app")
    model = models["typing"] if q.type == "short" else models["basic"]
    fields = [
        field_html("Front", q.prompt, shown=shown),
        field_html("Back", q.answer),
        field_html("Explanation", q.explanation),
    ]
    fields.append(_quiz_field(extra | ({"original": originals} if originals else {})))
    return genanki.Note(model=model, fields=fields, tags=tags, guid=guid)


def _quiz_field(extra: dict[str, Any]) -> str:
    if not extra:
        return ""
    return json.dumps(extra, ensure_ascii=False, sort_keys=True).replace("&", "&amp;").replace("<", "&lt;")

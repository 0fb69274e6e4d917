"""Files from strangers: bombs, path traversal, huge or broken files get a clear message and change nothing."""

from __future__ import annotations

import io
import json
import time
import tracemalloc
import zipfile

import pytest

from quiz.interop import read
from quiz.interop.archive import ArchiveError, Limits, SafeZip, safe_name
from quiz.interop.tabular import MAX_BYTES, MAX_ROWS


def messages(imported) -> list[str]:
    return [str(p) for p in imported.problems]


def legacy_package(collection: bytes, media: dict[str, str], files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki2", collection)
        archive.writestr("media", json.dumps(media))
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki2", b"\0" * (64 * 1024 * 1024))  # 64 MB of zeros, 64 KB packed
    data = out.getvalue()
    assert len(data) < 1024 * 1024
    started = time.perf_counter()
    imported = read("bomb.apkg", data)
    assert time.perf_counter() - started < 5
    assert imported.decks == ()
    assert len(imported.problems.errors) == 1
    message = messages(imported)[0]
    assert message.startswith("bomb.apkg: note 1: error: not a readable Anki package:")
    assert "unpacks to" in message or "zip bomb" in message


def test_a_member_is_never_read_past_its_limit_whatever_its_header_says():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big", b"\0" * (8 * 1024 * 1024))
    archive = SafeZip(out.getvalue(), Limits(ratio=10**9))
    with pytest.raises(ArchiveError, match="unpacks to more than"):
        archive.read("big", limit=1024 * 1024)
    with pytest.raises(ArchiveError, match="zip bomb"):
        SafeZip(out.getvalue())


def test_too_many_files_and_not_a_zip_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for number in range(30):
            archive.writestr(str(number), b"x")
    with pytest.raises(ArchiveError, match="holds 30 files; the limit is 20"):
        SafeZip(out.getvalue(), Limits(members=20))
    assert messages(read("deck.apkg", b"PK\x03\x04 not really"))[0].startswith(
        "deck.apkg: note 1: error: not a readable Anki package: not a readable zip archive"
    )


def test_media_named_outside_the_package_is_left_out(tmp_path):
    import genanki

    model = genanki.BASIC_MODEL
    deck = genanki.Deck(2059400110, "Traversal")
    deck.add_note(genanki.Note(model=model, fields=['<img src="../../evil.png">', "back"], guid="trav1"))
    deck.add_note(genanki.Note(model=model, fields=['<img src="fine.png">', "back"], guid="trav2"))
    path = tmp_path / "t.apkg"
    fine = tmp_path / "fine.png"
    fine.write_bytes(b"\x89PNG\r\n\x1a\nfine")
    genanki.Package(deck, media_files=[str(fine)]).write_to_file(str(path))
    # Put a hostile name into the package's media list, as an attacker would.
    with zipfile.ZipFile(path) as original:
        collection = original.read("collection.anki2")
    data = legacy_package(
        collection,
        {"0": "fine.png", "1": "../../evil.png", "2": "/etc/passwd"},
        {"0": b"\x89PNG\r\n\x1a\nok", "1": b"x", "2": b"y"},
    )
    imported = read("t.apkg", data)
    assert "t.apkg: note 1: warning: media file name '../../evil.png' is not a plain file name; left out" in messages(
        imported
    )
    assert "t.apkg: note 1: warning: media file name '/etc/passwd' is not a plain file name; left out" in messages(
        imported
    )
    assert imported.media == {"fine.png": b"\x89PNG\r\n\x1a\nok"}
    prompts = sorted(q.prompt for d in imported.decks for q in d.questions)
    assert prompts == ["![fine](media/fine.png)"]  # the note showing only a missing image has nothing left to ask
    for bad in ("../x.png", "a/b.png", "a\\b.png", ".hidden", "", "nul\0.png", "x" * 201):
        assert not safe_name(bad)
    assert safe_name("vilnius map (1).png") and safe_name("žemėlapis.png")


def test_a_csv_of_a_million_rows_is_refused_without_exhausting_memory():
    million = b"".join(b"q%d,a%d\n" % (n, n) for n in range(1_000_000))
    assert len(million) > MAX_BYTES
    tracemalloc.start()
    imported = read("huge.csv", million)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert messages(imported) == [
        f"huge.csv:1:1: error: the file is {len(million):,} bytes; the limit is {MAX_BYTES:,}: split it into decks"
    ]
    assert peak < 20 * 1024 * 1024  # nothing but the refusal: the rows are never decoded
    # A million rows small enough to pass the byte limit stop at the row limit, read as a stream.
    small = b"a,b\n" * 1_000_000
    assert len(small) < MAX_BYTES
    tracemalloc.start()
    started = time.perf_counter()
    imported = read("rows.csv", small)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert messages(imported) == [
        f"rows.csv:{MAX_ROWS + 1}:1: error: more than {MAX_ROWS:,} rows; split the file into smaller decks"
    ]
    assert peak < 400 * 1024 * 1024
    assert time.perf_counter() - started < 60


def test_invalid_utf8_is_reported_where_it_is():
    data = b"front,back\nVilnius,capital\nKaunas," + b"s\xe9cond city\n"
    assert messages(read("cities.csv", data)) == [
        "cities.csv:3:9: error: not valid UTF-8 (byte 0xe9); save the file as UTF-8 and try again"
    ]
    assert messages(read("quiz.gift", b"Question {=r\xffight}")) == [
        "quiz.gift:1:13: error: not valid UTF-8 (byte 0xff); save the file as UTF-8"
    ]
    assert messages(read("quiz.xml", b"<quiz><question type='shortanswer'>\xff</question></quiz>"))[0].startswith(
        "quiz.xml:1:36: error: not well-formed XML"
    )


def test_mismatched_quotes_are_reported_where_they_open():
    unclosed = b'front,back\nVilnius,capital\n"Kaunas,second city\nKlaipeda,port\n'
    assert messages(read("q.csv", unclosed)) == [
        'q.csv:3:1: error: this quoted field is never closed: add the closing " (or double the " inside the text)'
    ]
    stray = b'front,back\n"Vilnius" city,capital\n'
    assert messages(read("q.csv", stray)) == ["q.csv:2:10: error: mismatched quotes: ',' expected after '\"'"]
    tabs = b'Vilnius\t"capital\nRiga\tLatvia\n'
    assert messages(read("q.tsv", tabs))[0].startswith("q.tsv:1:9: error: this quoted field is never closed")


def test_xml_with_entities_or_a_document_type_is_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b"<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><quiz><question type='shortanswer'><questiontext>"
        b"<text>&c;</text></questiontext></question></quiz>"
    )
    assert messages(read("bomb.xml", bomb)) == [
        "bomb.xml:1:22: error: document type declarations (<!DOCTYPE ...>) are not allowed"
    ]
    external = b'<?xml version="1.0"?><!DOCTYPE quiz SYSTEM "file:///etc/passwd"><quiz/>'
    assert "not allowed" in messages(read("ext.xml", external))[0]


def test_binary_files_are_refused_in_text_formats():
    for name in ("x.csv", "x.gift", "x.txt"):
        assert "binary" in messages(read(name, b"\x00\x01\x02 binary"))[0]


def test_a_damaged_anki_collection_is_an_error_not_a_crash():
    data = legacy_package(b"SQLite format 3\x00" + b"garbage" * 100, {}, {})
    found = messages(read("broken.apkg", data))
    assert len(found) == 1 and found[0].startswith(
        "broken.apkg: note 1: error: the package's collection cannot be read"
    )

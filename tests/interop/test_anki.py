"""Anki packages: made by Anki itself and by genanki, read here; written here, opened by Anki."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import pytest

from quiz.interop import read, write_bank
from quiz.interop.anki import guid_for_key, key_for_guid
from tests.interop.anki_made import MP3, PNG, build_collection, export_notes_text, export_package, import_package
from tests.interop.test_round_trips import bank_of, shipped

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def anki_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("anki")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        col = build_collection(folder)
        files = {
            "latest": export_package(col, folder / "latest.apkg", legacy=False),
            "legacy": export_package(col, folder / "legacy.apkg", legacy=True),
            "text": export_notes_text(col, folder / "notes.txt"),
        }
        col.close()
    return files


def questions(imported) -> dict[str, object]:
    return {q.prompt: q for deck in imported.decks for q in deck.questions}


@pytest.mark.parametrize("version", ["latest", "legacy"])
def test_a_package_anki_exported_becomes_questions(anki_files, version):
    data = anki_files[version].read_bytes()
    names = zipfile.ZipFile(anki_files[version]).namelist()
    assert ("collection.anki21b" in names) == (version == "latest")
    imported = read(f"{version}.apkg", data)
    assert not imported.problems.errors
    found = questions(imported)
    basic = found["What is the capital of **Lithuania**?"]
    assert (basic.type, basic.answer, basic.tags) == (
        "flashcard",
        "Vilnius\\\n![vilnius map](<media/vilnius map.png>)",
        ("capitals",),
    )
    forward, backward = found["labas"], found["hello"]
    assert (forward.type, forward.answer, backward.answer) == ("flashcard", "hello", "labas")
    assert backward.key == forward.key + ".2" and forward.fact == backward.fact == forward.key
    typed = found["In what year did Lithuania join NATO?"]
    assert (typed.type, typed.answer) == ("short", "2004")
    first = found["{{Vilnius}} is the capital of Lithuania. ![labas](media/labas.mp3)"]
    second = found["Vilnius is the capital of {{Lithuania}}. ![labas](media/labas.mp3)"]
    assert first.type == second.type == "cloze"
    assert first.explanation == "Its old town is on a list: $n = 1$"
    assert "Latvia" in {q.answer for q in found.values()}  # the optional reverse was not asked for: one card
    assert "Riga" not in {q.answer for q in found.values()}
    assert imported.media == {"vilnius map.png": PNG, "labas.mp3": MP3}
    assert {deck.key: deck.title for deck in imported.decks} == {
        "baltics-lithuania": "Baltics::Lithuania",
        "baltics": "Baltics",
    }
    warned = [str(p) for p in imported.problems.warnings]
    assert any(w.endswith("warning: image occlusion is not supported; skipped") and ": note " in w for w in warned)
    assert any("cloze hint 'a country' is not supported; left out" in w for w in warned)


def test_both_package_versions_and_the_plain_text_export_give_the_same_ids(anki_files):
    latest = read("latest.apkg", anki_files["latest"].read_bytes())
    legacy = read("legacy.apkg", anki_files["legacy"].read_bytes())
    text = read("notes.txt", anki_files["text"].read_bytes())
    assert latest.decks == legacy.decks
    key_of = lambda imported: {q.key for d in imported.decks for q in d.questions}  # noqa: E731
    assert key_of(text) == key_of(latest)  # the same note, by any route, is the same question


def test_ids_follow_the_guid_both_ways():
    for guid in ("DcZD<_,f@t", "abcDEF1234", "f9X#k2~Lq", "ünï©ødé"):
        assert guid_for_key(key_for_guid(guid)) == guid
    for key in ("dca-year", "anki-zz", "anki-6869", "x.2"):
        assert key_for_guid(guid_for_key(key)) == key


def test_a_package_built_with_genanki_is_read(tmp_path):
    import genanki

    deck = genanki.Deck(1234567890, "Made with genanki")
    deck.add_note(
        genanki.Note(model=genanki.BASIC_MODEL, fields=["Capital of Latvia?", "Riga"], tags=["cap"], guid="g-1")
    )
    deck.add_note(genanki.Note(model=genanki.BASIC_AND_REVERSED_CARD_MODEL, fields=["sveiki", "hello"], guid="g-2"))
    deck.add_note(
        genanki.Note(model=genanki.CLOZE_MODEL, fields=["{{c1::Tallinn}} is in Estonia", "Old town"], guid="g-3")
    )
    deck.add_note(
        genanki.Note(model=genanki.BASIC_TYPE_IN_THE_ANSWER_MODEL, fields=["Baltic states?", "3"], guid="g-4")
    )
    path = tmp_path / "g.apkg"
    genanki.Package(deck).write_to_file(str(path))
    imported = read("g.apkg", path.read_bytes())
    assert not imported.problems
    got = {q.key: (q.type, q.prompt, q.answer) for d in imported.decks for q in d.questions}
    assert got == {
        "g-1": ("flashcard", "Capital of Latvia?", "Riga"),
        "g-2": ("flashcard", "sveiki", "hello"),
        "g-2.2": ("flashcard", "hello", "sveiki"),
        "g-3": ("cloze", "{{Tallinn}} is in Estonia", "Tallinn"),
        "g-4": ("short", "Baltic states?", "3"),
    }
    assert imported.decks[0].key == "made-with-genanki"


def test_anki_opens_what_is_written_and_gives_it_back_unchanged(tmp_path):
    """Export, import into Anki, export from Anki, import here: the same bank."""
    decks = bank_of((Path(__file__).parent.parent.parent / "questions" / "us-lithuania.yaml").read_text())
    package = tmp_path / "ours.apkg"
    package.write_bytes(write_bank(decks, "apkg").data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        col, log = import_package(tmp_path / "anki", package)
        assert len(log.log.new) == sum(len(d.questions) for d in decks)
        back = export_package(col, tmp_path / "back.apkg", legacy=False)
        card = col.get_note(col.find_notes("")[0]).cards()[0]
        assert "<style>" in card.question()  # Anki renders our note types
        col.close()
    again = read("back.apkg", back.read_bytes())
    assert not again.problems.errors
    ours = {q.key: q for d in decks for q in d.questions}
    theirs = {q.key: q for d in again.decks for q in d.questions}
    assert theirs == ours
    assert [d.key for d in again.decks if d.questions] == [d.key for d in decks]


def test_the_shipped_bank_goes_to_anki_with_its_note_types(tmp_path):
    data = write_bank(shipped(), "apkg").data
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        assert "collection.anki2" in archive.namelist()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        path = tmp_path / "s.apkg"
        path.write_bytes(data)
        col, _ = import_package(tmp_path / "anki", path)
        names = {model["name"] for model in col.models.all()}
        col.close()
    assert {"quiz Basic", "quiz Basic (type in the answer)"} <= names

"""Export then import gives the same bank, in every format, for everything the format can hold."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest

from quiz.bank import BankDeck, load_bank, validate_sources
from quiz.interop import read, write_bank
from quiz.paths import resource_dir
from tests.support import SMALL_BANK

SUFFIX = {"csv": "x.csv", "tsv": "x.tsv", "gift": "x.gift", "moodle-xml": "x.xml", "apkg": "x.apkg", "yaml": "x.yaml"}

#: Questions that use everything the bank can say: Markdown, math, a sound and an
#: image, a tolerance, several sources, a cloze with alternatives, a choice with
#: accepted answers, a tag with a dash, escaped characters.
RICH = textwrap.dedent(
    r"""
    deck: {id: rich, title: "Rich text: math & media"}
    questions:
      - id: area
        type: short
        kind: number
        prompt: 'What is the area of a circle of radius 1, to two decimals? ($A = \pi r^2$)'
        answer: "3.14"
        tolerance: 1%
        explanation: |-
          Work it out:

          - square the radius
          - multiply by *pi*
        source: [{document: geometry.txt, paragraph: 2}, {document: notes.txt, paragraph: 9}]
        tags: [math, circles]
      - id: map
        type: flashcard
        kind: name
        prompt: "Which city is marked on this map? ![A map of the Baltic states](media/baltic-map.png)"
        answer: Vilnius
        explanation: "Listen: ![the name said aloud](media/vilnius.mp3)"
      - id: year
        type: cloze
        kind: date
        prompt: Lithuania joined **NATO** in {{March 2004|2004}}.
        fact: nato
      - id: treaty
        type: choice
        kind: agreement
        prompt: "Which `1998` document set up working groups? Use [the State Department](https://state.gov)."
        answer: Charter of Partnership
        accept: [Baltic Charter]
        choices: [Charter of Partnership, "Treaty of Vilnius & Riga", "Accord | Pact"]
        fact: nato
      - id: half
        type: short
        kind: number
        prompt: What is half of 3?
        answer: "1.5"
        tolerance: "0.05"
    """
)
MEDIA = {"baltic-map.png": b"\x89PNG\r\n\x1a\na small map", "vilnius.mp3": b"ID3 a short sound"}


def shipped() -> tuple[BankDeck, ...]:
    return load_bank([resource_dir("questions")]).decks


def held(decks: tuple[BankDeck, ...], fmt: str) -> tuple[BankDeck, ...]:
    """What a format can hold of decks: only YAML holds a deck's source documents (titles, texts)."""
    if fmt == "yaml":
        return decks
    return tuple(BankDeck(d.key, d.title, d.questions) for d in decks)


def bank_of(text: str) -> tuple[BankDeck, ...]:
    bank, problems = validate_sources([], uploads={"bank.yaml": text.encode()}, media=MEDIA)
    assert not problems.errors, problems
    return bank.decks


def without(decks: tuple[BankDeck, ...], keys: set[str]) -> tuple[BankDeck, ...]:
    return tuple(
        BankDeck(d.key, d.title, tuple(q for q in d.questions if q.key not in keys), d.path, d.documents) for d in decks
    )


def round_trip(decks: tuple[BankDeck, ...], fmt: str, media: dict[str, bytes] | None = None):
    exported = write_bank(decks, fmt, media=media)
    # Formats without files of their own (CSV, GIFT) find them beside the file, as a folder or in a zip.
    beside = media if fmt in ("csv", "tsv", "gift", "yaml") else None
    imported = read(SUFFIX[fmt], exported.data, media=beside)
    assert not imported.problems.errors, [str(p) for p in imported.problems]
    return exported, imported


@pytest.mark.parametrize("fmt", ["yaml", "csv", "tsv", "gift", "moodle-xml", "apkg"])
def test_the_shipped_bank_comes_back_the_same(fmt):
    decks = shipped()
    exported, imported = round_trip(decks, fmt)
    assert imported.decks == held(decks, fmt)
    # What is said about it: Moodle and Anki have no flashcards or multiple choice of their own, and
    # only YAML holds the documents' titles.
    assert all(
        "flashcard" in note or "multiple choice" in note or "source documents are not carried" in note
        for note in exported.notes
    )


@pytest.mark.parametrize("fmt", ["yaml", "csv", "tsv", "moodle-xml", "apkg"])
def test_the_test_bank_comes_back_the_same(fmt):
    decks = bank_of(SMALL_BANK)
    _, imported = round_trip(decks, fmt)
    assert imported.decks == decks


def test_gift_holds_everything_but_clozes_with_several_gaps():
    decks = bank_of(SMALL_BANK)
    exported, imported = round_trip(decks, "gift")
    assert "question founding-cloze: a cloze with 2 gaps cannot be written in GIFT (one gap only); left out" in (
        exported.notes
    )
    assert imported.decks == without(decks, {"founding-cloze"})


@pytest.mark.parametrize("fmt", ["csv", "tsv", "moodle-xml", "apkg"])
def test_rich_text_math_media_and_tolerances_come_back_the_same(fmt):
    decks = bank_of(RICH)
    _, imported = round_trip(decks, fmt, media=MEDIA)
    assert imported.decks == decks
    if fmt in ("moodle-xml", "apkg"):  # the formats that carry files
        assert imported.media == MEDIA


def test_gift_carries_rich_text_and_finds_its_files_beside_it():
    decks = bank_of(RICH)
    exported, imported = round_trip(decks, "gift", media=MEDIA)
    assert imported.decks == decks
    assert any("GIFT files carry no images or sounds" in note for note in exported.notes)
    assert imported.media == MEDIA


@pytest.mark.parametrize("fmt", ["csv", "gift"])
def test_a_file_that_carries_no_media_names_the_missing_ones(fmt):
    exported = write_bank(bank_of(RICH), fmt, media=MEDIA)
    imported = read(SUFFIX[fmt], exported.data)
    missing = [str(p) for p in imported.problems.errors]
    assert any("media file 'baltic-map.png' is missing" in m for m in missing)
    assert any("media file 'vilnius.mp3' is missing" in m for m in missing)


def test_a_moodle_file_names_its_question_files_and_anki_its_media(tmp_path):
    decks = bank_of(RICH)
    xml = write_bank(decks, "moodle-xml", media=MEDIA).data.decode()
    assert '<file name="baltic-map.png" path="/" encoding="base64">' in xml
    assert "@@PLUGINFILE@@/baltic-map.png" in xml
    assert "\\(A = \\pi r^2\\)" in xml  # TeX for Moodle's MathJax filter
    without = [dataclasses.replace(deck, media={}) for deck in decks]  # decks that lost their files
    missing = write_bank(without, "apkg", media={})
    assert "question map: media file 'baltic-map.png' is missing; left out" in missing.notes


def test_writing_and_reading_again_is_stable(tmp_path: Path):
    """A second round changes nothing: what one round gives is a fixed point."""
    for fmt in ("csv", "gift", "moodle-xml", "apkg"):
        first = read(SUFFIX[fmt], write_bank(held(shipped(), fmt), fmt).data).decks
        second = read(SUFFIX[fmt], write_bank(first, fmt).data).decks
        assert second == first

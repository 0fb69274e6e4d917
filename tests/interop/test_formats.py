"""Each format read as its tools write it: Quizlet and Anki CSV/TSV, Moodle GIFT and Moodle XML."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.interop import format_for, read, write_bank
from tests.interop.test_round_trips import bank_of

SAMPLES = Path(__file__).parent / "samples"


def messages(imported) -> list[str]:
    return [str(p) for p in imported.problems]


def by_key(imported) -> dict:
    return {q.key: q for d in imported.decks for q in d.questions}


# --- CSV and TSV ----------------------------------------------------------------


def test_a_quizlet_export_becomes_flashcards_with_stable_ids():
    quizlet = b"Vilnius\tcapital of Lithuania\nRiga\tcapital of Latvia\nTallinn\tcapital of Estonia\n"
    imported = read("Baltic capitals.txt", quizlet)
    assert not imported.problems
    (deck,) = imported.decks
    assert (deck.key, deck.title) == ("baltic-capitals", "Baltic capitals")
    assert [(q.type, q.prompt, q.answer) for q in deck.questions] == [
        ("flashcard", "Vilnius", "capital of Lithuania"),
        ("flashcard", "Riga", "capital of Latvia"),
        ("flashcard", "Tallinn", "capital of Estonia"),
    ]
    # Reordered, with a row added, the same fronts keep the same ids: importing again updates them.
    again = read("Baltic capitals.txt", b"Kaunas\tsecond city\n" + b"".join(reversed(quizlet.splitlines(True))))
    old = {q.prompt: q.key for q in deck.questions}
    new = {q.prompt: q.key for q in again.decks[0].questions}
    assert all(new[prompt] == key for prompt, key in old.items())


def test_a_comma_csv_with_quotes_and_a_header_in_quizlets_words():
    data = b'Term,Definition\n"Vilnius, Lithuania",capital\n"The ""Baltic Way""",a human chain\n'
    imported = read("terms.csv", data)
    assert [(q.prompt, q.answer) for q in imported.decks[0].questions] == [
        ("Vilnius, Lithuania", "capital"),
        ('The "Baltic Way"', "a human chain"),
    ]


def test_the_bank_columns_are_read_and_wrong_ones_are_named():
    data = (
        b"front;back;type;kind;choices;tags;id;colour\n"
        b"When did Lithuania join NATO?;2004;choice;date;2002 | 2004 | 2007;nato history;nato-year;blue\n"
        b"Which city is the capital?;Vilnius;short;name;;;capital;red\n"
        b"Lithuania joined the EU in {{2004}}.;;cloze;date;;;eu-year;\n"
        b"Where?;Here;multiple;;;;bad-type;\n"
    )
    imported = read("bank.csv", data)
    assert messages(imported) == [
        "bank.csv:1:38: warning: column 'colour' is not a bank field; left out",
        "bank.csv:5:13: error: unknown question type 'multiple'; expected one of: flashcard, short, choice, cloze",
    ]
    assert imported.decks == ()  # one error anywhere and nothing is imported
    found = by_key(read("bank.csv", data.rsplit(b"Where?", 1)[0]))
    assert found["nato-year"].choices == ("2002", "2004", "2007")
    assert found["nato-year"].tags == ("nato", "history")
    assert found["eu-year"].type == "cloze"


def test_more_columns_without_a_header_are_named_once():
    imported = read("x.csv", b"a,b,c\nd,e,f\n")
    assert messages(imported) == [
        "x.csv:1:1: warning: 3 columns and no header row: column 1 is read as the front, column 2 as the back, "
        "and the rest is left out (name the columns in a first row to keep them)"
    ]


def test_an_empty_back_is_reported_at_its_row():
    imported = read("x.tsv", b"Vilnius\tcapital\nRiga\t\n")
    assert messages(imported) == ["x.tsv:2:1: error: the answer is empty"]


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("deck.yaml", b"", "yaml"),
        ("deck.CSV", b"", "csv"),
        ("deck.tsv", b"", "csv"),
        ("deck.apkg", b"", "apkg"),
        ("deck.colpkg", b"", "apkg"),
        ("deck.gift", b"", "gift"),
        ("deck.xml", b"", "moodle-xml"),
        ("export.txt", b"::Q1::What?{=this}", "gift"),
        ("export.txt", b"$CATEGORY: $course$/top/A\n\nQ?{T}", "gift"),
        ("export.txt", b"term\tdefinition {with braces=1}\n", "csv"),
        ("export.txt", b"#separator:tab\n#html:true\nA\t{{c1::b}}\n", "csv"),
        ("deck.pdf", b"", None),
    ],
)
def test_the_format_follows_the_file_name_and_for_txt_the_text(name, head, expected):
    assert format_for(name, head) == expected


# --- GIFT -----------------------------------------------------------------------


def test_every_gift_question_type_of_the_sample():
    imported = read("baltic.gift.txt", (SAMPLES / "baltic.gift.txt").read_bytes())
    assert [str(p) for p in imported.problems.errors] == []
    assert messages(imported) == [
        "baltic.gift.txt:7:64: warning: feedback on wrong choices is not supported; left out",
        "baltic.gift.txt:29:7: warning: partial credit (50%) is not supported: 'Brazauskas' left out",
        "baltic.gift.txt:38:1: warning: essay questions cannot be checked automatically; skipped",
        "baltic.gift.txt:40:1: warning: matching questions are not supported; skipped",
        "baltic.gift.txt:42:1: warning: a description, not a question; skipped",
        "baltic.gift.txt:46:38: warning: questions with several right choices (or partial credit only) "
        "are not supported; skipped",
    ]
    assert [(d.key, d.title) for d in imported.decks] == [
        ("baltic-history", "Baltic history"),
        ("baltic-history-geography", "Baltic history / Geography"),
    ]
    found = by_key(imported)
    capital = found["vilnius-capital"]
    assert (capital.type, capital.answer, capital.choices, capital.tags) == (
        "choice",
        "Vilnius",
        ("Kaunas", "Vilnius", "Klaipėda"),
        ("capitals", "geography"),
    )
    assert capital.explanation == "Vilnius has been the capital since the 14th century."
    assert found["independence"].prompt == "Lithuania restored its independence in {{1990|nineteen ninety}}."
    length = found["chain-length"]
    assert (length.type, length.kind, length.answer, length.tolerance) == ("short", "number", "675", "25")
    assert (found["range"].answer, found["range"].tolerance) == ("91", "1")
    assert found["members"].tolerance is None
    true_false = [q for q in found.values() if q.choices == ("True", "False")]
    assert sorted(q.answer for q in true_false) == ["False", "True"]
    assert found["escapes"].prompt == "Which of these is written { in GIFT: an escaped brace?"
    markdown = next(q for q in found.values() if "Charter of Partnership" in q.prompt)
    assert markdown.prompt == "Which treaty is **also** called the *Charter of Partnership*?"
    html = next(q for q in found.values() if "Neris" == q.answer)
    assert html.prompt == "Name the river **Vilnius** stands on.\\\nAnswer with one word."
    assert found["longest-river"].prompt == "The {{Neman|Nemunas}} is the longest river in Lithuania."


def test_unbalanced_braces_are_an_error_at_the_brace():
    imported = read("q.gift", b"// two questions\nFirst?{=a}\n\nSecond? {=b\n")
    assert messages(imported) == [
        "q.gift:4:9: error: a '{' without its '}' (or the other way round); escape a literal brace as \\{ or \\}"
    ]


def test_gift_writes_moodles_own_forms():
    decks = bank_of(
        "deck: {id: d, title: A/B deck}\nquestions:\n"
        "  - {id: tf, type: choice, prompt: 'Vilnius is a capital: yes?', answer: 'True', choices: ['True', 'False']}\n"
        "  - {id: num, type: short, kind: number, prompt: Members?, answer: '3', tolerance: '0.5'}\n"
        "  - {id: gap, type: cloze, prompt: 'Joined in {{2004}} = late', explanation: 'See #3'}\n"
    )
    text = write_bank(decks, "gift").data.decode()
    assert "$CATEGORY: $course$/top/A//B deck" in text
    assert "::tf::Vilnius is a capital\\: yes?{TRUE}" in text
    assert "::num::Members?{#\n\t=3:0.5\n}" in text
    assert "::gap::Joined in {=2004####See \\#3} \\= late" in text


# --- Moodle XML -------------------------------------------------------------------


def test_every_moodle_xml_question_type_of_the_sample():
    imported = read("baltic.moodle.xml", (SAMPLES / "baltic.moodle.xml").read_bytes())
    assert messages(imported) == [
        "baltic.moodle.xml:43:5: warning: partial credit (50%) is not supported: 'Brazauskas' left out",
        "baltic.moodle.xml:52:3: warning: the choices of gap 3 become a typed gap",
        "baltic.moodle.xml:62:3: warning: essay questions cannot be checked automatically; skipped",
        "baltic.moodle.xml:66:3: warning: matching questions are not supported; skipped",
        "baltic.moodle.xml:70:3: warning: questions with several right choices are not supported; skipped",
    ]
    assert [d.key for d in imported.decks] == ["baltic-history"]
    found = by_key(imported)
    capital = found["vilnius-capital"]
    assert capital.prompt == "Which city is the **capital** of Lithuania? ![The flag of Lithuania](media/flag.png)"
    assert capital.explanation == "Vilnius has been the capital since the 14th century."
    assert imported.media["flag.png"].startswith(b"\x89PNG")
    assert (found["baltic-way"].answer, found["baltic-way"].explanation) == ("True", "Yes, on 23 August 1989.")
    assert (found["supreme-council"].answer, found["supreme-council"].accept) == (
        "Vytautas Landsbergis",
        ("Landsbergis",),
    )
    assert (found["chain-length"].answer, found["chain-length"].tolerance) == ("675", "25")
    assert found["accession"].prompt == (
        "Lithuania joined NATO in {{2004}} and the EU in {{May 2004|2004}}; its capital is {{Vilnius}}."
    )


def test_two_different_files_of_one_name_are_both_kept():
    xml = b"""<quiz>
      <question type="shortanswer"><name><text>a</text></name>
        <questiontext format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/pic.png" alt="first">A?]]></text>
          <file name="pic.png" encoding="base64">iVBORw0KGgpvbmU=</file></questiontext>
        <answer fraction="100"><text>a</text></answer></question>
      <question type="shortanswer"><name><text>b</text></name>
        <questiontext format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/pic.png" alt="second">B?]]></text>
          <file name="pic.png" encoding="base64">iVBORw0KGgp0d28=</file></questiontext>
        <answer fraction="100"><text>b</text></answer></question>
    </quiz>"""
    imported = read("two.xml", xml)
    found = by_key(imported)
    first, second = found["a"].prompt, found["b"].prompt
    assert first == "![first](media/pic.png)\\\nA?" or first.startswith("![first](media/pic.png)")
    renamed = second.split("(media/")[1].split(")")[0]
    assert renamed != "pic.png" and imported.media[renamed] != imported.media["pic.png"]

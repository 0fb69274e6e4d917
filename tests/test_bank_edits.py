"""Pure editing helpers: applying a form's fields, what changed, and deck YAML that reads back the same."""

from __future__ import annotations

from quiz.bank import BankDeck, BankDocument, BankQuestion, Source, validate_sources
from quiz.bank.edits import apply_edits, changed_fields, describe_value, edit_token, editable_fields
from quiz.bank.writer import deck_fields, dump_fields, question_fields

QUESTION = BankQuestion(
    key="dca-year",
    type="short",
    kind="date",
    prompt="In what year was the Defense Cooperation Agreement signed?",
    answer="2017",
    accept=("twenty seventeen",),
    explanation="Signed in Washington.",
    sources=(Source("facts.txt", 3),),
    tags=("defence",),
    fact="dca",
)


def test_edits_replace_the_allowed_fields_and_keep_the_others():
    fields = question_fields(QUESTION)
    edited = apply_edits(
        fields,
        {"prompt": "Which year saw the DCA signed?", "explanation": "", "tags": ["defence", "nato"], "id": "x"},
        editable_fields("short"),
    )
    assert edited["prompt"] == "Which year saw the DCA signed?"
    assert "explanation" not in edited  # emptied: removed, as a bank file would leave it out
    assert edited["tags"] == ["defence", "nato"]
    assert edited["id"] == "dca-year"  # the id is not editable once the question exists
    assert edited["source"] == {"document": "facts.txt", "paragraph": 3} and edited["fact"] == "dca"
    assert list(edited)[:5] == ["id", "type", "kind", "prompt", "answer"]


def test_each_type_shows_its_own_fields():
    assert "choices" in editable_fields("choice") and "choices" not in editable_fields("short")
    assert "answer" not in editable_fields("cloze") and "accept" in editable_fields("cloze")
    assert "tolerance" not in editable_fields("flashcard")
    assert {"id", "type"} <= set(editable_fields("short", adding=True))
    assert "id" not in editable_fields("short")


def test_changed_fields_lists_only_real_changes():
    before = {"prompt": "A?", "answer": "1", "tags": [], "explanation": None}
    after = {"prompt": "A?", "answer": "2", "tags": (), "explanation": ""}
    assert changed_fields(before, after) == {"answer": ["1", "2"]}
    assert changed_fields({"tags": ["a"]}, {"tags": ["a", "b"]}) == {"tags": [["a"], ["a", "b"]]}


def test_the_confirmation_token_follows_the_edit():
    fields = question_fields(QUESTION)
    assert edit_token(fields) == edit_token(dict(reversed(list(fields.items()))))
    assert edit_token(fields) != edit_token(fields | {"answer": "2018"})


def test_history_values_read_as_text():
    assert describe_value(None) == "(none)" and describe_value([]) == "(none)"
    assert describe_value(["a", "b"]) == "a; b"
    assert describe_value([{"document": "d.txt", "paragraph": 2}]) == "d.txt, paragraph 2"


def test_a_deck_written_with_an_edited_question_reads_back_with_it():
    deck = BankDeck("mine", "Mine", (QUESTION,), documents=(BankDocument("facts.txt", "Facts"),))
    edited = apply_edits(question_fields(QUESTION), {"answer": "2018"}, editable_fields("short"))
    text = dump_fields([deck_fields(deck, [edited])])
    bank, problems = validate_sources([], uploads={"mine.yaml": text.encode()})
    assert not problems.errors
    (read,) = bank.decks
    assert read.questions[0].answer == "2018"
    assert read.questions[0].sources == QUESTION.sources and read.documents[0].title == "Facts"
    # Unedited, the deck reads back exactly as it was.
    again, _ = validate_sources([], uploads={"mine.yaml": dump_fields([deck_fields(deck)]).encode()})
    assert again.decks[0].questions == deck.questions

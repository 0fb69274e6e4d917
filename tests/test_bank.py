"""Bank files: every problem reported at its exact line and column, hostile files refused."""

from __future__ import annotations

import json
import textwrap
import time
from pathlib import Path

import jsonschema
import pytest
import yaml

from quiz.bank import BankError, load_bank, validate_paths, validate_sources
from quiz.bank.reader import MAX_DEPTH, MAX_FILE_BYTES
from quiz.bank.writer import dump_decks
from quiz.paths import PACKAGE_DIR, resource_dir

GOOD = textwrap.dedent(
    """\
    deck:
      id: good
      title: A good deck
    questions:
      - id: g1
        type: short
        kind: date
        prompt: In what year was the Ravel Border Accord signed?
        answer: "1930"
        source: {document: doc.txt, paragraph: 2}
    """
)


def messages(tmp_path: Path, text: str, name: str = "deck.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(text)
    _, problems = validate_paths([path])
    return [str(p).removeprefix(str(tmp_path) + "/") for p in problems]


def test_a_good_file_has_no_problem(tmp_path):
    assert messages(tmp_path, GOOD) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Unknown fields, with a suggestion.
        (
            GOOD.replace("    kind: date", "    knd: date"),
            "deck.yaml:7:5: error: unknown field 'knd' in question; did you mean 'kind'?",
        ),
        (
            GOOD.replace("  title:", "  titel:"),
            "deck.yaml:3:3: error: unknown field 'titel' in deck; did you mean 'title'?",
        ),
        (
            GOOD.replace("questions:", "question:"),
            "deck.yaml:4:1: error: unknown field 'question' in bank file; did you mean 'questions'?",
        ),
        # Missing required fields point at the mapping that lacks them.
        (GOOD.replace('    answer: "1930"\n', ""), "deck.yaml:5:5: error: question is missing required field 'answer'"),
        (GOOD.replace("  title: A good deck\n", ""), "deck.yaml:2:3: error: deck is missing required field 'title'"),
        # Wrong types.
        (
            GOOD.replace('answer: "1930"', "answer: [1930]"),
            "deck.yaml:9:13: error: 'answer' should be text, not a list",
        ),
        (
            GOOD.replace("kind: date", "kind: date\n    tags: history"),
            "deck.yaml:8:11: error: 'tags' should be a list, not text",
        ),
        (
            GOOD.replace("paragraph: 2", "paragraph: two"),
            "deck.yaml:10:44: error: 'paragraph' should be a whole number from 1, not 'two'",
        ),
        (
            GOOD.replace("type: short", "type: shortt"),
            "deck.yaml:6:11: error: unknown question type 'shortt'; did you mean 'short'?",
        ),
        (
            GOOD.replace("kind: date", "kind: dates"),
            "deck.yaml:7:11: error: unknown kind 'dates'; did you mean 'date'?",
        ),
        # Empty prompt, bad ids.
        (
            GOOD.replace("prompt: In what year was the Ravel Border Accord signed?", "prompt: '  '"),
            "deck.yaml:8:13: error: the prompt is empty",
        ),
        (
            GOOD.replace("id: g1", "id: g 1"),
            "deck.yaml:5:9: error: id 'g 1' should be letters, digits, '.', '_' or '-' (at most 100)",
        ),
        (
            GOOD + "    type: flashcard\n",
            "deck.yaml:11:5: error: field 'type' is given twice in this question (first at 6:5)",
        ),
    ],
)
def test_each_problem_is_reported_where_it_is(tmp_path, text, expected):
    assert expected in messages(tmp_path, text)


CHOICE = textwrap.dedent(
    """\
    deck: {id: c, title: Choices}
    questions:
      - id: c1
        type: choice
        prompt: Which accord settled the Ravel border?
        answer: Ravel Border Accord
        choices:
          - Ravel Border Accord
          - Treaty of Sylvan Peace
          - treaty of sylvan  peace
        source: {document: doc.txt, paragraph: 4}
      - id: c2
        type: choice
        prompt: Which charter came first?
        answer: Freedonian Charter
        choices: [Sylvan Charter, Ravel Charter]
        source: {document: doc.txt, paragraph: 4}
      - id: c3
        type: short
        prompt: Name the accord.
        answer: Ravel Border Accord
        choices: [a, b]
        source: {document: doc.txt, paragraph: 4}
    """
)


def test_choice_problems(tmp_path):
    found = messages(tmp_path, CHOICE)
    assert "deck.yaml:10:9: error: duplicate choice 'treaty of sylvan  peace' (first at 9:9)" in found
    assert "deck.yaml:15:13: error: answer 'Freedonian Charter' is not among the choices" in found
    assert "deck.yaml:22:5: error: 'choices' is only used by choice questions, not short" in found


def test_cloze_problems(tmp_path):
    text = textwrap.dedent(
        """\
        deck: {id: z, title: Clozes}
        questions:
          - id: z1
            type: cloze
            prompt: Freedonia was founded long ago.
            source: {document: doc.txt, paragraph: 1}
          - id: z2
            type: cloze
            prompt: Founded in {{ }}.
            source: {document: doc.txt, paragraph: 1}
          - id: z3
            type: cloze
            prompt: Founded in {{1848}}.
            answer: "1848"
            source: {document: doc.txt, paragraph: 1}
        """
    )
    found = messages(tmp_path, text)
    assert "deck.yaml:5:13: error: a cloze prompt needs at least one {{...}} gap" in found
    assert "deck.yaml:9:13: error: a cloze gap is empty: write the answer inside {{...}}" in found
    assert "deck.yaml:14:5: error: a cloze question takes its answers from the {{...}} gaps; remove 'answer'" in found


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    text = GOOD.replace("kind: date", "knd: date").replace("type: short", "type: shrt").replace('answer: "1930"', "")
    found = messages(tmp_path, text)
    assert len([m for m in found if ": error: " in m]) >= 3


def test_an_id_used_twice_names_both_places_across_files(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD)
    (tmp_path / "b.yaml").write_text(GOOD.replace("id: good", "id: other"))
    _, problems = validate_paths([tmp_path])
    found = [str(p).removeprefix(str(tmp_path) + "/") for p in problems]
    assert found == [
        f"b.yaml:5:5: warning: prompt is nearly the same as question 'g1' at {tmp_path / 'a.yaml'}:5",
        f"b.yaml:5:9: error: question id 'g1' is already used at {tmp_path / 'a.yaml'}:5:9",
    ]


def test_a_duplicate_id_is_found_even_in_a_question_with_other_errors(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD)
    (tmp_path / "b.yaml").write_text(GOOD.replace("id: good", "id: other").replace("type: short", "type: nope"))
    _, problems = validate_paths([tmp_path])
    assert any("question id 'g1' is already used" in p.message for p in problems)


def test_warnings_for_a_missing_source_and_a_near_duplicate_prompt(tmp_path):
    text = GOOD + (
        "  - id: g2\n"
        "    type: short\n"
        '    prompt: "In what YEAR was the Ravel Border Accord signed"\n'
        '    answer: "1930"\n'
    )
    found = messages(tmp_path, text)
    assert found == [
        "deck.yaml:11:5: warning: prompt is nearly the same as question 'g1' at " + str(tmp_path / "deck.yaml") + ":5",
        "deck.yaml:11:5: warning: question has no source (document and paragraph)",
    ]


def test_siblings_of_one_fact_are_not_near_duplicates(tmp_path):
    text = GOOD.replace("    kind: date", "    kind: date\n    fact: accord") + (
        "  - id: g2\n"
        "    type: choice\n"
        "    fact: accord\n"
        "    prompt: In what year was the Ravel Border Accord signed?\n"
        '    answer: "1930"\n'
        '    choices: ["1930", "1931", "1929"]\n'
        "    source: {document: doc.txt, paragraph: 2}\n"
    )
    assert messages(tmp_path, text) == []


def test_yaml_syntax_errors_name_the_line(tmp_path):
    found = messages(tmp_path, GOOD.replace('answer: "1930"', 'answer: "1930'))
    assert len(found) == 1 and found[0].startswith("deck.yaml:") and "YAML syntax error" in found[0]
    line = int(found[0].split(":")[1])
    assert 9 <= line <= 11


def test_validate_command_prints_every_problem_and_exits_1(tmp_path, runner):
    (tmp_path / "a.yaml").write_text(GOOD.replace("kind: date", "knd: date"))
    (tmp_path / "b.yaml").write_text(GOOD.replace("id: good", "id: b").replace("id: g1", "id: g2"))
    result = runner.invoke(args=["bank", "validate", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{tmp_path / 'a.yaml'}:7:5: error: unknown field 'knd' in question; did you mean 'kind'?" in result.output
    ok = runner.invoke(args=["bank", "validate", str(tmp_path / "b.yaml")])
    assert ok.exit_code == 0 and "1 questions in 1 decks; 0 error(s), 0 warning(s)" in ok.output


# --- hostile files -----------------------------------------------------------


def test_an_alias_bomb_is_refused_at_once(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        prev = chr(ord("a") + i - 1)
        lines.append(f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    started = time.perf_counter()
    found = messages(tmp_path, "\n".join(lines) + "\n")
    assert time.perf_counter() - started < 1.0
    assert found == ["deck.yaml:2:8: error: aliases (*name) are not allowed in bank files"]


def test_deep_nesting_is_refused_without_recursion_error(tmp_path):
    started = time.perf_counter()
    found = messages(tmp_path, "[" * 50_000 + "]" * 50_000)
    assert time.perf_counter() - started < 1.0
    assert len(found) == 1
    assert found[0].startswith("deck.yaml:1:") and found[0].endswith(f"error: nested more than {MAX_DEPTH} levels deep")


def test_tags_that_would_build_objects_are_refused(tmp_path):
    found = messages(tmp_path, "deck: !!python/object/apply:os.system ['true']\n")
    assert found == [
        "deck.yaml:1:7: error: YAML tags such as tag:yaml.org,2002:python/object/apply:os.system "
        "are not allowed in bank files"
    ]


def test_oversized_binary_and_non_utf8_files_get_clear_errors(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    binary = tmp_path / "pic.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(GOOD.replace("A good deck", "Caf\xe9").encode("latin-1"))
    _, problems = validate_paths([big, binary, latin])
    found = sorted(str(p).removeprefix(str(tmp_path) + "/") for p in problems)
    assert found == [
        f"big.yaml:1:1: error: file is {MAX_FILE_BYTES + 1:,} bytes; the limit is {MAX_FILE_BYTES:,}",
        "latin.yaml:3:13: error: not valid UTF-8 (byte 0xe9); save the file as UTF-8",
        "pic.yaml:1:1: error: this looks like a binary file, not YAML text",
    ]


def test_load_bank_is_all_or_nothing(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD)
    (tmp_path / "b.yaml").write_text("deck: {id: b, title: B}\nquestions:\n  - id: x\n")
    with pytest.raises(BankError) as raised:
        load_bank([tmp_path])
    assert "b.yaml:3:5: error: question is missing required field 'type'" in str(raised.value)


def test_uploads_are_checked_like_files():
    bank, problems = validate_sources([], uploads={"upload.yaml": GOOD.encode()})
    assert not problems and [q.key for q in bank.questions] == ["g1"]


# --- round trip and schema ---------------------------------------------------

TRICKY = textwrap.dedent(
    """\
    deck: {id: tricky, title: "Values YAML would misread: yes, no, 2017"}
    questions:
      - id: t1
        type: short
        kind: other
        prompt: "Answer: yes or no?"
        answer: "yes"
        accept: ["on", "~", "1922-07-28", "0x1F"]
        explanation: "Colons: everywhere; and # hashes"
        source:
          - {document: a.txt, paragraph: 1}
          - {document: "b c.txt", paragraph: 12}
        tags: ["2017", "true"]
        fact: "null"
      - id: t2
        type: cloze
        kind: date
        prompt: "Lietuva: founded in {{1918|nineteen eighteen}}, joined NATO in {{2004}} — ąčę."
        source: {document: a.txt, paragraph: 2}
    """
)


def test_written_yaml_reads_back_to_the_same_bank(tmp_path):
    bank = load_bank([resource_dir("questions")])
    tricky = load_bank([_write(tmp_path, TRICKY)])
    assert tricky.questions[0].answer == "yes" and tricky.questions[0].fact == "null"
    text = dump_decks([*bank.decks, *tricky.decks])
    again = load_bank([_write(tmp_path, text, "again.yaml")])
    assert again.decks == (*bank.decks, *tricky.decks)


def _write(folder: Path, text: str, name: str = "x.yaml") -> Path:
    (folder / name).write_text(text)
    return folder / name


def test_the_json_schema_accepts_the_shipped_bank_and_rejects_mistakes():
    schema = json.loads((PACKAGE_DIR / "bank" / "schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(resource_dir("questions").glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text()):
            assert not list(validator.iter_errors(document)), path
    broken = yaml.safe_load(GOOD.replace("kind: date", "knd: date"))
    assert list(validator.iter_errors(broken))
    cloze = yaml.safe_load(GOOD.replace("type: short", "type: cloze"))
    assert list(validator.iter_errors(cloze))  # a cloze takes no answer and needs a gap


def test_the_readme_example_is_a_valid_bank(tmp_path):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme[readme.index("## Writing questions") :]
    example = section[section.index("```yaml\n") + 8 : section.index("```\n", section.index("```yaml\n"))]
    (tmp_path / "example.yaml").write_text(example)
    bank, problems = validate_paths([tmp_path / "example.yaml"])
    assert not problems.errors, problems
    assert {q.type for q in bank.questions} == {"flashcard", "short", "choice", "cloze"}

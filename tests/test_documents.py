"""Source documents: titles and texts in the bank, validated at file:line:column, imported, and read by learners."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import jsonschema
import sqlalchemy as sa
import yaml

from quiz.bank import load_bank, validate_paths
from quiz.bank.writer import dump_decks
from quiz.models import Document
from quiz.paths import PACKAGE_DIR, resource_dir
from tests.support import SMALL_BANK

TEXT = (
    "Freedonia\n\n"
    "Freedonia and Sylvania opened diplomatic relations on March 3, 1921.\n\n"
    "Freedonia pledged $12.5 million to Sylvania's railways.\n\n"
    "In 1930 the Ravel Border Accord settled the border.\n"
)

DOCUMENTS = textwrap.dedent(
    """\
    documents:
      freedonia.txt:
        title: A Short History of Freedonia
        show_text: true
        origin: Written for the tests.
    """
)


def bank_folder(tmp_path: Path, documents: str = DOCUMENTS, text: str | None = TEXT) -> Path:
    folder = tmp_path / "bank"
    (folder / "documents").mkdir(parents=True, exist_ok=True)
    (folder / "deck.yaml").write_text(SMALL_BANK + documents)
    if text is not None:
        (folder / "documents" / "freedonia.txt").write_text(text)
    return folder


def messages(folder: Path) -> list[str]:
    _, problems = validate_paths([folder])
    return [str(p).replace(str(folder) + "/", "") for p in problems]


def test_a_deck_file_names_its_documents_and_their_texts_are_read_beside_it(tmp_path):
    bank = load_bank([bank_folder(tmp_path)])
    (doc,) = bank.decks[0].documents
    assert (doc.name, doc.title, doc.show_text, doc.origin) == (
        "freedonia.txt",
        "A Short History of Freedonia",
        True,
        "Written for the tests.",
    )
    assert doc.text == TEXT


def test_document_mistakes_are_reported_at_file_line_and_column(tmp_path):
    start = SMALL_BANK.count("\n") + 1  # the line of "documents:"
    documents = textwrap.dedent(
        """\
        documents:
          freedonia.txt:
            titel: A Short History of Freedonia
            show_text: maybe
          ../secret.txt: {title: Nope}
          other.txt: Just a title
        """
    )
    found = messages(bank_folder(tmp_path, documents))
    assert f"deck.yaml:{start + 2}:5: error: unknown field 'titel' in document; did you mean 'title'?" in found
    assert f"deck.yaml:{start + 2}:5: error: document 'freedonia.txt' is missing required field 'title'" in found
    assert f"deck.yaml:{start + 3}:16: error: 'show_text' should be true or false, not 'maybe'" in found
    assert f"deck.yaml:{start + 4}:3: error: document '../secret.txt' should be a plain file name, without folders" in (
        found
    )
    assert f"deck.yaml:{start + 5}:14: error: document 'other.txt' should be a mapping with a title, not text" in found


def test_a_missing_text_and_a_paragraph_the_text_lacks_are_warned_about(tmp_path):
    folder = bank_folder(tmp_path, text=None)
    assert any(
        "documents/freedonia.txt is not beside this file: learners will see the title only" in m
        for m in (messages(folder))
    )
    short = bank_folder(tmp_path / "short", text="Freedonia\n\nOne paragraph more.\n")
    found = messages(short)
    lacking = r"deck.yaml:\d+:5: warning: source 'freedonia.txt' has 2 paragraphs; there is no paragraph 4"
    assert any(re.search(lacking, m) for m in found), found


def test_two_files_may_not_describe_one_document_differently(tmp_path):
    folder = bank_folder(tmp_path)
    (folder / "more.yaml").write_text(
        "deck: {id: more, title: More}\nquestions: []\ndocuments:\n  freedonia.txt: {title: Another title}\n"
    )
    found = messages(folder)
    assert any(
        m.startswith("more.yaml:4:3: error: document 'freedonia.txt' is described differently at ") for m in found
    ), found


def test_the_schema_knows_documents_and_the_writer_keeps_them(tmp_path):
    schema = json.loads((PACKAGE_DIR / "bank" / "schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    good = yaml.safe_load(SMALL_BANK + DOCUMENTS)
    assert not list(validator.iter_errors(good))
    assert list(validator.iter_errors(yaml.safe_load(SMALL_BANK + DOCUMENTS.replace("show_text", "shown"))))
    assert list(validator.iter_errors(yaml.safe_load(SMALL_BANK + DOCUMENTS.replace("freedonia.txt", "a/b.txt"))))
    bank = load_bank([bank_folder(tmp_path)])
    again = tmp_path / "again.yaml"
    again.write_text(dump_decks(bank.decks))
    assert load_bank([again]).decks == bank.decks


def test_the_shipped_bank_titles_both_seed_documents_and_shows_only_the_public_domain_one():
    bank = load_bank([resource_dir("questions")])
    docs = {d.name: d for d in bank.decks[0].documents}
    assert not docs["000_02e7ec7aab328a6d.txt"].show_text and docs["000_02e7ec7aab328a6d.txt"].text is None
    state = docs["001_bc627bcb90f32704.txt"]
    assert state.show_text and "U.S. Department of State" in state.text and "public domain" in state.origin
    cited = {s.document for q in bank.questions for s in q.sources}
    assert cited == set(docs)


def test_importing_stores_documents_once_and_an_upload_keeps_the_stored_text(tmp_path, runner, query):
    folder = bank_folder(tmp_path)
    result = runner.invoke(args=["bank", "import", str(folder)])
    assert result.exit_code == 0 and "documents added or updated: freedonia.txt" in result.output
    again = runner.invoke(args=["bank", "import", str(folder)])
    assert "documents" not in again.output
    # A file without its documents folder (an upload, say) changes the title but keeps the text.
    lone = tmp_path / "lone" / "deck.yaml"
    lone.parent.mkdir()
    lone.write_text(SMALL_BANK + DOCUMENTS.replace("A Short History", "A Brief History"))
    runner.invoke(args=["bank", "import", str(lone)])
    stored = query(lambda s: s.execute(sa.select(Document.title, Document.show_text, Document.text)).one())
    assert tuple(stored) == ("A Brief History of Freedonia", True, TEXT)


def test_learners_see_the_title_and_open_the_text_at_the_cited_paragraph(tmp_path, runner, accounts, client, studier):
    runner.invoke(args=["bank", "import", str(bank_folder(tmp_path))])
    accounts.register()
    side = studier.answer("3 March 1921")
    html = side["html"].decode()
    link = re.search(r'<a href="(/documents/\d+\?paragraph=2#p2)">A Short History of Freedonia</a>, paragraph 2', html)
    assert link, html[html.find('class="source"') :][:400]
    page = client.get(link.group(1).split("#")[0]).data.decode()
    assert '<p id="p2" class="cited">' in page
    assert "Freedonia and Sylvania opened diplomatic relations on March 3, 1921." in page
    assert "Written for the tests." in page


def test_a_title_only_document_is_named_but_not_opened(tmp_path, runner, accounts, client, studier, query):
    runner.invoke(args=["bank", "import", str(bank_folder(tmp_path, DOCUMENTS.replace("true", "false")))])
    accounts.register()
    html = studier.answer("3 March 1921")["html"].decode()
    assert "<cite>A Short History of Freedonia</cite>, paragraph 2" in html and "/documents/" not in html
    doc_id = query(lambda s: s.scalar(sa.select(Document.id)))
    assert client.get(f"/documents/{doc_id}").status_code == 404
    assert client.get("/documents/999").status_code == 404


def test_visitors_are_sent_to_log_in(tmp_path, runner, client, query):
    runner.invoke(args=["bank", "import", str(bank_folder(tmp_path))])
    doc_id = query(lambda s: s.scalar(sa.select(Document.id)))
    response = client.get(f"/documents/{doc_id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]

"""Every format through 'flask bank import/export' and the instructor's upload page."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
import yaml

from quiz.bank.writer import dump_decks
from quiz.extensions import db
from quiz.interop import read, write_bank
from quiz.models import Question, Role, Upload
from quiz.services.accounts.users import create_user
from tests.interop.test_round_trips import bank_of
from tests.support import PASSWORD, SMALL_BANK, Accounts, csrf_token

SUFFIX = {"csv": "csv", "tsv": "tsv", "apkg": "apkg", "gift": "gift", "moodle-xml": "xml"}


def keys(query) -> dict[str, str]:
    return dict(
        query(lambda s: s.execute(sa.select(Question.key, Question.prompt).where(Question.retired_at.is_(None))).all())
    )


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_export_then_import_changes_nothing(runner, tmp_path, fmt, query):
    out = tmp_path / f"bank.{SUFFIX[fmt]}"
    result = runner.invoke(args=["bank", "export", "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    before = keys(query)
    again = runner.invoke(args=["bank", "import", str(out)])
    assert again.exit_code == 0, again.output
    if fmt == "gift":  # GIFT holds no cloze of two gaps: the test bank's founding-cloze is retired
        assert "added 0, changed 0, retired 1, revived 0, unchanged 5" in again.output
    else:
        assert "added 0, changed 0, retired 0, revived 0, unchanged 6" in again.output
    assert keys(query).keys() <= before.keys()


def test_yaml_stays_the_default_export(runner):
    result = runner.invoke(args=["bank", "export"])
    assert result.exit_code == 0
    assert yaml.safe_load(result.output)["deck"]["id"] == "test-deck"


def test_what_cannot_be_carried_over_is_listed_and_the_rest_imported(runner, tmp_path, query):
    gift = tmp_path / "class.gift"
    gift.write_text(
        "::cap::Capital of Freedonia?{=Rufusburg =Rufus}\n\n::essay::Describe Freedonia.{}\n\n"
        "::pi::Pi to two decimals?{#3.14:0.01}\n"
    )
    result = runner.invoke(args=["bank", "import", str(gift)])
    assert result.exit_code == 0, result.output
    assert f"{gift}:3:1: warning: essay questions cannot be checked automatically; skipped" in result.output
    assert "added 2" in result.output
    tolerance = query(lambda s: s.scalar(sa.select(Question.tolerance).where(Question.key == "pi")))
    assert tolerance == "0.01"
    # Importing it again changes nothing: ids come from the file.
    assert (
        "added 0, changed 0, retired 0, revived 0, unchanged 2"
        in runner.invoke(args=["bank", "import", str(gift)]).output
    )


def test_a_format_may_be_named_and_a_deck_given(runner, tmp_path, query):
    words = tmp_path / "words.dat"
    words.write_text("labas\thello\načiū\tthank you\n")
    result = runner.invoke(
        args=["bank", "import", str(words), "--format", "csv", "--deck", "lt-words", "--title", "Words"]
    )
    assert result.exit_code == 0, result.output
    assert "added 2" in result.output
    assert "lt-words" in query(lambda s: s.execute(sa.text("SELECT key FROM deck")).scalars().all())


def test_an_unknown_file_type_is_an_error(runner, tmp_path):
    strange = tmp_path / "deck.pdf"
    strange.write_bytes(b"%PDF")
    result = runner.invoke(args=["bank", "validate", str(strange)])
    assert result.exit_code == 1
    assert f"{strange}:1:1: error: unknown file type" in result.output


def test_an_error_in_any_file_imports_nothing(runner, tmp_path, query):
    good = tmp_path / "good.csv"
    good.write_text("front,back\nNew question?,New answer\n")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b'front,back\n"unclosed,quote\n')
    before = keys(query)
    result = runner.invoke(args=["bank", "import", str(good), str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:2:1: error: this quoted field is never closed" in result.output
    assert keys(query) == before


# --- the upload page ------------------------------------------------------------


@pytest.fixture
def instructor(app, client):
    with app.app_context():
        create_user("teach", PASSWORD, role=Role.INSTRUCTOR)
        db.session.remove()
    Accounts(client).login("teach")
    return client


def upload(client, name: str, data: bytes, **fields: str):
    token = csrf_token(client.get("/instructor/upload").data)
    return client.post(
        "/instructor/upload",
        data={"csrf_token": token, "file": (io.BytesIO(data), name), **fields},
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_every_format_uploads_to_the_same_preview_and_applies(instructor, query, fmt):
    decks = bank_of(SMALL_BANK.replace("What is the capital of Freedonia?", "Name the capital of Freedonia."))
    response = upload(instructor, f"class.{SUFFIX[fmt]}", write_bank(decks, fmt).data)
    assert response.status_code == 303, response.data[:2000]
    preview = instructor.get(response.headers["Location"])
    changed = 1
    retired = 1 if fmt == "gift" else 0  # GIFT has no cloze with two gaps
    assert f'<dd id="plan-changed">{changed}</dd>'.encode() in preview.data
    assert f'<dd id="plan-retired">{retired}</dd>'.encode() in preview.data
    stored = query(lambda s: s.scalars(sa.select(Upload)).one())
    assert stored.notes is not None
    token = csrf_token(preview.data)
    applied = instructor.post(response.headers["Location"] + "/apply", data={"csrf_token": token})
    assert applied.status_code == 303
    assert keys(query)["capital-flashcard"] == "Name the capital of Freedonia."


def test_an_upload_with_errors_shows_them_with_their_place(instructor, query):
    response = upload(instructor, "class.csv", b"front,back\nRiga,\n")
    assert response.status_code == 200
    assert b"class.csv:2:1: error: the answer is empty" in response.data
    assert query(lambda s: s.scalar(sa.select(sa.func.count()).select_from(Upload))) == 0


def test_the_chosen_format_overrides_the_file_name(instructor, query):
    response = upload(instructor, "export.dat", b"Riga\tLatvia\n", format="csv")
    assert response.status_code == 303
    stored = query(lambda s: s.scalars(sa.select(Upload)).one())
    assert read("x.yaml", stored.content.encode()).decks[0].questions[0].answer == "Latvia"
    assert dump_decks(read("x.yaml", stored.content.encode()).decks) == stored.content

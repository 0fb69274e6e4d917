"""Instructor pages: deck list, bank upload with preview and apply, document drafts."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Question, Role, Upload
from quiz.services.accounts.users import create_user
from tests.support import PASSWORD, SMALL_BANK, Accounts, csrf_token

DOCUMENT = (
    "Freedonia and Sylvania\n\n"
    "Freedonia and Sylvania opened diplomatic relations on March 3, 1921.\n\n"
    "In 1930 the two countries signed the Ravel Border Accord (RBA).\n\n"
    "Since 1995, Freedonia has provided more than $12.5 million to Sylvania's railways.\n"
)


@pytest.fixture
def instructor(app, client):
    with app.app_context():
        create_user("teach", PASSWORD, role=Role.INSTRUCTOR)
        db.session.remove()
    Accounts(client).login("teach")
    return client


def upload(client, path, name, data, **fields):
    token = csrf_token(client.get(path).data)
    return client.post(
        path, data={"csrf_token": token, "file": (io.BytesIO(data), name), **fields}, content_type="multipart/form-data"
    )


def count(query, model):
    return query(lambda s: s.scalar(sa.select(sa.func.count()).select_from(model)))


@pytest.mark.parametrize(
    "path", ["/instructor/", "/instructor/upload", "/instructor/documents", "/instructor/export.yaml"]
)
def test_learners_get_403_and_visitors_are_sent_to_log_in(accounts, client, path):
    assert client.get(path).status_code == 302
    accounts.register("learner")
    assert client.get(path).status_code == 403


def test_deck_list_shows_question_counts(instructor):
    page = instructor.get("/instructor/").data
    row = (
        rb'<th scope="row"><a href="/instructor/bank\?deck=test-deck">Test deck</a></th>'
        rb'<td><code>test-deck</code></td><td class="num">6</td><td class="num">0</td>'
    )
    assert re.search(row, page)


def test_a_file_with_errors_shows_every_message_and_changes_nothing(instructor, query):
    bad = SMALL_BANK.replace("    kind: money", "    knd: money").replace("type: flashcard", "type: flashcrd")
    page = upload(instructor, "/instructor/upload", "mine.yaml", bad.encode())
    assert page.status_code == 200
    assert b"mine.yaml:23:5: error: unknown field &#39;knd&#39; in question; did you mean &#39;kind&#39;?" in page.data
    assert (
        b"mine.yaml:35:11: error: unknown question type &#39;flashcrd&#39;; did you mean &#39;flashcard&#39;?"
        in page.data
    )
    assert b"Nothing was changed." in page.data
    assert count(query, Upload) == 0


def test_upload_preview_apply(instructor, query):
    edited = SMALL_BANK.replace("What is the capital of Freedonia?", "Name Freedonia's capital.")
    start, end = edited.index("  - id: aid-amount\n"), edited.index("  - id: treaty-name\n")
    edited = (
        edited[:start]
        + edited[end:]
        + (
            "  - id: anthem\n    type: short\n    kind: name\n    prompt: Who wrote Freedonia's anthem?\n"
            "    answer: Groucho\n    source: {document: freedonia.txt, paragraph: 5}\n"
        )
    )
    response = upload(instructor, "/instructor/upload", "edit.yaml", edited.encode())
    assert response.status_code == 303
    preview = instructor.get(response.headers["Location"]).data
    for name, value in (("added", 1), ("changed", 1), ("retired", 1), ("unchanged", 4)):
        assert f'id="plan-{name}">{value}<'.encode() in preview
    assert b"<code>anthem</code>" in preview and b"<code>aid-amount</code>" in preview
    # The preview changed nothing.
    assert query(lambda s: s.scalar(sa.select(sa.func.count(Question.id)).where(Question.key == "anthem"))) == 0
    apply_url = re.search(rb'action="(/instructor/uploads/\d+/apply)"', preview).group(1).decode()
    done = instructor.post(apply_url, data={"csrf_token": csrf_token(preview)})
    assert done.status_code == 303
    assert b"Applied: added 1, changed 1, retired 1, revived 0, unchanged 4." in instructor.get("/instructor/").data
    assert (
        query(lambda s: s.scalar(sa.select(Question.prompt).where(Question.key == "capital-flashcard")))
        == "Name Freedonia's capital."
    )
    # A second click applies nothing more.
    again = instructor.post(apply_url, data={"csrf_token": csrf_token(preview)})
    assert b"edit.yaml was already applied." in instructor.get(again.headers["Location"]).data


def test_uploads_that_are_not_utf8_text_get_clear_errors(instructor, query):
    page = upload(
        instructor, "/instructor/upload", "latin.yaml", SMALL_BANK.replace("Test deck", "Caf\xe9").encode("latin-1")
    )
    assert b"latin.yaml:3:13: error: not valid UTF-8 (byte 0xe9); save the file as UTF-8" in page.data
    page = upload(instructor, "/instructor/upload", "photo.yaml", b"\x89PNG\r\n\x1a\n\0\0")
    assert b"this looks like a binary file, not YAML text" in page.data
    doc = upload(
        instructor,
        "/instructor/documents",
        "notes.txt",
        "Caf\xe9 1921".encode("latin-1"),
        deck_id="notes",
        title="Notes",
    )
    assert b"notes.txt is not UTF-8 text (byte 0xe9 at line 1, column 4)" in doc.data
    assert count(query, Upload) == 0


def test_uploads_over_the_size_limit_are_refused(instructor, app):
    # Small limits keep the test client's request body in memory.
    app.config["MAX_CONTENT_LENGTH"] = 4096
    app.config["MAX_BANK_UPLOAD_BYTES"] = 8192
    big = b"#" * 5000
    response = upload(instructor, "/instructor/documents", "big.txt", big, deck_id="big", title="Big")
    assert response.status_code == 413 and b"Too large" in response.data
    # Bank files (Anki packages with their images) may be larger...
    response = upload(instructor, "/instructor/upload", "big.yaml", big)
    assert response.status_code == 200 and b"Nothing was changed." in response.data
    # ...up to their own limit.
    response = upload(instructor, "/instructor/upload", "big.yaml", big * 2)
    assert response.status_code == 413 and b"Too large" in response.data


def test_only_instructors_may_send_large_bank_uploads(app, client, accounts):
    app.config["MAX_CONTENT_LENGTH"] = 4096
    accounts.register("learner")
    token = csrf_token(client.get("/settings").data)
    data = {"csrf_token": token, "file": (io.BytesIO(b"#" * 5000), "big.apkg")}
    response = client.post("/instructor/upload", data=data, content_type="multipart/form-data")
    assert response.status_code == 413


def test_a_document_becomes_a_draft_reviewed_question_by_question(instructor, query):
    response = upload(
        instructor, "/instructor/documents", "freedonia.txt", DOCUMENT.encode(), deck_id="freedonia", title="Freedonia"
    )
    assert response.status_code == 303
    draft = instructor.get(response.headers["Location"]).data
    prompts = re.findall(rb'<textarea[^>]*name="q(\d+)-prompt"[^>]*>\s*([^<]*)</textarea>', draft)
    assert len(prompts) >= 4
    assert any(b"1921" in p or b"diplomatic relations" in p for _, p in prompts)
    # Nothing reaches the catalogue before it is accepted.
    assert query(lambda s: s.scalar(sa.select(sa.func.count(Question.id)).where(Question.key.like("freedonia%")))) == 0
    base = response.headers["Location"]
    index = int(prompts[0][0])
    answer = re.search(rb'name="q%d-answer"[^>]*value="([^"]*)"' % index, draft).group(1).decode()
    accepted = instructor.post(
        f"{base}/{index}/accept",
        data={
            "csrf_token": csrf_token(draft),
            f"q{index}-prompt": "Edited: when did the two countries open relations?",
            f"q{index}-answer": answer,
        },
    )
    assert accepted.status_code == 303
    stored = query(
        lambda s: s.execute(
            sa.select(Question.prompt, Question.retired_at).where(Question.prompt.like("Edited:%"))
        ).one()
    )
    assert stored.retired_at is None
    # An edit that breaks the question is refused with the validator's message.
    broken = instructor.post(
        f"{base}/{index}/accept",
        data={"csrf_token": csrf_token(draft), f"q{index}-prompt": "x", f"q{index}-answer": ""},
    )
    assert broken.status_code == 400 and b"question is missing required field &#39;answer&#39;" in broken.data
    # Rejecting an accepted question retires it.
    instructor.post(f"{base}/{index}/reject", data={"csrf_token": csrf_token(draft)})
    assert query(lambda s: s.scalar(sa.select(Question.retired_at).where(Question.prompt.like("Edited:%")))) is not None


def test_a_draft_cannot_take_an_existing_deck_id(instructor):
    page = upload(
        instructor, "/instructor/documents", "freedonia.txt", DOCUMENT.encode(), deck_id="test-deck", title="Clash"
    )
    assert b"A deck with id &#39;test-deck&#39; exists already" in page.data


def test_export_downloads_the_bank(instructor):
    response = instructor.get("/instructor/export.yaml")
    assert response.headers["Content-Disposition"] == "attachment; filename=bank.yaml"
    assert b"id: test-deck" in response.data and b"id: founding-cloze" in response.data

"""Uploads within the limits stay usable: drafts capped and paged, a bank applied under a short write lock."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa

from quiz.bank import load_bank
from quiz.extensions import db
from quiz.instructor import views
from quiz.models import Question, Role, Upload, utcnow
from quiz.services.accounts.users import create_user
from quiz.services.bank import catalog, uploads
from tests.support import PASSWORD, SMALL_BANK, Accounts, csrf_token, make_bank_dir

DOCUMENT = "\n\n".join(
    f"In {1900 + i} the Freedonian parliament passed the Railway Act number {i} worth ${i + 1}.5 million."
    for i in range(12)
)


@pytest.fixture
def teacher(app, client):
    with app.app_context():
        create_user("teach", PASSWORD, role=Role.INSTRUCTOR)
        db.session.remove()
    Accounts(client).login("teach")
    return client


def send_document(client, text: str = DOCUMENT):
    token = csrf_token(client.get("/instructor/documents").data)
    return client.post(
        "/instructor/documents",
        data={"csrf_token": token, "file": (io.BytesIO(text.encode()), "acts.txt"), "deck_id": "acts", "title": "Acts"},
        content_type="multipart/form-data",
    )


def test_a_document_giving_too_many_drafts_is_cut_short_and_says_so(teacher, query, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_DRAFTS", 5)
    response = send_document(teacher)
    assert response.status_code == 303
    upload = query(lambda s: s.scalar(sa.select(Upload)))
    assert len(upload.draft) <= 5 and upload.drafts_found > 5
    # Siblings drawn from one fact stay together: no fact is cut in two.
    facts = [entry["fields"].get("fact") for entry in upload.draft]
    assert all(facts.count(fact) == 2 for fact in facts if fact)
    page = teacher.get(response.headers["Location"]).data.decode()
    message = f"acts.txt gave {upload.drafts_found:,} draft questions; only the first {len(upload.draft)}"
    assert page.count(message) == 1
    assert "at most 5 per document" in page and "Upload the rest of the document" in page
    # The note stays on the draft page for as long as the draft is reviewed.
    assert message in teacher.get(response.headers["Location"] + "?page=2").data.decode()


def test_a_document_within_the_cap_keeps_every_draft_and_says_nothing(teacher, query):
    response = send_document(teacher)
    upload = query(lambda s: s.scalar(sa.select(Upload)))
    assert len(upload.draft) == upload.drafts_found
    assert "were kept" not in teacher.get(response.headers["Location"]).data.decode()


def test_the_draft_page_is_paged_and_accepting_returns_to_the_right_page(teacher, query, monkeypatch):
    monkeypatch.setattr(views, "DRAFTS_PER_PAGE", 4)
    draft = send_document(teacher).headers["Location"]
    upload = query(lambda s: s.scalar(sa.select(Upload)))
    total = len(upload.draft)
    assert total > 8
    first = teacher.get(draft).data.decode()
    assert re.findall(r'id="q(\d+)"', first) == ["0", "1", "2", "3"]
    assert f"Page 1 of {-(-total // 4)}" in first and 'rel="next"' in first
    second = teacher.get(draft + "?page=2").data.decode()
    assert re.findall(r'id="q(\d+)"', second) == ["4", "5", "6", "7"]
    last = teacher.get(draft + "?page=999").data.decode()
    assert f'id="q{total - 1}"' in last and 'rel="next"' not in last
    token = csrf_token(second.encode())
    response = teacher.post(f"/instructor/drafts/{upload.id}/5/reject", data={"csrf_token": token})
    assert response.headers["Location"].endswith("page=2#q5")
    token = csrf_token(teacher.get(draft + "?page=2").data)
    bad = teacher.post(f"/instructor/drafts/{upload.id}/6/accept", data={"csrf_token": token, "q6-prompt": ""})
    assert bad.status_code == 400
    assert re.findall(r'id="q(\d+)"', bad.data.decode()) == ["4", "5", "6", "7"]


def statements_during(app, fn):
    """Run ``fn`` and return SQLite's own trace of the statements it sent, BEGINs included."""
    seen: list[str] = []
    with app.app_context():
        sa.event.listen(db.engine, "checkout", lambda dbapi, *a: dbapi.set_trace_callback(seen.append))
        db.engine.dispose()
    fn()
    return seen


@pytest.mark.sqlite_only
def test_applying_an_upload_compares_outside_the_write_transaction(app, teacher):
    bank = SMALL_BANK.replace("deck:\n  id: test-deck", "deck:\n  id: more").replace("id: ", "id: more-")
    bank = bank.replace("id: more-more", "id: more")
    token = csrf_token(teacher.get("/instructor/upload").data)
    response = teacher.post(
        "/instructor/upload",
        data={"csrf_token": token, "file": (io.BytesIO(bank.encode()), "more.yaml")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, response.data
    preview = response.headers["Location"]
    token = csrf_token(teacher.get(preview).data)
    seen = statements_during(app, lambda: teacher.post(preview + "/apply", data={"csrf_token": token}))
    begins = [i for i, s in enumerate(seen) if s.startswith("BEGIN")]
    kinds = [seen[i] for i in begins]
    # The request's own write transaction (loading the user), a plain read, then one write.
    assert kinds == ["BEGIN IMMEDIATE", "BEGIN", "BEGIN IMMEDIATE"], kinds
    reading, writing = seen[begins[1] : begins[2]], seen[begins[2] :]
    # The whole catalogue is read in the plain transaction, not under the write lock.
    assert any(s.startswith("SELECT") and "FROM question" in s for s in reading)
    assert not any(s.startswith("SELECT") and "FROM question" in s for s in writing)
    assert any(s.startswith("INSERT INTO question") for s in writing)
    assert "more-treaty-name" in teacher.get("/instructor/export.yaml").data.decode()


def test_an_import_prepared_before_another_one_landed_is_compared_again(app, tmp_path):
    extra = SMALL_BANK.replace(
        "  - id: capital-flashcard",
        "  - id: brand-new\n    type: short\n    prompt: P?\n    answer: A\n  - id: capital-flashcard",
    )
    without_aid = re.sub(r"  - id: aid-amount\n(?:    .*\n)+", "", SMALL_BANK)
    with app.app_context():
        stale = catalog.prepare_import(load_bank([make_bank_dir(tmp_path / "a", extra)]))
        db.session.rollback()
        catalog.apply_import(load_bank([make_bank_dir(tmp_path / "b", without_aid)]), now=utcnow())
        result = catalog.write_import(stale, now=utcnow())
        assert result.added == ["brand-new"] and result.revived == ["aid-amount"]
        active = set(db.session.scalars(sa.select(Question.key).where(Question.retired_at.is_(None))))
        assert {"brand-new", "aid-amount"} <= active and len(active) == 7
        db.session.remove()

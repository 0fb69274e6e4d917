"""Instructors find their uploads again, review drafts in bulk, and see only their own work."""

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
    "In 1930 the two countries signed the Ravel Border Accord.\n\n"
    "Since 1995, Freedonia has provided more than $12.5 million to Sylvania's railways.\n\n"
    "In 2004 Freedonia gave $3 million for Sylvania's ports.\n"
)


def sign_in(app, name: str, role: str = Role.INSTRUCTOR):
    """A fresh test client signed in as a new account with ``role``."""
    with app.app_context():
        create_user(name, PASSWORD, role=role)
        db.session.remove()
    client = app.test_client()
    Accounts(client).login(name)
    return client


@pytest.fixture
def ann(app):
    return sign_in(app, "ann")


@pytest.fixture
def bob(app):
    return sign_in(app, "bob")


def send_document(client, deck: str = "freedonia") -> str:
    token = csrf_token(client.get("/instructor/documents").data)
    response = client.post(
        "/instructor/documents",
        data={
            "csrf_token": token,
            "file": (io.BytesIO(DOCUMENT.encode()), f"{deck}.txt"),
            "deck_id": deck,
            "title": deck,
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    return response.headers["Location"]


def send_bank(client) -> str:
    token = csrf_token(client.get("/instructor/upload").data)
    response = client.post(
        "/instructor/upload",
        data={"csrf_token": token, "file": (io.BytesIO(SMALL_BANK.encode()), "mine.yaml")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    return response.headers["Location"]


def draft_of(query) -> Upload:
    return query(lambda s: s.scalar(sa.select(Upload).where(Upload.kind == "document").order_by(Upload.id.desc())))


def statuses(query) -> list[str]:
    return [entry["status"] for entry in draft_of(query).draft]


def in_deck(query, deck_key: str) -> int:
    return query(
        lambda s: s.scalar(
            sa.select(sa.func.count(Question.id)).where(
                Question.key.like(f"{deck_key}%"), Question.retired_at.is_(None)
            )
        )
    )


def bulk(client, draft_url: str, action: str, **fields):
    token = csrf_token(client.get(draft_url).data)
    return client.post(draft_url + "/bulk", data={"csrf_token": token, "action": action, **fields})


def test_uploads_are_listed_with_their_state_and_counts(ann, query):
    draft_url = send_document(ann)
    preview_url = send_bank(ann)
    page = ann.get("/instructor/uploads").data.decode()
    upload = draft_of(query)
    total = len(upload.draft)
    row = re.search(rf'<tr id="upload-{upload.id}">(.*?)</tr>', page, re.S).group(1)
    assert "freedonia.txt" in row and ">open<" in row
    assert re.findall(r'<td class="num">(\d+)</td>', row) == [str(total), "0", str(total), "0"]
    assert f'href="{draft_url}"' in row
    assert f'href="{preview_url}"' in page
    # Accepting everything makes the draft applied; the open filter no longer lists it.
    assert bulk(ann, draft_url, "accept-pending").status_code == 303
    page = ann.get("/instructor/uploads?state=applied").data.decode()
    assert "freedonia.txt" in page and "mine.yaml" not in page
    assert "freedonia.txt" not in ann.get("/instructor/uploads?state=open").data.decode()


def test_bulk_accept_the_ticked_then_a_kind_then_reject(ann, query):
    draft_url = send_document(ann)
    total = len(draft_of(query).draft)
    assert bulk(ann, draft_url, "accept-selected", selected=["0", "1"]).status_code == 303
    assert statuses(query)[:2] == ["accepted", "accepted"]
    assert statuses(query).count("accepted") == 2 and in_deck(query, "freedonia") == 2
    assert "Accepted 2 questions." in ann.get(draft_url).data.decode()
    # Every pending question of one kind.
    kinds = [entry["fields"]["kind"] for entry in draft_of(query).draft]
    kind = next(k for i, k in enumerate(kinds) if i > 1)
    bulk(ann, draft_url, "accept-kind", kind=kind)
    expected = [i < 2 or k == kind for i, k in enumerate(kinds)]
    assert [s == "accepted" for s in statuses(query)] == expected
    # Rejecting ticked accepted questions retires them; the rest stay.
    bulk(ann, draft_url, "reject-selected", selected=["0"])
    assert statuses(query)[0] == "rejected"
    assert in_deck(query, "freedonia") == sum(expected) - 1
    # Reject everything still pending.
    bulk(ann, draft_url, "reject-pending")
    assert "pending" not in statuses(query) and len(statuses(query)) == total


def test_bulk_with_nothing_ticked_says_so_and_changes_nothing(ann, query):
    draft_url = send_document(ann)
    response = bulk(ann, draft_url, "accept-selected")
    assert "Tick the questions to accept or reject first." in ann.get(response.headers["Location"]).data.decode()
    assert set(statuses(query)) == {"pending"}
    assert bulk(ann, draft_url, "nonsense").status_code == 400
    assert bulk(ann, draft_url, "accept-selected", selected=["9999"]).status_code == 303
    assert set(statuses(query)) == {"pending"}


def test_a_refused_edit_lists_each_problem_at_the_top_and_under_its_field(ann, query):
    draft_url = send_document(ann)
    page = ann.get(draft_url).data
    index = int(re.search(rb'name="q(\d+)-answer"', page).group(1))
    response = ann.post(
        f"{draft_url}/{index}/accept",
        data={"csrf_token": csrf_token(page), f"q{index}-prompt": "", f"q{index}-answer": ""},
    )
    assert response.status_code == 400
    html = response.data.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    links = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', summary)
    assert len(links) >= 1 and len({message for _, message in links}) == len(links)
    assert any(target == f"q{index}-prompt" for target, _ in links)
    # Each message under its own field, one element per message.
    errors = re.search(rf'id="q{index}-prompt-errors">(.*?)</span>\s*</p>', html, re.S).group(1)
    assert errors.count("<span>") >= 1
    assert set(statuses(query)) == {"pending"}


def test_an_edit_breaking_the_answer_is_shown_under_the_answer(ann, query):
    draft_url = send_document(ann)
    page = ann.get(draft_url).data
    index = int(re.search(rb'name="q(\d+)-answer"', page).group(1))
    prompt = re.search(rb'name="q%d-prompt"[^>]*>\s*([^<]*)</textarea>' % index, page).group(1).decode()
    response = ann.post(
        f"{draft_url}/{index}/accept",
        data={"csrf_token": csrf_token(page), f"q{index}-prompt": prompt, f"q{index}-answer": ""},
    )
    html = response.data.decode()
    assert response.status_code == 400
    assert f'<li><a href="#q{index}-answer">' in html
    assert f'id="q{index}-answer-errors"' in html and f'id="q{index}-prompt-errors"' not in html


def test_an_abandoned_draft_is_read_only_until_reopened(ann, query):
    draft_url = send_document(ann)
    upload_id = draft_of(query).id
    token = csrf_token(ann.get("/instructor/uploads").data)
    assert ann.post(f"/instructor/uploads/{upload_id}/abandon", data={"csrf_token": token}).status_code == 303
    assert ">abandoned<" in ann.get("/instructor/uploads?state=abandoned").data.decode()
    page = ann.get(draft_url).data.decode()
    assert "This draft was abandoned" in page and 'id="bulk"' not in page
    response = bulk(ann, draft_url, "accept-pending")
    assert "was abandoned; reopen it" in ann.get(response.headers["Location"]).data.decode()
    assert set(statuses(query)) == {"pending"}
    ann.post(f"/instructor/uploads/{upload_id}/reopen", data={"csrf_token": token})
    bulk(ann, draft_url, "accept-pending")
    assert "pending" not in statuses(query)


def test_an_abandoned_bank_upload_cannot_be_applied(ann, query):
    preview_url = send_bank(ann)
    upload_id = int(preview_url.rsplit("/", 1)[1])
    token = csrf_token(ann.get("/instructor/uploads").data)
    ann.post(f"/instructor/uploads/{upload_id}/abandon", data={"csrf_token": token})
    response = ann.post(f"/instructor/uploads/{upload_id}/apply", data={"csrf_token": token})
    assert "was abandoned; reopen it before applying it." in ann.get(response.headers["Location"]).data.decode()
    assert query(lambda s: s.get(Upload, upload_id).applied_at) is None


def test_one_instructor_cannot_see_or_change_anothers_uploads(ann, bob, query):
    draft_url = send_document(ann)
    preview_url = send_bank(ann)
    draft_id = draft_of(query).id
    bank_id = int(preview_url.rsplit("/", 1)[1])
    token = csrf_token(bob.get("/instructor/upload").data)
    assert "freedonia.txt" not in bob.get("/instructor/uploads").data.decode()
    assert bob.get(draft_url).status_code == 404
    assert bob.get(preview_url).status_code == 404
    for path, data in [
        (f"/instructor/uploads/{bank_id}/apply", {}),
        (f"/instructor/uploads/{draft_id}/abandon", {}),
        (f"/instructor/drafts/{draft_id}/0/accept", {"q0-prompt": "Mine now?"}),
        (f"/instructor/drafts/{draft_id}/0/reject", {}),
        (f"/instructor/drafts/{draft_id}/bulk", {"action": "accept-pending"}),
    ]:
        assert bob.post(path, data={"csrf_token": token, **data}).status_code == 404, path
    assert set(statuses(query)) == {"pending"}
    assert query(lambda s: (s.get(Upload, bank_id).applied_at, s.get(Upload, draft_id).abandoned_at)) == (None, None)


def test_an_admin_sees_and_manages_everyones_uploads(app, ann, query):
    draft_url = send_document(ann)
    admin = sign_in(app, "root", role=Role.ADMIN)
    page = admin.get("/instructor/uploads").data.decode()
    assert "freedonia.txt" in page and "<td>ann</td>" in page
    assert admin.get(draft_url).status_code == 200
    bulk(admin, draft_url, "accept-pending")
    assert "pending" not in statuses(query)

"""Requests an attacker would send: ids past the database's integers, NaN, CR/LF, NUL, bad indexes.

Each gets a clean 400 or 404 on the app's own error page (or, for a bad
``next``, a redirect to the study page), never a 500.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Review, Role, User
from quiz.services.accounts.users import create_user
from quiz.services.learning.study import MAX_DURATION_MS
from tests.support import PASSWORD, Accounts, csrf_token

HUGE = [2**31, 2**63, 10**30]


def error_page(response, code: int) -> None:
    assert response.status_code == code, response.data[:300]
    assert f'<p class="meta">Error {code}</p>'.encode() in response.data and b"Back to studying" in response.data


@pytest.mark.parametrize("number", HUGE)
def test_huge_ids_in_paths_are_404(accounts, client, number):
    accounts.register()
    for path in (f"/progress/question/{number}", f"/quiz/{number}"):
        error_page(client.get(path), 404)
    token = csrf_token(client.get("/study").data)
    for path in (f"/quiz/{number}/answer", f"/quiz/{number}/finish"):
        error_page(client.post(path, data={"csrf_token": token, "position": 1, "answer": "x"}), 404)


def test_a_ten_thousand_digit_id_is_404(accounts, client):
    accounts.register()
    error_page(client.get("/quiz/" + "9" * 10_000), 404)


@pytest.mark.parametrize("number", HUGE + [-1, -(2**63)])
def test_huge_question_ids_in_study_forms_change_nothing(accounts, client, studier, query, number):
    accounts.register()
    card = studier.card()
    answered = client.post(
        "/study/answer", data={"question": number, "reps": 0, "answer": "1921", "csrf_token": card["csrf"]}
    )
    error_page(answered, 400)
    rated = client.post("/study/rate", data={"question": number, "reps": 0, "rating": 3, "csrf_token": card["csrf"]})
    error_page(rated, 400)
    for field in ("reps", "rating"):
        form = {"question": card["question"], "reps": 0, "rating": 3, "csrf_token": card["csrf"]} | {field: number}
        error_page(client.post("/study/rate", data=form), 400)
    assert query(lambda s: s.scalar(sa.select(sa.func.count()).select_from(Review))) == 0
    assert studier.card()["phase"] == "question"
    # A time stamp is refused past the year 2286; any other gives a time taken between 0 and the cap.
    form = {"question": card["question"], "reps": 0, "rating": 3, "csrf_token": card["csrf"], "shown": number}
    assert client.post("/study/rate", data=form).status_code == (303 if 0 <= number <= 10**13 else 400)
    assert 0 <= (query(lambda s: s.scalar(sa.select(sa.func.max(Review.duration_ms)))) or 0) <= MAX_DURATION_MS


@pytest.mark.parametrize("number", HUGE)
def test_huge_positions_in_a_quiz_change_nothing(accounts, client, quizzer, number):
    accounts.register()
    attempt = quizzer.begin(length=3)
    form = quizzer.form(attempt, "x") | {"position": number}
    error_page(client.post(f"/quiz/{attempt}/answer", data=form), 400)
    assert quizzer.show(attempt)["position"] == "1"


@pytest.mark.parametrize("value", ["sNaN", "NaN", "nan", "Infinity", "-Infinity", "inf", "1e999", "-0E+1000000"])
def test_desired_retention_must_be_a_finite_number(accounts, client, query, value):
    accounts.register()
    token = csrf_token(client.get("/settings").data)
    form = {"desired_retention": value, "new_per_day": 20, "timezone": "UTC", "day_start_hour": 4}
    response = client.post("/settings", data=form | {"csrf_token": token})
    assert response.status_code == 200
    assert b"Enter a number" in response.data or b"between 0.70 and 0.97" in response.data
    assert query(lambda s: s.scalar(sa.select(User.desired_retention))) == 0.9


@pytest.mark.parametrize(
    "target",
    [
        "/progress\r\nSet-Cookie: stolen=1",
        "/progress\nLocation: https://evil.example",
        "//evil.example/",
        "/\\evil.example",
        "/\t/evil.example",
        "https://evil.example/progress",
        "javascript:alert(1)",
        "/%0d%0aSet-Cookie:x=1",
        " /progress",
    ],
)
def test_next_never_leaves_the_site_or_splits_the_header(accounts, client, target):
    accounts.register()
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/settings").data)})
    token = csrf_token(client.get("/login").data)
    response = client.post(
        "/login", query_string={"next": target}, data={"username": "ada", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location in ("/study", "/%0d%0aSet-Cookie:x=1")
    assert "\r" not in location and "\n" not in location and "stolen" not in str(response.headers)


def test_a_plain_next_on_this_site_is_followed(accounts, client):
    accounts.register()
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/settings").data)})
    page = client.get("/progress?range=90", follow_redirects=True)
    token = csrf_token(page.data)
    response = client.post(
        "/login",
        query_string={"next": "/progress?range=90"},
        data={"username": "ada", "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/progress?range=90"


def test_nul_in_a_user_name_or_password_is_400(client, query):
    token = csrf_token(client.get("/register").data)
    for form in ({"username": "ada\x00", "password": PASSWORD}, {"username": "ada", "password": "pass\x00word123"}):
        error_page(client.post("/register", data=form | {"csrf_token": token}), 400)
        error_page(client.post("/login", data=form | {"csrf_token": token}), 400)
    assert query(lambda s: s.scalar(sa.select(sa.func.count()).select_from(User))) == 0


def test_nul_in_an_answer_or_a_query_is_400(accounts, client, studier, quizzer, query):
    accounts.register()
    card = studier.card()
    form = {"question": card["question"], "reps": card["reps"], "csrf_token": card["csrf"], "answer": "19\x0021"}
    error_page(client.post("/study/answer", data=form), 400)
    assert studier.card()["phase"] == "question"
    attempt = quizzer.begin(length=2)
    error_page(client.post(f"/quiz/{attempt}/answer", data=quizzer.form(attempt, "a\x00b")), 400)
    error_page(client.get("/progress?range=30%00"), 400)
    error_page(client.get("/progress/export/reviews%00.csv"), 400)


@pytest.fixture
def teacher(app, client):
    with app.app_context():
        create_user("teach", PASSWORD, role=Role.INSTRUCTOR)
        db.session.remove()
    Accounts(client).login("teach")
    return client


def test_an_out_of_range_draft_index_is_404(teacher):
    import io

    document = (
        "Freedonia and Sylvania opened diplomatic relations on March 3, 1921.\n\n"
        "In 1930 the two countries signed the Ravel Border Accord.\n"
    )
    token = csrf_token(teacher.get("/instructor/documents").data)
    response = teacher.post(
        "/instructor/documents",
        data={"csrf_token": token, "file": (io.BytesIO(document.encode()), "doc.txt"), "deck_id": "d", "title": "D"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    draft = response.headers["Location"]
    upload_id = int(re.search(r"/drafts/(\d+)", draft).group(1))
    token = csrf_token(teacher.get(draft).data)
    for index in (999, 2**31 - 1):
        for action in ("accept", "reject"):
            path = f"/instructor/drafts/{upload_id}/{index}/{action}"
            error_page(teacher.post(path, data={"csrf_token": token, f"q{index}-prompt": "x"}), 404)
    for index in (2**31, 2**63):
        error_page(teacher.post(f"/instructor/drafts/{upload_id}/{index}/accept", data={"csrf_token": token}), 404)
    error_page(teacher.get(f"/instructor/drafts/{2**63}"), 404)
    error_page(teacher.get(f"/instructor/uploads/{2**63}"), 404)
    assert teacher.get(draft + "?page=99999999999999999999").status_code == 200
    assert teacher.get(draft + "?page=-5").status_code == 200

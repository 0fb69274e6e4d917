"""Exports: a learner downloads their own reviews and quiz attempts as CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

AT = datetime(2026, 3, 8, 8, 30, tzinfo=UTC)  # 04:30 EDT: study day 8 March in New York


@pytest.fixture
def ada(history):
    ada = history.learner("ada", tz="America/New_York", hour=4)
    history.review(ada, "aid-amount", 3, datetime(2026, 3, 8, 7, 30, tzinfo=UTC), correct=True, duration_ms=4200)
    history.review(ada, "treaty-name", 1, AT, correct=False)
    history.undo(ada, AT)
    history.quiz(ada, [True, False], datetime(2026, 3, 9, 15, tzinfo=UTC))
    history.quiz(ada, [True, True, True], datetime(2026, 3, 9, 16, tzinfo=UTC), finish=False)
    return ada


def download(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith('attachment; filename="quiz-ada-')
    return response


def test_reviews_as_csv_include_every_review_with_its_study_day(ada, accounts, client):
    accounts.login("ada")
    response = download(client, "/progress/export/reviews.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    # Two studied (one undone, still listed and marked) and four quiz answers.
    assert len(rows) == 6
    first, undone = rows[0], rows[1]
    assert (first["question"], first["rating_name"], first["correct"]) == ("aid-amount", "Good", "True")
    assert first["duration_ms"] == "4200"
    assert first["study_day"] == "2026-03-07"  # 03:30 EDT belongs to the day before
    assert first["reviewed_at"] == "2026-03-08T07:30:00+00:00"
    assert undone["study_day"] == "2026-03-08" and undone["undone_at"] == AT.isoformat()
    assert [r["origin"] for r in rows] == ["study", "study", "quiz", "quiz", "quiz", "quiz"]
    assert all(r["undone_at"] == "" for r in rows[2:])


def test_quiz_answers_as_csv_one_row_per_question(ada, accounts, client):
    accounts.login("ada")
    rows = list(csv.DictReader(io.StringIO(download(client, "/progress/export/quizzes.csv").get_data(as_text=True))))
    assert [(r["attempt_id"], r["position"], r["correct"]) for r in rows] == [
        ("1", "1", "True"),
        ("1", "2", "False"),
        ("2", "1", "True"),
        ("2", "2", "True"),
        ("2", "3", ""),
    ]
    assert rows[0]["score"] == "1" and rows[0]["finished_at"] == "2026-03-09T15:00:00+00:00"
    assert rows[2]["finished_at"] == "" and rows[2]["score"] == ""  # unfinished


def test_everything_as_json(ada, accounts, client):
    accounts.login("ada")
    response = download(client, "/progress/export/all.json")
    data = json.loads(response.get_data(as_text=True))
    assert data["user"] == "ada" and data["time_zone"] == "America/New_York"
    assert len(data["reviews"]) == 6
    assert [a["score"] for a in data["quiz_attempts"]] == [1, None]
    assert [len(a["answers"]) for a in data["quiz_attempts"]] == [2, 3]
    unanswered = data["quiz_attempts"][1]["answers"][2]
    assert unanswered["position"] == 3
    assert (unanswered["answer"], unanswered["correct"], unanswered["answered_at"]) == (None, None, None)


def test_a_learner_exports_only_their_own_data(ada, history, accounts, client):
    history.learner("bob")
    accounts.login("bob")
    reviews = client.get("/progress/export/reviews.csv").get_data(as_text=True)
    assert reviews.splitlines()[1:] == []
    data = json.loads(client.get("/progress/export/all.json").get_data(as_text=True))
    assert data["user"] == "bob" and data["reviews"] == [] and data["quiz_attempts"] == []


def test_unknown_exports_are_404(ada, accounts, client):
    accounts.login("ada")
    assert client.get("/progress/export/reviews.json").status_code == 404
    assert client.get("/progress/export/passwords.csv").status_code == 404

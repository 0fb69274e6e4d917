"""The progress page through the client: the figures a learner reads, charts with tables, privacy."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest


@pytest.fixture
def ada(history):
    """Ada, in UTC with midnight days, over the last four days (counted from the real clock)."""
    ada = history.learner("ada", tz="UTC", hour=0)
    now = datetime.now(UTC)
    history.quiz(ada, [True, True, False, True, True], now - timedelta(days=3))  # 5 reviews, 4 right
    history.review(ada, "aid-amount", 3, now - timedelta(days=2), correct=True, duration_ms=60_000)
    history.review(ada, "aid-amount", 1, now - timedelta(days=1), correct=False, duration_ms=30_000)
    history.review(ada, "treaty-name", 3, now - timedelta(seconds=5), correct=True, duration_ms=30_000)
    history.review(ada, "capital-flashcard", 3, now - timedelta(seconds=4))
    history.undo(ada, now - timedelta(seconds=3))
    return ada


def figure(html: bytes, element_id: str) -> str:
    match = re.search(rb'id="' + element_id.encode() + rb'">([^<]*)<', html)
    assert match, element_id
    return match.group(1).decode().strip()


def test_the_page_shows_the_figures_of_the_chosen_period(ada, accounts, client):
    accounts.login("ada")
    html = client.get("/progress?range=7").data
    # 5 quiz answers (4 right) and 3 studied reviews (2 right); the undone one does not count.
    assert figure(html, "reviews-period") == "8"
    assert figure(html, "accuracy-period") == "75%"
    assert figure(html, "time-period") == "2 min"
    assert figure(html, "retention") == "–"  # no mature card yet
    assert figure(html, "reviews-today") == "1"
    assert figure(html, "streak-current") == "4" and figure(html, "streak-longest") == "4"
    assert b'<a href="/progress?range=7" aria-current="page">' in html
    scores = html.split(b'id="scores-table"')[1].split(b"</table>")[0]
    assert b"4 of 5 (80%)" in scores
    assert figure(html, "cards-new") == "1"  # six questions, five seen in the quiz and after


def test_every_chart_is_accessible_svg_with_a_table_or_text_beside_it(ada, accounts, client):
    accounts.login("ada")
    html = client.get("/progress").data.decode()
    charts = re.findall(
        r'<svg class="chart[^"]*" id="([\w-]+)" viewBox="[^"]+" width="[^"]+"(?: height="[^"]+")? role="img" '
        r'aria-labelledby="\1-title \1-desc"',
        html,
    )
    assert sorted(charts) == sorted(
        [
            "chart-reviews",
            "chart-time",
            "chart-accuracy",
            "chart-retention",
            "chart-scores",
            "chart-forecast",
            "chart-mastery",
            "chart-calendar",
        ]
    )
    for table in ("activity-table", "scores-table", "forecast", "mastery-table", "calendar-table"):
        assert f'<table id="{table}"' in html or f'id="{table}"' in html
    assert html.count("<details") >= 5
    # Nothing from outside the app, and no script of the page's own: the charts need none. (The one
    # script every page loads, for the keyboard shortcuts dialog, comes from the app's static folder.)
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/app.js" defer>']
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_the_default_period_is_30_days_and_every_period_renders(ada, accounts, client):
    accounts.login("ada")
    assert b'<a href="/progress?range=30" aria-current="page">' in client.get("/progress").data
    for key in ("7", "30", "90", "365", "all", "nonsense"):
        assert client.get(f"/progress?range={key}").status_code == 200


def test_the_forecast_table_covers_30_days_with_overdue_cards_today(ada, accounts, client):
    accounts.login("ada")
    table = client.get("/progress").data.split(b'id="forecast"')[1].split(b"</table>")[0]
    assert table.count(b'<th scope="row">') == 30
    assert b'<th scope="row">Today</th>' in table


def test_a_learner_sees_only_their_own_progress(ada, history, accounts, client):
    history.learner("bob")
    accounts.login("bob")
    html = client.get("/progress?range=all").data
    assert figure(html, "reviews-period") == "0" and figure(html, "reviews-today") == "0"
    assert figure(html, "streak-longest") == "0"
    assert b"No quiz finished in this period." in html


def test_progress_needs_a_login(client):
    for path in ("/progress", "/progress/question/1", "/progress/export/reviews.csv"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_mastery_and_the_weakest_cards_say_what_they_count(history, accounts, client):
    bo = history.learner("bo", tz="UTC", hour=0)
    now = datetime.now(UTC)
    # aid-amount goes straight to review (Easy), then is forgotten: a lapse. The others are only learning.
    history.review(bo, "aid-amount", 4, now - timedelta(days=5), correct=True)
    history.review(bo, "aid-amount", 1, now - timedelta(days=1), correct=False)
    history.review(bo, "treaty-name", 3, now - timedelta(minutes=2), correct=True)
    history.review(bo, "relations-date", 3, now - timedelta(minutes=1), correct=True)
    accounts.login("bo")
    html = client.get("/progress").data.decode()
    assert "mastered once its stability reaches 21 days" in " ".join(html.split())
    assert "ranked by lapses" in html and "then by stability" in html
    weakest = html.split('id="weakest"')[1].split("</ol>")[0]
    # Each card says what ranks it, with stability as an interval; no "recall 100%", no "0.0 days".
    items = re.findall(r"<small>([^<]+)</small>", weakest)
    assert len(items) == 3 and all(
        re.fullmatch(r"\d+ lapses? · stability (\d+ (min|h|d)|< 1 min|[\d.]+ mo)", i) for i in items
    ), items
    assert "recall" not in weakest and "0.0" not in html.split('id="weakest"')[1]
    # aid-amount was forgotten after it had been learned: it leads, though the others were studied since.
    assert items[0].startswith("1 lapse ·") and all(i.startswith("0 lapses") for i in items[1:])
    assert "How much aid did Freedonia pledge" in weakest.split("</li>")[0]


def test_the_scores_key_names_a_trend_only_when_one_is_drawn(ada, history, accounts, client):
    accounts.login("ada")
    html = client.get("/progress").data.decode()
    scores = html.split('id="scores-h"')[1].split("</section>")[0]
    assert 'class="trend"' not in scores and "trend-key" not in scores  # one quiz: no trend, no key for it
    now = datetime.now(UTC)
    history.quiz(ada, [True, False], now - timedelta(days=2))
    history.quiz(ada, [True, True], now - timedelta(days=1))
    scores = client.get("/progress").data.decode().split('id="scores-h"')[1].split("</section>")[0]
    assert 'class="trend"' in scores and "trend-key" in scores

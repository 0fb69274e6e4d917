"""Quizzes and charts in a real browser: taking a quiz, its countdown, ending early, resuming; chart text on phones."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from quiz.extensions import db
from quiz.models import Question, QuizAnswer, QuizAttempt
from tests.progress.conftest import History
from tests.support import PASSWORD


@pytest.fixture
def history(app, quizzer) -> History:
    """Review histories recorded through the services (as on the progress tests)."""
    return History(app, quizzer.right)


def answer(page: Page, text: str | list[str]) -> None:
    """Answer the question on screen the way its type asks: type, fill the gaps or pick a choice."""
    card = page.locator("[data-phase=quiz]")
    kind = card.get_attribute("data-type")
    if kind == "choice":
        page.locator("#answer-form .choice", has_text=text).click()
        page.keyboard.press("Enter")
    elif kind == "cloze":
        for n, gap in enumerate(text, start=1):
            page.fill(f"#gap-{n}", gap)
        page.keyboard.press("Enter")
    else:
        page.fill("#answer", text)
        page.keyboard.press("Enter")


def test_take_a_quiz_and_see_the_score_on_the_progress_page(page: Page, live_url: str, quizzer) -> None:
    page.goto(f"{live_url}/register")
    page.fill("#username", "kim")
    page.fill("#password", "a long enough password")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/welcome$"))

    page.get_by_label("Main").get_by_role("link", name="Quiz", exact=True).click()
    page.select_option("#deck", label="Test deck")
    page.fill("#length", "3")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page).to_have_url(re.compile(r"/quiz/\d+$"))

    # The first answer is wrong, the other two right.
    for n in range(3):
        expect(page.locator("#quiz-progress")).to_contain_text(f"Question {n + 1} of 3")
        key = page.locator("[data-phase=quiz]").get_attribute("data-key")
        if n == 0:
            missed = key
            answer(
                page,
                ["no", "idea"]
                if key == "founding-cloze"
                else "Treaty of Sylvan Peace"
                if key == "treaty-name"
                else "June 9, 1925"
                if key == "relations-date-choice"
                else "no idea",
            )
        else:
            answer(page, quizzer.right[key])

    expect(page.locator("#quiz-score")).to_have_text("2 of 3")
    expect(page.locator("#missed li")).to_have_count(1)
    expect(page.locator(f'#missed li[data-key="{missed}"]')).to_contain_text("Right answer:")

    page.get_by_label("Main").get_by_role("link", name="Progress", exact=True).click()
    scores = page.locator("#scores-table")
    expect(scores).to_contain_text("2 of 3 (67%)")
    expect(page.locator("#chart-scores circle")).to_have_count(1)
    expect(page.locator("#reviews-today")).to_have_text("3")


def register(page: Page, live_url: str, name: str = "kim") -> None:
    page.goto(f"{live_url}/register")
    page.fill("#username", name)
    page.fill("#password", "a long enough password")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/welcome$"))


def login(page: Page, live_url: str, name: str) -> None:
    page.goto(f"{live_url}/login")
    page.fill("#username", name)
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    # Wait for the log-in to land before opening the next page.
    expect(page).not_to_have_url(re.compile(r"/login"))


def start(page: Page, live_url: str, length: int, minutes: int | None = None) -> int:
    page.goto(f"{live_url}/quiz")
    page.select_option("#deck", label="Test deck")
    page.fill("#length", str(length))
    if minutes:
        page.fill("#minutes", str(minutes))
    page.get_by_role("button", name="Start the quiz").click()
    expect(page).to_have_url(re.compile(r"/quiz/\d+$"))
    return int(page.url.rsplit("/", 1)[1])


def set_deadline(app, attempt: int, deadline: datetime) -> None:
    with app.app_context():
        db.session.execute(sa.update(QuizAttempt).where(QuizAttempt.id == attempt).values(deadline=deadline))
        db.session.commit()
        db.session.remove()


def stored(app, attempt: int) -> QuizAttempt:
    with app.app_context():
        found = db.session.get(QuizAttempt, attempt)
        db.session.expunge(found)
        db.session.remove()
        return found


def answer_wrongly(page: Page, app, attempt: int) -> None:
    """Give a wrong answer to the question on screen, whatever its type."""
    kind = page.locator("[data-phase=quiz]").get_attribute("data-type")
    if kind == "choice":
        with app.app_context():
            right = db.session.scalar(
                sa.select(Question.answer)
                .join(QuizAnswer, QuizAnswer.question_id == Question.id)
                .where(QuizAnswer.attempt_id == attempt, QuizAnswer.answered_at.is_(None))
                .order_by(QuizAnswer.position)
                .limit(1)
            )
            db.session.remove()
        wrong = page.locator("#answer-form .choice input").evaluate_all(
            "(inputs, right) => inputs.map(i => i.value).filter(v => v !== right)", right
        )[0]
        page.locator(f"#answer-form .choice input[value='{wrong}']").check()
        page.keyboard.press("Enter")
    elif kind == "cloze":
        answer(page, ["zz"] * page.locator("[id^=gap-]").count())
    else:
        answer(page, "no idea")


def test_the_countdown_runs_out_and_the_server_ends_the_quiz_at_its_deadline(page: Page, live_url: str, app) -> None:
    register(page, live_url)
    attempt = start(page, live_url, 2, minutes=1)
    answer_wrongly(page, app, attempt)
    expect(page.locator("#quiz-progress")).to_contain_text("Question 2 of 2")
    # A short limit: six seconds from now (room for a slow reload on a busy machine).
    deadline = datetime.now(UTC) + timedelta(seconds=6)
    set_deadline(app, attempt, deadline)
    page.reload()
    expect(page.locator("#time-left")).to_have_text(re.compile(r"^0:0[1-6]$"))
    expect(page.locator("#countdown")).to_have_class(re.compile(r"\blow\b"))  # the last minute stands out
    # No refresh tag: the script opens the attempt when the time is up, and the server ends it there.
    assert page.locator("meta[http-equiv]").count() == 0
    expect(page.locator("#time-up")).to_be_visible(timeout=15_000)
    expect(page).to_have_url(f"{live_url}/quiz/{attempt}")
    expect(page.locator("#result-h")).to_have_text("Time is up")
    expect(page.locator("#quiz-score")).to_have_text("0 of 2")
    assert stored(app, attempt).finished_at == deadline


def test_the_countdown_follows_the_clock_and_the_server_keeps_the_deadline(page: Page, live_url: str, app) -> None:
    register(page, live_url)
    page.clock.install()
    attempt = start(page, live_url, 2, minutes=5)
    # The server writes "5:00" before the script runs: wait for the script, or the clock runs on before it counts.
    page.wait_for_load_state("load")
    expect(page.locator("#time-left")).to_have_text(re.compile(r"^(5:00|4:59)$"))
    page.clock.run_for(60_000)
    expect(page.locator("#time-left")).to_have_text(re.compile(r"^(4:00|3:59)$"))
    expect(page.locator("#countdown")).not_to_have_class(re.compile(r"\blow\b"))
    page.clock.run_for(190_000)
    expect(page.locator("#time-left")).to_have_text(re.compile(r"^0:(50|49)$"))
    expect(page.locator("#countdown")).to_have_class(re.compile(r"\blow\b"))
    expect(page.locator("#countdown-alert")).to_have_text("One minute left.")
    # The page's clock runs out while the server's deadline is minutes away: the server keeps the quiz going.
    page.clock.run_for(60_000)
    expect(page.locator("#time-left")).to_have_text(re.compile(r"^4:\d\d$"))
    expect(page.locator("#quiz-progress")).to_contain_text("Question 1 of 2")
    assert stored(app, attempt).finished_at is None


def test_ending_early_asks_first(page: Page, live_url: str, quizzer) -> None:
    register(page, live_url)
    start(page, live_url, 3)
    answer(page, quizzer.right[page.locator("[data-phase=quiz]").get_attribute("data-key")])
    expect(page.locator("#quiz-progress")).to_contain_text("Question 2 of 3")
    page.get_by_role("link", name="End the quiz now…").click()
    expect(page.locator("h1")).to_have_text("End the quiz now?")
    expect(page.locator("#end-consequence")).to_contain_text("You have answered 1 of 3 questions.")
    # "Keep going" has the focus (once the browser has applied autofocus, which a loaded CI machine can
    # leave until after the heading shows): Enter does not end the quiz.
    expect(page.get_by_role("link", name="Keep going")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#quiz-progress")).to_contain_text("Question 2 of 3")
    page.get_by_role("link", name="End the quiz now…").click()
    page.get_by_role("button", name="End the quiz and see the score").click()
    expect(page.locator("#quiz-score")).to_have_text("1 of 3")
    expect(page.locator("#missed li")).to_have_count(2)


def test_resume_an_unfinished_quiz_from_the_quiz_and_progress_pages(page: Page, live_url: str, quizzer) -> None:
    register(page, live_url)
    start(page, live_url, 3)
    answer(page, quizzer.right[page.locator("[data-phase=quiz]").get_attribute("data-key")])
    expect(page.locator("#quiz-progress")).to_contain_text("Question 2 of 3")
    page.get_by_label("Main").get_by_role("link", name="Study", exact=True).click()

    page.get_by_label("Main").get_by_role("link", name="Quiz", exact=True).click()
    row = page.locator("#recent-attempts tbody tr").first
    expect(row).to_contain_text("Unfinished: 1 of 3 answered")
    row.get_by_role("link", name="Resume").click()
    expect(page.locator("#quiz-progress")).to_contain_text("Question 2 of 3")

    page.get_by_label("Main").get_by_role("link", name="Progress", exact=True).click()
    unfinished = page.locator("#scores-table tr.unfinished")
    expect(unfinished).to_contain_text("1 of 3 answered")
    unfinished.get_by_role("link", name="Resume").click()
    expect(page.locator("#quiz-progress")).to_contain_text("Question 2 of 3")


#: The rendered size of every chart label: its font size times the scale its SVG is drawn at.
TEXT_SIZES = """() => Array.from(document.querySelectorAll("svg.chart text")).map(t => {
  const svg = t.ownerSVGElement;
  const scale = svg.getScreenCTM().a;
  return [svg.id, t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale];
})"""


@pytest.mark.parametrize("width", [390, 360, 1280])
def test_chart_text_stays_readable_at_every_width(page: Page, live_url: str, history, width: int) -> None:
    kim = history.learner("kim")
    now = datetime.now(UTC)
    for days in range(40, 0, -3):
        history.review(kim, "aid-amount", 3, now - timedelta(days=days), correct=True, duration_ms=5000)
    history.quiz(kim, [True, False], now - timedelta(days=2))
    page.set_viewport_size({"width": width, "height": 844})
    login(page, live_url, "kim")
    for period in ("30", "365"):
        page.goto(f"{live_url}/progress?range={period}")
        sizes = page.evaluate(TEXT_SIZES)
        charts = {chart for chart, _, _ in sizes}
        assert {"chart-reviews", "chart-time", "chart-scores", "chart-mastery", "chart-calendar"} <= charts
        small = [(chart, text, round(size, 1)) for chart, text, size in sizes if size < 11]
        assert not small, small
        # Not shouting on a wide screen either.
        assert max(size for _, _, size in sizes) <= 17, max(sizes, key=lambda s: s[2])


def test_the_calendar_opens_on_today_on_a_phone(page: Page, live_url: str, history) -> None:
    kim = history.learner("kim")
    history.review(kim, "aid-amount", 3, datetime.now(UTC))
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_url, "kim")
    page.goto(f"{live_url}/progress")
    scroller = page.locator(".scroll.to-end")
    box = scroller.bounding_box()
    assert page.evaluate("() => document.querySelector('.scroll.to-end').scrollWidth") > box["width"]
    today = page.locator("#chart-calendar rect").last
    assert "1 review" in today.locator("title").text_content()
    square = today.bounding_box()
    assert box["x"] <= square["x"] and square["x"] + square["width"] <= box["x"] + box["width"]
    # The weekday names scrolled out of view on the left: the calendar opens at its right end.
    monday = page.locator("#chart-calendar text", has_text="Mon").bounding_box()
    assert monday["x"] + monday["width"] < box["x"]

"""A learner takes a scored quiz in a real browser and finds the score on the progress page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


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

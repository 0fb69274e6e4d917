"""Classes in a real browser: an instructor creates a class and an assignment, a learner joins with
the code, studies the assignment's cards and passes its quiz, and the gradebook shows it done.
Every state is checked by axe-core and photographed, as in test_pages.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from quiz.extensions import db
from quiz.models import Role
from quiz.services.accounts.users import create_user
from tests.browser.test_pages import Walk, log_in, walk  # noqa: F401 (walk is a fixture)
from tests.support import PASSWORD, Quizzer


def log_out(page, live_url: str) -> None:
    page.goto(f"{live_url}/logout")
    page.locator("#main").get_by_role("button", name="Log out").click()


def test_class_assignment_and_gradebook(walk: Walk, live_url: str, app) -> None:  # noqa: F811 (the walk fixture)
    with app.app_context():
        create_user("teach", PASSWORD, role=Role.INSTRUCTOR)
        db.session.remove()
    page = walk.page
    log_in(page, live_url, "teach")
    page.get_by_label("Main").get_by_role("link", name="Classes").click()
    walk("classes-empty")
    page.get_by_label("Class name").fill("Baltic history")
    page.get_by_role("button", name="Create class").click()
    expect(page.locator("#join-code")).to_be_visible()
    code = page.locator("#join-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code)
    walk("class-new")

    # A refused assignment opens the form again with its message; then a good one.
    page.locator("#new-assignment summary").click()
    page.get_by_label("Title").fill("Relations")
    page.get_by_role("button", name="Set assignment").click()
    expect(page.locator("#new-assignment .errors").first).to_be_visible()
    walk("class-assignment-invalid")
    page.get_by_label("Cards", exact=True).select_option(label="Deck: Test deck")
    page.get_by_label("Due on").fill((date.today() + timedelta(days=7)).isoformat())
    page.get_by_label("Every card studied at least once").uncheck()
    page.get_by_label("Quiz questions").fill("6")
    page.get_by_role("button", name="Set assignment").click()
    expect(page.locator("#assignments")).to_contain_text("Relations")
    walk("class-with-assignment")
    log_out(page, live_url)

    # A learner joins with the code, typed as people type it.
    page.goto(f"{live_url}/register")
    page.get_by_label("User name").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.goto(f"{live_url}/classes")
    walk("learner-classes-empty")
    page.get_by_label("Class code").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Join").click()
    expect(page.locator(".flash.success")).to_contain_text("You joined Baltic history")
    walk("learner-classes")

    # Study the assignment's cards alone: the study page keeps to its deck and lists it.
    page.get_by_role("button", name="Study the cards of Relations").click()
    expect(page).to_have_url(re.compile(r"/study$"))
    expect(page.locator("#scope")).to_have_value(re.compile(r"^deck:"))
    expect(page.locator(".assignments")).to_contain_text("Relations")
    walk("study-with-assignment")

    # Take its quiz and answer every question right.
    page.get_by_role("button", name="Take the quiz of Relations").click()
    for n in range(1, 11):
        # Each answer loads the next question (or the result): wait for it, not the page left behind.
        expect(
            page.locator("[data-phase=result]").or_(page.locator("#quiz-progress", has_text=f"Question {n} of"))
        ).to_be_visible()
        card = page.locator("[data-phase=quiz]")
        if not card.count():
            break
        key = card.get_attribute("data-key")
        kind = card.get_attribute("data-type")
        right = Quizzer.right[key]
        if kind == "choice":
            page.locator(".choice", has_text=right).first.click()
        elif kind == "cloze":
            for i, gap in enumerate(right, start=1):
                page.fill(f"#gap-{i}", gap)
        else:
            page.fill("#answer", right)
        page.get_by_role("button", name="Answer").click()
    expect(page.locator("[data-phase=result]")).to_be_visible()
    page.get_by_role("link", name="Back to your assignments").click()
    expect(page.locator("[data-assignment=Relations] .badge.success")).to_have_text("done")
    walk("learner-classes-done")
    log_out(page, live_url)

    # The instructor sees it complete.
    log_in(page, live_url, "teach")
    page.get_by_label("Main").get_by_role("link", name="Classes").click()
    walk("classes")
    page.get_by_role("link", name="Gradebook").first.click()
    row = page.locator("#gradebook tr[data-learner=ada]")
    expect(row.locator(".badge.success")).to_have_text("done")
    expect(row).to_contain_text("quiz 100%")
    walk("class-gradebook")
    page.get_by_role("link", name="Relations").click()
    expect(page.locator("#completion tr[data-learner=ada]")).to_contain_text("done")
    walk("class-assignment")
    page.get_by_role("link", name="Baltic history").click()
    page.get_by_role("link", name="Progress and item analysis").click()
    expect(page.locator("#class-choice")).to_have_value(re.compile(r"^\d+$"))
    expect(page.locator("#roster")).to_contain_text("ada")
    walk("class-progress-one-class")
    log_out(page, live_url)

    # A second learner opens the join link: asked first, then in.
    page.goto(f"{live_url}/register")
    page.get_by_label("User name").fill("bob")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.goto(f"{live_url}/join/{code.replace('-', '')}")
    walk("join-link")
    page.get_by_role("button", name="Join the class").click()
    expect(page.locator(".flash.success")).to_contain_text("You joined Baltic history")
    walk.done()

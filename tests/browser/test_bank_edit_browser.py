"""An instructor edits a question of their uploaded deck in the bank browser, in a real browser:
a changed answer shows the reset warning first, and is saved only once confirmed."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from quiz.extensions import db
from quiz.models import Card, Question, Role, User
from quiz.models.types import utcnow
from quiz.scheduling import Rating
from quiz.services.accounts.users import create_user
from quiz.services.bank import uploads
from quiz.services.learning.study import record_review
from tests.support import PASSWORD

DECK = (
    "deck: {id: mine, title: My deck}\n"
    "questions:\n"
    "  - id: m-year\n    type: short\n    kind: date\n"
    "    prompt: In what year did Freedonia join the league?\n    answer: '1991'\n"
)


def test_editing_an_answer_warns_then_resets_on_confirmation(page: Page, live_url: str, app) -> None:
    with app.app_context():
        teach = create_user("teach", PASSWORD, role=Role.INSTRUCTOR).id
        stored, _ = uploads.start_bank_upload(teach, "mine.yaml", DECK.encode())
        uploads.apply_upload(stored.id, now=utcnow(), owner=teach, by=teach)
        qid = db.session.scalar(sa.select(Question.id).where(Question.key == "m-year"))
        for name in ("ann", "bob", "cy"):
            user = db.session.get(User, create_user(name, PASSWORD).id)
            record_review(user, qid, Rating.Good, seen_reps=0, now=utcnow(), correct=True)
        db.session.remove()

    def cards() -> int:
        with app.app_context():
            try:
                return db.session.scalar(sa.select(sa.func.count()).select_from(Card).where(Card.question_id == qid))
            finally:
                db.session.remove()

    page.goto(f"{live_url}/login")
    page.get_by_label("User name").fill("teach")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Instructor").click()
    page.get_by_role("link", name="Browse questions").click()
    page.get_by_label("Deck").select_option("mine")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#deck-actions")).to_contain_text("was made in the browser by teach")
    page.get_by_role("link", name="In what year did Freedonia join the league?").click()
    expect(page.locator("#history")).to_contain_text("added from an upload")

    # A new prompt keeps everyone's progress and saves at once.
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Prompt").fill("When did Freedonia join the league?")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".flash.success")).to_have_text("Saved. Learners keep their progress.")
    assert cards() == 3

    # A new answer: the page says who loses progress, and nothing is saved yet.
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Answer", exact=True).fill("1992")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#reset-warning")).to_contain_text("3 learners lose their progress on this question")
    expect(page.get_by_label("Answer", exact=True)).to_have_value("1992")
    assert cards() == 3
    # Cancelling leaves the answer as it was.
    page.get_by_role("link", name="Cancel").click()
    expect(page.locator("dl.facts")).to_contain_text("1991")
    assert cards() == 3

    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Answer", exact=True).fill("1992")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("button", name="Save and reset 3 learners' progress").click()
    expect(page).to_have_url(re.compile(rf"/instructor/bank/{qid}$"))
    expect(page.locator(".flash.success")).to_contain_text("3 learners' progress on this question was reset")
    expect(page.locator("dl.facts")).to_contain_text("1992")
    first = page.locator("#history tbody tr").first
    expect(first).to_contain_text("changed in the browser")
    expect(first).to_contain_text("3 learners' progress reset")
    expect(first.locator("del")).to_have_text("1991")
    expect(first.locator("ins")).to_have_text("1992")
    assert cards() == 0

    # Retire and revive from the same page.
    page.get_by_role("button", name="Retire").click()
    expect(page.locator(".flash.success")).to_contain_text("Retired")
    page.get_by_role("button", name="Revive").click()
    expect(page.locator(".flash.success")).to_contain_text("Revived")
    expect(page.locator("#history tbody tr").first).to_contain_text("revived in the browser")

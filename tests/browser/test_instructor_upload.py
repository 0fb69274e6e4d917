"""An instructor uploads a bank file, reads the preview and applies it, in a real browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from quiz.extensions import db
from quiz.models import Role
from quiz.services.accounts.users import create_user
from tests.support import PASSWORD, SMALL_BANK


def test_upload_preview_apply(page: Page, live_url: str, app, tmp_path) -> None:
    with app.app_context():
        create_user("teach", PASSWORD, role=Role.INSTRUCTOR)
        db.session.remove()
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL_BANK.replace("type: flashcard", "type: flashcrd"))
    good = tmp_path / "more.yaml"
    good.write_text(
        SMALL_BANK.replace("What is the capital of Freedonia?", "Name the capital of Freedonia.")
        + (
            "  - id: anthem\n    type: short\n    kind: name\n    prompt: Who wrote Freedonia's anthem?\n"
            "    answer: Groucho\n    source: {document: freedonia.txt, paragraph: 5}\n"
        )
    )

    page.goto(f"{live_url}/login")
    page.get_by_label("User name").fill("teach")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Instructor").click()
    expect(page.locator("#decks")).to_contain_text("Test deck")
    page.get_by_role("link", name="Upload a bank file").click()

    # A broken file: the message names file, line and column; nothing is stored.
    page.get_by_label("Bank file").set_input_files(str(bad))
    page.get_by_role("button", name="Check and preview").click()
    expect(page.locator(".problems")).to_contain_text(
        "bad.yaml:35:11: error: unknown question type 'flashcrd'; did you mean 'flashcard'?"
    )

    # A good file: the preview says what would happen, and nothing has happened yet.
    page.get_by_label("Bank file").set_input_files(str(good))
    page.get_by_role("button", name="Check and preview").click()
    expect(page).to_have_url(re.compile(r"/instructor/uploads/\d+$"))
    expect(page.locator("#plan-added")).to_have_text("1")
    expect(page.locator("#plan-changed")).to_have_text("1")
    expect(page.locator("#plan-unchanged")).to_have_text("5")

    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".flash.success")).to_have_text(
        "Applied: added 1, changed 1, retired 0, revived 0, unchanged 5."
    )
    expect(page.locator("#decks tbody tr").first).to_contain_text("7")

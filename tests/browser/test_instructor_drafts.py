"""An instructor comes back to a half-reviewed draft from the uploads list and accepts questions in bulk."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from quiz.extensions import db
from quiz.models import Role
from quiz.services.accounts.users import create_user
from tests.support import PASSWORD

DOCUMENT = (
    "Freedonia and Sylvania opened diplomatic relations on March 3, 1921.\n\n"
    "In 1930 the Ravel Border Accord settled the frontier.\n\n"
    "Freedonia pledged $12.5 million to the railways in 1995.\n"
)


def test_find_a_draft_again_and_accept_in_bulk(page: Page, live_url: str, app, tmp_path) -> None:
    with app.app_context():
        create_user("teach", PASSWORD, role=Role.INSTRUCTOR)
        db.session.remove()
    page.goto(f"{live_url}/login")
    page.get_by_label("User name").fill("teach")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_url}/instructor/documents")
    doc = tmp_path / "ravel.txt"
    doc.write_text(DOCUMENT)
    page.get_by_label("Document (plain text, UTF-8)").set_input_files(str(doc))
    page.get_by_label("New deck id").fill("ravel")
    page.get_by_label("Deck title").fill("The Ravel frontier")
    page.get_by_role("button", name="Draft questions").click()
    expect(page.locator(".draft").first).to_be_visible()
    total = page.locator(".draft").count()
    assert total >= 3

    # Leave, and come back through the list of uploads.
    page.get_by_label("Main").get_by_role("link", name="Instructor").click()
    page.get_by_role("link", name="Uploads and drafts").click()
    row = page.locator("#uploads tbody tr", has_text="ravel.txt")
    expect(row).to_contain_text("open")
    row.get_by_role("link", name="ravel.txt").click()

    # Tick two questions and accept them together.
    page.locator(".draft").nth(0).get_by_role("checkbox").check()
    page.locator(".draft").nth(1).get_by_role("checkbox").check()
    page.get_by_role("button", name="Accept ticked").click()
    expect(page.locator(".flash.success")).to_have_text("Accepted 2 questions.")
    expect(page.locator("#draft-counts")).to_contain_text(f"2 accepted, {total - 2} to review")
    expect(page.locator(".draft.accepted")).to_have_count(2)

    # A broken edit: the summary at the top links to the field that needs fixing.
    pending = page.locator(".draft.pending:has(input[name$=answer])").first
    name = pending.get_by_label("Answer", exact=True).get_attribute("name")
    pending.get_by_label("Answer", exact=True).fill("")
    pending.get_by_role("button", name="Accept").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("missing required field 'answer'")
    summary.get_by_role("link").first.click()
    expect(page.locator(":focus")).to_have_attribute("name", name)

    # The rest in one go; the list now says the draft is applied.
    page.goto(f"{live_url}/instructor/uploads")
    page.locator("#uploads tbody tr", has_text="ravel.txt").get_by_role("link", name="ravel.txt").click()
    page.get_by_role("button", name="Accept all to review").click()
    expect(page.locator("#draft-counts")).to_contain_text(f"{total} accepted, 0 to review")
    page.goto(f"{live_url}/instructor/uploads")
    expect(page.locator("#uploads tbody tr", has_text="ravel.txt")).to_contain_text("applied")

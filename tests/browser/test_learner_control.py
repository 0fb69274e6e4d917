"""Learner control in a real browser: bury, suspend and forget a card; choose a deck; the end of a session."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from quiz.extensions import db
from quiz.models import Card, Hold, Question, Review, User, utcnow
from tests.browser.test_study_keyboard import answer_typed, keys_ready, register
from tests.learning.conftest import SECOND_DECK


def holds(query) -> dict[str, tuple[bool, bool]]:
    """Each held question's key, with whether it is suspended and whether it is buried now."""
    now = utcnow()
    rows = query(
        lambda s: s.execute(
            sa.select(Question.key, Hold.suspended, Hold.buried_until).join(Question, Question.id == Hold.question_id)
        ).all()
    )
    return {key: (suspended, until is not None and until > now) for key, suspended, until in rows}


def test_bury_and_suspend_by_keyboard_from_the_answer_side(page: Page, live_url: str, query) -> None:
    register(page, live_url)
    answer_typed(page, "1999", "diplomatic relations opened")
    expect(page.locator("#hold-form")).to_contain_text("Bury until tomorrow")
    page.keyboard.press("-")
    expect(page.locator(".flash.success")).to_contain_text("1 card buried until your next study day.")
    expect(page.locator("h1.prompt")).to_contain_text("When were diplomatic relations")
    assert holds(query) == {"relations-date": (False, True)}

    # The next card (the sibling, a choice): answered with a number and Enter, then suspended with @.
    expect(page.locator("[data-phase=question]")).to_be_visible()
    keys_ready(page)
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    expect(page.locator("[data-phase=answer]")).to_be_visible()
    keys_ready(page)
    page.keyboard.press("@")
    expect(page.locator(".flash.success")).to_contain_text("1 card suspended.")
    assert holds(query) == {"relations-date": (False, True), "relations-date-choice": (True, False)}
    assert query(lambda s: s.scalar(sa.select(sa.func.count(Review.id)))) == 0  # neither was rated

    # The shortcuts are listed in the "?" dialog (Escape first: the next card's answer box has the focus).
    keys_ready(page)
    page.keyboard.press("Escape")
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_contain_text("Bury the card until your next study day")
    expect(dialog).to_contain_text("Suspend the card")


def test_forget_a_card_from_the_answer_side_and_unsuspend_in_the_browser(page: Page, live_url: str, app, query) -> None:
    register(page, live_url)
    answer_typed(page, "3 March 1921", "diplomatic relations opened")
    page.keyboard.press("4")  # Easy: in review for days
    expect(page.locator("h1.prompt")).to_contain_text("Freedonia pledge")
    with app.app_context():
        db.session.execute(sa.update(Card).values(due=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    page.goto(f"{live_url}/study")
    answer_typed(page, "3 March 1921", "diplomatic relations opened")
    forget = page.locator("#hold-form details.forget")
    forget.locator("summary").click()
    expect(forget).to_contain_text("Your reviews of it stay in your history")
    forget.get_by_role("button", name="Forget this card").click()
    expect(page.locator(".flash.success")).to_contain_text("1 card forgotten")
    assert query(lambda s: s.scalar(sa.select(sa.func.count()).select_from(Card))) == 0
    assert query(lambda s: s.scalar(sa.select(sa.func.count(Review.id)))) == 1

    # In the card browser: the card is new again; suspend two cards ticked, then unsuspend one.
    page.get_by_label("Main").get_by_role("link", name="Cards").click()
    expect(page).to_have_url(re.compile(r"/cards$"))
    row = page.locator("#cards tbody tr", has_text="On what date were diplomatic relations")
    expect(row.locator("td.states")).to_contain_text("New")
    row.get_by_role("checkbox").check()
    page.locator("#cards tbody tr", has_text="capital of Freedonia").get_by_role("checkbox").check()
    page.get_by_role("button", name="Suspend", exact=True).click()
    expect(page.locator(".flash.success")).to_contain_text("2 cards suspended.")
    page.get_by_label("State").select_option("suspended")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#cards tbody tr")).to_have_count(2)
    # The box in the head ticks the whole page.
    page.locator("input[data-select-all]").check()
    expect(page.locator("#cards tbody input[name=ids]:checked")).to_have_count(2)
    page.locator("#cards tbody tr", has_text="capital of Freedonia").get_by_role("checkbox").uncheck()
    page.get_by_role("button", name="Unsuspend").click()
    expect(page.locator(".flash.success")).to_contain_text("1 card unsuspended.")
    expect(page).to_have_url(re.compile(r"/cards\?.*state=suspended$"))
    expect(page.locator("#cards tbody tr")).to_have_count(1)
    assert holds(query) == {"capital-flashcard": (True, False)}


def test_choose_a_deck_and_it_stays_chosen(page: Page, live_url: str, runner, tmp_path, query) -> None:
    folder = tmp_path / "second"
    folder.mkdir()
    (folder / "history.yaml").write_text(SECOND_DECK)
    assert runner.invoke(args=["bank", "import", str(folder)]).exit_code == 0
    register(page, live_url)
    page.get_by_label("Studying").select_option(label="Sylvanian history")
    page.get_by_role("button", name="Study this").click()
    expect(page.locator("h1.prompt")).to_contain_text("Sylvanian war")
    expect(page.locator(".queue")).to_contain_text("New 3")
    answer_typed(page, "1933", "Sylvanian war")
    page.keyboard.press("3")
    expect(page.locator("h1.prompt")).to_contain_text("led Sylvania's army")
    # Remembered: a later visit studies the same deck.
    page.goto(f"{live_url}/progress")
    page.goto(f"{live_url}/study")
    expect(page.get_by_label("Studying")).to_have_value(re.compile(r"^deck:\d+$"))
    expect(page.locator("h1.prompt")).to_contain_text("led Sylvania's army")
    # A tag.
    page.get_by_label("Studying").select_option("tag:treaties")
    page.get_by_role("button", name="Study this").click()
    expect(page.locator("h1.prompt")).to_contain_text("Sylvanian peace")


def test_the_end_of_a_session_sums_up_and_brings_the_next_card_by_itself(page: Page, live_url: str, app, query) -> None:
    register(page, live_url)
    # The day boundary half a day away: a learning card due in a minute stays "today" at any hour.
    hour = (datetime.now(UTC).hour + 12) % 24
    with app.app_context():
        db.session.execute(sa.update(User).values(new_per_day=2, timezone="UTC", day_start_hour=hour))
        db.session.commit()
    answer_typed(page, "3 March 1921", "diplomatic relations opened")
    expect(page.locator("#today-progress")).to_have_attribute("value", "0")
    page.keyboard.press("3")  # Good: back in 10 minutes
    answer_typed(page, "$2 million", "Freedonia pledge")
    page.keyboard.press("1")  # Again: back in a minute
    expect(page.locator("[data-phase=done]")).to_be_visible()
    expect(page.locator("#summary-cards")).to_have_text("2")
    expect(page.locator("#summary-accuracy")).to_have_text("50%")
    expect(page.locator("#next")).to_contain_text("Your next card is due at")
    expect(page.get_by_role("link", name="Check again")).to_be_visible()
    # The card falls due in a few seconds: the page brings it up with no click.
    with app.app_context():
        db.session.execute(sa.update(Card).where(Card.state != 2).values(due=utcnow() + timedelta(seconds=5)))
        db.session.commit()
    page.goto(f"{live_url}/study")
    expect(page.locator("[data-phase=done]")).to_be_visible()
    expect(page.locator("[data-phase=question]")).to_be_visible(timeout=20_000)
    expect(page.locator(".queue")).to_contain_text("Done 2")


def test_custom_study_review_ahead_in_the_browser(page: Page, live_url: str, app, query) -> None:
    register(page, live_url)
    answer_typed(page, "3 March 1921", "diplomatic relations opened")
    page.keyboard.press("4")  # Easy: due in days
    page.get_by_role("link", name="Custom study").click()
    page.get_by_label("Cards due within (days)").fill("30")
    page.get_by_role("button", name="Review ahead").click()
    expect(page.locator("#custom-now")).to_contain_text("Reviewing ahead")
    expect(page.locator("h1.prompt")).to_contain_text("diplomatic relations opened")
    answer_typed(page, "3 March 1921", "diplomatic relations opened")
    page.keyboard.press("3")
    expect(page.locator("[data-phase=done]")).to_contain_text("Custom study finished")
    expect(page.locator("#summary-reviews")).to_have_text("1")
    page.get_by_role("button", name="Back to your daily study").click()
    expect(page.locator("h1.prompt")).to_contain_text("Freedonia pledge")
    assert query(lambda s: s.scalar(sa.select(sa.func.count(Review.id)))) == 2

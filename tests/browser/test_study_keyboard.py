"""A learner registers and studies three cards with the keyboard alone."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from quiz.models import Review


def keys_ready(page: Page) -> None:
    """Wait until the page's deferred study.js has run, so that key presses are handled.

    An element can be on screen before the script maps the keys; under load a key
    pressed in between was lost. Deferred scripts run before DOMContentLoaded.
    """
    page.wait_for_load_state("domcontentloaded")


def test_register_and_study_three_cards_by_keyboard(page: Page, live_url: str, query) -> None:
    page.goto(f"{live_url}/register")
    # The user name field has focus on arrival (wait for it: typing earlier goes nowhere).
    expect(page.get_by_label("User name")).to_be_focused()
    page.keyboard.type("kim")
    page.keyboard.press("Tab")
    page.keyboard.type("a long enough password")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/study$"))

    # Card 1: a typed date answer, in another accepted form; Enter checks, 3 rates Good.
    expect(page.locator("h1.prompt")).to_contain_text("diplomatic relations opened")
    page.keyboard.type("1921-03-03")
    page.keyboard.press("Enter")
    expect(page.locator(".verdict")).to_contain_text("Correct.")
    expect(page.locator("#rate-form .suggested")).to_contain_text("Good")
    keys_ready(page)
    page.keyboard.press("3")

    # Card 2: a wrong money answer; the suggested rating is Again, 1 presses it.
    expect(page.locator("h1.prompt")).to_contain_text("Freedonia pledge")
    page.keyboard.type("$12.5 billion")
    page.keyboard.press("Enter")
    expect(page.locator(".verdict")).to_contain_text("Not quite.")
    expect(page.locator("#rate-form .suggested")).to_contain_text("Again")
    keys_ready(page)
    page.keyboard.press("1")

    # Card 3: multiple choice; a number key picks a choice, then 4 rates Easy.
    expect(page.locator("h1.prompt")).to_contain_text("settled the Ravel border")
    number = page.locator("#answer-form button", has_text="Ravel Border Accord").get_attribute("data-choice")
    keys_ready(page)
    page.keyboard.press(number)
    expect(page.locator(".verdict")).to_contain_text("Correct.")
    keys_ready(page)
    page.keyboard.press("4")

    # The learning card rated Again comes back in a minute; anything else is new.
    expect(page.locator("[data-phase=question]")).to_be_visible()
    ratings = query(lambda s: s.scalars(sa.select(Review.rating).order_by(Review.id)).all())
    assert ratings == [3, 1, 4]

    # u undoes the last rating: the choice question is back.
    keys_ready(page)
    page.keyboard.press("u")
    expect(page.locator("h1.prompt")).to_contain_text("settled the Ravel border")
    assert (
        query(lambda s: s.scalar(sa.select(sa.func.count()).select_from(Review).where(Review.undone_at.is_(None)))) == 2
    )

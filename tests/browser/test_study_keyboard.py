"""The keyboard model of the study page, in a real browser: no key does what the learner did not mean.

Question side: nothing that Space or Enter could send has the focus; 1-9 select a choice and
Enter checks it. Answer side: Space or Enter accepts the suggested rating, 1-4 rate. Undo: u
where no text box has the focus, Ctrl+Z (or Escape, then u) from one. ? shows the shortcuts.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from quiz.models import Review


def keys_ready(page: Page) -> None:
    """Wait until the page's deferred scripts have run and its autofocus has landed.

    The two happen in no fixed order, and a key pressed before either goes astray:
    - An element can be on screen before the script maps the keys. Deferred scripts
      run before DOMContentLoaded, so wait for that. (A CI run pressed Enter in a
      cloze's first gap before the script had mapped it: the form went off with the
      second gap empty instead of moving to it.)
    - The browser applies ``autofocus`` at a rendering step of its own. A key
      pressed before then went to the page, and the focus then moved into the answer
      box (a CI run's Escape did nothing and the "?" after it was typed into the
      box). So on a page with an autofocus field, wait for the focus to land.
    """
    page.wait_for_load_state("domcontentloaded")
    page.wait_for_function(
        "() => !document.querySelector('main [autofocus]') || document.activeElement !== document.body"
    )


def register(page: Page, live_url: str, name: str = "kim") -> None:
    page.goto(f"{live_url}/register")
    # The user name field has focus on arrival (wait for it: typing earlier goes nowhere).
    expect(page.get_by_label("User name")).to_be_focused()
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type("a long enough password")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/welcome$"))
    page.get_by_role("link", name="Start studying").click()
    expect(page.locator("[data-phase=question]")).to_be_visible()


def ratings(query) -> list[int]:
    """The ratings recorded and not undone, oldest first."""
    return query(
        lambda s: s.scalars(sa.select(Review.rating).where(Review.undone_at.is_(None)).order_by(Review.id)).all()
    )


def answer_typed(page: Page, text: str, prompt: str) -> None:
    expect(page.locator("h1.prompt")).to_contain_text(prompt)
    expect(page.locator("#answer")).to_be_focused()
    keys_ready(page)
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    expect(page.locator("[data-phase=answer]")).to_be_visible()
    keys_ready(page)


def focused_tag(page: Page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.tagName : ''")


def test_register_and_study_by_keyboard_without_traps(page: Page, live_url: str, query) -> None:
    register(page, live_url)

    # Card 1: a typed date in another accepted form. Enter checks; the suggested rating (Good)
    # has the focus, and Space accepts it.
    answer_typed(page, "1921-03-03", "diplomatic relations opened")
    expect(page.locator(".verdict")).to_contain_text("Correct.")
    expect(page.locator("#rate-form .suggested")).to_contain_text("Good")
    expect(page.locator("#rate-form .suggested")).to_be_focused()
    page.keyboard.press(" ")
    expect(page.locator("h1.prompt")).to_contain_text("Freedonia pledge")
    assert ratings(query) == [3]

    # Card 2: a wrong amount; the suggested rating is Again, and Enter accepts it.
    answer_typed(page, "$12.5 billion", "Freedonia pledge")
    expect(page.locator(".verdict")).to_contain_text("Not quite.")
    expect(page.locator("#rate-form .suggested")).to_contain_text("Again")
    page.keyboard.press("Enter")
    expect(page.locator("h1.prompt")).to_contain_text("settled the Ravel border")
    assert ratings(query) == [3, 1]

    # Card 3: multiple choice. Nothing has the focus, so the Anki habit of tapping Space (or
    # Enter) sends nothing; a number selects a choice without sending it; Enter checks it.
    keys_ready(page)
    assert focused_tag(page) == "BODY"
    page.keyboard.press(" ")
    page.keyboard.press(" ")
    page.keyboard.press("Enter")
    expect(page.locator("#key-hint")).to_contain_text("Select a choice first")
    expect(page.locator("[data-phase=question]")).to_be_visible()
    # A choice reached with Tab (here: given the focus) is selected by Space, as radio buttons are.
    page.locator('input[data-choice="1"]').focus()
    page.keyboard.press(" ")
    expect(page.locator('input[data-choice="1"]')).to_be_checked()
    expect(page.locator("[data-phase=question]")).to_be_visible()
    wrong = page.locator(".choice", has_text="Treaty of Sylvan Peace").locator("input").get_attribute("data-choice")
    right = page.locator(".choice", has_text="Ravel Border Accord").locator("input").get_attribute("data-choice")
    page.keyboard.press(wrong)
    expect(page.locator(f'input[data-choice="{wrong}"]')).to_be_checked()
    page.keyboard.press(right)  # changing one's mind is allowed: still nothing sent
    expect(page.locator(f'input[data-choice="{right}"]')).to_be_checked()
    expect(page.locator(f'input[data-choice="{wrong}"]')).not_to_be_checked()
    expect(page.locator("[data-phase=question]")).to_be_visible()
    assert ratings(query) == [3, 1]
    page.keyboard.press("Enter")
    expect(page.locator(".verdict")).to_contain_text("Correct.")
    keys_ready(page)
    page.keyboard.press("4")  # 1-4 rate: Easy

    # Card 4: a flashcard. Nothing is focused either; Space reveals it, Space again accepts Good.
    expect(page.locator("h1.prompt")).to_contain_text("capital of Freedonia")
    keys_ready(page)
    assert focused_tag(page) == "BODY"
    page.keyboard.press(" ")
    expect(page.locator("[data-phase=answer]")).to_be_visible()
    keys_ready(page)
    page.keyboard.press(" ")
    expect(page.locator("h1.prompt")).to_contain_text("Freedonia was founded")
    assert ratings(query) == [3, 1, 4, 3]

    # Card 5: a cloze. Enter in the first gap goes to the next gap; Enter there checks.
    expect(page.locator("#gap-1")).to_be_focused()
    keys_ready(page)
    page.keyboard.type("1848")
    page.keyboard.press("Enter")
    expect(page.locator("#gap-2")).to_be_focused()
    page.keyboard.type("Firefly")
    page.keyboard.press("Enter")
    expect(page.locator(".verdict")).to_contain_text("Correct.")
    keys_ready(page)
    page.keyboard.press("2")  # Hard
    expect(page.locator("[data-phase=done]")).to_be_visible()
    assert ratings(query) == [3, 1, 4, 3, 2]

    # u undoes the last rating on the "done" page too: the cloze is back.
    keys_ready(page)
    page.keyboard.press("u")
    expect(page.locator("h1.prompt")).to_contain_text("was founded in")
    assert ratings(query) == [3, 1, 4, 3]


def test_undo_from_an_answer_box_and_from_the_answer_side(page: Page, live_url: str, query) -> None:
    register(page, live_url)
    answer_typed(page, "3 March 1921", "diplomatic relations opened")
    page.keyboard.press("3")
    answer_typed(page, "$12.5 million", "Freedonia pledge")
    page.keyboard.press("3")

    # The next card is a choice; undo from there with u.
    expect(page.locator("h1.prompt")).to_contain_text("settled the Ravel border")
    assert ratings(query) == [3, 3]
    keys_ready(page)
    page.keyboard.press("u")
    # The amount card is back, and its answer box has the focus: u is a letter there...
    expect(page.locator("h1.prompt")).to_contain_text("Freedonia pledge")
    expect(page.locator("#answer")).to_be_focused()
    keys_ready(page)
    page.keyboard.press("u")
    expect(page.locator("#answer")).to_have_value("u")
    assert ratings(query) == [3]
    # ... Ctrl+Z first undoes the typing, as in any text box; in the empty box it undoes the rating.
    page.keyboard.press("Control+z")
    expect(page.locator("#answer")).to_have_value("")
    page.keyboard.press("Control+z")
    expect(page.locator("h1.prompt")).to_contain_text("diplomatic relations opened")
    assert ratings(query) == []

    # Escape leaves the box, and then u works as a key.
    answer_typed(page, "3 March 1921", "diplomatic relations opened")
    page.keyboard.press("3")
    expect(page.locator("h1.prompt")).to_contain_text("Freedonia pledge")
    expect(page.locator("#answer")).to_be_focused()
    keys_ready(page)
    page.keyboard.press("Escape")
    page.keyboard.press("u")
    expect(page.locator("h1.prompt")).to_contain_text("diplomatic relations opened")
    assert ratings(query) == []

    # On the answer side, u undoes the rating before it (the card shown is not rated).
    answer_typed(page, "3 March 1921", "diplomatic relations opened")
    page.keyboard.press("3")
    answer_typed(page, "no idea", "Freedonia pledge")
    page.keyboard.press("u")
    expect(page.locator("h1.prompt")).to_contain_text("diplomatic relations opened")
    expect(page.locator("[data-phase=question]")).to_be_visible()
    assert ratings(query) == []


def test_a_held_key_never_acts_twice(page: Page, live_url: str, query) -> None:
    register(page, live_url)
    expect(page.locator("#answer")).to_be_focused()
    page.keyboard.type("3 March 1921")
    # Enter held down: the first press checks; its repeats reach the answer side and are ignored.
    page.keyboard.down("Enter")
    expect(page.locator("[data-phase=answer]")).to_be_visible()
    keys_ready(page)
    page.keyboard.down("Enter")
    page.keyboard.down("Enter")
    page.keyboard.up("Enter")
    page.wait_for_timeout(300)
    expect(page.locator("[data-phase=answer]")).to_be_visible()
    assert ratings(query) == []


def test_question_mark_shows_the_shortcuts_and_stays_a_character_in_an_answer(page: Page, live_url: str, query) -> None:
    register(page, live_url)
    expect(page.locator("#answer")).to_be_focused()
    keys_ready(page)
    page.keyboard.type("what?")
    expect(page.locator("#answer")).to_have_value("what?")
    expect(page.locator("#shortcuts")).to_be_hidden()

    page.keyboard.press("Escape")
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Accept the suggested rating")
    expect(dialog.get_by_role("button", name="Close")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    # The footer button opens it too (it is there only when the script runs).
    page.get_by_role("button", name="Keyboard shortcuts").click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()

    # While the shortcuts show, the keys are theirs: a number rates nothing behind them.
    page.locator("#answer").fill("3 March 1921")
    page.locator("#answer").press("Enter")
    expect(page.locator("[data-phase=answer]")).to_be_visible()
    keys_ready(page)
    page.keyboard.press("?")
    expect(dialog).to_be_visible()
    page.keyboard.press("1")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("[data-phase=answer]")).to_be_visible()
    assert ratings(query) == []
    page.keyboard.press("3")
    expect(page.locator("h1.prompt")).to_contain_text("Freedonia pledge")
    assert ratings(query) == [3]

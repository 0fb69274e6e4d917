"""Under the strict Content-Security-Policy, Chromium blocks nothing the pages use: script, styles, charts."""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.sync_api import Page, expect

SHOTS = os.environ.get("QUIZ_SCREENSHOTS")


def watch(page: Page) -> list[str]:
    """Collect every CSP violation the page reports."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    return violations


def shoot(page: Page, name: str) -> None:
    if SHOTS:
        for label, size in (("desktop", (1280, 800)), ("phone", (390, 844))):
            page.set_viewport_size({"width": size[0], "height": size[1]})
            page.screenshot(path=str(Path(SHOTS) / f"{name}-{label}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 800})


def test_study_progress_and_settings_load_everything_under_the_policy(page: Page, live_url: str) -> None:
    violations = watch(page)
    page.goto(f"{live_url}/register")
    page.get_by_label("User name").fill("kim")
    page.get_by_label("Password").fill("a long enough password")
    page.get_by_role("button", name="Create account").click()
    expect(page).not_to_have_url(re.compile(r"/register$"))
    page.goto(f"{live_url}/study")
    # The stylesheet applied (the primary button is coloured) and the script runs (keys work).
    assert page.locator("button.primary").evaluate("b => getComputedStyle(b).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.locator("#answer").fill("x" * 600)  # maxlength keeps it to 500 in a browser
    assert len(page.locator("#answer").input_value()) == 500
    page.locator("#answer").fill("1921-03-03")
    page.keyboard.press("Enter")
    expect(page.locator(".verdict")).to_contain_text("Correct.")
    page.wait_for_load_state("domcontentloaded")
    page.keyboard.press("3")
    expect(page.locator("[data-phase='question']")).to_be_visible()
    shoot(page, "study")
    page.goto(f"{live_url}/progress")
    expect(page.locator("svg.chart").first).to_be_visible()
    shoot(page, "progress")
    page.goto(f"{live_url}/settings")
    assert violations == []

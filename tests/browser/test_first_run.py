"""First run in a real browser: the time zone comes from the browser, and settings offer the device's zone."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import Browser, expect

from quiz.models import User


def test_registration_takes_the_browsers_time_zone_and_settings_can_change_it(
    browser: Browser, live_url: str, query
) -> None:
    tokyo = browser.new_context(timezone_id="Asia/Tokyo")
    page = tokyo.new_page()
    page.goto(f"{live_url}/register")
    page.get_by_label("User name").fill("kim")
    page.get_by_label("Password").fill("a long enough password")
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/welcome$"))
    expect(page.locator("#welcome-zone")).to_have_text("Asia/Tokyo")
    expect(page.locator("main")).to_contain_text("Press ?")
    assert query(lambda s: s.scalar(sa.select(User.timezone))) == "Asia/Tokyo"

    page.goto(f"{live_url}/settings")
    zone = page.get_by_label("Time zone")
    expect(zone).to_have_value("Asia/Tokyo")
    expect(page.locator("#zone-offer")).to_be_hidden()  # the list already says this device's zone
    tokyo.close()

    # The same learner on a device in Vilnius is offered that zone, and saves it.
    vilnius = browser.new_context(timezone_id="Europe/Vilnius")
    page = vilnius.new_page()
    page.goto(f"{live_url}/login")
    page.get_by_label("User name").fill("kim")
    page.get_by_label("Password").fill("a long enough password")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_url}/settings")
    offer = page.locator("#zone-offer")
    expect(offer).to_contain_text("This device is set to Europe/Vilnius.")
    offer.get_by_role("button", name="Use it").click()
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Vilnius")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".flash.success")).to_have_text("Settings saved.")
    assert query(lambda s: s.scalar(sa.select(User.timezone))) == "Europe/Vilnius"
    vilnius.close()


def test_without_javascript_registration_keeps_utc(browser: Browser, live_url: str, query) -> None:
    context = browser.new_context(java_script_enabled=False, timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.goto(f"{live_url}/register")
    page.get_by_label("User name").fill("kim")
    page.get_by_label("Password").fill("a long enough password")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("#welcome-zone")).to_have_text("UTC")
    assert query(lambda s: s.scalar(sa.select(User.timezone))) == "UTC"
    # Studying works without JavaScript too: the buttons send the forms.
    page.get_by_role("link", name="Start studying").click()
    for typed in ("3 March 1921", "$12.5 million"):
        page.get_by_label("Your answer").fill(typed)
        page.get_by_role("button", name="Check").click()
        expect(page.locator(".verdict")).to_contain_text("Correct.")
        page.get_by_role("button", name=re.compile("^Good")).click()
    # A choice is a radio group: picking one sends nothing, Check does.
    expect(page.locator("h1.prompt")).to_contain_text("settled the Ravel border")
    page.get_by_role("radio", name="Ravel Border Accord").check()
    expect(page.locator("[data-phase=question]")).to_be_visible()
    page.get_by_role("button", name="Check").click()
    expect(page.locator(".verdict")).to_contain_text("Correct.")
    context.close()

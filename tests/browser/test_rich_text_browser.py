"""Rich text in Chromium under the strict policy: the deck's image loads, math is laid out, nothing is blocked."""

from __future__ import annotations

import struct
import textwrap
import zlib
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_csp_browser import shoot, watch
from tests.support import make_bank_dir

BANK = textwrap.dedent(
    """\
    deck:
      id: test-deck
      title: Baltic ports
    questions:
      - id: port-choice
        type: choice
        kind: name
        prompt: |-
          Which **port** is marked on the map?

          ![A coastline with one port marked in red](media/coast.png)
        answer: "*Klaipeda*"
        choices: ["*Klaipeda*", "Riga", "`Tallinn`"]
        explanation: |-
          Klaipeda lies at $55.7^\\circ$ N. Its lagoon:

          - is shallow,
          - is closed by the *Curonian Spit*.
    """
)


def png(width: int, height: int) -> bytes:
    """A small PNG: a blue band of sea with a red dot, drawn row by row."""
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            near = (x - width // 2) ** 2 + (y - height // 2) ** 2 < 36
            row += bytes((200, 30, 30) if near else (70, 130, 200) if x < width // 3 else (225, 215, 180))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def bank_dir(tmp_path: Path, template_db: Path) -> Path:
    folder = make_bank_dir(tmp_path / "bank", BANK)
    (folder / "media").mkdir()
    (folder / "media" / "coast.png").write_bytes(png(240, 120))
    return folder


def test_a_rich_question_shows_its_image_and_math_and_takes_the_plain_answer(page: Page, live_url: str) -> None:
    violations = watch(page)
    page.goto(f"{live_url}/register")
    page.get_by_label("User name").fill("kim")
    page.get_by_label("Password").fill("a long enough password")
    page.get_by_role("button", name="Create account").click()
    page.goto(f"{live_url}/study")
    image = page.get_by_role("img", name="A coastline with one port marked in red")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth") == 240
    expect(page.get_by_role("heading", level=1)).to_contain_text("Which port is marked on the map?")
    expect(page.locator(".choice em")).to_have_text("Klaipeda")
    shoot(page, "rich-question")
    page.locator(".choice", has_text="Klaipeda").click()
    page.get_by_role("button", name="Check").click()
    expect(page.locator(".verdict")).to_contain_text("Correct.")
    math = page.locator(".explanation math")
    assert math.evaluate("m => m.getBoundingClientRect().width") > 10  # laid out by the browser's MathML
    expect(page.locator(".explanation li")).to_have_count(2)
    shoot(page, "rich-answer")
    assert violations == []

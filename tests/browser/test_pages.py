"""Every page state, as a visitor, a learner and an instructor would meet it, checked by axe-core
in the light and the dark theme, and photographed at desktop and phone sizes.

The screenshots land in ``tests/browser/screenshots/`` (git-ignored, rewritten by every run) as
``<state>-<desktop|phone>-<light|dark>.png``, so that a change in the look can be seen.
axe-core comes inside the ``axe-playwright-python`` package: nothing is fetched.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from axe_playwright_python.base import AXE_FILE_PATH, AxeResults
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import Error as PlaywrightError

from quiz.extensions import db
from quiz.models import QuizAttempt, Role, User, utcnow
from quiz.scheduling import Rating
from quiz.services.accounts.users import create_user
from quiz.services.learning.study import record_review
from tests.support import PASSWORD, SMALL_BANK, Accounts, Quizzer, Studier

SHOTS = Path(__file__).parent / "screenshots"
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
THEMES = ("light", "dark")


def _rules(*names: str) -> dict:
    return {"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": list(names)}}


#: What axe-core checks in each theme and size. Every rule it runs by default (WCAG 2.0 to 2.2 A and
#: AA, and best practices), colour contrast included, on the light desktop page; the rules about
#: colour in the dark theme (at desktop size: colours do not change with the width); on a phone,
#: the rules that depend on the layout (and SMALL_TARGETS below, which asks for more than WCAG's 24 px).
RULES = {
    ("light", "desktop"): {"resultTypes": ["violations"]},
    ("light", "phone"): _rules("scrollable-region-focusable", "target-size", "meta-viewport"),
    ("dark", "desktop"): _rules("color-contrast", "link-in-text-block"),
    ("dark", "phone"): None,
}

#: Every visible control a finger presses, with its box under 44 px high (a checkbox or radio by
#: the label around it; inline text links are left out, as in WCAG).
SMALL_TARGETS = """() => {
  const found = [];
  const controls = document.querySelectorAll(
    "button, input:not([type=hidden]), select, textarea, a.button, nav a, summary, label.check, label.choice");
  for (const el of controls) {
    const target = (el.type === "checkbox" || el.type === "radio") ? ((el.labels && el.labels[0]) || el) : el;
    const box = target.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(target).visibility === "hidden") continue;
    if (el.closest("dialog:not([open])")) continue;
    if (box.height < 43.5) found.push(`${target.tagName.toLowerCase()}.${target.className || ""} ` +
      `"${(target.innerText || target.value || target.name || "").trim().slice(0, 30)}" ${Math.round(box.height)}px`);
  }
  return found;
}"""

DOCUMENT = (
    "Freedonia and Sylvania opened diplomatic relations on March 3, 1921, in the border town of Ravel.\n\n"
    "In 1930 the Ravel Border Accord settled the frontier. Freedonia pledged $12.5 million to the railways.\n"
)


class Walk:
    """Checks and photographs the page in each state it is brought to."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        self.states: list[str] = []
        self.timings: list[str] = []
        SHOTS.mkdir(exist_ok=True)

    def __call__(self, state: str) -> None:
        assert re.fullmatch(r"[a-z0-9-]+", state) and state not in self.states, state
        self.states.append(state)
        page = self.page
        page.wait_for_load_state("load")
        started = time.perf_counter()
        checking = 0.0
        for theme in THEMES:
            page.emulate_media(color_scheme=theme)
            for size, viewport in SIZES.items():
                page.set_viewport_size(viewport)
                before = time.perf_counter()
                options = RULES[theme, size]
                if options is not None:
                    results = AxeResults(page.evaluate("options => axe.run(document, options)", options))
                    if results.violations_count:
                        self.problems.append(f"{state} ({theme}, {size}): {results.generate_report()}")
                if (theme, size) == ("light", "phone"):
                    small = page.evaluate(SMALL_TARGETS)
                    if small:
                        self.problems.append(f"{state} (phone): targets under 44 px: {small}")
                checking += time.perf_counter() - before
                page.screenshot(path=SHOTS / f"{state}-{size}-{theme}.png", full_page=True)
        page.emulate_media(color_scheme="light")
        page.set_viewport_size(SIZES["desktop"])
        self.timings.append(f"{state}: {time.perf_counter() - started:.1f} s, checks {checking:.1f} s")

    def done(self) -> None:
        report = "\n\n".join(self.problems) or "no violations"
        (SHOTS / f"axe-{self.states[0]}.txt").write_text("\n".join(self.timings) + "\n\n" + report + "\n")
        assert not self.problems, report


@pytest.fixture
def walk(browser: Browser, live_url: str):
    # The walk asks for the server so that it is still serving when the walk's end fetches again
    # what the walk saw dropped. Reduced motion: no colour is measured half-way through a transition.
    context = browser.new_context(viewport=SIZES["desktop"], reduced_motion="reduce")
    context.set_default_timeout(10_000)
    context.add_init_script(path=AXE_FILE_PATH)  # axe-core, in every page the walk opens
    page = context.new_page()
    errors: list[str] = []

    def console(message) -> None:
        # The error pages are meant to answer 403 and 404, and a refused draft edit 400; anything else
        # logged as an error fails the walk.
        expected = (
            r"/(no-such-page|progress/class|account/reset/[\w-]+|instructor/drafts/\d+/\d+/accept"
            r"|instructor/bank/\d+/edit)$"
        )
        if message.type != "error" or re.search(expected, message.location["url"]):
            return
        if "net::ERR_" in message.text:
            # A network error means no answer arrived at all, which is the test server's doing (werkzeug's
            # threaded server drops the odd connection under CI's load, always seen for the favicon), not
            # the app's: the app's failures arrive as an HTTP status or a script error. The resource is
            # fetched once more at the end, so one the app cannot serve still fails the walk.
            dropped.append(message.location["url"])
        else:
            errors.append(f"{message.location['url']}: {message.text}")

    dropped: list[str] = []
    page.on("console", console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield Walk(page)
    for url in dict.fromkeys(dropped):
        try:
            response = context.request.get(url)
        except PlaywrightError as error:
            errors.append(f"{url}: dropped in the walk, and again: {error.message}")
        else:
            if not response.ok:
                errors.append(f"{url}: dropped in the walk, then answered {response.status}")
    context.close()
    assert not errors, errors


def log_in(page: Page, live_url: str, name: str) -> None:
    page.goto(f"{live_url}/login")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/study$"))


def test_every_page_as_a_visitor(walk: Walk, live_url: str) -> None:
    page = walk.page
    page.goto(f"{live_url}/login")
    walk("login")
    page.get_by_label("User name").fill("nobody")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".flash.error")).to_be_visible()
    walk("login-failed")
    page.goto(f"{live_url}/register")
    walk("register")
    page.get_by_label("User name").fill("kim")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".errors")).to_contain_text("at least")
    walk("register-invalid")
    page.goto(f"{live_url}/no-such-page")
    walk("error-404")
    walk.done()


def study_states(walk: Walk) -> None:
    """Study every card of the small bank once, photographing both sides of each type."""
    page = walk.page
    seen: set[str] = set()
    answers = {
        "diplomatic relations": ("3 March 1921", "right"),
        "Freedonia pledge": ("$2 million", "wrong"),
        "settled the Ravel border": ("Ravel Border Accord", "right"),
        "Freedonia was founded": (["1848", "Firefly"], "right"),
    }
    # A click that loads the next page returns before it arrives: wait for a question or the
    # done page each time, so that the page being left is never taken for the end.
    next_step = page.locator("[data-phase=question], [data-phase=done]")
    while True:
        expect(next_step).to_be_visible()
        if not page.locator("[data-phase=question]").count():
            break
        kind = page.locator("[data-phase=question]").get_attribute("data-type")
        prompt = page.locator("h1.prompt").inner_text()
        first = kind not in seen
        seen.add(kind)
        if first:
            walk(f"study-question-{kind}")
        text, outcome = next((v for k, v in answers.items() if k in prompt), ("", "reveal"))
        if kind == "choice":
            page.locator(".choice", has_text=text).click()
            if first:
                walk("study-question-choice-selected")
            page.get_by_role("button", name="Check").click()
        elif kind == "cloze":
            for n, gap in enumerate(text, start=1):
                page.fill(f"#gap-{n}", gap)
            page.get_by_role("button", name="Check").click()
        elif kind == "flashcard":
            page.get_by_role("button", name="Show answer").click()
        else:
            page.fill("#answer", text)
            page.get_by_role("button", name="Check").click()
        expect(page.locator("[data-phase=answer]")).to_be_visible()
        state = f"study-answer-{kind}-{outcome}"
        if state.removeprefix("study-") not in {s.removeprefix("study-") for s in walk.states}:
            walk(state)
        page.locator("#rate-form .suggested").click()
    expect(page.locator("[data-phase=done]")).to_be_visible()
    walk("study-done")


def answer_any(page: Page) -> None:
    """Answer the card on screen, whatever its type (rightly or not), and wait for the answer side."""
    kind = page.locator("[data-phase=question]").get_attribute("data-type")
    if kind == "choice":
        page.locator(".choice").first.click()
        page.get_by_role("button", name="Check").click()
    elif kind == "cloze":
        for gap in page.locator("input[name=gap]").all():
            gap.fill("1848")
        page.get_by_role("button", name="Check").click()
    elif kind == "flashcard":
        page.get_by_role("button", name="Show answer").click()
    else:
        page.fill("#answer", "1921")
        page.get_by_role("button", name="Check").click()
    expect(page.locator("[data-phase=answer]")).to_be_visible()


def learner_control_states(walk: Walk, live_url: str) -> None:
    """The card browser, custom study and the card actions of the answer side."""
    page = walk.page
    page.get_by_label("Main").get_by_role("link", name="Cards").click()
    walk("cards")
    page.locator("#cards tbody tr").first.get_by_role("checkbox").check()
    page.get_by_role("button", name="Suspend", exact=True).click()
    expect(page.locator(".flash.success")).to_be_visible()
    walk("cards-suspended")
    page.get_by_label("State").select_option("leech")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".empty")).to_be_visible()
    walk("cards-none-found")

    page.goto(f"{live_url}/study/custom")
    walk("study-custom")
    page.get_by_label("Cards due within (days)").fill("0")
    page.get_by_role("button", name="Review ahead").click()
    expect(page.locator(".errors")).to_be_visible()
    walk("study-custom-invalid")
    page.get_by_label("Cards due within (days)").fill("365")
    page.get_by_role("button", name="Review ahead").click()
    expect(page.locator("#custom-now")).to_be_visible()
    walk("study-custom-question")
    answer_any(page)
    page.locator("#hold-form details.forget summary").click()
    walk("study-answer-forget-open")
    page.locator("#hold-form details.forget summary").click()
    for _ in range(10):
        page.locator("#rate-form .suggested").click()
        expect(page.locator("[data-phase=question], [data-phase=done]")).to_be_visible()
        if page.locator("[data-phase=done]").count():
            break
        answer_any(page)
    expect(page.locator("[data-phase=done]")).to_be_visible()
    walk("study-custom-done")
    page.get_by_role("button", name="Back to your daily study").click()
    expect(page.locator("#scope")).to_be_visible()


def test_every_page_as_a_learner(walk: Walk, live_url: str, runner, app, tmp_path) -> None:
    # The bank's document gets a title and a readable text, so that sources link to it.
    folder = tmp_path / "bank"
    (folder / "documents").mkdir(parents=True)
    (folder / "deck.yaml").write_text(
        SMALL_BANK + "documents:\n  freedonia.txt:\n    title: A Short History of Freedonia\n    show_text: true\n"
        "    origin: Written for the tests.\n"
    )
    (folder / "documents" / "freedonia.txt").write_text(
        "Freedonia\n\nRelations opened on March 3, 1921, in Ravel.\n\nFreedonia pledged $12.5 million.\n\n"
        "The Ravel Border Accord of 1930 settled the border.\n"
    )
    assert runner.invoke(args=["bank", "import", str(folder)]).exit_code == 0
    page = walk.page
    page.goto(f"{live_url}/register")
    page.get_by_label("User name").fill("kim")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/welcome$"))
    walk("welcome")
    page.keyboard.press("?")
    expect(page.locator("#shortcuts")).to_be_visible()
    walk("shortcuts-dialog")
    page.keyboard.press("Escape")
    page.get_by_role("link", name="Start studying").click()

    # The "done" page brings up the next card by itself when it falls due (a minute after the last
    # Again): the walk leaves it at once.
    study_states(walk)
    learner_control_states(walk, live_url)

    page.goto(f"{live_url}/settings")
    walk("settings")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".flash.success")).to_be_visible()
    walk("settings-saved")

    page.goto(f"{live_url}/quiz")
    walk("quiz-start")
    # Asking for more questions than match: the page says so before anything starts.
    page.select_option("#deck", label="Test deck")
    page.get_by_label("money").check()
    page.fill("#length", "3")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator("#quiz-fewer")).to_contain_text("Only 1 question matches")
    walk("quiz-start-fewer")
    page.get_by_label("money").uncheck()
    page.get_by_role("button", name="Start the quiz").click()
    seen: set[str] = set()
    for n in range(3):
        # The page left behind shows a question too: wait for this one's number.
        expect(page.locator("#quiz-progress")).to_contain_text(f"Question {n + 1} of 3")
        card = page.locator("[data-phase=quiz]")
        kind = card.get_attribute("data-type")
        key = card.get_attribute("data-key")
        if kind not in seen:
            seen.add(kind)
            walk(f"quiz-question-{kind}")
        if n == 1:
            page.get_by_role("link", name="End the quiz now…").click()
            expect(page.locator("[data-phase=end]")).to_be_visible()
            walk("quiz-end-confirm")
            page.get_by_role("link", name="Keep going").click()
            expect(page.locator("#quiz-progress")).to_contain_text("Question 2 of 3")
        right = Quizzer.right[key]
        if kind == "choice":
            page.locator(".choice", has_text=right if n else "1925" if "date" in key else "Sylvan").first.click()
        elif kind == "cloze":
            for i, gap in enumerate(right, start=1):
                page.fill(f"#gap-{i}", gap if n else "no idea")
        else:
            page.fill("#answer", right if n else "no idea")
        page.get_by_role("button", name="Answer").click()
    expect(page.locator("[data-phase=result]")).to_be_visible()
    walk("quiz-result")

    # A timed quiz: the countdown, then the time running out (the script opens the result).
    page.goto(f"{live_url}/quiz")
    page.fill("#length", "2")
    page.fill("#minutes", "5")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator("#time-left")).to_have_text(re.compile(r"^[45]:\d\d$"))
    walk("quiz-question-timed")
    with app.app_context():
        db.session.execute(
            sa.update(QuizAttempt)
            .where(QuizAttempt.finished_at.is_(None), QuizAttempt.deadline.is_not(None))
            .values(deadline=utcnow() + timedelta(seconds=2))
        )
        db.session.commit()
        db.session.remove()
    page.reload()
    expect(page.locator("#time-up")).to_be_visible(timeout=15_000)
    walk("quiz-time-up")

    # One quiz left half-way: "Resume" on the quiz page and in the history on the progress page.
    page.goto(f"{live_url}/quiz")
    page.fill("#length", "2")
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_role("link", name="End the quiz now…").wait_for()
    page.goto(f"{live_url}/quiz")
    expect(page.get_by_role("link", name="Resume")).to_have_count(1)
    walk("quiz-start-with-history")

    page.goto(f"{live_url}/progress")
    walk("progress")
    page.locator("#weakest a").first.click()
    walk("progress-question")
    page.locator(".source a").first.click()
    expect(page.locator("p.cited")).to_be_visible()
    walk("source-document")
    page.goto(f"{live_url}/progress?range=365")
    walk("progress-year")
    page.goto(f"{live_url}/progress?range=all")
    walk("progress-all-time")

    page.goto(f"{live_url}/logout")
    walk("logout-confirm")
    page.goto(f"{live_url}/progress/class")
    walk("error-403")
    walk.done()


def test_every_page_as_an_instructor(walk: Walk, live_url: str, app, tmp_path) -> None:
    with app.app_context():
        create_user("teach", PASSWORD, role=Role.INSTRUCTOR)
        db.session.remove()
    # Two learners have studied, so that the class view has rows to show.
    for name, typed in (("ada", "3 March 1921"), ("bob", "1925")):
        learner = app.test_client()
        Accounts(learner).register(name)
        studier = Studier(learner)
        studier.answer(typed)
        studier.rate(3)
        studier.answer("$12.5 million")
        studier.rate(3)
    page = walk.page
    log_in(page, live_url, "teach")
    walk("study-first-card-instructor")
    page.get_by_label("Main").get_by_role("link", name="Instructor").click()
    walk("instructor")
    page.get_by_role("link", name="Upload a bank file").click()
    walk("instructor-upload")
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL_BANK.replace("type: flashcard", "type: flashcrd").replace("kind: money", "kind: mony"))
    page.get_by_label("Bank file").set_input_files(str(bad))
    page.get_by_role("button", name="Check and preview").click()
    expect(page.locator(".problems")).to_be_visible()
    walk("instructor-upload-problems")
    good = tmp_path / "more.yaml"
    good.write_text(SMALL_BANK.replace("What is the capital of Freedonia?", "Name the capital of Freedonia."))
    page.get_by_label("Bank file").set_input_files(str(good))
    page.get_by_role("button", name="Check and preview").click()
    expect(page.locator("#plan")).to_be_visible()
    walk("instructor-preview")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".flash.success")).to_be_visible()
    walk("instructor-applied")

    page.get_by_role("link", name="Draft questions from a document").click()
    walk("instructor-document")
    doc = tmp_path / "ravel.txt"
    doc.write_text(DOCUMENT)
    page.get_by_label("Document (plain text, UTF-8)").set_input_files(str(doc))
    page.get_by_label("New deck id").fill("ravel")
    page.get_by_label("Deck title").fill("The Ravel frontier")
    page.get_by_role("button", name="Draft questions").click()
    expect(page.locator(".draft").first).to_be_visible()
    walk("instructor-draft")
    page.locator(".draft").first.get_by_role("button", name="Accept").click()
    expect(page.locator(".flash.success")).to_be_visible()
    walk("instructor-draft-accepted")
    pending = page.locator(".draft.pending:has(input[name$=answer])").first
    pending.get_by_label("Answer", exact=True).fill("")
    pending.get_by_role("button", name="Accept").click()
    expect(page.locator(".error-summary")).to_be_visible()
    walk("instructor-draft-problems")
    page.get_by_role("link", name="Uploads and drafts").click()
    expect(page.locator("#uploads")).to_be_visible()
    walk("instructor-uploads")
    page.get_by_role("link", name="Question bank").click()
    page.get_by_role("link", name="Browse questions").click()
    expect(page.locator("#bank")).to_be_visible()
    walk("instructor-bank")
    page.locator("#bank tbody tr th a").first.click()
    expect(page.locator("#as-seen")).to_be_visible()
    walk("instructor-bank-question")
    # A deck made in the browser (the drafts accepted above): its questions can be edited here.
    page.goto(f"{live_url}/instructor/bank?deck=ravel")
    expect(page.locator("#deck-actions")).to_be_visible()
    walk("instructor-bank-deck")
    page.locator("#bank tbody tr th a").first.click()
    expect(page.locator("#history")).to_be_visible()
    question_id = int(page.url.rsplit("/", 1)[1])
    with app.app_context():
        # A learner has studied it, so that a changed answer warns before resetting.
        ada = db.session.scalar(sa.select(User).where(User.username == "ada"))
        record_review(ada, question_id, Rating.Good, seen_reps=0, now=utcnow(), correct=True)
        db.session.remove()
    walk("instructor-bank-question-editable")
    page.get_by_role("link", name="Edit", exact=True).click()
    walk("instructor-question-edit")
    prompt = page.get_by_label("Prompt").input_value()
    page.get_by_label("Prompt").fill("")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".error-summary")).to_be_visible()
    walk("instructor-question-edit-problems")
    page.get_by_label("Prompt").fill(prompt)
    page.get_by_label("Answer", exact=True).fill("a different answer")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#reset-warning")).to_be_visible()
    walk("instructor-question-edit-reset")
    page.get_by_role("button", name=re.compile("^Save and reset")).click()
    expect(page.locator("#history tbody tr").first).to_contain_text("changed in the browser")
    walk("instructor-question-saved")
    page.get_by_role("link", name="Add a question to this deck").click()
    walk("instructor-question-add")

    page.get_by_label("Main").get_by_role("link", name="Class", exact=True).click()
    walk("class")
    walk.done()


def test_every_account_page(walk: Walk, live_url: str, app) -> None:
    with app.app_context():
        create_user("boss", PASSWORD, role=Role.ADMIN)
        db.session.remove()
    for name in ("ada", "bob"):
        Accounts(app.test_client()).register(name)
    page = walk.page
    page.goto(f"{live_url}/account/forgot")
    walk("account-forgot")

    log_in(page, live_url, "boss")
    page.get_by_label("Main").get_by_role("link", name="Accounts").click()
    walk("admin-users")
    page.get_by_label("Role of bob").select_option("instructor")
    page.locator("tr", has_text="bob").get_by_role("button", name="Change").click()
    expect(page.locator(".flash.success")).to_contain_text("bob is now an instructor")
    walk("admin-users-role-changed")
    page.get_by_role("button", name="Reset link for ada").click()
    link = page.locator(".reset-link code").inner_text()
    walk("admin-reset-link")

    page.goto(f"{live_url}/account/password")
    walk("account-password")
    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password", exact=True).fill("a new password 1")
    page.get_by_label("New password again").fill("a new password 1")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".errors")).to_be_visible()
    walk("account-password-wrong")
    page.goto(f"{live_url}/account/email")
    walk("account-email")
    page.goto(f"{live_url}/logout")
    page.locator("#main").get_by_role("button", name="Log out").click()

    page.goto(link)
    walk("account-reset")
    page.get_by_label("New password", exact=True).fill("a new password 1")
    page.get_by_label("New password again").fill("a new password 1")
    page.get_by_role("button", name="Set new password").click()
    expect(page).to_have_url(re.compile(r"/study$"))
    page.goto(f"{live_url}/account/delete")
    walk("account-delete")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.locator(".errors").first).to_be_visible()
    walk("account-delete-invalid")
    page.goto(link)
    walk("account-reset-dead")
    walk.done()

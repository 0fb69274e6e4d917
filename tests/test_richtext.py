"""Rich text: a Markdown subset, math as MathML, sanitized; plain banks render exactly as before."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from quiz.bank import cloze_blank, cloze_fill, cloze_gaps, load_bank
from quiz.paths import resource_dir
from quiz.richtext import from_html, plain, render, render_cloze
from quiz.services.learning.study import check_answer
from tests.interop.test_round_trips import RICH, bank_of


def shipped_texts() -> list[str]:
    texts = []
    for q in load_bank([resource_dir("questions")]).questions:
        texts += [q.prompt, q.answer, q.explanation, *q.choices, *q.accept]
    return [t for t in texts if t]


def test_a_plain_bank_renders_byte_for_byte_as_escaped_text():
    texts = shipped_texts()
    assert len(texts) > 200
    for text in texts:
        assert render(text) == str(escape(text)), text
        assert plain(text) == text


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("a *b* and **c**", "a <em>b</em> and <strong>c</strong>"),
        ("run `flask --app quiz`", "run <code>flask --app quiz</code>"),
        (
            "[the charter](https://example.org/charter)",
            '<a href="https://example.org/charter" rel="noopener noreferrer">the charter</a>',
        ),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("1. first\n2. second", "<ol>\n<li>first</li>\n<li>second</li>\n</ol>"),
        ("line one\\\nline two", "line one<br>\nline two"),
        ("between $5 and $10 million", "between $5 and $10 million"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("[click](javascript:alert(1))", "[click](javascript:alert(1))"),
        ("# not a heading", "# not a heading"),
    ],
)
def test_the_markdown_subset(text, html):
    assert render(text) == html


def test_a_table_renders_as_a_table():
    html = render("| Year | Event |\n|---|---|\n| 2004 | NATO |")
    assert "<table>" in html and "<th>Year</th>" in html and "<td>NATO</td>" in html


def test_math_becomes_mathml_without_styles_or_scripts():
    html = render(r"The area is $\pi r^2$; in full: $$A = \frac{\pi d^2}{4}$$")
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in html
    assert "<mfrac>" in html and "<msup>" in html
    for text in (r"$\color{red}{x}$", r"$\hspace{1em}x$", r"$\mathbf{A}$", r"$x", r"$\frac{1$"):
        out = render(text)
        assert "style=" not in out and "<script" not in out and " on" not in out
    assert "<math" not in render("costs $5 and $6")


def test_images_and_sounds_point_at_their_files():
    resolve = {"map.png": "/media/abc.png", "hello.mp3": "/media/def.mp3"}.get
    assert render("![A map](media/map.png)", media=resolve) == '<img src="/media/abc.png" alt="A map">'
    assert render("![Said aloud](media/hello.mp3)", media=resolve) == (
        '<audio controls="" preload="none" src="/media/def.mp3">Said aloud</audio>'
    )
    assert render("![Gone](media/gone.png)", media=resolve) == '<span class="missing-media">Gone</span>'


def test_answers_are_checked_against_the_plain_text():
    decks = bank_of(
        "deck: {id: d, title: D}\nquestions:\n"
        "  - {id: a, type: short, kind: name, prompt: 'Capital of *Lithuania*?', answer: '**Vilnius**'}\n"
        "  - {id: b, type: cloze, kind: name, prompt: 'The capital is {{*Vilnius*}}.'}\n"
    )
    short, cloze = decks[0].questions
    assert plain(short.answer) == "Vilnius"
    assert check_answer(short, "Vilnius") and check_answer(short, "vilnius")
    assert check_answer(cloze, ["Vilnius"])
    assert cloze_gaps(cloze.prompt) == [["*Vilnius*"]]


def test_html_from_other_tools_reads_back_as_the_text_it_was_written_from():
    texts = shipped_texts() + [t for d in bank_of(RICH) for q in d.questions for t in (q.prompt, q.explanation) if t]
    for text in texts:
        html = render(text, media=lambda name: name, math="tex")
        back = from_html(html, media=lambda src: src).text
        assert back == re.sub(r"\(media/([^)]+)\)", r"(media/\1)", text), (text, html, back)


def test_html_is_read_as_people_write_it():
    cases = {
        "<div>What is <b>the capital</b>?</div><div><br></div>": "What is **the capital**?",
        "H<sub>2</sub>O, x<sup>2</sup>": "H₂O, x²",
        "<ul><li>one<li>two</ul>": "- one\n- two",
        "AT&amp;T &lt;b&gt; 5 * 3": "AT&T <b> 5 * 3",
        "<p>1. Not a list</p>": "1\\. Not a list",
        "<span style='color:red'>red</span>&nbsp;text": "red text",
        r"\(x^2\)": "$x^2$",
    }
    for html, text in cases.items():
        assert from_html(html).text == text, html
    dropped = from_html('<img src="https://example.org/x.png" alt="a web image">')
    assert dropped.text == "a web image"
    assert dropped.dropped == ["an image from a web address (https://example.org/x.png)"]


def test_a_cloze_renders_its_markup_around_the_gaps():
    old = "AT&T was founded in {{1885}} by {{Theodore Vail|Vail}} <b>."
    assert render_cloze(old, reveal=False) == str(escape(cloze_blank(old)))
    assert render_cloze(old, reveal=True) == cloze_fill(str(escape(old)), lambda a: f"<mark>{a}</mark>")
    rich = "The **treaty** of {{*1920*}} set $x^2$"
    assert render_cloze(rich, reveal=False).startswith("The <strong>treaty</strong> of _____ set <span")
    assert "<mark><em>1920</em></mark>" in render_cloze(rich, reveal=True)

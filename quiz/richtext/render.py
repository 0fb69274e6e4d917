"""Render bank text (a small Markdown subset with math and media) to safe HTML, or to plain text.

The subset: emphasis (``*em*``, ``**strong**``), inline and fenced code, links,
lists, tables (GitHub's pipe tables), hard line breaks (a ``\\`` at the end of
a line), images and sounds from the bank's media folder
(``![a map of Vilnius](media/vilnius.png)``), and TeX math between ``$...$``
(inline) or ``$$...$$`` (display). Headings, block quotes, rules, raw HTML and
indented code blocks are not part of it: their marks stay as written.

Math is converted to MathML on the server (``latex2mathml``), so pages need no
script; a ``$`` next to a digit or a space never opens math, so amounts of money
("$8.9 million and $10 million") stay text. Everything rendered goes through an
allow-list sanitizer (``nh3``): no attribute can carry a script or a style.

Text without any markup renders exactly as the templates escaped plain text
before rich text existed, byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, Literal

import latex2mathml.converter
import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import escape
from mdit_py_plugins.dollarmath import dollarmath_plugin

from quiz.bank.media import AUDIO_TYPES, IMAGE_TYPES, MEDIA_TYPES, media_type

__all__ = [
    "AUDIO_TYPES",
    "IMAGE_TYPES",
    "MEDIA_TYPES",
    "MathStyle",
    "MediaResolver",
    "is_block",
    "is_plain",
    "media_type",
    "plain",
    "render",
    "render_cloze",
    "wrap",
]


#: ``"mathml"`` for pages; ``"tex"`` keeps TeX between ``\\(...\\)`` and ``\\[...\\]``, as
#: MathJax in Anki and Moodle reads it.
MathStyle = Literal["mathml", "tex"]
#: Turns a media file name (``map.png`` for ``media/map.png``) into the URL to use, or
#: None when there is no such file (its alt text is shown instead).
MediaResolver = Callable[[str], "str | None"]

#: Characters that may start markup; text without any of them (and without a line
#: break) is plain, and takes the fast path.
_SPECIAL = re.compile(r"[\\`*_\[\]!<>&$|\n]|^\s*(?:[-+#>]|\d+[.)])")
_MATHML_TAGS = {
    "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msup", "msub",
    "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd", "mstyle",
    "mpadded", "mphantom", "menclose", "merror", "mmultiscripts", "mprescripts", "none",
}  # fmt: skip
_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "a", "img", "audio", "span", "div",
    "table", "thead", "tbody", "tr", "th", "td", *_MATHML_TAGS,
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "audio": {"src", "controls", "preload"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "math": {"display", "xmlns"},
    "mo": {"stretchy", "fence", "form", "accent", "separator", "lspace", "rspace", "largeop", "movablelimits"},
    "mover": {"accent"},
    "munder": {"accentunder"},
    "mspace": {"width", "height", "depth"},
    "mstyle": {"displaystyle", "scriptlevel", "mathvariant"},
    "mi": {"mathvariant"},
    "mtable": {"columnalign", "rowspacing", "columnspacing"},
    "mtd": {"columnalign"},
    "menclose": {"notation"},
    "mfrac": {"linethickness"},
    "mpadded": {"width", "height", "depth", "lspace", "voffset"},
}
_CLASSES = {"span": {"math", "inline", "missing-media"}, "div": {"math", "inline", "block"}}


def _math_mathml(content: str, options: dict[str, Any]) -> str:
    try:
        return latex2mathml.converter.convert(content, display="block" if options.get("display_mode") else "inline")
    except Exception:  # latex2mathml raises many kinds of error on malformed TeX
        return f"<code>{escape(content)}</code>"


def _math_tex(content: str, options: dict[str, Any]) -> str:
    return str(escape(f"\\[{content}\\]" if options.get("display_mode") else f"\\({content}\\)"))


@lru_cache(maxsize=2)
def _parser(math: MathStyle) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "breaks": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.disable(["heading", "lheading", "hr", "blockquote", "code", "html_block", "html_inline"])
    md.use(
        dollarmath_plugin,
        allow_space=False,
        allow_digits=False,
        allow_labels=False,
        allow_blank_lines=False,
        double_inline=True,
        renderer=_math_mathml if math == "mathml" else _math_tex,
    )
    return md


def _plain_children(tokens: Sequence[Token]) -> str | None:
    """The text of a single paragraph holding nothing but text, or None."""
    if len(tokens) != 3 or tokens[0].type != "paragraph_open" or tokens[1].type != "inline":
        return None
    parts = []
    for child in tokens[1].children or ():
        if child.type == "text":
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append("\n")
        else:
            return None
    return "".join(parts)


def is_plain(text: str) -> bool:
    """True when ``text`` holds no markup at all (it renders as its escaped self)."""
    return not _SPECIAL.search(text)


def render(text: str, *, media: MediaResolver | None = None, math: MathStyle = "mathml") -> str:
    """Render bank text to sanitized HTML.

    A text that is one paragraph renders without the ``<p>`` around it, so it
    fits inside a heading or a button; one with several paragraphs, a list or a
    table renders as blocks.

    Args:
        text: A prompt, answer, choice or explanation.
        media: Maps a media file name to its URL (None when it is missing).
            Without it, ``media/...`` links are left as written.
        math: How math is written out: MathML, or TeX for MathJax.

    Returns:
        HTML safe to put in a page as it is.
    """
    if is_plain(text):
        return str(escape(text))
    md = _parser(math)
    tokens = md.parse(text)
    only_text = _plain_children(tokens)
    if only_text is not None:
        return str(escape(only_text))
    _resolve_media(tokens, media)
    if len(tokens) == 3 and tokens[0].type == "paragraph_open":
        html = md.renderer.render(tokens[1].children or [], md.options, {})
    else:
        html = md.renderer.render(tokens, md.options, {})
    return _sanitize(html.strip())


#: Stands for a cloze gap while the text around it is rendered.
_GAP_MARK = re.compile("\ue000(\\d+)\ue001")
_CLOZE_GAP = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


def render_cloze(prompt: str, *, reveal: bool, media: MediaResolver | None = None, blank: str = "_____") -> str:
    """Render a cloze prompt with each gap blanked, or filled with its first answer in ``<mark>``.

    The text around the gaps is rendered as a whole (a gap may sit inside
    emphasis or a list) and each answer on its own; a plain prompt gives
    exactly the HTML of its escaped text with the gaps replaced.
    """
    answers: list[str] = []

    def stand_in(match: re.Match[str]) -> str:
        answers.append(match.group(1).split("|")[0].strip())
        return f"\ue000{len(answers) - 1}\ue001"

    html = render(_CLOZE_GAP.sub(stand_in, prompt.replace("\ue000", "").replace("\ue001", "")), media=media)
    if not reveal:
        return _GAP_MARK.sub(str(escape(blank)), html)
    return _GAP_MARK.sub(lambda m: f"<mark>{render(answers[int(m.group(1))], media=media)}</mark>", html)


#: Tags a rendered text may start with when it is made of blocks rather than one line.
_BLOCK_START = re.compile(r"<(?:p|ul|ol|table|pre|div)[\s>]")


def is_block(html: str) -> bool:
    """True when rendered text is made of blocks (paragraphs, a list, a table), not one line."""
    return bool(_BLOCK_START.match(html))


def wrap(tag: str, html: str, *, attributes: str = "", heading: int | None = None) -> str:
    """Put rendered text in ``<tag attributes>``, or in a ``<div>`` when it is made of blocks.

    A prompt is a heading and an answer is ``<strong>``; neither may hold a
    list or a table, so text with blocks goes in a ``<div>`` with the same
    attributes (and, for a heading, ``role="heading"`` at its level).
    """
    space = " " if attributes else ""
    if not is_block(html):
        return f"<{tag}{space}{attributes}>{html}</{tag}>"
    role = f' role="heading" aria-level="{heading}"' if heading else ""
    return f"<div{space}{attributes}{role}>{html}</div>"


def _resolve_media(tokens: Sequence[Token], media: MediaResolver | None) -> None:
    """Point ``media/...`` images at their URLs; make sounds ``<audio>``; show missing files' alt text."""
    for token in tokens:
        for child in token.children or ():
            if child.type != "image":
                continue
            src = str(child.attrGet("src") or "")
            name = src[len("media/") :] if src.startswith("media/") else None
            if name is None or media is None:
                continue
            url = media(name)
            alt = child.content
            if url is None:
                child.type, child.content = "html_inline", f'<span class="missing-media">{escape(alt or name)}</span>'
            elif (media_type(name) or "").startswith("audio/"):
                child.type = "html_inline"
                child.content = f'<audio controls preload="none" src="{escape(url)}">{escape(alt or name)}</audio>'
            else:
                child.attrSet("src", url)


def _sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        allowed_classes=_CLASSES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def plain(text: str) -> str:
    """The plain text of bank text: what a learner would read, without the marks.

    Emphasis and code marks, link targets and escapes are dropped; an image
    gives its alt text; math gives its TeX. Answer checking reads this.
    """
    if is_plain(text):
        return text
    parts: list[str] = []
    for token in _parser("tex").parse(text):
        if token.type == "inline":
            for child in token.children or ():
                if child.type in ("text", "code_inline", "math_inline", "math_inline_double"):
                    parts.append(child.content)
                elif child.type == "image":
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append("\n")
        elif token.type in ("code_block", "fence", "math_block"):
            parts.append(token.content.rstrip("\n"))
        elif token.type in ("paragraph_close", "tr_close", "th_close", "td_close", "list_item_close"):
            parts.append("\n" if token.type != "th_close" and token.type != "td_close" else " ")
    return re.sub(r"[ \t]*\n[ \t]*", "\n", "".join(parts)).strip()

"""Read HTML (Anki fields, Moodle question texts) back into bank text.

The inverse of :func:`quiz.richtext.render` for what bank text can say:
emphasis, code, links, lists, tables, line breaks, images, sounds and TeX math
(MathJax's ``\\(...\\)`` and ``\\[...\\]``). Everything else keeps its text and
loses its look (fonts, colours, underlining), and what cannot be kept at all is
listed in :attr:`Converted.dropped`.

Text is escaped only where it would otherwise read as markup, so that a plain
sentence stays plain: a converted field reads back as the same HTML, and a bank
text rendered to HTML and read back is the same text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote

__all__ = ["Converted", "from_html", "markdown_escape"]

_VOID = frozenset({"br", "img", "hr", "input", "meta", "link", "source", "wbr", "col", "area", "base", "embed"})
_SKIP = frozenset({"script", "style", "head", "title", "template", "object", "iframe", "svg", "noscript"})
_LINE_BLOCKS = frozenset({"div", "section", "article", "header", "footer", "center", "main", "aside", "nav", "figure"})
_PARAGRAPHS = frozenset({"p", "blockquote", "dl", "dt", "dd", "figcaption", "address", "details", "summary"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SUB = str.maketrans("0123456789+-=()aeoxhklmnpst", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ")
_SUP = str.maketrans("0123456789+-=()in", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿ")
_MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)
#: Characters escaped anywhere in text when a field needs escaping at all.
_ESCAPE = re.compile(r"([\\`*_\[\]<>$|&{}])")
#: Private-use characters that stand for math (and callers' own marks) while text is escaped.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"


@dataclass(slots=True)
class Converted:
    """A field read from HTML.

    Attributes:
        text: The bank text.
        media: Media file names the text refers to (``media/<name>``), in order.
        dropped: What could not be kept, in words ("an image from a web address").
    """

    text: str
    media: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Element:
    tag: str
    attrs: dict[str, str]
    children: list[_Element | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    """A forgiving tree builder: unclosed and stray end tags are tolerated, as browsers do."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("root", {})
        self.stack = [self.root]
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping or tag in _SKIP:
            self.skipping += tag in _SKIP and tag not in _VOID
            return
        if tag in ("li", "p", "tr", "td", "th", "dt", "dd"):
            self._close_open(tag)
        element = _Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and not self.skipping and self.stack[-1].tag == tag:
            self.stack.pop()

    def _close_open(self, tag: str) -> None:
        """A new li, p, tr or cell closes an open one of its kind inside the same parent."""
        stops = {"li": ("ul", "ol"), "tr": ("table", "tbody", "thead"), "td": ("tr",), "th": ("tr",)}
        for depth in range(len(self.stack) - 1, 0, -1):
            open_tag = self.stack[depth].tag
            if open_tag in stops.get(tag, ()) or (tag == "p" and open_tag not in ("p", "span", "b", "i", "em")):
                return
            if open_tag == tag or (tag in ("td", "th") and open_tag in ("td", "th")):
                del self.stack[depth:]
                return

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            self.skipping -= tag in _SKIP
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        children = self.stack[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)


def markdown_escape(text: str) -> str:
    """Escape every character of ``text`` that bank text could read as markup."""
    return "\n".join(_line_start_escaped(line) for line in _ESCAPE.sub(r"\\\1", text).split("\n"))


class _Writer:
    """Turns a tree into bank text; ``escape`` decides whether text is escaped."""

    def __init__(self, media: Callable[[str], str | None] | None, escape: bool, result: Converted) -> None:
        self.media = media
        self.escape = escape
        self.result = result
        self.maths: list[str] = []

    # -- text ------------------------------------------------------------------

    def text(self, data: str, *, pre: bool = False) -> str:
        if not pre:
            data = re.sub(r"[ \t\r\n\f\u00a0\u200b]+", " ", data)
        pieces = []
        last = 0
        for match in _MATH.finditer(data):
            pieces.append(self._escape(data[last : match.start()]))
            tex, display = (match.group(1), False) if match.group(1) is not None else (match.group(2), True)
            self.maths.append(("$$" if display else "$") + " ".join(tex.split()) + ("$$" if display else "$"))
            pieces.append(f"{MARK_OPEN}{len(self.maths) - 1}{MARK_CLOSE}")
            last = match.end()
        pieces.append(self._escape(data[last:]))
        return "".join(pieces)

    def _escape(self, text: str) -> str:
        return _ESCAPE.sub(r"\\\1", text) if self.escape else text

    # -- inline ----------------------------------------------------------------

    def inline(self, node: _Element | str) -> str:
        if isinstance(node, str):
            return self.text(node)
        tag = node.tag
        if tag == "br":
            return "\n"
        if tag == "img":
            return self.image(node)
        if tag in ("code", "kbd", "tt", "samp"):
            return _code_span(_text_of(node))
        inner = "".join(self.inline(child) for child in node.children)
        if tag in ("b", "strong"):
            return _wrap(inner, "**")
        if tag in ("i", "em", "cite", "var", "dfn"):
            return _wrap(inner, "*")
        if tag == "a":
            href = node.attrs.get("href", "").strip()
            if re.match(r"(?i)^(https?:|mailto:)", href) and inner.strip():
                return f"[{inner.strip()}]({_destination(href)})"
            return inner
        if tag == "sub":
            return _script(inner, _SUB, "_", self.result)
        if tag == "sup":
            return _script(inner, _SUP, "^", self.result)
        if tag == "audio" or tag == "video":
            src = node.attrs.get("src") or next(
                (c.attrs.get("src", "") for c in node.children if isinstance(c, _Element) and c.tag == "source"), ""
            )
            return self.media_link(src, _text_of(node).strip() or "", what="sound")
        if tag in _LINE_BLOCKS or tag in _PARAGRAPHS or tag in _HEADINGS or tag in ("li", "tr"):
            return "\n" + inner + "\n"
        if tag in ("td", "th"):
            return " " + inner + " "
        return inner

    def image(self, node: _Element) -> str:
        return self.media_link(node.attrs.get("src", ""), node.attrs.get("alt", ""), what="image")

    def media_link(self, src: str, alt: str, *, what: str) -> str:
        src = src.strip()
        name = None
        if self.media is not None and src:
            name = self.media(src)
            if name is None and "%" in src:
                name = self.media(unquote(src))
        if name is None:
            where = "a web address" if re.match(r"(?i)^[a-z]+:", src) else "a file not in the package"
            self.result.dropped.append(f"{'an' if what == 'image' else 'a'} {what} from {where} ({src or 'no source'})")
            return self._escape(alt)
        if name not in self.result.media:
            self.result.media.append(name)
        alt = " ".join(alt.split()) or name.rsplit(".", 1)[0].replace("_", " ").replace("-", " ")
        alt = _ESCAPE.sub(r"\\\1", alt)
        return f"![{alt}]({_destination('media/' + name)})"

    # -- blocks ----------------------------------------------------------------

    def blocks(self, node: _Element) -> list[str]:
        """The children of ``node`` as blocks of bank text (paragraphs, lists, tables, code)."""
        blocks: list[str] = []
        lines: list[str] = []
        line: list[str] = []

        def end_line() -> None:
            text = "".join(line).strip(" ")
            line.clear()
            for part in text.split("\n"):
                if part.strip():
                    lines.append(part.strip())

        def end_paragraph() -> None:
            end_line()
            if lines:
                blocks.append("\\\n".join(_line_start_escaped(ln) if self.escape else ln for ln in lines))
                lines.clear()

        for child in node.children:
            tag = child.tag if isinstance(child, _Element) else None
            if tag in ("ul", "ol"):
                end_paragraph()
                blocks.append(self.listing(child))
            elif tag == "table":
                end_paragraph()
                blocks.append(self.table(child))
            elif tag == "pre":
                end_paragraph()
                blocks.append(_fence(_text_of(child)))
            elif tag in _PARAGRAPHS or tag in _HEADINGS:
                end_paragraph()
                inner = self.blocks(child)
                if tag in _HEADINGS and inner:
                    inner = [_wrap(block, "**") if "\n" not in block else block for block in inner]
                blocks.extend(inner)
            elif tag == "hr":
                end_paragraph()
            elif tag in _LINE_BLOCKS or tag == "li":
                end_line()
                inner = self.blocks(child)
                if len(inner) <= 1:
                    lines.extend(line for block in inner for line in block.split("\\\n"))
                else:
                    end_paragraph()
                    blocks.extend(inner)
            elif tag == "br":
                if not "".join(line).strip():
                    if lines:  # a blank line between two lines: a new paragraph
                        end_paragraph()
                    continue
                end_line()
            else:
                line.append(self.inline(child))
        end_paragraph()
        return blocks

    def listing(self, node: _Element) -> str:
        ordered = node.tag == "ol"
        start = int(node.attrs["start"]) if ordered and node.attrs.get("start", "").isdigit() else 1
        items = []
        number = start
        for child in node.children:
            if isinstance(child, str):
                if child.strip():
                    items.append(("- " if not ordered else f"{number}. ") + self.text(child).strip())
                    number += 1
                continue
            if child.tag in ("ul", "ol"):  # a list straight inside a list: nest it under the last item
                nested = self.listing(child)
                items.append("\n".join("   " + line for line in nested.splitlines()))
                continue
            marker = f"{number}. " if ordered else "- "
            number += 1
            body = self.blocks(child) if child.tag == "li" else [self.inline(child).strip()]
            text = "\n\n".join(body) if body else ""
            indent = " " * len(marker)
            lines = text.splitlines() or [""]
            items.append(marker + lines[0] + "".join("\n" + (indent + ln if ln else "") for ln in lines[1:]))
        return "\n".join(items)

    def table(self, node: _Element) -> str:
        rows: list[list[str]] = []

        def walk(element: _Element) -> None:
            for child in element.children:
                if isinstance(child, _Element):
                    if child.tag == "tr":
                        cells = [c for c in child.children if isinstance(c, _Element) and c.tag in ("td", "th")]
                        rows.append([self.cell(cell) for cell in cells])
                    elif child.tag in ("thead", "tbody", "tfoot"):
                        walk(child)

        walk(node)
        if not rows:
            return ""
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join(["---"] * width) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return "\n".join(lines)

    def cell(self, node: _Element) -> str:
        text = " ".join(" ".join(self.blocks(node)).replace("\\\n", " ").split())
        return text if self.escape else text.replace("|", "\\|")


def _text_of(node: _Element | str) -> str:
    if isinstance(node, str):
        return node
    if node.tag == "br":
        return "\n"
    return "".join(_text_of(child) for child in node.children)


def _wrap(inner: str, mark: str) -> str:
    """Put emphasis marks around ``inner``, keeping its outer spaces outside them."""
    stripped = inner.strip()
    if not stripped:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{mark}{stripped}{mark}{trail}"


def _code_span(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        return ""
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _fence(text: str) -> str:
    text = text.strip("\n")
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence}\n{text}\n{fence}"


def _destination(url: str) -> str:
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


def _script(inner: str, table: dict[int, int], mark: str, result: Converted) -> str:
    text = inner.strip()
    converted = text.translate(table)
    if all(ord(ch) > 127 for ch in converted if not ch.isspace()):
        return converted
    result.dropped.append(f"{'subscript' if mark == '_' else 'superscript'} {text!r} written as {mark}{text}")
    return f"{mark}{text}"


def from_html(html: str, *, media: Callable[[str], str | None] | None = None) -> Converted:
    """Read an HTML fragment into bank text.

    Args:
        html: The fragment (an Anki field, a Moodle question text).
        media: Maps an ``src`` to the name of a media file that comes along,
            or None when there is none (the image is dropped, its alt text kept).

    Returns:
        The text, the media it refers to, and what was dropped.
    """
    from quiz.richtext.render import is_plain, render

    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    result = Converted("")
    raw_writer = _Writer(media, False, result)
    raw = _join(raw_writer.blocks(builder.root), raw_writer.maths)
    if is_plain(raw):
        result.text = raw
        return result
    escaped_writer = _Writer(media, True, Converted(""))
    escaped = _join(escaped_writer.blocks(builder.root), escaped_writer.maths)
    result.text = raw if render(raw) == render(escaped) else escaped
    return result


def _line_start_escaped(line: str) -> str:
    """Escape what would start a list, heading or quote at the start of a line of text."""
    match = re.match(r"([#>+=]|[-*](?=\s|$)|\d{1,9}(?=[.)](?:\s|$)))", line)
    if match is None:
        return line
    mark = match.group(1)
    if mark[0].isdigit():
        return mark + "\\" + line[len(mark) :]
    return "\\" + line


def _join(blocks: list[str], maths: list[str]) -> str:
    text = "\n\n".join(block for block in blocks if block.strip())
    if maths:
        text = re.sub(f"{MARK_OPEN}(\\d+){MARK_CLOSE}", lambda m: maths[int(m.group(1))], text)
    return text.strip()

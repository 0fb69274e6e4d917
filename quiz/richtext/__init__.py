"""Rich text in bank fields: a small Markdown subset, TeX math as MathML, images and sounds.

Pure: no Flask, no database. :func:`render` gives sanitized HTML for pages and
for the files other tools read (Anki, Moodle); :func:`plain` gives the text
answers are checked against; :func:`from_html` reads the HTML of Anki notes and
Moodle questions back into bank text.
"""

from quiz.richtext.html import from_html, markdown_escape
from quiz.richtext.render import (
    AUDIO_TYPES,
    IMAGE_TYPES,
    MEDIA_TYPES,
    MathStyle,
    MediaResolver,
    is_block,
    is_plain,
    media_type,
    plain,
    render,
    render_cloze,
    wrap,
)

__all__ = [
    "AUDIO_TYPES",
    "IMAGE_TYPES",
    "MEDIA_TYPES",
    "MathStyle",
    "MediaResolver",
    "from_html",
    "is_block",
    "is_plain",
    "markdown_escape",
    "media_type",
    "plain",
    "render",
    "render_cloze",
    "wrap",
]

"""User names: the form shown, the canonical form compared, and the characters allowed.

A name is shown in its NFKC form with runs of spaces made one (so full-width
``ａｌｉｃｅ`` is shown, and stored, as ``alice``). Two names are the same account
when their canonical forms are equal: NFKC, then Unicode case folding, then NFKC
again (folding can undo a normalisation), as in Unicode's NFKC_Casefold. So
``Émile`` and ``émile``, ``STRASSE`` and ``straße`` are one name on every database,
whatever its own idea of lower case.

New names are refused when they hold control characters (NUL, tab), invisible
ones (format characters such as a zero-width space, a soft hyphen or a
right-to-left override, and the other default-ignorable code points), or letters
of several scripts (a Cyrillic ``а`` among Latin letters), following the
"highly restrictive" level of Unicode's UTS #39: one script, or Latin with the
scripts written together with Han in Chinese, Japanese and Korean.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from confusable_homoglyphs import categories

__all__ = [
    "KEY_MAX",
    "USERNAME_MAX",
    "UnacceptableName",
    "canonical",
    "check",
    "display_form",
    "problem",
]

#: Longest name, in characters of its shown (NFKC) form.
USERNAME_MAX = 40
#: Longest canonical form: case folding can make a character up to three.
KEY_MAX = 4 * USERNAME_MAX
#: Punctuation allowed inside a name, besides letters, marks and digits.
PUNCTUATION = frozenset(" .-_'")
#: Combining marks allowed in a row (Thai and Devanagari need two or three).
MARKS_IN_A_ROW = 3

# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt): characters
# that render as nothing. Most are format characters (Cf); these ranges also
# catch the fillers and variation selectors that are letters or marks.
_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)

# Scripts that may share a name (UTS #39, highly restrictive); any one script alone is fine too.
_SCRIPT_SETS = (
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
)
_NO_SCRIPT = frozenset({"COMMON", "INHERITED"})


class UnacceptableName(ValueError):
    """A name that cannot be registered; the message says why, in words for the person typing it."""


def display_form(name: str) -> str:
    """Return ``name`` as it is shown and stored: NFKC, trimmed, one space between words."""
    return " ".join(part for part in unicodedata.normalize("NFKC", name).split(" ") if part)


def canonical(name: str) -> str:
    """Return the form two names are compared in: NFKC_Casefold of :func:`display_form`."""
    return unicodedata.normalize("NFKC", display_form(name).casefold())


def _ignorable(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _IGNORABLE)


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}".rstrip()


def _character_problem(char: str, previous_marks: int) -> str | None:
    category = unicodedata.category(char)
    if category == "Cc":
        return f"User names can't contain control characters such as tab or NUL (here {_describe(char)})."
    if category in ("Cf", "Zl", "Zp") or _ignorable(char):
        return f"User names can't contain invisible characters (here {_describe(char)})."
    if category in ("Cs", "Co", "Cn"):
        return f"User names can't contain unassigned or private-use characters (here {_describe(char)})."
    if category.startswith("Z") and char != " ":
        return f"User names can only use ordinary spaces (here {_describe(char)})."
    if category in ("Mn", "Mc"):
        if previous_marks < 0:
            return f"In a user name an accent follows a letter (here {_describe(char)})."
        if previous_marks >= MARKS_IN_A_ROW:
            return "User names can't stack more than three accents on one letter."
        return None
    if category.startswith("L") or category == "Nd" or char in PUNCTUATION:
        return None
    return f"User names use letters, digits, spaces and . - _ ' only; {char!r} is not allowed."


def _script_problem(text: str) -> str | None:
    scripts = Counter(
        categories.alias(char)
        for char in text
        if unicodedata.category(char)[0] in "LMN" and categories.alias(char) not in _NO_SCRIPT
    )
    if len(scripts) <= 1 or any(set(scripts) <= allowed for allowed in _SCRIPT_SETS):
        return None
    (main, _), *others = scripts.most_common()
    odd = others[-1][0]
    example = next(char for char in text if categories.alias(char) == odd)
    return (
        f"User names can't mix alphabets: {example!r} is {odd.title()} but the rest is {main.title()}, "
        "so the name could pass for someone else's."
    )


def problem(name: str) -> str | None:
    """Return why ``name`` cannot be registered, or None when it can."""
    text = unicodedata.normalize("NFKC", name).strip(" ")
    if not text:
        return "Choose a user name."
    if len(text) > KEY_MAX:
        return f"User names are at most {USERNAME_MAX} characters."
    marks = -1  # -1: nothing yet that a mark could sit on
    for char in text:
        found = _character_problem(char, marks)
        if found:
            return found
        if unicodedata.category(char) in ("Mn", "Mc"):
            marks += 1
        else:
            marks = 0 if char not in PUNCTUATION else -1
    if not (unicodedata.category(text[0]).startswith("L") or unicodedata.category(text[0]) == "Nd"):
        return "A user name starts with a letter or a digit."
    if len(display_form(text)) > USERNAME_MAX:
        return f"User names are at most {USERNAME_MAX} characters."
    return _script_problem(text)


def check(name: str) -> str:
    """Return the form of ``name`` to store.

    Raises:
        UnacceptableName: :func:`problem` found something wrong with it.
    """
    found = problem(name)
    if found:
        raise UnacceptableName(found)
    return display_form(name)

"""The words the name checker knows about: English words, spelling variants,
generic nouns that end a name, and the parties and titles a name may carry.

:func:`is_english_word` tells a misspelling from another real word: a typo
allowance may turn "Pensylvania" into "Pennsylvania" but never "Southern" into
"Northern" nor "Trading" into "Training". The word list is the English
dictionary that ships with the ``pyspellchecker`` package (about 160,000
words, names of countries and states included); it is read once per process,
on the first answer that needs it, in about half a second.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "GENERIC_NOUNS",
    "PARTIES",
    "US_STATES",
    "is_english_word",
    "spelling_key",
    "same_word_forms",
]

GENERIC_NOUNS: frozenset[str] = frozenset(
    """
    program programs programme programmes agreement agreements treaty treaties accord accords pact
    convention arrangement arrangements memorandum protocol charter declaration dialogue dialog
    commission committee council initiative fund facility act law pledge plan roadmap strategy
    framework mission operation exercise summit forum conference process project authority
    """.split()
)
"""Nouns that say what kind of thing a name is. At the end of a name they may
be left out ("Visa Waiver" for the Visa Waiver Program), but two different
ones never agree ("Arrangement" is not "Agreement")."""

PARTIES: frozenset[str] = frozenset({"us", "usa", "nato", "eu", "un", "uk", "american", "bilateral", "multilateral"})
"""Words naming who is party to a name, which a learner may leave out at its
start ("Status of Forces Agreement" for the NATO Status of Forces Agreement)."""

US_STATES: frozenset[tuple[str, ...]] = frozenset(
    tuple(name.split())
    for name in """
    alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|idaho|
    illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|
    mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico|new york|
    north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina|south dakota|
    tennessee|texas|utah|vermont|virginia|washington|west virginia|wisconsin|wyoming|puerto rico|guam|
    district of columbia|virgin islands
    """.replace("\n", "").split("|")
)
"""The states and territories of the United States, as lower-case words."""

_CODES = """
al alabama|ak alaska|az arizona|ar arkansas|ca california|co colorado|ct connecticut|de delaware|fl florida|
ga georgia|hi hawaii|id idaho|il illinois|in indiana|ia iowa|ks kansas|ky kentucky|la louisiana|me maine|
md maryland|ma massachusetts|mi michigan|mn minnesota|ms mississippi|mo missouri|mt montana|ne nebraska|
nv nevada|nh new hampshire|nj new jersey|nm new mexico|ny new york|nc north carolina|nd north dakota|oh ohio|
ok oklahoma|or oregon|pa pennsylvania|ri rhode island|sc south carolina|sd south dakota|tn tennessee|tx texas|
ut utah|vt vermont|va virginia|wa washington|wv west virginia|wi wisconsin|wy wyoming|pr puerto rico|gu guam|
dc district of columbia
"""
STATE_CODES: dict[str, tuple[str, ...]] = {
    entry.split()[0]: tuple(entry.split()[1:]) for entry in _CODES.replace("\n", "").split("|")
}
"""Postal codes of the states, read as the state when written in capitals ("PA")."""

STATE_PREFIXES: tuple[tuple[str, ...], ...] = (("state", "of"), ("commonwealth", "of"))
"""Phrases that may open the name of a state ("the Commonwealth of Pennsylvania")."""

STATE_SUFFIXES: tuple[tuple[str, ...], ...] = (
    ("army", "national", "guard"),
    ("air", "national", "guard"),
    ("national", "guard"),
    ("state",),
)
"""Phrases that may close the name of a state without changing which state
is meant ("Pennsylvania National Guard" for Pennsylvania)."""

COUNTRY_PREFIXES: tuple[tuple[str, ...], ...] = (("republic", "of"), ("kingdom", "of"))
"""Phrases that may open the name of a country ("the Republic of Lithuania")."""

PROGRAM_PREFIXES: tuple[tuple[str, ...], ...] = (("national", "guard"), ("department", "of", "defense"), ("dod",))
"""Owners that may open the name of a program ("National Guard State
Partnership Program" for the State Partnership Program)."""

TITLES: frozenset[str] = frozenset(
    {"president", "ambassador", "senator", "sen", "dr", "mr", "mrs", "ms", "minister", "chancellor", "king", "queen"}
)
"""Titles that may precede a person's name ("President Adamkus")."""

CANONICAL: tuple[tuple[tuple[str, ...], str], ...] = (
    (("united", "states", "of", "america"), "us"),
    (("united", "states"), "us"),
    (("usa",), "us"),
    (("north", "atlantic", "treaty", "organization"), "nato"),
    (("european", "union"), "eu"),
    (("united", "nations"), "un"),
    (("united", "kingdom"), "uk"),
)
"""Spelled-out names that stand for the same short form."""

_VARIANTS = {
    "defence": "defense",
    "offence": "offense",
    "licence": "license",
    "practise": "practice",
    "programme": "program",
    "programmes": "programs",
    "dialogue": "dialog",
    "dialogues": "dialogs",
    "catalogue": "catalog",
    "analogue": "analog",
    "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers",
    "grey": "gray",
    "cheque": "check",
    "tyre": "tire",
    "aluminium": "aluminum",
    "enrol": "enroll",
    "fulfil": "fulfill",
    "kiev": "kyiv",  # the Russian and the Ukrainian transliteration
    # abbreviations written in names
    "sec": "section",
    "dept": "department",
    "govt": "government",
    "intl": "international",
    "natl": "national",
    "assn": "association",
    "univ": "university",
    "inst": "institute",
    "ctr": "center",
    "hq": "headquarters",
    "mt": "mount",
    "ft": "fort",
    "st": "saint",
    "pres": "president",
    "gen": "general",
    "adm": "admiral",
    "gov": "governor",
}
_OUR = re.compile(
    r"^(arm|behavi|cand|clam|col|endeav|fav|flav|harb|hon|hum|lab|neighb|od|parl|rum|savi|splend|tum|val|vap|vig)"
    r"our(s|ed|ing|ite|ites|able)?$"
)
_RE_ENDING = re.compile(r"^(cent|theat|met|lit|fib|calib|sab|somb|spect|meag|lust)re(s|d)?$")
_ISE = re.compile(r"(?<=[a-z]{3})(is|ys)(e|es|ed|ing|ation|ations|er|ers)$")
_DOUBLE_L = re.compile(r"(?<=[aeiou])ll(ed|ing|er|ers|or|ors)$")


@lru_cache(maxsize=8192)
def spelling_key(word: str) -> str:
    """Fold British and American spellings of a lower-case word to one key.

    "defence" and "defense", "programme" and "program", "organisation" and
    "organization", "labour" and "labor" get the same key, and so do common
    abbreviations and their words ("Sec." and "Section", "Dept." and
    "Department"). Both sides of a comparison are folded, so a key need not be
    a real word.
    """
    word = _VARIANTS.get(word, word)
    if m := _OUR.match(word):
        word = f"{m[1]}or{m[2] or ''}"
    elif m := _RE_ENDING.match(word):
        word = f"{m[1]}er{m[2] or ''}"
    word = _ISE.sub(lambda m: ("iz" if m[1] == "is" else "yz") + m[2], word)
    return _DOUBLE_L.sub(r"l\1", word)


def same_word_forms(given: str, expected: str) -> bool:
    """Tell whether two different lower-case words are forms of one word.

    Spelling variants ("defence"), plurals ("Forces" for "Force", "Treaties"
    for "Treaty") and the "-n" of a demonym ("Latvian" for "Latvia") count.
    """
    if given[:1] != expected[:1]:
        return False  # every variant below keeps the first letter
    if spelling_key(given) == spelling_key(expected):
        return True
    short, long = sorted((given, expected), key=len)
    if len(short) < 3:
        return False
    return (
        long in (short + "s", short + "es")
        or (short.endswith("y") and long == short[:-1] + "ies")
        or (short.endswith("a") and long == short + "n")
    )


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    from spellchecker import SpellChecker  # imported here: the list is read on first use only

    return frozenset(w for w in SpellChecker(language="en", distance=1).word_frequency.keys() if w.isalpha())


def is_english_word(word: str) -> bool:
    """Tell whether a lower-case word is in the English word list."""
    return word in _english_words()

"""Verb forms for turning statements into questions, through ``lemminflect``.

``lemminflect`` holds an English dictionary of lemmas and inflections, so
"signed" -> "sign", "led" -> "lead", "surpasses" -> "surpass" and back work for
any verb it knows, not only a hand-made table. Results are cached: a document
repeats its verbs.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from importlib import import_module
from types import ModuleType

__all__ = [
    "VerbForm",
    "ambiguous",
    "inflect",
    "lemmas",
    "noun_lemma",
    "third_person",
    "verb_form",
    "warm_up_in_background",
]


_LOADING = threading.Lock()
_LOADED: list[ModuleType] = []


def _lemminflect() -> ModuleType:
    """lemminflect with its dictionaries loaded, on first use: the import and the dictionaries
    take seconds (more on a busy machine), and only question writing needs them, not the
    finders nor the app's start. Thread-safe: a call made while :func:`warm_up_in_background`
    is loading waits for it instead of loading twice."""
    if _LOADED:
        return _LOADED[0]
    with _LOADING:
        if not _LOADED:
            module = import_module("lemminflect")
            module.getAllLemmas("signed", upos="VERB")  # reads the lemma dictionary
            module.getInflection("sign", tag="VBD")  # and the inflection one
            _LOADED.append(module)
    return _LOADED[0]


def warm_up_in_background() -> None:
    """Start loading lemminflect in a daemon thread, once per process, so that the first draft
    an instructor asks for does not wait for it (the document form calls this)."""
    if not _LOADED and not _LOADING.locked():
        threading.Thread(target=_lemminflect, name="lemminflect-warm-up", daemon=True).start()


@lru_cache(maxsize=8192)
def lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """Every lemma of a word by part of speech ("training" -> NOUN training, VERB train)."""
    return dict(_lemminflect().getAllLemmas(word))


def noun_lemma(word: str) -> str:
    """The singular of a noun ("agreements" -> "agreement")."""
    found = _lemminflect().getLemma(word, upos="NOUN")
    return found[0] if found else word


VerbForm = tuple[str, str]
"""(lemma, Penn tag): "VBD" past, "VBZ" present third person, "VBP" present, "VBN" participle."""

_AUXILIARIES = frozenset("be am is are was were been being have has had do does did".split())
_NEVER_VERBS = frozenset(
    "over under out up down back off while since before after as like near round even well still further more "
    "less open present last close down upon about above across along around behind below beneath beside between "
    "beyond during except inside outside through throughout toward towards within without will shall may can "
    "must might could would should ought many much most few first second third next only also just very then "
    "than there here where when who which that this these those such both each either neither other another "
    "key total top major united related based armed limited interested red bed need speed seed feed breed "
    "including following regarding concerning".split()
)


@lru_cache(maxsize=8192)
def verb_form(word: str) -> VerbForm | None:
    """Read a lower-case word as a finite verb or a participle.

    Args:
        word: One word, lower case.

    Returns:
        (lemma, tag) with the tag "VBD" (past), "VBZ" (present, third person),
        "VBP" (present, other persons) or "VBN" (past participle only), or None
        when the word is not a verb form lemminflect knows. A past form that is
        also the participle ("signed") reads as "VBD".
    """
    if not word.isalpha() or word in _AUXILIARIES or word in _NEVER_VERBS:
        return None
    verbs = _lemminflect().getAllLemmas(word, upos="VERB").get("VERB")
    if not verbs:
        return None
    lemma = verbs[0]
    for tag in ("VBD", "VBZ", "VBN"):
        if word in _lemminflect().getInflection(lemma, tag=tag):
            return lemma, tag
    if word == lemma:
        return lemma, "VBP"
    return None


@lru_cache(maxsize=8192)
def inflect(lemma: str, tag: str) -> str:
    """The form of a verb for a Penn tag ("VBZ" of "be" is "is")."""
    forms = _lemminflect().getInflection(lemma, tag=tag)
    return forms[0] if forms else lemma


def third_person(verb: str) -> str:
    """The present third-person form of a present verb ("have" -> "has", "expect" -> "expects").

    Args:
        verb: A verb in the base or plural present form.

    Returns:
        Its third-person singular form; any other word unchanged.
    """
    low = verb.lower()
    if low in ("are", "were", "have", "do"):
        return {"are": "is", "were": "was", "have": "has", "do": "does"}[low]
    form = verb_form(low)
    return inflect(form[0], "VBZ") if form and form[1] == "VBP" else verb


@lru_cache(maxsize=8192)
def ambiguous(word: str) -> bool:
    """Tell whether a verb form may also be a noun or an adjective ("states", "forces", "committed")."""
    found = lemmas(word.lower())
    return "NOUN" in found or "ADJ" in found or "PROPN" in found

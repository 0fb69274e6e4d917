"""User names without an app: the canonical form and the characters refused."""

from __future__ import annotations

import pytest

from quiz.accounts.names import USERNAME_MAX, canonical, check, display_form, problem


@pytest.mark.parametrize(
    ("typed", "same_as"),
    [
        ("ÉMILE", "émile"),
        ("Émile", "émile"),
        ("E\u0301mile", "émile"),  # decomposed accent
        ("ИВАН", "иван"),
        ("ŁUKASZ", "łukasz"),
        ("ØRJAN", "ørjan"),
        ("ａｌｉｃｅ", "alice"),  # full-width letters
        ("STRASSE", "straße"),
        ("  Mary   Ann ", "mary ann"),
        ("ΟΔΥΣΣΕΥΣ", "οδυσσευς"),  # final sigma
    ],
)
def test_names_that_are_the_same_account(typed, same_as):
    assert canonical(typed) == canonical(same_as)


def test_the_shown_form_is_nfkc_with_single_spaces():
    assert display_form("ａｄａ  ｌｏｖｅｌａｃｅ") == "ada lovelace"
    assert display_form(" Émile ") == "Émile"


REAL_NAMES = ["Émile", "Иван", "Łukasz", "Ørjan", "O'Brien", "jean-luc.p_2", "山田たろう", "김민준"]


@pytest.mark.parametrize("name", REAL_NAMES)
def test_real_names_are_accepted(name):
    assert problem(name) is None
    assert check(name) == display_form(name)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("\u0430lice", "can't mix alphabets: 'а' is Cyrillic but the rest is Latin"),
        ("p\u0430ypal", "can't mix alphabets"),
        ("ali\u200bce", "invisible characters (here U+200B ZERO WIDTH SPACE)"),
        ("ali\u00adce", "invisible characters (here U+00AD SOFT HYPHEN)"),
        ("\u202eecila", "invisible characters (here U+202E RIGHT-TO-LEFT OVERRIDE)"),
        ("ali\u2066ce", "invisible characters"),
        ("alice\u3164", "invisible characters"),
        ("ali\x00ce", "control characters such as tab or NUL (here U+0000)"),
        ("ali\tce", "control characters such as tab or NUL (here U+0009)"),
        ("ali\nce", "control characters"),
        ("ali\u1680ce", "only use ordinary spaces"),
        ("ali\ue000ce", "unassigned or private-use"),
        ("a\u0301\u0301\u0301\u0301\u0301lice", "can't stack more than three accents"),
        ("ali<b>ce", "letters, digits, spaces and . - _ ' only"),
        ("-alice", "starts with a letter or a digit"),
        ("   ", "Choose a user name."),
        ("x" * (USERNAME_MAX + 1), f"at most {USERNAME_MAX} characters"),
    ],
)
def test_unsafe_names_are_refused_with_a_reason(name, message):
    found = problem(name)
    assert found is not None and message in found

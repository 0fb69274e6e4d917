"""Amounts in answers: money, percentages and plain numbers.

Amounts are read exactly after expanding "million"/"billion" and thousands
separators, with an optional currency and an optional qualifier written before
them ("more than", "nearly", "about"), and written back in the styles of
:data:`MONEY_STYLES`, :func:`format_percent` and :func:`format_number`.
Qualifiers agree unless they point opposite ways ("less than" against "more
than").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from quiz.answers.text import _MAX_INPUT, _clean

__all__ = [
    "MONEY_STYLES",
    "Money",
    "Quantity",
    "parse_money",
    "parse_percent",
    "parse_number",
    "format_money",
    "format_percent",
    "format_number",
]

Qualifier = Literal["above", "below", "about"]

MONEY_STYLES: tuple[str, ...] = ("symbol", "word", "code", "digits", "short")
"""The styles :func:`format_money` knows."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as stated, with an optional qualifier.

    Attributes:
        value: The exact value ("279.75 million" is 279750000).
        qualifier: "above" (more than, over), "below" (less than, nearly) or
            "about" (approximately, roughly), or None.
    """

    value: Decimal
    qualifier: Qualifier | None = None


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of money.

    Attributes:
        amount: The exact amount in units of the currency.
        currency: "USD", "EUR" or "GBP"; None when not stated.
        qualifier: As for :class:`Quantity`.
    """

    amount: Decimal
    currency: str | None = None
    qualifier: Qualifier | None = None


_QUALIFIERS: dict[str, Qualifier] = {
    "more than": "above",
    "over": "above",
    "above": "above",
    "in excess of": "above",
    "exceeding": "above",
    "upwards of": "above",
    "at least": "above",
    "greater than": "above",
    "at least some": "above",
    ">": "above",
    "less than": "below",
    "fewer than": "below",
    "under": "below",
    "below": "below",
    "nearly": "below",
    "almost": "below",
    "up to": "below",
    "just under": "below",
    "<": "below",
    "approximately": "about",
    "approx": "about",
    "about": "about",
    "around": "about",
    "roughly": "about",
    "some": "about",
    "circa": "about",
    "an estimated": "about",
    "estimated": "about",
    "close to": "about",
    "~": "about",
}
_QUALIFIER_RE = re.compile(
    r"(?:^|\s)(" + "|".join(re.escape(q) for q in sorted(_QUALIFIERS, key=len, reverse=True)) + r")\s*\.?\s*$"
)
_MULTIPLIERS = {
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "millions": 10**6,
    "mil": 10**6,
    "mill": 10**6,
    "mm": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "mio": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "billions": 10**9,
    "bn": 10**9,
    "bil": 10**9,
    "bill": 10**9,
    "bln": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
}
_CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "pounds sterling": "GBP",
}
_NUMBER = (
    r"(?P<num>(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?(?![\d.])"
    r"|(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?![\d.,])"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+,\d{1,2}(?!\d)|\d+(?:\.\d+)?|\.\d+)"
)
"""A number: "5,500", "279.75", with a decimal comma "2,52" (never thousands), or
grouped in the European ways "300.000.000" (two groups or more) and "300 000 000"."""
_MULT = r"(?:\s*(?P<mult>" + "|".join(sorted(_MULTIPLIERS, key=len, reverse=True)) + r")(?![a-z]))?"
_CUR_PRE = r"(?:(?P<pre>us\$|\$|usd|€|eur|£|gbp)\s*)?"
_CUR_SUF = (
    r"(?:\s*(?P<suf>u\.s\. dollars|us dollars|dollars?|usd|euros?|eur|€|\$|"
    r"pounds sterling|pounds?|gbp|£)(?![a-z]))?"
)
_MONEY = re.compile(_CUR_PRE + _NUMBER + _MULT + _CUR_SUF)
_PERCENT = re.compile(_NUMBER + r"(?:\s*(?P<unit>%|percent|per cent|per-cent|pct)(?![a-z]))?")
_PLAIN = re.compile(_NUMBER + _MULT)


_DIGIT = re.compile(r"\d")
_GROUP_SPACE = re.compile(r"[ \u00a0\u202f]")
_DECIMAL_COMMA = re.compile(r"\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?|\d+,\d{1,2}")
"""European grouping ("300.000.000") or a decimal comma ("2,52")."""


def _amount_parts(pattern: re.Pattern[str], text: str) -> tuple[re.Match[str], Qualifier | None] | None:
    """Find the one amount in ``text`` and the qualifier written before it."""
    text = _clean(text).casefold()
    if len(text) > _MAX_INPUT:
        return None
    match = pattern.search(text)
    if match is None:
        return None
    before, after = text[: match.start()], text[match.end() :]
    if _DIGIT.search(before) or _DIGIT.search(after):
        return None  # two numbers: a hedge, not an answer
    qualifier = _QUALIFIER_RE.search(before)
    return match, (_QUALIFIERS[qualifier.group(1)] if qualifier else None)


def _decimal(match: re.Match[str]) -> Decimal | None:
    number = match["num"]
    if " " in number or "\u00a0" in number or "\u202f" in number:
        number = _GROUP_SPACE.sub("", number)
    if _DECIMAL_COMMA.fullmatch(number):
        number = number.replace(".", "").replace(",", ".")  # "300.000.000", "2,52"
    else:
        number = number.replace(",", "")
    try:
        value = Decimal(number)
    except InvalidOperation:
        return None
    mult = match.groupdict().get("mult")
    return value * _MULTIPLIERS[mult] if mult else value


@lru_cache(maxsize=8192)
def parse_money(text: str) -> Money | None:
    """Read an amount of money.

    "$279.75 million", "279.75 million dollars", "$279,750,000", "279.75M",
    "$279.75 mil", "USD 279.75 million", "€300 million", "300 million euros",
    "EUR 300m" and "three hundred million euros" are all understood; a
    qualifier before the amount ("more than") is kept.

    Args:
        text: Any string.

    Returns:
        The amount, or None if the text holds no single amount.
    """
    found = _amount_parts(_MONEY, text)
    if found is None:
        return None if _DIGIT.search(text, 0, _MAX_INPUT) else _money_in_words(text)
    match, qualifier = found
    value = _decimal(match)
    codes = {_CURRENCIES[c] for c in (match["pre"], match["suf"]) if c}
    if value is None or len(codes) > 1:
        return None
    return Money(value, codes.pop() if codes else None, qualifier)


def _money_in_words(text: str) -> Money | None:
    """Read "two hundred million euros", "eight point nine million dollars" and the like."""
    found = _words_amount(text)
    if found is None:
        return None
    value, qualifier, rest = found
    codes = {_CURRENCIES[w] for w in rest if w in _CURRENCIES}
    if len(codes) > 1:
        return None
    return Money(value, codes.pop() if codes else None, qualifier)


@lru_cache(maxsize=8192)
def parse_percent(text: str) -> Quantity | None:
    """Read a percentage such as "2.52%", "2.52 percent", "2,52 %" or "two percent".

    Args:
        text: Any string.

    Returns:
        The percentage (2.52 for "2.52%"), or None.
    """
    found = _amount_parts(_PERCENT, text)
    if found is None:
        return None if _DIGIT.search(text, 0, _MAX_INPUT) else _words_to_number(text)
    value = _decimal(found[0])
    return None if value is None else Quantity(value, found[1])


_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_NUMBER_WORDS = frozenset({*_UNITS, *_TENS, *_SCALES, "hundred", "point", "and", "a", "an", "half"})


def _read_number_words(words: list[str]) -> tuple[Decimal, int] | None:
    """Read a number written in words at the start of ``words``.

    Knows "five thousand five hundred", "twenty-nine", "eight point nine
    million", "a hundred million" and "five and a half thousand".

    Returns:
        The value and how many words it took, or None when there is no number.
    """
    total, current = Decimal(0), Decimal(0)
    decimals: str | None = None
    used = 0
    seen = False
    i = 0
    while i < len(words):
        word, following = words[i], words[i + 1] if i + 1 < len(words) else ""
        if decimals is not None and word in _UNITS and _UNITS[word] < 10:
            decimals += str(_UNITS[word])
            current = Decimal(f"{int(current)}.{decimals}")
        elif word in _UNITS or word in _TENS:
            if decimals is not None:
                break
            current += _UNITS.get(word, 0) + _TENS.get(word, 0)
        elif word == "point" and seen and decimals is None and following in _UNITS:
            decimals = ""
        elif word in ("a", "an") and following in ("hundred", *_SCALES) and not seen:
            current, seen = Decimal(1), True
        elif word == "and" and seen and following in _NUMBER_WORDS - {"and", "point"}:
            pass
        elif word in ("a", "an") and seen and following == "half":
            pass
        elif word == "half" and seen and words[i - 1] in ("a", "an"):
            current += Decimal("0.5")
        elif word == "hundred" and seen:
            current *= 100
        elif word in _SCALES and seen:
            total += current * _SCALES[word]
            current, decimals = Decimal(0), None
        else:
            break  # the number ends; a noun like "peacekeepers" may follow
        seen = seen or word not in ("a", "an", "and")
        i += 1
        if seen:
            used = i
    return (total + current, used) if seen else None


def _strip_qualifier(text: str) -> tuple[str, Qualifier | None]:
    for phrase in sorted(_QUALIFIERS, key=len, reverse=True):
        if text.startswith(phrase + " "):
            return text[len(phrase) + 1 :], _QUALIFIERS[phrase]
    return text, None


def _words_amount(text: str) -> tuple[Decimal, Qualifier | None, list[str]] | None:
    """Read an amount written in words: its value, qualifier and the words after it."""
    text, qualifier = _strip_qualifier(_clean(text).casefold()[:_MAX_INPUT])
    words = [w for w in re.split(r"[\s\-,%]+", text) if w]
    found = _read_number_words(words)
    if found is None:
        return None
    value, used = found
    rest = words[used:]
    if any(w in _UNITS or w in _TENS for w in rest):
        return None  # two numbers: a hedge, not an answer
    return value, qualifier, rest


def _words_to_number(text: str) -> Quantity | None:
    """Read "five thousand five hundred" and the like; None otherwise."""
    found = _words_amount(text)
    return None if found is None else Quantity(found[0], found[1])


@lru_cache(maxsize=8192)
def parse_number(text: str) -> Quantity | None:
    """Read a count: "5,500", "5500", "5.5 thousand" or "five thousand five hundred".

    Args:
        text: Any string.

    Returns:
        The number, or None.
    """
    found = _amount_parts(_PLAIN, text)
    if found is None:
        return None if _DIGIT.search(text, 0, _MAX_INPUT) else _words_to_number(text)
    value = _decimal(found[0])
    return None if value is None else Quantity(value, found[1])


def _qualifiers_agree(given: Qualifier | None, expected: Qualifier | None) -> bool:
    return {given, expected} != {"above", "below"}


def _trim(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _scaled(amount: Decimal) -> tuple[str, str]:
    for word, size in (("billion", 10**9), ("million", 10**6)):
        if abs(amount) >= size:
            return _trim(amount / size), word
    return _trim(amount), ""


def format_money(value: Money, style: str = "symbol") -> str:
    """Write an amount of money in one of :data:`MONEY_STYLES`.

    Args:
        value: The amount; its qualifier is not written.
        style: "symbol" ("$279.75 million"), "word" ("279.75 million dollars"),
            "code" ("USD 279.75 million"), "digits" ("$279,750,000") or
            "short" ("$279.75M").

    Returns:
        The amount as text.
    """
    currency = value.currency or "USD"
    symbol = {"USD": "$", "EUR": "\u20ac", "GBP": "\u00a3"}.get(currency, "")
    word = {"USD": "dollars", "EUR": "euros", "GBP": "pounds"}.get(currency, currency)
    number, scale = _scaled(value.amount)
    spaced = f"{number} {scale}".strip()
    if style == "word":
        return f"{spaced} {word}"
    if style == "code":
        return f"{currency} {spaced}"
    if style == "digits":
        digits = f"{value.amount:,f}"
        return symbol + (digits.rstrip("0").rstrip(".") if "." in digits else digits)
    if style == "short" and scale:
        return f"{symbol}{number}{scale[0].upper()}"
    return f"{symbol}{spaced}"


def format_percent(value: Quantity, style: str = "symbol") -> str:
    """Write a percentage: "symbol" ("2.52%"), "word" ("2.52 percent") or
    "words" ("2.52 per cent").

    Args:
        value: The percentage.
        style: One of the three styles.

    Returns:
        The percentage as text.
    """
    number = _trim(value.value)
    return {"word": f"{number} percent", "words": f"{number} per cent"}.get(style, f"{number}%")


def format_number(value: Quantity, style: str = "grouped") -> str:
    """Write a number: "grouped" ("5,500") or "plain" ("5500").

    Args:
        value: The number.
        style: One of the two styles.

    Returns:
        The number as text.
    """
    if style == "plain":
        return _trim(value.value)
    number = _trim(value.value)
    whole, _, fraction = number.partition(".")
    grouped = f"{int(whole):,}"
    return f"{grouped}.{fraction}" if fraction else grouped

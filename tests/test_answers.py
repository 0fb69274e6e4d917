"""Tests for quiz.answers: what a learner may type and still be right."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.answers import (
    DATE_STYLES,
    KINDS,
    MONEY_STYLES,
    DateValue,
    Money,
    Quantity,
    format_date,
    format_money,
    format_number,
    format_percent,
    is_correct,
    normalize_text,
    parse_date,
    typo_allowance,
)

RIGHT = [
    # dates: one day, many spellings
    ("July 28, 1922", "July 28, 1922", "date"),
    ("28 July 1922", "July 28, 1922", "date"),
    ("1922-07-28", "July 28, 1922", "date"),
    ("7/28/1922", "July 28, 1922", "date"),
    ("28th of July 1922", "July 28, 1922", "date"),
    ("on the 28th of July, 1922", "July 28, 1922", "date"),
    ("Jul 28th, 1922", "July 28, 1922", "date"),
    # month and year
    ("11/2008", "November 2008", "date"),
    ("Nov. 2008", "November 2008", "date"),
    ("2008-11", "November 2008", "date"),
    ("november 2008", "November 2008", "date"),
    ("Dec 1991", "December 1991", "date"),
    # a more precise answer that agrees
    ("November 12, 2008", "November 2008", "date"),
    ("March 29, 2004", "2004", "date"),
    ("1922", "1920s", "date"),
    # years, decades, fiscal years and ranges
    ("2017", "2017", "date"),
    ("in 2017", "2017", "date"),
    ("1920's", "1920s", "date"),
    ("1920s", "the 1920's", "date"),
    ("FY2017\u2013FY2022", "FY 2017-2022", "date"),
    ("FY 2017 - 2022", "FY 2017-2022", "date"),
    ("2017-2022", "FY 2017-2022", "date"),
    ("FY17-FY22", "FY 2017-2022", "date"),
    ("2019 through 2021", "From FY 2019 through FY 2021", "date"),
    ("2022", "FY 2022", "date"),
    # money
    ("$279.75 million", "$279.75 million", "money"),
    ("279.75 million dollars", "$279.75 million", "money"),
    ("$279,750,000", "$279.75 million", "money"),
    ("279.75M", "$279.75 million", "money"),
    ("USD 279.75 million", "$279.75 million", "money"),
    ("US$279.75m", "$279.75 million", "money"),
    ("279.75 million", "$279.75 million", "money"),
    ("300 million euro", "nearly 300 million euro", "money"),
    ("\u20ac300 million", "nearly 300 million euro", "money"),
    ("300 million euros", "nearly 300 million euro", "money"),
    ("EUR 300m", "nearly 300 million euro", "money"),
    ("almost \u20ac300 million", "nearly 300 million euro", "money"),
    ("$100 million", "more than $100 million", "money"),
    ("over $100 million", "more than $100 million", "money"),
    ("about $100 million", "more than $100 million", "money"),
    ("$70", "roughly $70 per Lithuanian citizen", "money"),
    ("$70 per citizen", "roughly $70 per Lithuanian citizen", "money"),
    ("$1.2bn", "$1.2 billion", "money"),
    # percentages and counts
    ("2.52%", "2.52 percent", "percent"),
    ("2.52 per cent", "2.52 percent", "percent"),
    ("2.52", "2.52%", "percent"),
    ("5,500", "over 5,500", "number"),
    ("5500", "5,500", "number"),
    ("five thousand five hundred", "5,500", "number"),
    ("fourteen", "14", "number"),
    ("29", "twenty-nine", "number"),
    # names and agreements
    ("DCA", "Defense Cooperation Agreement (DCA)", "agreement"),
    ("Defense Cooperation Agreement", "Defense Cooperation Agreement (DCA)", "agreement"),
    ("the defense cooperation agreement", "Defense Cooperation Agreement", "agreement"),
    ("dca", "Defense Cooperation Agreement", "agreement"),
    ("Defense Cooperation Agreement", "DCA", "agreement"),
    ("CISMOA", "Communications Interoperability and Security Memorandum of Agreement", "agreement"),
    ("Communications Interoperability & Security Memorandum of Agreement", "CISMOA", "agreement"),
    ("LSS Agreement", "Logistics, Supplies, and Services (LSS) Agreement", "agreement"),
    ("LSS", "Logistics, Supplies, and Services (LSS) Agreement", "agreement"),
    ("Logistics Supplies and Services Agreement", "Logistics, Supplies, and Services (LSS) Agreement", "agreement"),
    ("Defence Cooperation Agreement", "Defense Cooperation Agreement", "agreement"),
    ("Basic Exchange Cooperative Agreement", "Basic Exchange and Cooperative Agreement", "agreement"),
    ("Pensylvania", "Pennsylvania", "name"),
    ("the Pennsylvania National Guard", "Pennsylvania National Guard", "name"),
    ("e-PINE", "Enhanced Partnership in Northern Europe", "name"),
    ("U.S. Department of State", "US Department of State", "name"),
    ("Vilnius", "Vilnius", "other"),
    ("Šiauliai", "Siauliai", "name"),
    # names: a generic last word is optional on either side
    ("Visa Waiver", "Visa Waiver Program", "agreement"),
    ("the Visa Waiver Programme", "Visa Waiver Program", "agreement"),
    ("U.S. Visa Waiver Program", "Visa Waiver Program", "agreement"),
    ("Foreign Military Sales", "Foreign Military Sales program", "agreement"),
    ("International Military Education and Training program", "International Military Education and Training", "name"),
    ("International Military Education and Training program", "IMET", "name"),
    ("Logistics Supplies Services", "Logistics, Supplies, and Services Agreement", "agreement"),
    ("Logistics Supplies Services", "Logistics, Supplies, and Services (LSS) Agreement", "agreement"),
    ("Defense Cooperation", "Defense Cooperation Agreement (DCA)", "agreement"),
    # names: initials of the expected name are its acronym
    ("LSS", "Logistics, Supplies, and Services Agreement", "agreement"),
    ("FMS", "Foreign Military Sales program", "agreement"),
    ("VWP", "Visa Waiver Program", "agreement"),
    ("spp", "State Partnership Program", "agreement"),
    ("NATO SOFA", "NATO Status of Forces Agreement", "agreement"),
    ("SOFA", "NATO Status of Forces Agreement", "agreement"),
    ("North Atlantic Treaty Organization Mission Iraq", "NATO Mission Iraq", "name"),
    ("ePINE", "Enhanced Partnership in Northern Europe", "name"),
    # names: parties and qualifying phrases may be left out or added
    ("Status of Forces Agreement", "NATO Status of Forces Agreement", "agreement"),
    ("Baltic Dialogue", "U.S.-Baltic Dialogue", "agreement"),
    ("US-Baltic Partnership Charter", "Charter of Partnership", "agreement"),
    ("State Department", "U.S. Department of State", "name"),
    ("National Guard State Partnership Program", "State Partnership Program (SPP)", "agreement"),
    ("Pennsylvania National Guard", "Pennsylvania", "name"),
    ("Pennsylvania", "Pennsylvania National Guard", "name"),
    ("the Commonwealth of Pennsylvania", "Pennsylvania", "name"),
    ("the Republic of Lithuania", "Lithuania", "name"),
    ("United States", "U.S.", "name"),
    ("PA", "Pennsylvania", "name"),
    (
        "Communication Interoperability and Security Memorandum",
        "Communications Interoperability and Security Memorandum of Agreement",
        "agreement",
    ),
    # names: spelling variants, plurals, abbreviations, misspellings that are no word
    ("Defence Co-operation Agreement", "Defense Cooperation Agreement", "agreement"),
    ("Status of Force Agreement", "Status of Forces Agreement", "agreement"),
    ("Sec. 333", "Section 333", "name"),
    ("Blackhawk", "Black Hawk", "name"),
    ("Enhansed Partnership in Northen Europe", "Enhanced Partnership in Northern Europe", "name"),
    ("Partnerhsip Charter", "Charter of Partnership", "agreement"),
    # dates: day-first when only that reading is a date, dotted European dates
    ("28/7/1922", "July 28, 1922", "date"),
    ("28-07-1922", "July 28, 1922", "date"),
    ("5.9.1940", "September 5, 1940", "date"),
    ("01.03.2016", "March 1, 2016", "date"),
    ("3/1/2016", "March 1, 2016", "date"),
    ("1922/07/28", "July 28, 1922", "date"),
    ("Friday, July 28, 1922", "July 28, 1922", "date"),
    # decades and years in words or without their century
    ("the twenties", "1920s", "date"),
    ("'20s", "1920s", "date"),
    ("the 20's", "the 1920's", "date"),
    ("the nineteen-twenties", "1920s", "date"),
    ("the early 1920s", "1920s", "date"),
    ("1920-1929", "1920s", "date"),
    ("nineteen twenty-two", "1922", "date"),
    ("two thousand seventeen", "2017", "date"),
    ("between 2017 and 2022", "FY 2017-2022", "date"),
    # money: "mil", "MM", number words, a decimal comma
    ("$8.9 mil", "$8.9 million", "money"),
    ("$8.9MM", "$8.9 million", "money"),
    ("8,9 million dollars", "$8.9 million", "money"),
    ("eight point nine million dollars", "$8.9 million", "money"),
    ("over two hundred million euros", "over 200 million euros", "money"),
    ("a hundred million dollars", "more than $100 million", "money"),
    ("$1.2 bil", "$1.2 billion", "money"),
    ("\u20ac300.000.000", "nearly 300 million euro", "money"),  # European grouping
    ("300 000 000 euros", "nearly 300 million euro", "money"),
    # percentages and counts in words
    ("two percent", "2 percent", "percent"),
    ("two per cent of GDP", "2%", "percent"),
    ("twenty percent", "20 percent", "percent"),
    ("two point five two percent", "2.52 percent", "percent"),
    ("2,52 %", "2.52 percent", "percent"),
    ("two and a half percent", "2.5%", "percent"),
    ("five and a half thousand", "over 5,500", "number"),
]

WRONG = [
    ("1922", "July 28, 1922", "date"),  # less precise than asked
    ("July 29, 1922", "July 28, 1922", "date"),
    ("August 28, 1922", "July 28, 1922", "date"),
    ("July 28, 1923", "July 28, 1922", "date"),
    ("2008", "November 2008", "date"),
    ("November 2009", "November 2008", "date"),
    ("2016", "2017", "date"),
    ("1930s", "1920's", "date"),
    ("FY 2017-2021", "FY 2017-2022", "date"),
    ("FY 2022", "FY 2017-2022", "date"),
    ("2017 or 2018", "2017", "date"),
    ("July 28, 1922 at 7:23", "July 28, 1922", "date"),
    ("\u20ac279.75 million", "$279.75 million", "money"),  # wrong currency
    ("$279.75 billion", "$279.75 million", "money"),  # wrong magnitude
    ("279.75", "$279.75 million", "money"),
    ("$279.7 million", "$279.75 million", "money"),
    ("$300 million", "nearly 300 million euro", "money"),
    ("over 300 million euro", "nearly 300 million euro", "money"),  # contradicting qualifier
    ("less than $100 million", "more than $100 million", "money"),
    ("$100 million or $200 million", "$100 million", "money"),
    ("2.5%", "2.52 percent", "percent"),
    ("25.2%", "2.52 percent", "percent"),
    ("5,600", "5,500", "number"),
    ("55,000", "5,500", "number"),
    ("Reciprocal Defense Procurement Agreement", "Defense Cooperation Agreement", "agreement"),
    ("DCS", "Defense Cooperation Agreement (DCA)", "agreement"),
    ("Ohio", "Iowa", "name"),  # four letters: no typo allowed
    ("National Guard", "Pennsylvania National Guard", "name"),  # the state is the answer
    ("Ohio National Guard", "Pennsylvania National Guard", "name"),
    ("OH", "Pennsylvania", "name"),
    ("Basic Exchange and Cooperative Agreement (1995)", "Basic Exchange and Cooperative Agreement (1994)", "agreement"),
    ("", "Pennsylvania", "name"),
    ("the", "The", "other"),
    # a typo allowance never turns one real word into another
    ("Enhanced Partnership in Southern Europe", "Enhanced Partnership in Northern Europe", "name"),
    ("International Military Education and Trading", "International Military Education and Training", "name"),
    ("Enhanced Partnership in Europe", "Enhanced Partnership in Northern Europe", "name"),
    # two different generic nouns are two different things
    ("Defense Cooperation Arrangement", "Defense Cooperation Agreement", "agreement"),
    ("Defense Cooperation Arrangement", "Defense Cooperation Agreement (DCA)", "agreement"),
    ("Visa Waiver Treaty", "Visa Waiver Program", "agreement"),
    ("Security Cooperation Agreement", "Security Cooperation Roadmap", "agreement"),
    # what is left after the optional words must still name the thing
    ("Dialogue", "U.S.-Baltic Dialogue", "agreement"),
    ("Program", "State Partnership Program", "agreement"),
    ("Department", "Department of State", "name"),
    ("DC", "Defense Cooperation Agreement", "agreement"),  # too short to be its acronym
    ("SPP", "Visa Waiver Program", "agreement"),
    ("Section 334", "Section 333", "name"),
    ("Title 22", "Title 10", "name"),
    # an ambiguous numeric date keeps the U.S. reading; a dotted one is day first
    ("3/1/2016", "January 3, 2016", "date"),
    ("01.03.2016", "January 3, 2016", "date"),
    ("the thirties", "1920s", "date"),
    ("1920-1930", "1920s", "date"),
    ("'30s", "1920s", "date"),
    ("the twenties", "1922", "date"),  # less precise than asked
    ("nineteen twenty-three", "1922", "date"),
    ("$8.9 bil", "$8.9 million", "money"),
    ("eight point nine million euros", "$8.9 million", "money"),
    ("three percent", "2 percent", "percent"),
    ("two or three percent", "2 percent", "percent"),
]


@pytest.mark.parametrize(("given_answer", "expected", "kind"), RIGHT)
def test_accepts_equivalent_answers(given_answer: str, expected: str, kind: str) -> None:
    assert is_correct(given_answer, expected, kind)


@pytest.mark.parametrize(("given_answer", "expected", "kind"), WRONG)
def test_rejects_different_answers(given_answer: str, expected: str, kind: str) -> None:
    assert not is_correct(given_answer, expected, kind)


@pytest.mark.parametrize(("length", "edits"), [(1, 0), (4, 0), (5, 1), (9, 1), (17, 2), (25, 3)])
def test_typo_allowance_grows_with_length(length: int, edits: int) -> None:
    assert typo_allowance(length) == edits


def test_one_typo_in_a_short_word_is_accepted_but_two_are_not() -> None:
    assert is_correct("Vilnus", "Vilnius", "name")
    assert not is_correct("Vlnus", "Vilnius", "name")


def test_an_answer_copied_from_the_question_is_refused_when_the_question_is_known() -> None:
    prompt = "What does the acronym FMF stand for?"
    assert is_correct("FMF", "Foreign Military Financing", "name")  # without the question: acronym rule
    assert not is_correct("FMF", "Foreign Military Financing", "name", prompt=prompt)
    assert is_correct("foreign military financing", "Foreign Military Financing", "name", prompt=prompt)
    echo = "Which agreement did the United States and Lithuania sign in 2017?"
    assert is_correct("2017", "2017", "date", prompt="In what year was the DCA signed?")
    assert not is_correct("Lithuania", "Defense Cooperation Agreement", "agreement", prompt=echo)


def test_normalize_text_keeps_numbers_apart() -> None:
    assert normalize_text("2.52") != normalize_text("25.2")
    assert normalize_text("The U.S.-Lithuania  Charter!") == "us lithuania charter"


# ---------------------------------------------------------------- properties

days = st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31))


@given(day=days, style=st.sampled_from(DATE_STYLES["day"]))
def test_every_printed_day_is_accepted(day: date, style: str) -> None:
    value = DateValue("day", day.year, day.month, day.day)
    expected = format_date(value, "long")
    assert parse_date(format_date(value, style)) == value
    assert is_correct(format_date(value, style), expected, "date")


@given(day=days, style=st.sampled_from(DATE_STYLES["month"]))
def test_every_printed_month_is_accepted(day: date, style: str) -> None:
    value = DateValue("month", day.year, day.month)
    assert is_correct(format_date(value, style), format_date(value, "long"), "date")


@given(year=st.integers(1000, 2999), span=st.integers(1, 20), style=st.sampled_from(DATE_STYLES["range"]))
def test_every_printed_year_range_is_accepted(year: int, span: int, style: str) -> None:
    value = DateValue("range", year, end=year + span, fiscal=True)
    assert is_correct(format_date(value, style), format_date(value, "fy"), "date")


@given(year=st.integers(100, 299), style=st.sampled_from(DATE_STYLES["decade"]))
def test_every_printed_decade_is_accepted(year: int, style: str) -> None:
    value = DateValue("decade", year * 10)
    assert is_correct(format_date(value, style), format_date(value, "plain"), "date")


@given(day=days, other=days)
def test_a_different_day_is_rejected(day: date, other: date) -> None:
    if day != other:
        a = format_date(DateValue("day", day.year, day.month, day.day))
        b = format_date(DateValue("day", other.year, other.month, other.day), "dmy")
        assert not is_correct(b, a, "date")


@given(day=days, shift=st.integers(-30, 30).filter(bool))
def test_a_different_year_is_rejected_at_every_precision(day: date, shift: int) -> None:
    for precision in ("month", "year"):
        value = DateValue(precision, day.year, day.month)
        moved = DateValue(precision, day.year + shift, day.month)
        assert not is_correct(format_date(moved), format_date(value), "date")


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999"), places=2)
scales = st.sampled_from([1, 1000, 10**6, 10**9])
currencies = st.sampled_from(["USD", "EUR"])


@given(amount=amounts, scale=scales, currency=currencies, style=st.sampled_from(MONEY_STYLES))
def test_every_printed_amount_is_accepted(amount: Decimal, scale: int, currency: str, style: str) -> None:
    value = Money(amount * scale, currency)
    assert is_correct(format_money(value, style), format_money(value), "money")


@given(amount=amounts, scale=scales, style=st.sampled_from(MONEY_STYLES))
def test_a_different_currency_is_rejected(amount: Decimal, scale: int, style: str) -> None:
    dollars, euros = Money(amount * scale, "USD"), Money(amount * scale, "EUR")
    assert not is_correct(format_money(euros, style), format_money(dollars), "money")
    assert not is_correct(format_money(dollars, style), format_money(euros), "money")


@given(amount=amounts, scale=st.sampled_from([10**6, 10**9]), factor=st.sampled_from([10, 1000]), currency=currencies)
def test_a_different_magnitude_is_rejected(amount: Decimal, scale: int, factor: int, currency: str) -> None:
    value = Money(amount * scale, currency)
    other = Money(amount * scale * factor, currency)
    assert not is_correct(format_money(other), format_money(value), "money")
    assert not is_correct(format_money(value), format_money(other), "money")


@given(value=st.decimals(min_value=0, max_value=1000, places=2), style=st.sampled_from(["symbol", "word", "words"]))
def test_every_printed_percentage_is_accepted(value: Decimal, style: str) -> None:
    assert is_correct(format_percent(Quantity(value), style), format_percent(Quantity(value), "word"), "percent")


@given(value=st.integers(0, 10**9), style=st.sampled_from(["grouped", "plain"]))
def test_every_printed_number_is_accepted(value: int, style: str) -> None:
    quantity = Quantity(Decimal(value))
    assert is_correct(format_number(quantity, style), format_number(quantity), "number")


@settings(max_examples=300)
@given(given_answer=st.text(max_size=80), expected=st.text(max_size=80), kind=st.sampled_from([*KINDS, "unknown"]))
def test_random_text_never_crashes(given_answer: str, expected: str, kind: str) -> None:
    assert is_correct(given_answer, expected, kind) in (True, False)


@settings(max_examples=200)
@given(text=st.text(alphabet="0123456789 ,./-$\u20acFYmMbn%'s", max_size=30), kind=st.sampled_from(KINDS))
def test_number_like_noise_never_crashes(text: str, kind: str) -> None:
    assert is_correct(text, text, kind) in (True, False)
    assert is_correct(text, "July 28, 1922", "date") in (True, False)


# ---------------------------------------------------------------- names, word by word

# Real, distinct content words (none a form of another) to build names from.
NAME_WORDS = (
    "Defense Cooperation Security Logistics Supplies Services Military Education Training Foreign Financing "
    "Exchange Strategic Northern Southern Eastern Western Enhanced Reciprocal Procurement Maritime Border Cyber "
    "Regional Transatlantic Economic Technical Assistance Investment Energy Research Science Health Justice "
    "Customs Aviation Nuclear Space Climate Trade Visa Waiver Status Forces Readiness Resilience"
).split()
HEADS = ("Program", "Agreement", "Treaty", "Initiative", "Dialogue", "Commission", "Pledge", "Arrangement")

names = st.lists(st.sampled_from(NAME_WORDS), min_size=2, max_size=4, unique=True)


@given(words=names, head=st.sampled_from(HEADS))
def test_a_generic_last_word_is_optional_on_either_side(words: list[str], head: str) -> None:
    name = " ".join(words)
    assert is_correct(name, f"{name} {head}", "agreement")
    assert is_correct(f"{name} {head}", name, "agreement")
    assert is_correct(f"the {name} {head.lower()}", f"{name} {head}", "agreement")


@given(words=names, heads=st.lists(st.sampled_from(HEADS), min_size=2, max_size=2, unique=True))
def test_two_different_generic_words_never_agree(words: list[str], heads: list[str]) -> None:
    name = " ".join(words)
    assert not is_correct(f"{name} {heads[0]}", f"{name} {heads[1]}", "agreement")


@given(words=names, other=st.sampled_from(NAME_WORDS), at=st.integers(0, 3), head=st.sampled_from(HEADS))
def test_a_different_real_word_is_never_a_typo(words: list[str], other: str, at: int, head: str) -> None:
    at %= len(words)
    if other in words:
        return
    changed = [*words[:at], other, *words[at + 1 :]]
    assert not is_correct(" ".join(changed), " ".join(words), "name")
    assert not is_correct(" ".join([*changed, head]), " ".join([*words, head]), "agreement")


@given(words=names, small=st.sampled_from(["", "and", "of", "for"]), head=st.sampled_from(HEADS))
def test_initials_of_the_expected_name_are_its_acronym(words: list[str], small: str, head: str) -> None:
    spelled = [words[0], *([small] if small else []), *words[1:]]
    name = " ".join(spelled)
    initials = "".join(w[0] for w in words)
    assert is_correct(initials, name, "agreement")
    assert is_correct(initials.lower(), name, "agreement")
    assert is_correct(initials + head[0], f"{name} {head}", "agreement")
    if len(initials) >= 3:  # the generic last word may be left out of the acronym too
        assert is_correct(initials, f"{name} {head}", "agreement")
    assert not is_correct(initials[:-1] + ("Q" if initials[-1] != "Q" else "X"), name, "agreement")


@given(words=names, at=st.integers(0, 3), cut=st.integers(1, 20), data=st.data())
def test_a_misspelling_that_is_no_word_is_forgiven(words: list[str], at: int, cut: int, data: st.DataObject) -> None:
    from quiz.answers.lexicon import is_english_word

    word = words[at % len(words)]
    cut = 1 + cut % (len(word) - 1)
    edit = data.draw(st.sampled_from(["drop", "double", "swap"]))
    if edit == "drop":
        typo = word[:cut] + word[cut + 1 :]
    elif edit == "double":
        typo = word[:cut] + word[cut] + word[cut:]
    else:
        typo = word[: cut - 1] + word[cut] + word[cut - 1] + word[cut + 1 :]
    if typo.lower() == word.lower() or is_english_word(typo.lower()):
        return
    typed = " ".join(typo if w == word else w for w in words)
    assert is_correct(typed, " ".join(words), "name") == (len(word) >= 5)


_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
).split()
_TENS_WORDS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def in_words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS_WORDS[n // 10] + (f"-{_ONES[n % 10]}" if n % 10 else "")
    return f"{_ONES[n // 100]} hundred" + (f" and {in_words(n % 100)}" if n % 100 else "")


@given(value=st.integers(0, 999), unit=st.sampled_from([" percent", " per cent", "%", ""]))
def test_number_words_count_for_percents(value: int, unit: str) -> None:
    assert is_correct(in_words(value) + unit, f"{value} percent", "percent")
    assert is_correct(in_words(value) + unit, f"{value}%", "percent")
    assert not is_correct(in_words(value + 1) + unit, f"{value} percent", "percent")


@given(value=st.integers(1, 999), scale=st.sampled_from(["thousand", "million", "billion"]))
def test_number_words_count_for_money(value: int, scale: str) -> None:
    expected = f"${value} {scale}"
    assert is_correct(f"{in_words(value)} {scale} dollars", expected, "money")
    assert not is_correct(f"{in_words(value)} {scale} euros", expected, "money")


@given(amount=amounts, style=st.sampled_from(["mil", " mil", " mil.", "MM", " mln", "m"]))
def test_short_forms_of_million_are_read(amount: Decimal, style: str) -> None:
    value = Money(amount * 10**6, "USD")
    assert is_correct(f"${_plain(amount)}{style}", format_money(value), "money")
    assert not is_correct(f"${_plain(amount)}{style}", format_money(Money(amount * 10**9, "USD")), "money")


def _plain(amount: Decimal) -> str:
    return format_number(Quantity(amount), "plain")


@given(day=days)
def test_an_ambiguous_numeric_date_keeps_the_us_reading(day: date) -> None:
    us = f"{day.month}/{day.day}/{day.year}"
    assert is_correct(us, format_date(DateValue("day", day.year, day.month, day.day)), "date")
    if day.day <= 12 and day.day != day.month:
        swapped = DateValue("day", day.year, day.day, day.month)
        assert not is_correct(us, format_date(swapped), "date")


@given(day=days, sep=st.sampled_from(["/", "-"]))
def test_an_unambiguous_day_first_date_is_read_day_first(day: date, sep: str) -> None:
    if day.day > 12:
        typed = f"{day.day}{sep}{day.month}{sep}{day.year}"
        assert is_correct(typed, format_date(DateValue("day", day.year, day.month, day.day)), "date")


@given(day=days, padded=st.booleans())
def test_a_dotted_date_is_read_day_first(day: date, padded: bool) -> None:
    typed = f"{day.day:02}.{day.month:02}.{day.year}" if padded else f"{day.day}.{day.month}.{day.year}"
    assert is_correct(typed, format_date(DateValue("day", day.year, day.month, day.day)), "date")
    if day.day <= 12 and day.day != day.month:
        assert not is_correct(typed, format_date(DateValue("day", day.year, day.day, day.month)), "date")


DECADE_WORDS = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"]


@given(century=st.integers(10, 29), index=st.integers(0, 7), shift=st.integers(1, 7))
def test_a_decade_without_its_century_is_read(century: int, index: int, shift: int) -> None:
    decade = century * 100 + (index + 2) * 10
    expected = f"{decade}s"
    assert is_correct(f"the {DECADE_WORDS[index]}", expected, "date")
    assert is_correct(f"'{(index + 2) * 10}s", expected, "date")
    other = (index + shift) % 8
    assert not is_correct(f"the {DECADE_WORDS[other]}", expected, "date")
    assert not is_correct(f"the {DECADE_WORDS[index]}", f"{decade + 2}", "date")  # less precise than asked

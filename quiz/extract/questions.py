"""Facts to bank questions: a short-answer and a multiple-choice sibling per fact.

Distractors are of the fact's kind and plausible (years near the answer,
amounts of the same currency and magnitude, other names from the same
draft), and :func:`quiz.answers.is_correct` makes sure none of them would
also be accepted as right.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from quiz.answers import DateValue, Money, Quantity, format_date, format_money, is_correct, parse_money
from quiz.extract.facts import Fact
from quiz.extract.rank import implied_values

__all__ = ["distractors", "name_pool", "questions_for", "slug"]


def slug(text: str, *, words: int = 7) -> str:
    """A short, stable, lower-case id made of the text's key words.

    Args:
        text: Any text, usually a prompt.
        words: How many words to keep at most.

    Returns:
        Words joined by hyphens, e.g. "united-states-establish-diplomatic-relations".
    """
    drop = {
        "what",
        "when",
        "which",
        "did",
        "does",
        "do",
        "was",
        "were",
        "is",
        "are",
        "has",
        "have",
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "to",
        "and",
        "for",
        "with",
        "how",
        "much",
        "many",
        "year",
        "date",
        "month",
        "fill",
        "blank",
        "since",
        "over",
        "fiscal",
        "years",
        "decade",
    }
    tokens = [t for t in re.findall(r"[a-z0-9]+", text.lower()) if t not in drop]
    return "-".join(tokens[:words]) or "fact"


def _rng(key: str) -> random.Random:
    return random.Random(zlib.crc32(key.encode()))


def _date_candidates(value: DateValue, rng: random.Random) -> list[DateValue]:
    shifts = [s for s in range(-6, 7) if s]
    rng.shuffle(shifts)
    out = []
    for s in shifts:
        if value.precision == "day":
            out.append(
                DateValue("day", value.year + s, value.month, value.day)
                if abs(s) > 2
                else DateValue("day", value.year, (value.month + s * 2 - 1) % 12 + 1, min(value.day or 1, 28))
            )
        elif value.precision == "month":
            out.append(DateValue("month", value.year + s // 2 or value.year + s, (value.month + s * 3 - 1) % 12 + 1))
        elif value.precision == "decade":
            out.append(DateValue("decade", value.year + 10 * (s % 3 + 1) * (1 if s > 0 else -1)))
        elif value.precision == "range":
            end = value.end or value.year
            out.append(DateValue("range", value.year + s, end=end + s + rng.choice([0, 1, -1]), fiscal=value.fiscal))
        else:
            out.append(DateValue("year", value.year + s, fiscal=value.fiscal))
    return out


def _prefix(answer: str) -> str:
    """The qualifier written before a number ("more than ")."""
    m = re.match(r"^\D*?(?=[$\u20ac\u00a3]|\d)", answer)
    return m.group() if m else ""


def _scaled_candidates(amount: Decimal, rng: random.Random) -> list[Decimal]:
    factors = [Decimal(f) for f in ("0.5", "0.6", "0.75", "0.8", "1.25", "1.4", "1.5", "2", "2.5")]
    rng.shuffle(factors)
    digits = max(2, len(amount.normalize().as_tuple().digits))
    out = []
    for f in factors:
        value = amount * f
        exponent = value.adjusted() - digits + 1
        out.append(value.scaleb(-exponent).quantize(Decimal(1)).scaleb(exponent))
    return out


def name_pool(facts: Sequence[Fact]) -> dict[str, list[str]]:
    """The distinct answers of each kind in a draft, in order: the names distractors come from.

    Args:
        facts: All facts of the draft.

    Returns:
        A list of distinct answers per kind.
    """
    pool: dict[str, dict[str, None]] = {}
    for fact in facts:
        pool.setdefault(fact.kind, {})[fact.answer] = None
        if fact.category and fact.kind in (
            "agreement",
            "name",
        ):  # names also by category ("category:program"), for same-kind distractors
            pool.setdefault(f"category:{fact.category}", {})[fact.answer] = None
    return {kind: list(answers) for kind, answers in pool.items()}


@lru_cache(maxsize=1)
def shipped_names() -> dict[str, tuple[str, ...]]:
    """The small shipped list of real programs, agreements and authorities, by category."""
    names: dict[str, list[str]] = {}
    text = resources.files("quiz.extract").joinpath("data/names.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#") and "\t" in line:
            category, name = line.split("\t", 1)
            names.setdefault(category.strip(), []).append(name.strip())
    return {category: tuple(values) for category, values in names.items()}


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", name) if w[0].isupper())


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in _PLAIN}


_PLAIN = frozenset(
    "agreement program programme treaty charter memorandum roadmap pledge dialogue initiative accord convention "
    "declaration framework commission fund authority exercise operation which what with that from have this "
    "united states under through between their into other about been were will also".split()
)


def distractors(fact: Fact, names: Mapping[str, Sequence[str]], *, count: int = 3) -> list[str]:
    """Wrong but plausible answers for a multiple-choice question.

    Args:
        fact: The fact asked about.
        names: Answers of the draft by kind (:func:`name_pool`), the source
            of names for agreement and name questions.
        count: How many distractors are wanted.

    Returns:
        Up to ``count`` distinct answers that :func:`is_correct` rejects.
    """
    rng = _rng(fact.kind + fact.answer + fact.prompt)
    value = fact.value
    candidates: list[str] = []
    if fact.kind == "date" and isinstance(value, DateValue):
        style = "fy" if value.precision == "range" else "long"
        candidates = [format_date(v, style) for v in _date_candidates(value, rng)]
    elif fact.kind == "money" and isinstance(value, Money):
        prefix = _prefix(fact.answer)
        written = fact.answer[len(prefix) :]
        money = parse_money(written) or value
        style = "word" if re.search(r"euro|dollar", written) else "symbol"
        candidates = [
            prefix + format_money(Money(a, money.currency), style) for a in _scaled_candidates(money.amount, rng)
        ]
    elif fact.kind in ("percent", "number") and isinstance(value, Quantity):
        prefix = _prefix(fact.answer)
        unit = " percent" if fact.kind == "percent" else ""
        for a in _scaled_candidates(value.value, rng):
            text = f"{a:,f}" if fact.kind == "number" else f"{a:f}"
            text = text.rstrip("0").rstrip(".") if "." in text else text
            candidates.append(f"{prefix}{text}{unit}")
    else:
        same = list(names.get(f"category:{fact.category}", ())) if fact.category else []
        shipped = list(shipped_names().get(fact.category, ()))
        kind_pool = list(names.get(fact.kind, ()))
        candidates = [
            *rng.sample(same, len(same)),
            *rng.sample(shipped, len(shipped)),
            *([] if fact.category else rng.sample(kind_pool, len(kind_pool))),
        ]
        acronyms = {a.upper() for a in fact.accept} | {_initials(fact.answer)}
        giveaways = _content_words(fact.prompt) - _content_words(fact.answer)
        candidates = [
            c
            for c in candidates
            if _initials(c) not in acronyms
            and not (_content_words(c) & giveaways)
            and c.lower() not in fact.prompt.lower()
        ]
    implied = _implied(fact)
    chosen: list[str] = []
    for candidate in candidates:
        if len(chosen) == count:
            break
        if candidate == fact.answer or candidate in chosen:
            continue
        if is_correct(candidate, fact.answer, fact.kind) or is_correct(fact.answer, candidate, fact.kind):
            continue
        if any(is_correct(candidate, c, fact.kind) for c in chosen):
            continue
        if implied and any(is_correct(candidate, value, fact.kind) for value in implied):
            continue  # the prompt's own arithmetic makes it right ("the 25th anniversary of the 1989 ...")
        chosen.append(candidate)
    return chosen


def _implied(fact: Fact) -> list[str]:
    """Answers the prompt's own arithmetic gives: years a stated year and an "Nth anniversary" or
    "N years" reach, and sums and differences of two amounts the prompt states."""
    if fact.kind == "date":
        return [str(year) for year in implied_values(fact.prompt)]
    if fact.kind == "money":
        amounts = [m.amount for m in (parse_money(t) for t in _AMOUNT_IN_TEXT.findall(fact.prompt)) if m]
        values = {a + b for a in amounts for b in amounts} | {abs(a - b) for a in amounts for b in amounts if a != b}
        symbol = "\u20ac" if "euro" in fact.answer or "\u20ac" in fact.answer else "$"
        return [f"{symbol}{v:,f}".rstrip("0").rstrip(".") for v in values]
    return []


_AMOUNT_IN_TEXT = re.compile(r"(?:\$|\u20ac)\s?\d[\d,.]*(?:\s(?:million|billion|thousand))?")


def _source(fact: Fact) -> dict[str, object] | list[dict[str, object]]:
    sources = [{"document": d, "paragraph": p} for d, p in fact.sources] or [
        {"document": fact.document, "paragraph": fact.paragraph}
    ]
    return sources[0] if len(sources) == 1 else sources


def questions_for(
    fact: Fact, key: str, names: Mapping[str, Sequence[str]], *, sibling: str | None = None
) -> list[dict[str, object]]:
    """The sibling questions of one fact, as bank mappings.

    Args:
        fact: The fact.
        key: Its unique fact key; question ids are ``key-short`` and ``key-choice``.
        names: Answers of the draft by kind (:func:`name_pool`), for distractors.
        sibling: The ``fact`` key the questions carry (facts of one sentence
            share one, so that the scheduler spaces them); ``key`` by default.

    Returns:
        A short question, and a choice question when three distractors exist
        and a choice would not show the answer.
    """
    sibling = sibling or key
    common: dict[str, object] = {"kind": fact.kind}
    explanation = " ".join(fact.sentence.split())
    tags = [fact.kind]
    if fact.prompt.startswith("Fill in the blank"):
        tags.append("fill-in")
    short: dict[str, object] = {"id": f"{key}-short", "type": "short", "prompt": fact.prompt, "answer": fact.answer}
    if fact.accept:
        short["accept"] = list(fact.accept)
    short.update(common)
    short.update({"explanation": explanation, "source": _source(fact), "tags": tags, "fact": sibling})
    out = [short]
    wrong = distractors(fact, names) if fact.choice else []
    if len(wrong) >= 2:
        choices = [fact.answer, *wrong]
        _rng(key).shuffle(choices)
        out.append(
            {
                "id": f"{key}-choice",
                "type": "choice",
                "prompt": fact.prompt,
                "answer": fact.answer,
                "choices": choices,
                **common,
                "explanation": explanation,
                "source": _source(fact),
                "tags": list(tags),
                "fact": sibling,
            }
        )  # fresh lists: YAML must hold no aliases
    return out

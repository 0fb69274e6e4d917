"""Benchmark: how long the lenient answer checker takes per typed answer.

Run: python bench/answers.py [--rounds 20]
Checks every answer of the shipped bank against typed variants a learner
would write (the answer itself, lower case, an acronym, a dropped generic
noun, a misspelling, a wrong word, a date or amount in another form) with the
parsing caches cleared before each round, so every call does its full work.
Prints microseconds per call by kind (median and 99th percentile), the
slowest call (on a loaded machine often a scheduling pause), and the ratio to a
reference that only normalizes both texts and compares them. Also prints the
one-time cost of reading the English word list. Figures only; nothing here
asserts on timing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quiz.answers import amounts, dates, is_correct, lexicon, names, normalize_text, text  # noqa: E402  # noqa: E402
from quiz.bank import load_bank  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

EXTRA = [
    ("Enhanced Partnership in Southern Europe", "Enhanced Partnership in Northern Europe", "name"),
    ("Defense Cooperation Arrangement", "Defense Cooperation Agreement (DCA)", "agreement"),
    ("NATO SOFA", "NATO Status of Forces Agreement", "agreement"),
    ("Logistics Supplies Services", "Logistics, Supplies, and Services (LSS) Agreement", "agreement"),
    ("International Military Education and Training program", "IMET", "name"),
    ("Comunications Interoperabilty and Security Memorandum of Agreement", "CISMOA", "agreement"),
    ("28/7/1922", "July 28, 1922", "date"),
    ("the twenties", "1920s", "date"),
    ("$8.9 mil", "$8.9 million", "money"),
    ("two percent", "2 percent", "percent"),
]


def _variants(answer: str) -> list[str]:
    words = answer.split()
    out = [answer, answer.lower(), f"the {answer}"]
    if len(words) > 1:
        out.append(" ".join(words[:-1]))  # a dropped last word
        out.append("".join(w[0] for w in words if w[:1].isupper()))  # initials
        out.append(" ".join([*words[:-1], "Arrangement"]))  # another generic noun
    long = max(words, key=len)
    if len(long) >= 5:
        out.append(answer.replace(long, long[:2] + long[3:], 1))  # a letter left out
    return out


def _cases() -> list[tuple[str, str, str]]:
    bank = load_bank([ROOT / "questions"])
    cases = [(v, q.answer, q.kind) for q in bank.questions if q.answer for v in _variants(q.answer)]
    return cases + EXTRA


def _clear_caches() -> None:
    for fn in (
        amounts.parse_money,
        amounts.parse_percent,
        amounts.parse_number,
        dates.parse_date,
        names.name_words,
        text._abbreviates,
        lexicon.spelling_key,
    ):
        fn.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    started = time.perf_counter()
    lexicon.is_english_word("warmup")
    print(f"English word list read once per process: {time.perf_counter() - started:.2f} s")

    cases = _cases()
    per_kind: dict[str, list[float]] = {}
    slowest = (0.0, ("", "", ""))
    reference: list[float] = []
    checker: list[float] = []
    for _ in range(args.rounds):
        _clear_caches()
        t0 = time.perf_counter()
        for given, expected, kind in cases:
            t = time.perf_counter()
            is_correct(given, expected, kind)
            spent = time.perf_counter() - t
            per_kind.setdefault(kind, []).append(spent)
            if spent > slowest[0]:
                slowest = (spent, (given, expected, kind))
        checker.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for given, expected, _kind in cases:
            _ = normalize_text(given) == normalize_text(expected)
        reference.append(time.perf_counter() - t0)

    n = len(cases)
    best_checker, best_reference = min(checker), min(reference)
    print(f"{n} typed answers x {args.rounds} rounds, caches cleared each round")
    for kind, spent in sorted(per_kind.items()):
        p99 = statistics.quantiles(spent, n=100)[98]
        print(f"  {kind:10} median {statistics.median(spent) * 1e6:7.1f} us   99th percentile {p99 * 1e6:8.1f} us")
    print(f"  all        mean {best_checker / n * 1e6:7.1f} us per answer (best round)")
    print(f"reference (normalize both, compare): {best_reference / n * 1e6:.1f} us per answer")
    print(f"ratio checker / reference: {best_checker / best_reference:.1f}x")
    given, expected, kind = slowest[1]
    print(f"slowest call: {slowest[0] * 1e3:.2f} ms  ({kind}: {given!r} for {expected!r})")


if __name__ == "__main__":
    main()

"""Benchmark: extract facts from a generated ~1 MB document and print MB/s.

Run: python bench/extract.py [--mb 1.0] [--seed 7]
The document mixes realistic paragraphs (dates at every precision, money in
dollars and euros, agreements with acronyms and years, counts) with page
furniture. Figures only; nothing here asserts on timing.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quiz.extract import draft_deck, extract_facts, find_facts  # noqa: E402

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
PLACES = ["Norland", "Estmark", "Valoria", "Ostrava Bay", "the Lowland Union", "Karsk"]
THINGS = ["Coastal Patrol", "Joint Logistics", "Harbor Defense", "Mutual Training", "Border Security", "Cyber Response"]
KINDS = ["Agreement", "Roadmap", "Memorandum of Agreement", "Program", "Charter", "Pledge"]
FURNITURE = [
    "Regional News Network - JOIN NOW",
    "Join the mailing list",
    "Home | Programs | Contact | About",
    "Page last modified: 03-01-2016 20:17:10 ZULU",
    "The Lessons of 1848: Bread and Liberty",
]


PROSE = [
    "Officials on both sides describe the partnership as a cornerstone of regional stability.",
    "The relationship rests on shared democratic values and strong ties between their peoples.",
    "Cooperation has expanded to cover energy security, cyber defense and the rule of law.",
    "Observers note that public support for the alliance remains high in both capitals.",
    "Working groups meet regularly to review progress and to plan joint exercises.",
    "These efforts have strengthened institutions and encouraged private investment across the region.",
]


def paragraph(rng: random.Random, dense: bool = False) -> str:
    a, b = rng.sample(PLACES, 2)
    year = rng.randint(1920, 2024)
    thing, kind = rng.choice(THINGS), rng.choice(KINDS)
    acronym = "".join(w[0] for w in f"{thing} {kind}".split() if w[0].isupper())
    amount = f"${rng.randint(1, 900)}.{rng.randint(0, 99):02d} million"
    sentences = [
        f"{a} established relations with {b} on {rng.choice(MONTHS)} {rng.randint(1, 28)}, {year}.",
        f"Since {year + 1}, {a} has committed more than {amount} to {b} for reconstruction and training.",
        f"In {rng.choice(MONTHS)} {year + 3} {b} joined the {thing} {kind} ({acronym}), which widens cooperation.",
        f"From FY {year + 4}-{year + 9} the ministry of {a} has provided nearly {rng.randint(2, 400)} "
        "million euro in aid.",
        f"Over {rng.randint(2, 9)},{rng.randint(100, 999)} volunteers from {b} have served in "
        f"{rng.randint(2, 30)} missions.",
        f"The budget rose to {rng.randint(1, 4)}.{rng.randint(0, 99)} percent of GDP in the {year // 10 * 10}s.",
    ]
    rng.shuffle(sentences)
    chosen = sentences[: rng.randint(3, 6)]
    if not dense:  # about as many facts per kilobyte as the seed documents
        chosen += rng.sample(PROSE, rng.randint(4, 6))
        rng.shuffle(chosen)
    return " ".join(chosen)


def document(size: int, rng: random.Random, dense: bool = False) -> str:
    parts: list[str] = []
    total = 0
    while total < size:
        part = rng.choice(FURNITURE) if rng.random() < 0.12 else paragraph(rng, dense)
        parts.append(part)
        total += len(part) + 2
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="document size in MB")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dense", action="store_true", help="facts only, no plain prose (about 3x denser)")
    args = parser.parse_args()
    text = document(int(args.mb * 1_000_000), random.Random(args.seed), args.dense)
    megabytes = len(text.encode("utf-8")) / 1_000_000

    start = time.perf_counter()
    extract_facts("The United States signed the Defense Cooperation Agreement in 2017.", document="warm.txt")
    print(f"first call (loads lemminflect's dictionary once per process): {time.perf_counter() - start:.2f} s")
    print(f"document: {megabytes:.2f} MB, {text.count(chr(10) * 2) + 1} paragraphs")
    start = time.perf_counter()
    found = find_facts(text, document="bench.txt")
    find_seconds = time.perf_counter() - start
    spans = sum(len(sentence.spans) for sentence in found)
    print(
        f"find_facts (the finders: every date, amount, count and name, with its paragraph): {spans} facts "
        f"in {find_seconds:.2f} s = {megabytes / find_seconds:.2f} MB/s"
    )
    start = time.perf_counter()
    facts = extract_facts(text, document="bench.txt")
    facts_seconds = time.perf_counter() - start
    print(
        f"extract_facts (facts with their questions written and ranked): {len(facts)} facts "
        f"({len(facts) / megabytes / 1000:.1f} per KB) "
        f"in {facts_seconds:.2f} s = {megabytes / facts_seconds:.2f} MB/s"
    )

    start = time.perf_counter()
    draft = draft_deck([("bench.txt", text)], deck_id="bench", title="Bench")
    deck_seconds = time.perf_counter() - start
    print(
        f"draft_deck (facts, merge, questions, distractors): {len(draft.questions)} questions in "
        f"{deck_seconds:.2f} s = {megabytes / deck_seconds:.2f} MB/s"
    )
    start = time.perf_counter()
    draft.to_yaml()
    print(f"to_yaml: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()

"""Benchmark: extract facts from a generated ~1 MB document and print MB/s.

Run: python bench/extract.py [--mb 1.0] [--seed 7] [--against DIR [--rounds 3]]
The document mixes realistic paragraphs (dates at every precision, money in
dollars and euros, agreements with acronyms and years, counts) with page
furniture. Figures only; nothing here asserts on timing.

With ``--against DIR`` (another checkout of quiz, e.g. ``git archive main`` unpacked
in a temporary folder) the same document is measured with this checkout's code and
with DIR's, in fresh processes taking turns for ``--rounds`` rounds, and the wall
and CPU times are printed with their ratio: on a machine loaded by others the
ratio is the figure to trust, not the MB/s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

_CODE = sys.argv[sys.argv.index("--code") + 1] if "--code" in sys.argv else str(Path(__file__).resolve().parent.parent)
sys.path.insert(0, _CODE)

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


def _timed(step: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    step()
    return time.perf_counter() - wall, time.process_time() - cpu


def measure_only(text: str) -> None:
    """Print one JSON line of (wall, CPU) seconds per step, for ``--against``."""
    extract_facts("The United States signed the Defense Cooperation Agreement in 2017.", document="warm.txt")
    figures = {
        "find_facts": _timed(lambda: find_facts(text, document="bench.txt")),
        "extract_facts": _timed(lambda: extract_facts(text, document="bench.txt")),
    }
    print(json.dumps(figures))


def against(args: argparse.Namespace) -> None:
    """Measure this checkout and another in turns, in fresh processes, and print the ratios."""
    here = str(Path(__file__).resolve().parent.parent)
    other = str(Path(args.against).resolve())
    megabytes = len(document(int(args.mb * 1_000_000), random.Random(args.seed), args.dense).encode()) / 1e6
    runs: dict[str, list[dict[str, list[float]]]] = {"this": [], "reference": []}
    for _ in range(args.rounds):
        for label, code in (("reference", other), ("this", here)):
            command = [sys.executable, __file__, "--measure-only", "--code", code, "--mb", str(args.mb)]
            command += ["--seed", str(args.seed)] + (["--dense"] if args.dense else [])
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            runs[label].append(json.loads(output.strip().splitlines()[-1]))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"document: {megabytes:.2f} MB; {args.rounds} rounds taking turns; load average {load:.1f}")
    print(f"reference: {other}")
    for step in ("find_facts", "extract_facts"):
        for index, what in ((0, "wall"), (1, "CPU")):
            mine = min(run[step][index] for run in runs["this"])
            theirs = min(run[step][index] for run in runs["reference"])
            print(
                f"{step} {what}: this {mine:.2f} s ({megabytes / mine:.2f} MB/s), reference {theirs:.2f} s "
                f"({megabytes / theirs:.2f} MB/s), speed ratio this/reference {theirs / mine:.2f}x"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="document size in MB")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dense", action="store_true", help="facts only, no plain prose (about 3x denser)")
    parser.add_argument("--against", metavar="DIR", help="another checkout of quiz to measure in turns with this one")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of --against (the best of each is kept)")
    parser.add_argument("--code", help=argparse.SUPPRESS)
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.against:
        against(args)
        return
    text = document(int(args.mb * 1_000_000), random.Random(args.seed), args.dense)
    if args.measure_only:
        measure_only(text)
        return
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

"""Compare the two FSRS optimizers on the shared learner's log: accuracy, time and install size.

The candidates: ``fsrs-rs-python`` (the Rust optimizer inside Anki, what
quiz uses) and the optional optimizer of ``fsrs`` itself (``fsrs[optimizer]``,
pure Python on torch). Both are scored the same way, by quiz's own evaluator
(:mod:`quiz.memory.fitting`): a time-series split of the learner's reviews into
six segments, parameters fitted on segments 1..k predicting segment k+1, log
loss and RMSE(bins) over the five predicted segments; the default parameters
predict the same segments. Install size is what each optimizer adds to a
virtual environment that already has quiz's own dependencies.

torch is not a dependency of quiz. To measure the torch optimizer, run this in
a separate environment that has it (pip takes the CPU build from this disk)::

    python3 -m venv /tmp/torchenv
    /tmp/torchenv/bin/pip install torch==2.13.0 'fsrs[optimizer]' -e .
    /tmp/torchenv/bin/python bench/fsrs_optimizers.py

In quiz's own environment only the Rust optimizer is measured.
"""

from __future__ import annotations

import argparse
import csv
import time
from datetime import datetime
from importlib import metadata
from pathlib import Path

from quiz.memory import ReviewEvent, training_items
from quiz.memory.fitting import SPLITS, _Log, evaluate, time_series_evaluation

LOG = Path(__file__).resolve().parents[2] / "shared" / "data" / "fsrs_review_logs_12580.csv"
SHARED = Path("/work/shared/data/fsrs_review_logs_12580.csv")


def read_log(path: Path) -> list[ReviewEvent]:
    """The shared learner's reviews; a card's first review has it as new."""
    seen: set[int] = set()
    events = []
    with path.open() as handle:
        for row in csv.DictReader(handle):
            card = int(row["card_id"])
            at = datetime.fromisoformat(row["review_time"])
            events.append(
                ReviewEvent(
                    card, int(row["review_rating"]), at, int(row["review_duration"]), 2 if card in seen else None
                )
            )
            seen.add(card)
    return events


def installed_size(*names: str) -> float:
    """Megabytes of the files pip installed for these distributions."""
    total = 0
    for name in names:
        dist = metadata.distribution(name)
        for file in dist.files or []:
            path = Path(dist.locate_file(file))
            if path.is_file():
                total += path.stat().st_size
    return total / 1e6


def clocks() -> tuple[float, float]:
    """Wall-clock and CPU seconds (all threads) so far."""
    return time.perf_counter(), time.process_time()


def since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = clocks()
    return wall - start[0], cpu - start[1]


def rust(events: list[ReviewEvent], items: list) -> dict[str, object]:
    started = clocks()
    parameters = _Log(items).fit(len(items))
    fit_seconds = since(started)
    started = clocks()
    fitted, defaults = time_series_evaluation(items)
    split_seconds = since(started)
    return {
        "name": f"fsrs-rs-python {metadata.version('fsrs-rs-python')}",
        "fit": fit_seconds,
        "split": split_seconds,
        "fitted": fitted,
        "defaults": defaults,
        "size": installed_size("fsrs-rs-python"),
        "parameters": parameters,
    }


def torch_optimizer(events: list[ReviewEvent], items: list) -> dict[str, object] | None:
    try:
        import torch  # noqa: F401
        from fsrs import Rating, ReviewLog
        from fsrs.optimizer import Optimizer
    except ImportError:
        return None
    logs = [ReviewLog(e.card, Rating(e.rating), e.at, e.duration_ms) for e in events]

    def fit_until(moment: datetime | None) -> tuple[float, ...]:
        chosen = [log for log in logs if moment is None or log.review_datetime < moment]
        return tuple(Optimizer(chosen).compute_optimal_parameters())

    started = clocks()
    parameters = fit_until(None)
    fit_seconds = since(started)
    print(f"torch optimizer: fitted every review in {fit_seconds[0]:.0f} s ({fit_seconds[1]:.0f} s of CPU)", flush=True)
    started = clocks()
    log = _Log(items)
    n = len(items)
    segment = n // (SPLITS + 1)
    predictions: list[float] = []
    for k in range(SPLITS):
        start = (k + 1) * segment
        end = n if k == SPLITS - 1 else start + segment
        predictions += log.predict(fit_until(items[start].at), start, end)
        print(f"torch optimizer: split {k + 1} of {SPLITS} done after {since(started)[0]:.0f} s", flush=True)
    fitted = evaluate(predictions, items[segment:])
    split_seconds = since(started)
    deps = ["fsrs", "torch", "numpy", "pandas", "tqdm", "sympy", "networkx", "mpmath", "fsspec", "filelock"]
    sizes = [d for d in deps if _installed(d)]
    return {
        "name": f"fsrs[optimizer] {metadata.version('fsrs')} on torch {metadata.version('torch')}",
        "fit": fit_seconds,
        "split": split_seconds,
        "fitted": fitted,
        "defaults": None,
        "size": installed_size(*sizes) - installed_size("fsrs"),
        "parameters": parameters,
    }


def _installed(name: str) -> bool:
    try:
        metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--log", type=Path, default=LOG if LOG.exists() else SHARED)
    parser.add_argument("--skip-rust", action="store_true")
    args = parser.parse_args()
    events = read_log(args.log)
    items = training_items(events, timezone="UTC", day_start_hour=4)
    print(f"{len(events):,} reviews, {len(items):,} training items (reviews on a later day than the previous one)")
    results = []
    if not args.skip_rust:
        results.append(rust(events, items))
    torch_result = torch_optimizer(events, items)
    if torch_result is None:
        print("fsrs[optimizer] (torch) not installed here: see this script's docstring to measure it too.")
    else:
        results.append(torch_result)
    defaults = time_series_evaluation(items)[1] if args.skip_rust else results[0]["defaults"]
    print(
        f"\n{'optimizer':48} {'log loss':>9} {'RMSE(bins)':>11} {'fit all':>8} {'(CPU)':>8} {'split':>8} {'(CPU)':>8}"
        f" {'adds MB':>8}"
    )
    print(f"{'default parameters (same segments)':48} {defaults.log_loss:9.4f} {defaults.rmse_bins:11.4f}")
    for r in results:
        print(
            f"{r['name']:48} {r['fitted'].log_loss:9.4f} {r['fitted'].rmse_bins:11.4f} "
            f"{r['fit'][0]:7.2f}s {r['fit'][1]:7.2f}s {r['split'][0]:7.2f}s {r['split'][1]:7.2f}s {r['size']:8.1f}"
        )
    print(
        "\n'fit all': fitting every review once; 'split': the five fits and predictions of the evaluation;"
        "\nwall-clock, then CPU seconds of all threads (steadier on a shared machine)."
    )
    for r in results:
        print(f"{r['name']}: {', '.join(f'{w:.4f}' for w in r['parameters'])}")


if __name__ == "__main__":
    main()

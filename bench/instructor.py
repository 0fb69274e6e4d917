"""Time the bank browser on 10,000 questions with a class's history, beside a bare Flask route.

Seeds the database of ``bench/progress.py`` (a 4,500-question bank, one learner
with 100,000 reviews, a class of 500 learners with about 600 reviews each on a
300-question part of the bank), raises the bank to 10,000 questions, then times
``/instructor/bank`` as an instructor: the first page, a text search, a page deep
in the list, and one question's page. Target: the browser lists its page of
10,000 questions with their statistics in under 300 ms.

    .venv/bin/python bench/instructor.py [--renders N] [--class-size N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

sys.path.insert(0, str(Path(__file__).parent))
import progress  # noqa: E402  (the seeding of bench/progress.py)

from quiz.extensions import db  # noqa: E402
from quiz.models import Question  # noqa: E402

QUESTIONS = 10_000


def grow_bank() -> None:
    """Add questions after the benchmark bank's, up to :data:`QUESTIONS`."""
    first = db.session.scalar(sa.select(sa.func.max(Question.id))) + 1
    progress.insert(
        Question.__table__, [progress.question_row(i, tags=("extra",)) for i in range(first, QUESTIONS + 1)]
    )
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--class-size", type=int, default=500)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="quiz-bench-") as tmp:
        folder = Path(tmp)
        app = progress.bench_app(folder)
        started = time.perf_counter()
        with app.app_context():
            counts = progress.seed(options.class_size)
            grow_bank()
            db.session.remove()
            progress.rebuild()  # the tallies, as the rating service would have kept them
            db.session.remove()
        print(f"seeded in {time.perf_counter() - started:.1f} s: {counts}, bank raised to {QUESTIONS:,} questions")
        bare = Flask("bare")
        bare.add_url_rule("/", "hello", lambda: "hello")
        bare_wall, bare_cpu = progress.timed(progress.fetch(bare.test_client(), "/"), max(options.renders * 50, 500))
        teacher = app.test_client()
        progress.login(teacher, "teacher")
        pages = [
            ("/instructor/bank (page 1)", "/instructor/bank", 300),
            ("/instructor/bank?q=Question 12", "/instructor/bank?q=Question+12", 300),
            ("/instructor/bank?page=150", "/instructor/bank?page=150", 300),
            ("/instructor/bank?tag=extra", "/instructor/bank?tag=extra", 300),
            ("/instructor/bank/10 (a question)", "/instructor/bank/10", None),
        ]
        # CPU time is what a render costs; on a loaded machine the wall time is inflated by others.
        print(f"{'page':36} {'wall ms':>9} {'CPU ms':>9} {'x bare':>9}  target (CPU)")
        print(f"{'bare Flask hello':36} {bare_wall:9.3f} {bare_cpu:9.3f} {1:9.0f}")
        for name, path, target in pages:
            wall, cpu = progress.timed(progress.fetch(teacher, path), options.renders)
            verdict = "" if target is None else f"< {target} ms: {'met' if cpu < target else 'MISSED'}"
            print(f"{name:36} {wall:9.1f} {cpu:9.1f} {cpu / bare_cpu:9.0f}  {verdict}")


if __name__ == "__main__":
    main()

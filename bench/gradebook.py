"""Time the gradebook of a class of 500, beside a bare Flask route and the class view of the same class.

Seeds the database of ``bench/progress.py`` (a 4,500-question bank, one learner
with 100,000 reviews, a class of 500 learners with about 600 reviews each on a
300-question part of the bank, three quizzes each), splits that part into five
decks of 60 questions, tags 100 of its questions, and puts the 500 learners in a
class with six assignments: one per deck and one on the tag, each due in a week
with the default goal (every card studied, a quiz of 20 with 85% right); each
learner's three quizzes count for the first three assignments. Then times, as
the class's instructor, the gradebook page, its CSV, one assignment's page and
the class page, and, as a learner of the class, the study page with its list of
assignments. Target: the gradebook for a class of 500 renders in under 500 ms.

    .venv/bin/python bench/gradebook.py [--renders N] [--class-size N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

sys.path.insert(0, str(Path(__file__).parent))
import progress  # noqa: E402  (the seeding of bench/progress.py)

from quiz.extensions import db  # noqa: E402
from quiz.grading import new_code  # noqa: E402
from quiz.models import (  # noqa: E402
    Assignment,
    AssignmentQuiz,
    ClassMember,
    Classroom,
    Deck,
    Question,
    QuestionTag,
    QuizAttempt,
)
from quiz.services.classes.gradebook import gradebook  # noqa: E402

DECKS = 5
DECK_SIZE = 60
TAGGED = 100


def set_up_class(class_size: int) -> dict[str, int]:
    """Decks, a tag, a class of every learner, six assignments and their quizzes; return the ids to visit."""
    db.session.execute(
        sa.insert(Deck),
        [{"id": 2 + d, "key": f"part{d + 1}", "title": f"Part {d + 1}", "position": 1 + d} for d in range(DECKS)],
    )
    for d in range(DECKS):
        first = 1 + d * DECK_SIZE
        db.session.execute(
            sa.update(Question).where(Question.id.between(first, first + DECK_SIZE - 1)).values(deck_id=2 + d)
        )
    progress.insert(QuestionTag.__table__, [{"tag": "review", "question_id": q} for q in range(1, 1 + TAGGED * 3, 3)])
    room = Classroom(id=1, owner_id=2, name="Benchmark class", join_code=new_code(), created_at=progress.NOW)
    db.session.add(room)
    db.session.flush()
    learners = [3 + n for n in range(class_size)]
    progress.insert(ClassMember.__table__, [{"class_id": 1, "user_id": u, "joined_at": progress.NOW} for u in learners])
    due = (progress.NOW + timedelta(days=7)).date()
    common = {
        "class_id": 1,
        "due_on": due,
        "timezone": "Europe/Berlin",
        "due_at": progress.NOW + timedelta(days=8),
        "require_studied": True,
        "quiz_length": 20,
        "pass_percent": 85,
        "created_at": progress.NOW,
    }
    rows = [common | {"id": 1 + d, "title": f"Part {d + 1}", "deck_id": 2 + d, "tag": None} for d in range(DECKS)]
    rows.append(common | {"id": 1 + DECKS, "title": "Review", "deck_id": None, "tag": "review"})
    db.session.execute(sa.insert(Assignment), rows)
    attempts = db.session.execute(
        sa.select(QuizAttempt.id, QuizAttempt.user_id).where(QuizAttempt.user_id.in_(learners)).order_by(QuizAttempt.id)
    ).all()
    seen: dict[int, int] = {}
    links = []
    for attempt_id, user_id in attempts:
        seen[user_id] = seen.get(user_id, 0) + 1
        links.append({"attempt_id": attempt_id, "assignment_id": seen[user_id]})
    progress.insert(AssignmentQuiz.__table__, links)
    db.session.commit()
    return {"class": 1, "assignment": 1, "members": len(learners), "assignment quizzes": len(links)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--class-size", type=int, default=500)
    parser.add_argument("--keep", type=Path, help="seed into this folder once and reuse it afterwards")
    options = parser.parse_args()
    if options.keep is not None:
        options.keep.mkdir(parents=True, exist_ok=True)
        run(options.keep, options)
        return
    with tempfile.TemporaryDirectory(prefix="quiz-bench-") as tmp:
        run(Path(tmp), options)


def run(folder: Path, options: argparse.Namespace) -> None:
    """Seed a database in ``folder`` (unless it holds one already) and print the timings."""
    seeded = (folder / "bench.sqlite3").exists()
    app = progress.bench_app(folder)
    started = time.perf_counter()
    if seeded:
        ids = {"class": 1, "assignment": 1}
    else:
        with app.app_context():
            counts = progress.seed(options.class_size)
            ids = set_up_class(options.class_size)
            db.session.remove()
            progress.rebuild()  # the tallies, as the rating service would have kept them
            db.session.remove()
        print(f"seeded in {time.perf_counter() - started:.1f} s: {counts}, {ids}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores, shared)")
    bare = Flask("bare")
    bare.add_url_rule("/", "hello", lambda: "hello")
    bare_wall, bare_cpu = progress.timed(progress.fetch(bare.test_client(), "/"), max(options.renders * 50, 500))
    teacher = app.test_client()
    progress.login(teacher, "teacher")
    learner = app.test_client()
    progress.login(learner, "learner000")
    c, a = ids["class"], ids["assignment"]
    pages = [
        (teacher, "gradebook (6 assignments)", f"/instructor/classes/{c}/gradebook", 500),
        (teacher, "gradebook.csv", f"/instructor/classes/{c}/gradebook.csv", 500),
        (teacher, "one assignment's page", f"/instructor/assignments/{a}", 500),
        (teacher, "the class page", f"/instructor/classes/{c}", 500),
        (teacher, "class view of the class", f"/progress/class?class={c}", None),
        (learner, "/study with assignments", "/study", None),
    ]
    # CPU time is what a render costs; on a loaded machine the wall time is inflated by others.
    print(f"{'page':30} {'wall ms':>9} {'CPU ms':>9} {'x bare':>9}  target (CPU)")
    print(f"{'bare Flask hello':30} {bare_wall:9.3f} {bare_cpu:9.3f} {1:9.0f}")
    for client, name, path, target in pages:
        wall, cpu = progress.timed(progress.fetch(client, path), options.renders)
        verdict = "" if target is None else f"< {target} ms: {'met' if cpu < target else 'MISSED'}"
        print(f"{name:30} {wall:9.1f} {cpu:9.1f} {cpu / bare_cpu:9.0f}  {verdict}")
    # The gradebook's reading alone (its few grouped statements), without the page around it.
    with app.app_context():
        room = db.session.get(Classroom, c)
        wall, cpu = progress.timed(lambda: gradebook(room), options.renders)
        db.session.remove()
    print(f"{'gradebook() queries only':30} {wall:9.1f} {cpu:9.1f} {cpu / bare_cpu:9.0f}")


if __name__ == "__main__":
    main()

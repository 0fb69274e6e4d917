"""An installed copy (a wheel, not the source checkout) finds its templates, assets, bank and migrations."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_carries_templates_static_questions_and_migrations(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("quiz-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "quiz/templates/base.html",
        "quiz/templates/study/question.html",
        "quiz/static/style.css",
        "quiz/static/study.js",
        "quiz/migrations/env.py",
        "quiz/migrations/alembic.ini",
    ):
        assert expected in names
    assert any(n.startswith("quiz/questions/") and n.endswith(".yaml") for n in names)
    assert any(n.startswith("quiz/migrations/versions/0001") for n in names)
    assert not any(n.startswith(("tests/", "bench/", "instance/")) for n in names)

    # Unpacked on its own, away from the checkout, the package resolves everything inside itself.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "from quiz.paths import resource_dir\n"
        "for name in ('templates', 'static', 'questions'):\n"
        "    print(resource_dir(name))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site)},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert out == [str(site / "quiz" / name) for name in ("templates", "static", "questions")]

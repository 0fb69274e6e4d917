"""Benchmark logging in: the whole request, and the password hashes it can use.

Prints, from one run on this machine:

* the login request (GET the form, then POST it; the POST is timed) for a real
  user with an argon2id hash, median and 90th percentile, wall clock and CPU;
  the failed-login counters are reserved and given back on each, as in use;
* one password check, CPU time, with argon2id as stored now (m=19 MiB, t=2, p=1),
  with Werkzeug's default scrypt (N=2^15, r=8, p=1) that earlier versions stored,
  and with scrypt at OWASP's minimum (N=2^17, r=8, p=1), and their ratios;
* what that means for a class logging in at once: logins per second per core.

Target: login p50 under 150 ms. Figures depend on what else the machine runs;
compare the ratios, which are measured in the same run.

    .venv/bin/python bench/login.py [--logins 60]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from quiz import create_app
from quiz.accounts.passwords import HASHER
from quiz.extensions import db
from quiz.services.accounts.users import create_user

PASSWORD = "benchmark password"
CSRF = re.compile(rb'name="csrf_token" type="hidden" value="([^"]+)"')


def cpu_ms(check: Callable[[], object], rounds: int) -> float:
    """Median CPU milliseconds of ``check``."""
    times = []
    for _ in range(rounds):
        start = time.process_time()
        check()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def logins(count: int) -> tuple[list[float], list[float]]:
    """Log ``count`` users in through the pages; return wall and CPU milliseconds of each POST."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'quiz.sqlite3'}",
                "BANK_SYNC_ON_START": False,
            }
        )
        with app.app_context():
            for n in range(count):
                create_user(f"learner{n}", PASSWORD)
            db.session.remove()
        wall, cpu = [], []
        for n in range(count):
            client = app.test_client()
            token = CSRF.search(client.get("/login").data).group(1).decode()
            form = {"username": f"learner{n}", "password": PASSWORD, "csrf_token": token}
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.post("/login", data=form, environ_base={"REMOTE_ADDR": f"10.0.{n // 250}.{n % 250}"})
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            if response.status_code != 303:
                sys.exit(f"login {n} failed with {response.status_code}")
        return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logins", type=int, default=60, help="users who log in (default 60)")
    parser.add_argument("--rounds", type=int, default=15, help="checks timed per hash (default 15)")
    args = parser.parse_args()

    wall, cpu = logins(args.logins)
    print(
        f"login request, {args.logins} users: p50 {statistics.median(wall):.0f} ms wall "
        f"(p90 {percentile(wall, 0.9):.0f} ms), p50 {statistics.median(cpu):.0f} ms CPU"
    )

    argon2_hash = HASHER.hash(PASSWORD)
    werkzeug_hash = generate_password_hash(PASSWORD)
    salt = b"0123456789abcdef"
    costs = {
        "argon2id m=19 MiB t=2 p=1 (now)": cpu_ms(lambda: HASHER.verify(argon2_hash, PASSWORD), args.rounds),
        "scrypt N=2^15 r=8 p=1 (Werkzeug default, before)": cpu_ms(
            lambda: check_password_hash(werkzeug_hash, PASSWORD), args.rounds
        ),
        "scrypt N=2^17 r=8 p=1 (OWASP minimum)": cpu_ms(
            lambda: hashlib.scrypt(PASSWORD.encode(), salt=salt, n=2**17, r=8, p=1, maxmem=2**28),
            max(3, args.rounds // 3),
        ),
    }
    reference = costs["argon2id m=19 MiB t=2 p=1 (now)"]
    print("one password check, CPU:")
    for name, ms in costs.items():
        print(f"  {name}: {ms:.0f} ms ({ms / reference:.2f}x argon2id), {1000 / ms:.0f} checks/s per core")
    per_core = 1000 / statistics.median(cpu)
    print(
        f"a class logging in at once: {per_core:.0f} logins/s per core, so 300 logins take "
        f"{300 / per_core:.0f} s of one core"
    )


if __name__ == "__main__":
    main()

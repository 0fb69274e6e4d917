"""Capacity under load: how many learners gunicorn serves with every request's p99 under 100 ms.

One command per engine, for a quiet machine (about 20 minutes each with the
defaults; ``--max-minutes`` bounds it):

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/load.py --engines sqlite
    .venv/bin/python bench/load.py --engines postgresql

For each engine (SQLite, then PostgreSQL in a throw-away cluster started with
``.ci/postgres``, fsync on, or the server named by ``--database-url``) it seeds
a 2,000-question bank and as many learners as the largest level needs, each with
the real learner's history from ``shared/data`` (1,205 cards, the last week of
reviews), starts gunicorn with the settings the README documents (``--workers``
and friends change them) on a free loopback port, and drives it with locust
(``bench/learners.py``, headless, in its own process). Simulated learners log in
and then study: about 5 s to answer, 3 s to rate, so about 8 s per card and four
requests per card. Learners are added level by level (``--levels``); at each
level, once all have logged in and a settling pause has passed, every request is
timed for ``--window`` seconds. A level passes when no request failed and the p99
of each kind of request is under 100 ms. It prints, per level, the requests per
second, the p99 of each request, the CPU share of the server and of the load
generator, and the load average; then the most learners that passed, and whether
every rating the server acknowledged is in the database.

Then, on the same database and settings:

* a burst of logins: ``--burst`` learners (default 300) logging in within
  ``--burst-seconds`` (30), as a class arriving at once;
* the study page at full load (closed loop, no pauses) beside the minimal
  reference app (``bench/reference_app.py``) and bare Flask, each under the same
  gunicorn settings, in the same run: requests per second and ratios.

``--profile SECONDS`` also samples every worker with py-spy during the first
level and prints where the time goes. Only loopback addresses are ever loaded.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from reference_app import reference_app
from study import PASSWORD, replay_history, seed, write_bank

from quiz import create_app
from quiz.extensions import db
from quiz.models import Review

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
LIMIT_MS = 100.0
#: A learner's requests per card: the question, the answer sent, the answer side, the rating.
REQUESTS_PER_CARD = 4
#: "close": one connection per request, as nginx talks to gunicorn; "keep-alive": reuse them.
CONNECTION = "close"
#: What a durable PostgreSQL does (the test cluster turns fsync off); commits
#: are acknowledged before their WAL reaches the disk, as SQLite's
#: synchronous=NORMAL does in WAL mode.
POSTGRES_OPTIONS = "-c fsync=on -c full_page_writes=on -c synchronous_commit=off -c shared_buffers=256MB"


@dataclass(frozen=True)
class Gunicorn:
    """gunicorn's settings: the defaults are the ones the README documents."""

    workers: int = 3
    worker_class: str = "gthread"
    threads: int = 4
    timeout: int = 30
    keep_alive: int = 2

    def options(self) -> list[str]:
        options = [f"--workers={self.workers}", f"--worker-class={self.worker_class}", f"--timeout={self.timeout}"]
        if self.worker_class == "gthread":
            options += [f"--threads={self.threads}", f"--keep-alive={self.keep_alive}"]
        return options

    def __str__(self) -> str:
        return "gunicorn " + " ".join(self.options())


class Server:
    """A gunicorn process tree serving ``app`` on a free loopback port."""

    def __init__(self, app: str, settings: Gunicorn, environment: dict[str, str], log: Path) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(2048)
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        fd = self.listener.fileno()
        os.set_inheritable(fd, True)
        command = [sys.executable, "-m", "gunicorn", f"--bind=fd://{fd}", f"--pythonpath={BENCH}", *settings.options()]
        with open(log, "ab") as output:
            self.process = subprocess.Popen(
                [*command, app],
                env={**os.environ, **environment},
                pass_fds=[fd],
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.log = log

    def wait(self, path: str, timeout: float = 300) -> None:
        import http.client

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                connection.request("GET", path)
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise SystemExit(f"gunicorn did not answer {path} in {timeout:.0f} s")

    def workers(self) -> list[int]:
        import psutil

        return [child.pid for child in psutil.Process(self.process.pid).children()]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.listener.close()


def generate(plan: dict[str, Any], folder: Path, timeout: float, on_record: Any = None) -> list[dict[str, Any]]:
    """Run the load generator with ``plan``; echo and return what it reports (passing each to ``on_record``)."""
    path = folder / f"plan-{time.monotonic_ns()}.json"
    path.write_text(json.dumps({"connection": CONNECTION, **plan}))
    records = []
    with subprocess.Popen(
        [sys.executable, str(BENCH / "learners.py"), str(path)], stdout=subprocess.PIPE, text=True
    ) as process:
        deadline = time.monotonic() + timeout
        assert process.stdout is not None
        for line in process.stdout:
            record = json.loads(line)
            records.append(record)
            show(record)
            if on_record is not None:
                on_record(record)
            if time.monotonic() > deadline:
                process.kill()
                print("  (load generator stopped: time limit)")
                break
    return records


def show(record: dict[str, Any]) -> None:
    kind = record["kind"]
    if kind in ("level", "burst", "closed"):
        head = {
            "level": lambda: f"{record['learners']:>5} learners",
            "burst": lambda: f"burst of {record['learners']} logins in {record['seconds']:.0f} s",
            "closed": lambda: f"{record['label']:>22}",
        }[kind]()
        print(
            f"  {head}: {record['rps']:7.1f} req/s, failures {record['failures']}, "
            f"server CPU {record['server_cpu_share']:.0%} "
            f"({1000 * record['server_cpu_seconds'] / max(record['total_requests'], 1):.1f} ms a request), "
            f"generator CPU {record['generator_cpu_share']:.0%}, "
            f"load average {record['load_average']:.1f}" + ("" if kind == "closed" else f" -> {verdict(record)}")
        )
        if kind != "closed":
            for name, r in sorted(record["requests"].items()):
                print(
                    f"      {name:<24} n={r['count']:<6} p50 {r['p50']:>5.0f} ms  "
                    f"p99 {r['p99']:>5.0f} ms  max {r['max']:>6.0f} ms"
                )
        for error in record["errors"]:
            print(f"      error: {error}")
    elif kind == "window" and record["failed_logins"]:
        print(f"  {record['failed_logins']} login(s) failed before this window")
    elif kind == "note":
        print(f"  {record['text']}")


def verdict(record: dict[str, Any]) -> str:
    return "PASS" if record["passed"] else "FAIL"


def postgres(folder: Path) -> tuple[str, Any]:
    """Start a throw-away PostgreSQL cluster with fsync on; return its URL and a function that stops it."""
    cluster = folder / "postgres"
    environment = {**os.environ, "QUIZ_POSTGRES_OPTIONS": POSTGRES_OPTIONS}
    out = subprocess.run(
        [str(ROOT / ".ci" / "postgres"), "start", str(cluster)], env=environment, capture_output=True, text=True
    )
    if out.returncode != 0:
        raise SystemExit(f"could not start PostgreSQL: {out.stderr}")
    server = out.stdout.strip().split("=", 1)[1]
    engine = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with engine.connect() as connection:
        connection.exec_driver_sql("CREATE DATABASE quiz_load")
    engine.dispose()
    return server.rsplit("/", 1)[0] + "/quiz_load", lambda: subprocess.run(
        [str(ROOT / ".ci" / "postgres"), "stop", str(cluster)], check=False
    )


def prepare(url: str, folder: Path, learners: int, cards: int, now: datetime) -> dict[str, str]:
    """Seed the bank and the learners (``cards`` of the real history each); return the servers' environment."""
    bank = write_bank(folder / "bank", 2000)
    environment = {"QUIZ_DATABASE_URL": url, "QUIZ_SECRET_KEY": "load benchmark", "QUIZ_BANK_DIR": str(bank)}
    started = time.perf_counter()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "load benchmark", "BANK_DIR": str(bank)})
    seed(app, learners, replay_history(now)[:cards], now)
    with app.app_context():
        db.engine.dispose()
    print(f"  seeded {learners:,} learners in {time.perf_counter() - started:.0f} s")
    return environment


def stored_ratings(url: str, since: datetime) -> int:
    """Ratings stored since ``since`` (the seeded history is older)."""
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"), poolclass=sa.NullPool)
    with engine.connect() as connection:
        count = connection.scalar(
            sa.select(sa.func.count()).where(Review.reviewed_at >= since, Review.origin == "study")
        )
    engine.dispose()
    return count


def profile(server: Server, seconds: int, folder: Path) -> None:
    """Sample every worker with py-spy for ``seconds``; print where the time goes."""
    if shutil.which("py-spy") is None and not (Path(sys.executable).parent / "py-spy").exists():
        print("  (py-spy not installed: pip install py-spy)")
        return
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    out = folder / "profile.txt"
    subprocess.run(
        [
            spy,
            "record",
            "--pid",
            str(server.process.pid),
            "--subprocesses",
            "--format",
            "raw",
            "--rate",
            "200",
            "--duration",
            str(seconds),
            "--output",
            str(out),
            "--nonblocking",
        ],
        capture_output=True,
        check=False,
    )
    if not out.exists():
        print("  (py-spy recorded nothing)")
        return
    summarise_profile(out)


def summarise_profile(path: Path) -> None:
    """Print the share of samples by library and the functions with the most time, from collapsed stacks."""
    libraries: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        samples = int(count)
        total += samples
        frames = stack.split(";")
        own[frames[-1]] += samples
        libraries[library(frames[-1])] += samples
        for frame in set(frames):
            if "quiz/" in frame or "sqlalchemy" in frame or "jinja2" in frame:
                inclusive[frame] += samples
    if not total:
        return
    print(f"  profile: {total:,} samples of the workers (py-spy, busy time only)")
    print("    time spent in (leaf frame's library):")
    for name, samples in libraries.most_common(12):
        print(f"      {samples / total:6.1%}  {name}")
    print("    most own time:")
    for frame, samples in own.most_common(15):
        print(f"      {samples / total:6.1%}  {frame[:110]}")
    print("    most time inside (quiz, SQLAlchemy, Jinja):")
    for frame, samples in inclusive.most_common(25):
        print(f"      {samples / total:6.1%}  {frame[:110]}")


def library(frame: str) -> str:
    path = frame[frame.find("(") + 1 : frame.rfind(":")] if "(" in frame else frame
    for marker in ("site-packages/", "lib/python3"):
        if marker in path:
            tail = path.split(marker, 1)[1].lstrip("/.0123456789")
            return tail.split("/", 1)[0].removesuffix(".py") or path
    if "/quiz/" in path:
        return "quiz"
    return path


def run_engine(engine: str, args: argparse.Namespace, settings: Gunicorn, folder: Path) -> dict[str, Any]:
    print(f"\n== {engine}: {settings}")
    folder.mkdir(parents=True)
    stop_cluster = None
    if engine == "sqlite":
        url = f"sqlite:///{folder / 'quiz.sqlite3'}"
    elif args.database_url:
        url = args.database_url
    else:
        url, stop_cluster = postgres(folder)
    now = datetime.now(UTC)
    learners = max(args.levels) + args.burst + (args.compare_users if args.compare_seconds else 0)
    environment = prepare(url, folder, learners, args.cards, now)
    server = Server("quiz.wsgi:app", settings, environment, folder / "server.log")
    result: dict[str, Any] = {"engine": engine}
    try:
        server.wait("/healthz")
        started = datetime.now(UTC)
        plan = {
            "mode": "levels",
            "host": server.url,
            "server_pid": server.process.pid,
            "levels": args.levels,
            "think": args.think,
            "spawn_rate": args.spawn_rate,
            "settle": args.settle,
            "window": args.window,
            "limit_ms": LIMIT_MS,
            "max_seconds": args.max_minutes * 60,
            "first_user": 0,
            "password": PASSWORD,
        }
        records = []
        if args.profile:
            # A separate run at the first level, sampled, before the real one.
            records += generate_profiled(plan | {"levels": args.levels[:1]}, server, args.profile, folder)
        records += generate(plan, folder, args.max_minutes * 60 + 300)
        levels = [r for r in records if r["kind"] == "level"][1 if args.profile else 0 :]
        result["levels"] = levels
        result["best"] = max((r["learners"] for r in levels if r["passed"]), default=0)
        acknowledged = sum(r.get("acknowledged_ratings", 0) for r in records if r["kind"] == "done")
        stored = stored_ratings(url, started)
        result["ratings"] = (acknowledged, stored)
        print(
            f"  ratings acknowledged {acknowledged:,}, stored {stored:,}: "
            + ("all stored" if stored >= acknowledged else "MISSING")
        )
        if args.burst:
            burst = {"learners": args.burst, "seconds": args.burst_seconds}
            records = generate(
                {
                    "mode": "burst",
                    "host": server.url,
                    "server_pid": server.process.pid,
                    "burst": burst,
                    "limit_ms": LIMIT_MS,
                    "first_user": max(args.levels),
                    "password": PASSWORD,
                },
                folder,
                600,
            )
            result["burst"] = next((r for r in records if r["kind"] == "burst"), None)
        if args.compare_seconds:
            result["closed"] = closed_loop(server, "quiz: GET /study", "/study", "form", args, folder)
    finally:
        server.stop()
        if stop_cluster:
            stop_cluster()
    return result


def generate_profiled(plan: dict[str, Any], server: Server, seconds: int, folder: Path) -> list[dict[str, Any]]:
    """Run ``plan`` and sample the workers with py-spy while its first level is measured."""
    import threading

    plan = plan | {"window": max(plan["window"], seconds + 5)}
    sampler = threading.Thread(target=profile, args=(server, seconds, folder))

    def start_sampling(record: dict[str, Any]) -> None:
        if record["kind"] == "window" and not sampler.is_alive() and sampler.ident is None:
            sampler.start()

    records = generate(plan, folder, 3600, on_record=start_sampling)
    if sampler.ident is not None:
        sampler.join()
    return records


def closed_loop(
    server: Server, label: str, path: str, login: str | None, args: argparse.Namespace, folder: Path
) -> dict[str, Any] | None:
    closed = {
        "label": label,
        "path": path,
        "login": login,
        "users": args.compare_users,
        "warmup": 3,
        "seconds": args.compare_seconds,
    }
    records = generate(
        {
            "mode": "closed",
            "host": server.url,
            "server_pid": server.process.pid,
            "closed": closed,
            "first_user": max(args.levels) + args.burst if login == "form" else 0,
            "password": PASSWORD,
        },
        folder,
        600,
    )
    return next((r for r in records if r["kind"] == "closed"), None)


def compare_apps(args: argparse.Namespace, settings: Gunicorn, folder: Path) -> dict[str, Any]:
    """The reference app and bare Flask at full load under the same settings."""
    folder.mkdir(parents=True, exist_ok=True)
    reference_app(folder)  # seeds its SQLite file
    results = {}
    for label, app, path, login in (
        ("reference app: GET /card", "reference_app:served_reference_app()", "/card", "/login"),
        ("bare Flask: GET /", "reference_app:bare_app()", "/", None),
    ):
        server = Server(app, settings, {"REFERENCE_DIR": str(folder)}, folder / "server.log")
        try:
            server.wait(path if login is None else login)
            results[label] = closed_loop(server, label, path, login, args, folder)
        finally:
            server.stop()
    return results


def report(results: list[dict[str, Any]], compared: dict[str, Any], settings: Gunicorn, think: float) -> None:
    print(
        f"\n== summary ({settings}; p99 limit {LIMIT_MS:.0f} ms, no errors; load average now {os.getloadavg()[0]:.1f})"
    )
    for result in results:
        levels = result.get("levels", [])
        best = result.get("best", 0)
        passed = next((r for r in levels if r["learners"] == best), None)
        acknowledged, stored = result.get("ratings", (0, 0))
        line = f"  {result['engine']:<10} most learners with p99 < {LIMIT_MS:.0f} ms: {best:,}"
        if passed:
            line += (
                f" ({passed['rps']:.0f} req/s; generator CPU {passed['generator_cpu_share']:.0%}, "
                f"server CPU {passed['server_cpu_share']:.0%}, load average {passed['load_average']:.1f})"
            )
        print(line)
        if levels and levels[-1]["total_requests"]:
            # What the server's own CPU time says, whatever else the machine was doing.
            last = levels[-1]
            cpu_ms = 1000 * last["server_cpu_seconds"] / last["total_requests"]
            ceiling = (os.cpu_count() or 1) * 1000 / cpu_ms
            print(
                f"  {'':<10} server CPU {cpu_ms:.1f} ms a request at {last['learners']:,} learners: "
                f"{os.cpu_count()} idle cores would saturate near {ceiling:,.0f} req/s, "
                f"{ceiling * think / REQUESTS_PER_CARD:,.0f} learners (a ceiling, not the p99 figure)"
            )
        print(f"  {'':<10} ratings acknowledged {acknowledged:,}, stored {stored:,}")
        burst = result.get("burst")
        if burst and "POST /login" in burst["requests"]:
            logins = burst["requests"]["POST /login"]
            print(
                f"  {'':<10} burst: {burst['learners']} logins in {burst['seconds']:.0f} s: "
                f"p50 {logins['p50']:.0f} ms, "
                f"p99 {logins['p99']:.0f} ms, max {logins['max']:.0f} ms, failures {burst['failures']}"
            )
    bare = (compared.get("bare Flask: GET /") or {}).get("rps")
    reference = (compared.get("reference app: GET /card") or {}).get("rps")
    if bare and reference:
        print(
            f"  at full load: bare Flask {bare:,.0f} req/s; "
            f"reference app {reference:,.0f} req/s ({reference / bare:.3f} of bare)"
        )
        for result in results:
            study = (result.get("closed") or {}).get("rps")
            if study:
                print(
                    f"  {result['engine']:<10} study page {study:,.0f} req/s: "
                    f"{study / reference:.2f} of the reference app, "
                    f"{study / bare:.3f} of bare Flask"
                )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--levels", default="400,600,800,1000,1200,1400,1600,1800,2000", help="learners at each step")
    parser.add_argument("--window", type=float, default=60, help="seconds measured at each level")
    parser.add_argument("--settle", type=float, default=15, help="seconds after the last login before measuring")
    parser.add_argument("--spawn-rate", type=float, default=10, help="learners logging in per second while ramping")
    parser.add_argument("--think", type=float, default=8, help="seconds per card")
    parser.add_argument("--cards", type=int, default=1205, help="cards of the real history each learner has")
    parser.add_argument("--burst", type=int, default=300, help="learners in the burst of logins (0: none)")
    parser.add_argument("--burst-seconds", type=float, default=30)
    parser.add_argument("--compare-seconds", type=float, default=20, help="closed-loop comparison (0: none)")
    parser.add_argument("--compare-users", type=int, default=16, help="concurrent clients in the comparison")
    parser.add_argument("--max-minutes", type=float, default=30, help="time limit for the levels of each engine")
    parser.add_argument("--database-url", help="a PostgreSQL database to use instead of a throw-away cluster")
    parser.add_argument("--profile", type=int, default=0, metavar="SECONDS", help="sample the workers with py-spy")
    defaults = Gunicorn()
    parser.add_argument("--workers", type=int, default=defaults.workers)
    parser.add_argument("--worker-class", default=defaults.worker_class)
    parser.add_argument("--threads", type=int, default=defaults.threads)
    parser.add_argument("--keep-alive", type=int, default=defaults.keep_alive)
    parser.add_argument(
        "--connection",
        choices=("close", "keep-alive"),
        default="close",
        help="close: a connection per request, as nginx opens them (default); keep-alive: reuse them",
    )
    args = parser.parse_args(argv)
    global CONNECTION
    CONNECTION = args.connection
    args.levels = sorted(int(n) for n in args.levels.split(","))
    settings = Gunicorn(args.workers, args.worker_class, args.threads, defaults.timeout, args.keep_alive)
    print(f"bench/load.py: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start; {settings}")
    results = []
    with tempfile.TemporaryDirectory(prefix="quiz-load-") as tmp:
        # Run as root, .ci/postgres starts the cluster as "postgres", which must reach its folder in here.
        os.chmod(tmp, 0o711)
        for engine in args.engines.split(","):
            results.append(run_engine(engine, args, settings, Path(tmp) / engine))
        compared = compare_apps(args, settings, Path(tmp) / "reference") if args.compare_seconds else {}
    report(results, compared, settings, args.think)


if __name__ == "__main__":
    sys.exit(main())

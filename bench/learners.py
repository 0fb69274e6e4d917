"""The load generator of ``bench/load.py``: simulated learners in locust, in a process of their own.

    python bench/learners.py PLAN.json

reads a plan written by ``bench/load.py`` and prints one JSON object per line:
one per load level, burst or closed-loop run, then a last one with the count of
ratings the server acknowledged. Only loopback hosts are accepted.

A learner logs in once, then studies card after card the way a person does:
reads the question and answers after about five seconds, reads the answer and
rates after about three (about 8 s per card in all, drawn at random around
that). Each request is timed on its own (redirects are not followed).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
import time
from typing import Any
from urllib.parse import urlsplit

import gevent
import psutil
from locust import FastHttpUser, constant, task
from locust.env import Environment

PLAN: dict[str, Any] = json.loads(open(sys.argv[1]).read()) if __name__ == "__main__" else {}
HIDDEN = re.compile(rb'name="(question|reps|csrf_token|shown)" type="hidden" value="([^"]*)"')
PHASE = re.compile(rb'data-phase="(\w+)"')

_names = itertools.count(PLAN.get("first_user", 0))
acknowledged = {"ratings": 0, "logins": 0, "failed_logins": 0}


def fields(page: bytes) -> dict[str, str]:
    return {k.decode(): v.decode() for k, v in HIDDEN.findall(page)}


class Visitor(FastHttpUser):
    """Someone with an account: logs in, and times each request on its own."""

    abstract = True
    # One connection per request, as nginx opens them to gunicorn (no upstream
    # keep-alive), unless the plan says otherwise.
    default_headers = {"Connection": "close"} if PLAN.get("connection", "close") == "close" else None

    def on_start(self) -> None:
        self.username = f"u{next(_names)}"
        self.random = random.Random(self.username)
        self.login()

    def expect(self, method: str, path: str, name: str, status: int, **kwargs: Any) -> bytes | None:
        """Send a request; count it as failed unless it answers ``status``. Return the body, or None."""
        with self.client.request(
            method, path, name=name, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            self.last_status = response.status_code
            if response.status_code != status:
                response.failure(f"{name}: {response.status_code}, expected {status}")
                return None
            return response.content or b""

    def login(self) -> None:
        page = self.expect("GET", "/login", "GET /login", 200)
        token = fields(page or b"").get("csrf_token", "")
        form = {"username": self.username, "password": PLAN["password"], "csrf_token": token}
        if self.expect("POST", "/login", "POST /login", 303, data=form) is None:
            acknowledged["failed_logins"] += 1
        acknowledged["logins"] += 1  # answered, well or not


def logged_in(count: int, timeout: float = 600) -> None:
    """Wait until ``count`` logins have been answered since the start."""
    deadline = time.monotonic() + timeout
    while acknowledged["logins"] < count and time.monotonic() < deadline:
        gevent.sleep(0.2)


class Learner(Visitor):
    """A learner studying with a person's pauses."""

    wait_time = constant(0)  # the pauses are inside the task, where a person makes them
    think = 8.0

    def pause(self, seconds: float) -> None:
        gevent.sleep(self.random.uniform(0.7 * seconds, 1.3 * seconds))

    @task
    def study_a_card(self) -> None:
        page = self.expect("GET", "/study", "GET /study (question)", 200)
        if self.last_status == 302:
            self.login()  # sent to the login page: log in again, as a person would
        phase = PHASE.search(page or b"")
        if phase is None or phase.group(1) != b"question":
            return self.pause(self.think)  # nothing due (or an error): come back later
        shown = fields(page)
        self.pause(self.think * 5 / 8)
        answer = {k: shown[k] for k in ("question", "reps", "csrf_token", "shown") if k in shown}
        answer["answer"] = str(self.random.randint(1900, 2020))
        if self.expect("POST", "/study/answer", "POST /study/answer", 303, data=answer) is None:
            return None
        side = self.expect("GET", "/study", "GET /study (answer)", 200)
        if side is None:
            return None
        self.pause(self.think * 3 / 8)
        rated = fields(side)
        rating = self.random.choices("1234", weights=(15, 10, 65, 10))[0]
        form = {k: rated[k] for k in ("question", "reps", "csrf_token") if k in rated} | {"rating": rating}
        if self.expect("POST", "/study/rate", "POST /study/rate", 303, data=form) is not None:
            acknowledged["ratings"] += 1
        return None


class LoginOnly(Visitor):
    """A learner arriving in a burst: logs in once, then stays idle."""

    wait_time = constant(3600)

    @task
    def idle(self) -> None:
        gevent.sleep(3600)


class Hammer(Visitor):
    """Asks for one page again and again with no pause (closed loop), after logging in if the plan says how."""

    wait_time = constant(0)

    def on_start(self) -> None:
        login = PLAN["closed"].get("login")
        if login == "form":
            super().on_start()
        elif login:
            self.expect("GET", login, f"GET {login}", 200)

    @task
    def ask(self) -> None:
        path = PLAN["closed"]["path"]
        self.expect("GET", path, f"GET {path}", 200)


def cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


class Meter:
    """CPU used by the server (its whole process tree) and by this generator over a window."""

    def __init__(self, server_pid: int) -> None:
        self.server = psutil.Process(server_pid)
        self.me = psutil.Process()

    def tree(self) -> list[psutil.Process]:
        return [self.server, *self.server.children(recursive=True)]

    def start(self) -> None:
        self.started = time.perf_counter()
        self.server_cpu = cpu_seconds(self.tree())
        self.own_cpu = cpu_seconds([self.me])

    def stop(self) -> dict[str, float]:
        wall = time.perf_counter() - self.started
        cores = psutil.cpu_count() or 1
        server_cpu = cpu_seconds(self.tree()) - self.server_cpu
        return {
            "seconds": wall,
            "server_cpu_seconds": server_cpu,
            "server_cpu_share": server_cpu / wall / cores,
            "generator_cpu_share": (cpu_seconds([self.me]) - self.own_cpu) / wall / cores,
            "load_average": os.getloadavg()[0],
        }


def summary(environment: Environment, limit_ms: float) -> dict[str, Any]:
    requests = {}
    for entry in environment.stats.entries.values():
        if not entry.num_requests:
            continue
        requests[entry.name] = {
            "count": entry.num_requests,
            "failures": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.5),
            "p99": entry.get_response_time_percentile(0.99),
            "max": entry.max_response_time,
        }
    total = environment.stats.total
    failures = sum(r["failures"] for r in requests.values())
    errors = [f"{e.occurrences}x {e.name}: {e.error}" for e in environment.stats.errors.values()]
    return {
        "requests": requests,
        "total_requests": total.num_requests,
        "rps": total.num_requests / max(time.time() - total.start_time, 1e-9),
        "failures": failures,
        "errors": errors[:5],
        "passed": bool(requests) and failures == 0 and all(r["p99"] < limit_ms for r in requests.values()),
    }


def emit(record: dict[str, Any]) -> None:
    print(json.dumps(record), flush=True)


def run_levels(plan: dict[str, Any]) -> None:
    Learner.think = plan["think"]
    environment = Environment(user_classes=[Learner], host=plan["host"])
    runner = environment.create_local_runner()
    meter = Meter(plan["server_pid"])
    deadline = time.monotonic() + plan["max_seconds"]
    for level in plan["levels"]:
        if time.monotonic() + plan["settle"] + plan["window"] > deadline:
            emit({"kind": "note", "text": f"time limit reached before {level} learners"})
            break
        runner.start(level, spawn_rate=plan["spawn_rate"])
        runner.spawning_greenlet.join()
        logged_in(level)
        gevent.sleep(plan["settle"])
        environment.stats.reset_all()
        emit({"kind": "window", "learners": level, "failed_logins": acknowledged["failed_logins"]})
        meter.start()
        gevent.sleep(plan["window"])
        result = {"kind": "level", "learners": level, **summary(environment, plan["limit_ms"]), **meter.stop()}
        result["failed_logins"] = acknowledged["failed_logins"]
        emit(result)
        if not result["passed"] and plan.get("stop_on_failure", True):
            break
    runner.quit()


def run_burst(plan: dict[str, Any]) -> None:
    environment = Environment(user_classes=[LoginOnly], host=plan["host"])
    runner = environment.create_local_runner()
    meter = Meter(plan["server_pid"])
    burst = plan["burst"]
    meter.start()
    runner.start(burst["learners"], spawn_rate=burst["learners"] / burst["seconds"])
    runner.spawning_greenlet.join()
    logged_in(burst["learners"])
    emit({"kind": "burst", **burst, **summary(environment, plan["limit_ms"]), **meter.stop()})
    runner.quit()


def run_closed(plan: dict[str, Any]) -> None:
    closed = plan["closed"]
    environment = Environment(user_classes=[Hammer], host=plan["host"])
    runner = environment.create_local_runner()
    meter = Meter(plan["server_pid"])
    runner.start(closed["users"], spawn_rate=closed["users"])
    runner.spawning_greenlet.join()
    if closed.get("login") == "form":
        logged_in(closed["users"])
    gevent.sleep(closed["warmup"])
    environment.stats.reset_all()
    meter.start()
    gevent.sleep(closed["seconds"])
    emit({"kind": "closed", "label": closed["label"], **summary(environment, float("inf")), **meter.stop()})
    runner.quit()


def main() -> None:
    host = urlsplit(PLAN["host"]).hostname or ""
    if not (host == "localhost" or host.startswith("127.") or host == "::1"):
        raise SystemExit(f"refusing to load {host!r}: loopback only")
    {"levels": run_levels, "burst": run_burst, "closed": run_closed}[PLAN["mode"]](PLAN)
    emit({"kind": "done", "acknowledged_ratings": acknowledged["ratings"]})


if __name__ == "__main__":
    main()

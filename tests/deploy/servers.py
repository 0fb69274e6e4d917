"""Real gunicorn servers on loopback for tests, and a small browser that talks to them.

Each server gets a listening socket made here and handed over (``--bind
fd://N``), so no port can be taken by someone else between choosing and binding.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from tests.support import csrf_token

__all__ = ["Browser", "Gunicorn"]


class Gunicorn:
    """``gunicorn quiz.wsgi:app`` on a free loopback port, its log in ``log``."""

    def __init__(self, environment: dict[str, str], log: Path, *, workers: int = 2) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]
        self.log = log
        self.environment = environment
        fd = self.listener.fileno()
        os.set_inheritable(fd, True)
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--config=python:quiz.gunicorn_conf",
            f"--bind=fd://{fd}",
            f"--workers={workers}",
            # The README's worker class.
            "--worker-class=gthread",
            "--threads=4",
            "--timeout=60",
        ]
        with open(log, "wb") as output:
            self.process = subprocess.Popen(
                [*command, "quiz.wsgi:app"],
                env={**os.environ, **environment},
                pass_fds=[fd],
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_healthy(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                if Browser().get(self, "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"server on port {self.port} not healthy:\n{self.log.read_text()}")

    def workers(self) -> list[int]:
        """The worker processes' ids (the master's living children)."""
        children = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.process.pid and fields[0] != "Z":
                    children.append(int(entry.name))
        return children

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.listener.close()


class Browser:
    """Keeps one learner's cookies across servers, as behind a load balancer on one address."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(
        self, server: Gunicorn, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            for value in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(value).items():
                    if morsel.value:
                        self.cookies[name] = morsel.value
                    else:  # a cookie cleared by the server
                        self.cookies.pop(name, None)
            return response.status, dict(response.headers), data
        finally:
            connection.close()

    def get(self, server: Gunicorn, path: str) -> tuple[int, dict[str, str], bytes]:
        return self.request(server, "GET", path)

    def post(self, server: Gunicorn, path: str, form: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        return self.request(server, "POST", path, form)

    def submit(self, server: Gunicorn, page: str, path: str, form: dict[str, str]) -> int:
        """Open ``page`` and post its form's CSRF token with ``form`` to ``path``; return the status."""
        token = csrf_token(self.get(server, page)[2])
        return self.post(server, path, {**form, "csrf_token": token})[0]

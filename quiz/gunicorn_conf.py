"""gunicorn hooks that go with quiz: ``gunicorn -c python:quiz.gunicorn_conf ... quiz.wsgi:app``.

Workers die with their master. A gunicorn worker notices a dead master only
between two requests that find no new connection waiting, so under load it can
go on serving for many seconds after the master was killed (a deployment saw
more than five), answering with code the new master has replaced. Each worker
asks the kernel for SIGTERM the moment its master goes (Linux's
``PR_SET_PDEATHSIG``), then finishes the request in hand and leaves (one
still loading the app leaves at once). systemd's
``KillMode=control-group`` (README, "Deploying") does the same from outside.

Settings (workers, timeouts, the address) stay on the command line, where the
README shows them.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from typing import Any

__all__ = ["post_fork"]

PR_SET_PDEATHSIG = 1


def post_fork(server: Any, worker: Any) -> None:
    """In each new worker: be sent SIGTERM when the master dies."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
        server.log.warning("workers will not follow their master: prctl failed (errno %d)", ctypes.get_errno())
        return
    # Picked up by the worker's init_signals, which comes next. A worker still
    # loading the app (seconds on a busy machine) would otherwise finish loading
    # before it looked at the signal; without its master there is nothing to finish.
    handle_exit = worker.handle_exit

    def exit_now_if_orphaned(signum: int, frame: Any) -> None:
        handle_exit(signum, frame)
        if not worker.booted and os.getppid() != worker.ppid:
            sys.exit(0)

    worker.handle_exit = exit_now_if_orphaned
    if os.getppid() != worker.ppid:  # the master died before the request was in place
        sys.exit(0)

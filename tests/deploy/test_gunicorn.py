"""gunicorn as the README runs it: workers go with their master."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from tests.deploy.servers import Gunicorn
from tests.support import database_for


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_workers_stop_as_soon_as_their_master_is_killed(tmp_path, bank_dir):
    environment = {
        "QUIZ_DATABASE_URL": database_for(tmp_path),
        "QUIZ_SECRET_KEY": "test",
        "QUIZ_BANK_DIR": str(bank_dir),
    }
    server = Gunicorn(environment, tmp_path / "server.log", workers=2)
    try:
        server.wait_healthy()
        deadline = time.monotonic() + 120
        while len(workers := server.workers()) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(workers) == 2
        os.kill(server.process.pid, signal.SIGKILL)  # as a crash or an OOM kill would
        server.process.wait()
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [pid for pid in workers if alive(pid)]
        assert not left, f"workers {left} outlived their master:\n{server.log.read_text()[-3000:]}"
    finally:
        for pid in server.workers():
            os.kill(pid, signal.SIGKILL)
        server.stop()

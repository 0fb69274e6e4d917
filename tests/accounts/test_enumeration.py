"""No user-name enumeration: the same answer, after the same time, for a wrong name and a wrong password."""

from __future__ import annotations

import statistics
import time

from tests.accounts.helpers import WRONG, logout, register
from tests.support import csrf_token

TRIES = 15


def test_a_wrong_name_takes_as_long_as_a_wrong_password(app, browser):
    """Median time of each, interleaved so that other load on the machine falls on both alike."""
    register(browser, "ada")
    logout(browser)
    times: dict[str, list[float]] = {"ada": [], "nobody": []}
    for n in range(TRIES):
        order = ("ada", "nobody") if n % 2 else ("nobody", "ada")
        for name in order:
            attacker = app.test_client()
            # A new address each time: the growing wait must not be what is timed.
            environ = {"REMOTE_ADDR": f"198.51.100.{len(times['ada']) + len(times['nobody']) + 1}"}
            token = csrf_token(attacker.get("/login", environ_base=environ).data)
            form = {"username": name, "password": "not the password", "csrf_token": token}
            start = time.thread_time()  # CPU of this thread: the load of other processes stays out
            page = attacker.post("/login", data=form, environ_base=environ)
            times[name].append(time.thread_time() - start)
            assert page.status_code == 200 and WRONG in page.data
    existing, missing = statistics.median(times["ada"]), statistics.median(times["nobody"])
    assert abs(existing - missing) <= 0.2 * max(existing, missing), (existing, missing)

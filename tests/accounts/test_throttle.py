"""Throttling, tried as an attacker would: many guesses, from one address and from many.

Time is moved on by shifting the counters' timestamps back (see helpers.wind_clock),
the way the clock would after a real wait.
"""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from quiz import create_app
from quiz.models import LoginThrottle
from tests.accounts.helpers import WRONG, login, logout, post_form, register, wind_clock
from tests.support import PASSWORD

ATTACKER = "198.51.100.7"
OWNER_ELSEWHERE = "192.0.2.44"


@pytest.fixture
def ada(app, browser):
    """Registers 'ada' in one browser; returns another, which has never logged in (as an attacker's)."""
    register(browser, "ada", address=OWNER_ELSEWHERE)
    logout(browser)
    return app.test_client()


def test_guessing_one_account_slows_down_then_locks(ada, query):
    for _ in range(3):
        page = login(ada, "ada", "guess", ATTACKER)
        assert page.status_code == 200 and WRONG in page.data
    # From the third failure on, each one doubles the wait before the next attempt.
    for failures, wait in ((3, "5 seconds"), (4, "10 seconds"), (5, "20 seconds"), (6, "40 seconds")):
        refused = login(ada, "ada", "guess", ATTACKER)
        assert refused.status_code == 429, failures
        assert f"Too many attempts; try again in {wait}.".encode() in refused.data
        wind_clock(query, 5.5 * 2 ** (failures - 3) / 60)
        assert login(ada, "ada", "guess", ATTACKER).status_code == 200
    for _ in range(3):  # failures 8, 9 and 10
        wind_clock(query, 6)
        login(ada, "ada", "guess", ATTACKER)
    locked = login(ada, "ada", "guess", ATTACKER)
    assert locked.status_code == 429
    assert b"Too many attempts; try again in 15 minutes." in locked.data
    assert int(locked.headers["Retry-After"]) > 14 * 60
    # While locked, even the right password is not checked from there.
    assert login(ada, "ada", PASSWORD, ATTACKER).status_code == 429


def test_a_lock_expires_and_the_next_failure_locks_again(ada, query):
    for _ in range(10):
        login(ada, "ada", "guess", ATTACKER)
        wind_clock(query, 6)
    assert login(ada, "ada", "guess", ATTACKER).status_code == 429
    wind_clock(query, 16)
    assert WRONG in login(ada, "ada", "guess", ATTACKER).data
    assert b"try again in 15 minutes" in login(ada, "ada", "guess", ATTACKER).data
    wind_clock(query, 16)
    assert login(ada, "ada", PASSWORD, ATTACKER).status_code == 303


def test_the_owner_elsewhere_logs_in_while_the_attacker_is_locked_out(app, ada, query):
    for _ in range(10):
        login(ada, "ada", "guess", ATTACKER)
        wind_clock(query, 6)
    assert login(ada, "ada", PASSWORD, ATTACKER).status_code == 429
    owner = app.test_client()
    assert login(owner, "ada", PASSWORD, OWNER_ELSEWHERE).status_code == 303


def test_many_addresses_lock_unknown_clients_but_never_the_owners_browser(app, browser, query):
    register(browser, "ada")  # this browser now knows the account
    logout(browser)
    for n in range(50):  # a botnet: two guesses from each of 25 addresses
        bot = app.test_client()
        assert login(bot, "ada", f"guess {n}", f"203.0.113.{n // 2 + 1}").status_code == 200
    newcomer = app.test_client()
    refused = login(newcomer, "ada", PASSWORD, "192.0.2.200")
    assert refused.status_code == 429 and b"try again in 15 minutes" in refused.data
    # The owner's own browser, from any address, is counted on its own and gets in.
    assert login(browser, "ada", PASSWORD, "192.0.2.201").status_code == 303


def test_names_that_do_not_exist_are_throttled_exactly_like_real_ones(ada, query):
    answers = {}
    for name in ("ada", "nobody"):
        answers[name] = [login(ada, name, "guess", ATTACKER).status_code for _ in range(5)]
    assert answers["ada"] == answers["nobody"] == [200, 200, 200, 429, 429]


def test_one_address_spraying_many_accounts_is_stopped(app, browser, query):
    app.config["LOGIN_FAILURES_PER_ADDRESS"] = 6
    for name in ("ada", "bob", "cy"):
        register(browser, name, address=OWNER_ELSEWHERE)
        logout(browser)
    sprayed = ["ada", "bob", "cy"] * 3
    statuses = [login(app.test_client(), name, "Spring2026!", ATTACKER).status_code for name in sprayed]
    assert statuses[:6] == [200] * 6 and set(statuses[6:]) == {429}
    # Other addresses are not affected.
    assert login(app.test_client(), "bob", PASSWORD, OWNER_ELSEWHERE).status_code == 303


def test_addresses_of_one_ipv6_network_count_as_one(ada):
    statuses = [login(ada, "ada", "guess", f"2001:db8:1:2::{n}").status_code for n in range(1, 6)]
    assert statuses == [200, 200, 200, 429, 429]
    assert login(ada, "ada", "guess", "2001:db8:1:3::1").status_code == 200  # another /64


def test_the_counts_are_shared_by_every_worker(app, ada, tmp_path, bank_dir):
    """Two app instances (as two workers or two servers) on one database add up their failures."""
    second = create_app({**app.config, "TESTING": True})
    workers = [app.test_client(), second.test_client()]
    statuses = [login(workers[n % 2], "ada", "guess", ATTACKER).status_code for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_parallel_guesses_cannot_slip_past_the_count(app, ada):
    """A burst of simultaneous guesses: each is counted before its password is checked."""
    from tests.support import csrf_token

    clients = [app.test_client() for _ in range(12)]
    tokens = [csrf_token(c.get("/login").data) for c in clients]
    statuses: list[int] = []
    errors: list[str] = []
    start = threading.Barrier(len(clients))

    def guess(n: int) -> None:
        start.wait()
        try:
            response = clients[n].post(
                "/login",
                data={"username": "ada", "password": f"guess {n}", "csrf_token": tokens[n]},
                environ_base={"REMOTE_ADDR": ATTACKER},
            )
        except Exception as exc:  # noqa: BLE001 - reported below, with the statuses
            errors.append(repr(exc))
        else:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(len(clients))]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - began
    assert not errors and len(statuses) == len(clients), (errors, statuses)
    checked = statuses.count(200)
    # Three are free; each further one must wait five seconds or more after the one before
    # (on a quiet machine the burst takes well under five seconds, so exactly three).
    assert 3 <= checked <= 3 + int(took // 5), (statuses, took)
    assert statuses.count(429) == len(clients) - checked, statuses


def test_a_success_clears_the_owners_own_typos(ada, query):
    login(ada, "ada", "typo")
    login(ada, "ada", "typo again")
    assert login(ada, "ada").status_code == 303
    logout(ada)
    for _ in range(3):
        assert login(ada, "ada", "typo").status_code == 200


def test_counters_do_not_keep_what_was_typed(ada, query):
    login(ada, "my secret password", "x", ATTACKER)
    keys = query(lambda s: s.scalars(sa.select(LoginThrottle.key)).all())
    assert keys and all(len(k) == 64 and "secret" not in k and ATTACKER not in k for k in keys)


def test_registration_is_throttled_per_address(app, browser, query):
    app.config["REGISTRATIONS_PER_HOUR"] = 3
    for n in range(3):
        assert register(browser, f"bot{n}", address=ATTACKER).status_code == 303
        logout(browser)
    refused = register(browser, "bot3", address=ATTACKER)
    assert refused.status_code == 429
    assert b"Too many new accounts from your network; try again in 60 minutes." in refused.data
    assert register(browser, "real person", address=OWNER_ELSEWHERE).status_code == 303
    wind_clock(query, 61)
    logout(browser)
    assert register(browser, "bot3", address=ATTACKER).status_code == 303


def test_guessing_the_current_password_in_settings_is_throttled(ada, query):
    """A stolen session cannot be used to guess the password through the change-password form."""
    login(ada, "ada")
    form = {"current": "guess", "new": "new password 1", "confirm": "new password 1"}
    statuses = [post_form(ada, "/account/password", form).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    refused = post_form(ada, "/account/password", form)
    assert b"Too many attempts; try again in" in refused.data


def test_a_known_browser_is_still_throttled_on_its_own(app, browser, query):
    """The device cookie spares the owner other people's failures, not their own."""
    register(browser, "ada")
    logout(browser)
    statuses = [login(browser, "ada", "guess", f"192.0.2.{n}").status_code for n in range(1, 6)]
    assert statuses == [200, 200, 200, 429, 429]
    assert login(app.test_client(), "ada", PASSWORD, ATTACKER).status_code == 303


def test_simultaneous_logins_of_one_account_all_succeed(app, browser):
    """Each success clears its counter while other workers are counting on it: none may fail for that.

    Three at a time from one address: an attempt counts as a failure until its
    password is found right, so a fourth in flight would be asked to wait.
    """
    from tests.support import csrf_token

    register(browser, "ada")
    logout(browser)
    statuses: list[object] = []
    start = threading.Barrier(3)

    def log_in(n: int) -> None:
        start.wait()
        for _ in range(4):
            client = app.test_client()  # a fresh browser each time (logging out would end the others' sessions)
            try:
                form = {"username": "ada", "password": PASSWORD, "csrf_token": csrf_token(client.get("/login").data)}
                statuses.append(client.post("/login", data=form, environ_base={"REMOTE_ADDR": ATTACKER}).status_code)
            except Exception as exc:  # noqa: BLE001 - reported by the assertion
                statuses.append(repr(exc))

    threads = [threading.Thread(target=log_in, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [303] * 12

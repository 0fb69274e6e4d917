"""Counting failed logins, registrations and reset requests in the database.

Counters live in the ``login_throttle`` table, so every worker process and every
app server sees the same counts. An attempt is *reserved* before the password is
checked: in one short transaction the counters it falls under are locked, any
that still refuses attempts turns it away, and otherwise each is charged one
failure and the transaction commits. A success then gives the failure back. So
parallel requests cannot slip past a limit, and the slow password check runs
with no lock held.

What a login is counted under:

* the account and the client together: the first three failures cost nothing,
  then the wait doubles from five seconds (5, 10, 20, ... 320 s) until the
  tenth, after which each failure refuses that client for 15 minutes. Someone
  guessing from one place slows down at once and never touches the owner
  elsewhere.
* the account alone, over clients it has never been used from: 50 failures
  lock it for 15 minutes against them (a guesser spread over many addresses).
* the address alone, over those same clients: ``LOGIN_FAILURES_PER_ADDRESS``
  failures (100 by default) lock it for 15 minutes (one address trying a
  common password on many accounts).

"Client" is the browser when it holds a device cookie that this account has
logged in from before (OWASP's device cookies), and the address otherwise. A
browser known to the account is counted only under its own account-and-browser
key, so no one else's failures, from however many addresses, can lock the
owner out of a browser they have used: the locks that others can cause apply to
unknown clients only, and they expire.

Names that belong to no account are counted exactly as real ones, so the
throttle gives away nothing about which names exist.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from quiz.accounts.throttling import Policy, client_network
from quiz.extensions import db
from quiz.models import LoginThrottle

__all__ = [
    "Client",
    "Counter",
    "clear_account",
    "forgive",
    "login_counters",
    "register_counters",
    "reserve",
    "reset_request_counters",
]

#: One account from one client: a growing wait after 3 failures, 15-minute locks from the 10th.
ACCOUNT_AND_CLIENT = Policy(
    free=3, lock_after=10, lock=timedelta(minutes=15), forget=timedelta(hours=1), first_wait=timedelta(seconds=5)
)
#: One account from clients it has not been used from.
ACCOUNT = Policy(free=50, lock_after=50, lock=timedelta(minutes=15), forget=timedelta(hours=1))
#: Counters older than this are deleted whatever their policy.
KEEP = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Client:
    """Who is asking: their address, and their browser when it carries a device cookie."""

    address: str | None
    device: str | None = None
    #: Accounts that have logged in from this browser (from its signed device cookie).
    known: frozenset[int] = field(default_factory=frozenset)

    @property
    def network(self) -> str:
        return client_network(self.address)

    def knows(self, user_id: int | None) -> bool:
        return self.device is not None and user_id is not None and user_id in self.known


@dataclass(frozen=True, slots=True)
class Counter:
    """One key failures are counted under, and its policy."""

    key: str
    policy: Policy
    #: Deleted on success (the person's own typos), rather than given back one failure.
    personal: bool = False


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _per_address(setting: str, period: timedelta) -> Policy:
    limit = max(1, int(current_app.config[setting]))
    return Policy(free=limit, lock_after=limit, lock=period, forget=period)


def login_counters(name_key: str, client: Client, user_id: int | None) -> list[Counter]:
    """The counters a password check for the account ``name_key`` (canonical name) falls under."""
    if client.knows(user_id):
        return [Counter(_key("login", name_key, "device", client.device or ""), ACCOUNT_AND_CLIENT, personal=True)]
    return [
        Counter(_key("login", name_key, "address", client.network), ACCOUNT_AND_CLIENT, personal=True),
        Counter(_key("account", name_key), ACCOUNT),
        Counter(_key("address", client.network), _per_address("LOGIN_FAILURES_PER_ADDRESS", timedelta(minutes=15))),
    ]


def register_counters(client: Client) -> list[Counter]:
    """The counter of registrations from one address (``REGISTRATIONS_PER_HOUR``)."""
    return [Counter(_key("register", client.network), _per_address("REGISTRATIONS_PER_HOUR", timedelta(hours=1)))]


def reset_request_counters(name_key: str, client: Client) -> list[Counter]:
    """Reset links asked for by email: three an hour per account, ten per address."""
    hour = timedelta(hours=1)
    return [
        Counter(_key("mail", name_key), Policy(free=3, lock_after=3, lock=hour, forget=hour)),
        Counter(_key("mail-address", client.network), Policy(free=10, lock_after=10, lock=hour, forget=hour)),
    ]


def _insert(*rows: dict[str, object]) -> sa.Insert:
    if db.engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(LoginThrottle).values(list(rows)).on_conflict_do_nothing(index_elements=["key"])


def _locked_rows(keys: list[str], now: datetime) -> dict[str, LoginThrottle]:
    """Make sure a row exists for each key and lock them all, in key order (no deadlocks).

    Another worker may delete a row between the insert and the lock (a success
    clears its counter); then the insert is simply made again. Once locked, a row
    stays until this transaction ends.
    """
    for _ in range(5):
        db.session.execute(_insert(*({"key": key, "failures": 0, "last_at": now} for key in keys)))
        rows = {
            row.key: row
            for row in db.session.scalars(
                sa.select(LoginThrottle)
                .where(LoginThrottle.key.in_(keys))
                .order_by(LoginThrottle.key)
                .with_for_update(),
                execution_options={"populate_existing": True},
            )
        }
        if len(rows) == len(keys):
            return rows
    raise RuntimeError("failed-login counters kept disappearing")


def reserve(counters: list[Counter], now: datetime) -> timedelta | None:
    """Charge one failure to each counter, unless one of them still refuses attempts.

    Commits. Returns None when the attempt may go ahead (it is then counted as a
    failure until :func:`forgive` gives it back), or how long it must wait.
    """
    rows = _locked_rows(sorted({counter.key for counter in counters}), now)
    wait = max(
        (c.policy.blocked_for(rows[c.key].failures, rows[c.key].last_at, now) for c in counters),
        default=timedelta(0),
    )
    if wait > timedelta(0):
        db.session.rollback()
        return wait
    for counter in counters:
        row = rows[counter.key]
        row.failures = counter.policy.counted(row.failures, row.last_at, now) + 1
        row.last_at = now
    db.session.execute(sa.delete(LoginThrottle).where(LoginThrottle.last_at < now - KEEP))
    db.session.commit()
    return None


def forgive(counters: list[Counter]) -> None:
    """Give back the failure :func:`reserve` charged, after a success (the caller commits).

    The counter of this account from this client is cleared: its failures were
    the owner's own.
    """
    personal = [c.key for c in counters if c.personal]
    shared = [c.key for c in counters if not c.personal]
    # Lock the rows in key order first, as reserve does: a delete and an update
    # taking them in another order could deadlock with a login reserving them.
    db.session.execute(
        sa.select(LoginThrottle.key)
        .where(LoginThrottle.key.in_(sorted({c.key for c in counters})))
        .order_by(LoginThrottle.key)
        .with_for_update()
    ).all()
    if personal:
        db.session.execute(sa.delete(LoginThrottle).where(LoginThrottle.key.in_(personal)))
    if shared:
        db.session.execute(
            sa.update(LoginThrottle)
            .where(LoginThrottle.key.in_(shared), LoginThrottle.failures > 0)
            .values(failures=LoginThrottle.failures - 1)
        )


def clear_account(name_key: str) -> None:
    """Forget the failures counted against an account from unknown clients (after a reset; caller commits)."""
    db.session.execute(sa.delete(LoginThrottle).where(LoginThrottle.key == _key("account", name_key)))

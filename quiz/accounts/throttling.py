"""Throttling policies: how long a client waits after its failures, and who counts as one client.

A policy counts failures under one key (an account and a client, an account, an
address). The first ``free`` failures cost nothing; then the next attempt waits
``first_wait``, and each further failure doubles the wait; from ``lock_after``
failures on, every failure refuses further attempts for ``lock``. A count is forgotten
``forget`` after its last failure. Refused attempts are not counted: they are
not checked either.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = ["Policy", "client_network", "wait_message"]


@dataclass(frozen=True, slots=True)
class Policy:
    """When failures under one key start to cost a wait, and how long."""

    free: int
    lock_after: int
    lock: timedelta
    forget: timedelta
    first_wait: timedelta = timedelta(seconds=1)

    def wait(self, failures: int) -> timedelta:
        """How long after the last of ``failures`` failures the next attempt must wait."""
        if failures < self.free:
            return timedelta(0)
        if failures >= self.lock_after:
            return self.lock
        return self.first_wait * 2 ** (failures - self.free)

    def counted(self, failures: int, last: datetime, now: datetime) -> int:
        """The failures still remembered at ``now`` (none once ``forget`` has passed)."""
        return 0 if now - last >= self.forget else failures

    def blocked_for(self, failures: int, last: datetime, now: datetime) -> timedelta:
        """How long from ``now`` an attempt is still refused (zero: it may go ahead)."""
        wait = self.wait(self.counted(failures, last, now))
        # A failure counted by another worker a moment after ``now`` was read must not block for that moment.
        return max(last + wait - now, timedelta(0)) if wait else timedelta(0)


def client_network(address: str | None) -> str:
    """The address failures are counted under: an IPv4 address, or an IPv6 /64 network.

    One IPv6 subscriber usually holds a whole /64, so counting its addresses one
    by one would give it billions of fresh starts.
    """
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def wait_message(wait: timedelta) -> str:
    """Tell the person how long to wait, rounded up to whole minutes (seconds under one)."""
    seconds = max(1, math.ceil(wait.total_seconds()))
    if seconds < 60:
        return f"Too many attempts; try again in {seconds} second{'s' if seconds != 1 else ''}."
    minutes = math.ceil(seconds / 60)
    return f"Too many attempts; try again in {minutes} minute{'s' if minutes != 1 else ''}."

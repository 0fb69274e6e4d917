"""Throttling policies without an app: waits, forgetting, addresses, messages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quiz.accounts.throttling import Policy, client_network, wait_message

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
POLICY = Policy(
    free=3, lock_after=6, lock=timedelta(minutes=15), forget=timedelta(hours=1), first_wait=timedelta(seconds=5)
)


def test_the_wait_is_free_then_doubles_then_locks():
    assert [POLICY.wait(n).total_seconds() for n in range(8)] == [0, 0, 0, 5, 10, 20, 900, 900]


def test_blocked_for_counts_from_the_last_failure_and_forgets():
    assert POLICY.blocked_for(2, NOW, NOW) == timedelta(0)
    assert POLICY.blocked_for(2, NOW + timedelta(seconds=1), NOW) == timedelta(0)  # counted a moment later
    assert POLICY.blocked_for(4, NOW - timedelta(seconds=3), NOW) == timedelta(seconds=7)
    assert POLICY.blocked_for(6, NOW - timedelta(minutes=5), NOW) == timedelta(minutes=10)
    assert POLICY.blocked_for(9, NOW - timedelta(hours=1), NOW) == timedelta(0)
    assert POLICY.counted(9, NOW - timedelta(hours=1), NOW) == 0


@pytest.mark.parametrize(
    ("address", "counted_as"),
    [
        ("198.51.100.7", "198.51.100.7"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::9", "2001:db8:1:2::/64"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        (None, "unknown"),
        ("not an address", "unknown"),
    ],
)
def test_addresses_are_counted_by_ipv4_address_or_ipv6_network(address, counted_as):
    assert client_network(address) == counted_as


@pytest.mark.parametrize(
    ("wait", "message"),
    [
        (timedelta(seconds=0.2), "Too many attempts; try again in 1 second."),
        (timedelta(seconds=5), "Too many attempts; try again in 5 seconds."),
        (timedelta(seconds=61), "Too many attempts; try again in 2 minutes."),
        (timedelta(minutes=15), "Too many attempts; try again in 15 minutes."),
    ],
)
def test_the_message_says_how_long_to_wait(wait, message):
    assert wait_message(wait) == message

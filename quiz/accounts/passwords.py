"""Password hashes: argon2id with OWASP's parameters, and the older hashes still accepted.

New hashes are argon2id with 19 MiB of memory, two passes and one lane, the first
setting the OWASP Password Storage Cheat Sheet recommends. On this project's
machine it costs about a quarter of the CPU time of Werkzeug's default scrypt
(N=2^15, r=8), which earlier versions stored; those hashes, and PBKDF2 ones,
still verify, and :func:`verify` says when a hash should be replaced (on the
next successful login, when the password is at hand).

When there is no hash to check (no such user, or an account that cannot log
in), :func:`verify` checks the password against a dummy argon2id hash, so that a
wrong name takes as long to refuse as a wrong password.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from werkzeug.security import check_password_hash

__all__ = ["HASHER", "UNUSABLE", "Verdict", "hash_password", "verify"]

#: argon2id, m=19 MiB, t=2, p=1 (OWASP's recommended minimum).
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
#: Stored for accounts nobody can log in to; no password matches it.
UNUSABLE = "!"
_LEGACY = ("scrypt:", "pbkdf2:")


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a password matched, and whether its stored hash should be replaced."""

    ok: bool
    rehash: bool = False


def hash_password(password: str) -> str:
    """Return a new argon2id hash of ``password``."""
    return HASHER.hash(password)


@cache
def _dummy_hash() -> str:
    return HASHER.hash(secrets.token_urlsafe(16))


def _argon2(stored: str, password: str) -> bool:
    try:
        return HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def verify(stored: str | None, password: str) -> Verdict:
    """Check ``password`` against a stored hash (None: there is no such account).

    Takes about as long whether or not there is a hash to check.
    """
    if stored and stored.startswith("$argon2"):
        if not _argon2(stored, password):
            return Verdict(False)
        return Verdict(True, HASHER.check_needs_rehash(stored))
    if stored and stored.startswith(_LEGACY):
        return Verdict(check_password_hash(stored, password), rehash=True)
    _argon2(_dummy_hash(), password)
    return Verdict(False)

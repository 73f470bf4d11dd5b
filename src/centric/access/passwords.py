"""Password hashing with argon2id (argon2-cffi's RFC 9106 low-memory profile).

Only hashes are stored; verification is constant-time in the library. This module must not
store, log or return a plain password.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (salted; safe to store)."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than today's and should be redone."""
    return _hasher().check_needs_rehash(password_hash)


@cache
def unusable_hash() -> str:
    """A hash no password matches, verified against when a user does not exist.

    Checking unknown names against it keeps sign-in time the same for known and unknown users.
    """
    return _hasher().hash("\x00 no user has this password \x00")

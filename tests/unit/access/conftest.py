"""Fixtures of the access-control tests."""

from __future__ import annotations

from collections.abc import Iterator
from unittest.mock import patch

import pytest
from argon2 import PasswordHasher

from centric.access import passwords


@pytest.fixture(autouse=True, scope="session")
def _quick_password_hashing() -> Iterator[None]:
    # The tests check behaviour, not resistance to cracking: a cheap argon2id keeps them fast.
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    with patch.object(passwords, "_hasher", lambda: cheap):
        yield

"""Fixtures of the web tests: the seeded workspace is built once per session and copied for each
module (or test) that needs its own; the app runs in-process with its background worker off."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from unittest.mock import patch

import pytest
from argon2 import PasswordHasher
from support_web import Site, open_site, seed

from centric.access import passwords
from centric.runtime import init_workspace, open_runtime


@pytest.fixture(autouse=True, scope="session")
def _quick_password_hashing() -> Iterator[None]:
    # The tests check behaviour, not resistance to cracking: a cheap argon2id keeps them fast.
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    with patch.object(passwords, "_hasher", lambda: cheap):
        yield


@pytest.fixture(scope="session")
def _site_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site") / "ws"
    with open_runtime(init_workspace(folder)) as runtime:
        seed(runtime)
    return folder


@pytest.fixture(scope="module")
def site(_site_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A running app shared by the tests of a module (they must not depend on each other's
    changes)."""
    folder = tmp_path_factory.mktemp("module-site") / "ws"
    shutil.copytree(_site_template, folder)
    yield from open_site(folder)


@pytest.fixture
def fresh_site(_site_template: Path, tmp_path: Path) -> Iterator[Site]:
    """A running app of the test's own."""
    shutil.copytree(_site_template, tmp_path / "ws")
    yield from open_site(tmp_path / "ws")


@pytest.fixture
def https_site(_site_template: Path, tmp_path: Path) -> Iterator[Site]:
    """A running app reached over https (for the cookie's Secure flag)."""
    shutil.copytree(_site_template, tmp_path / "ws")
    yield from open_site(tmp_path / "ws", base_url="https://testserver")

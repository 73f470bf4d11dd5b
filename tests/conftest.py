"""Shared fixtures: workspaces on the embedded defaults, and PostgreSQL when CI selects it.

PostgreSQL tests run only when ``CENTRIC_TEST_POSTGRES_URL`` is set (``.ci/run`` sets it); once
selected, an unreachable server fails them. Each such test gets a fresh database, dropped after.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from centric.config import Settings
from centric.runtime import Runtime, init_workspace, open_runtime

POSTGRES_ENV = "CENTRIC_TEST_POSTGRES_URL"
SPARK_ENV = "CENTRIC_TEST_SPARK"
BROWSER_ENV = "CENTRIC_TEST_BROWSER"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests must not pick up a developer's CENTRIC_* settings.
    for name in list(os.environ):
        if name.startswith("CENTRIC_") and name not in (POSTGRES_ENV, SPARK_ENV):
            monkeypatch.delenv(name, raising=False)


@pytest.fixture
def workspace(tmp_path: Path) -> Settings:
    """A fresh workspace with SQLite and DuckDB."""
    return init_workspace(tmp_path / "ws")


@pytest.fixture
def runtime(workspace: Settings) -> Iterator[Runtime]:
    """Open stores of a fresh workspace."""
    with open_runtime(workspace) as opened:
        yield opened


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def app_db_workspace(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """A fresh workspace whose app DB is SQLite, and PostgreSQL too when CI selects it."""
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    return init_workspace(tmp_path / "ws", app_db_url=url)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect PostgreSQL, Spark and browser tests unless CI (or a developer) selected them."""
    del config
    for marker, variable, backend in (
        ("postgres", POSTGRES_ENV, "PostgreSQL"),
        ("spark", SPARK_ENV, "Spark"),
        ("e2e", BROWSER_ENV, "the browser (Chromium)"),
    ):
        if os.environ.get(variable):
            continue
        skip = pytest.mark.skip(reason=f"{variable} is not set: {backend} not selected")
        for item in items:
            if marker in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """URL of a fresh PostgreSQL database on the selected server; fails if unreachable."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.fail(f"{POSTGRES_ENV} is not set")
    name = f"centric_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # any failure to reach the selected server must fail the test
        admin.dispose()
        pytest.fail(f"PostgreSQL selected by {POSTGRES_ENV} is unreachable: {exc}")
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()

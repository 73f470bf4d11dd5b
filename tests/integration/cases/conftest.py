"""Fixtures of the closed-loop tests: a workspace with teams, customers and users of every role,
on SQLite (a copy of a migrated template) and on PostgreSQL when CI selects it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from unittest.mock import patch

import pytest
from argon2 import PasswordHasher
from support_cases import PASSWORD, Loop, add_user, insert_rows

from centric.access import Role, passwords
from centric.access.passwords import hash_password
from centric.config import Settings, load_settings
from centric.runtime import init_workspace, open_runtime


@pytest.fixture(autouse=True, scope="session")
def _quick_password_hashing() -> Iterator[None]:
    # The tests check behaviour, not resistance to cracking: a cheap argon2id keeps them fast.
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    with patch.object(passwords, "_hasher", lambda: cheap):
        yield


@pytest.fixture(scope="session")
def _workspace_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template") / "ws"
    init_workspace(folder)
    return folder


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def app_db_workspace(
    request: pytest.FixtureRequest, tmp_path: Path, _workspace_template: Path
) -> Settings:
    """A fresh workspace on SQLite (a copy of a migrated template), and on PostgreSQL in CI."""
    if request.param == "postgres":
        return init_workspace(tmp_path / "ws", app_db_url=request.getfixturevalue("postgres_url"))
    shutil.copytree(_workspace_template, tmp_path / "ws")
    return load_settings(tmp_path / "ws")


@pytest.fixture(scope="session")
def password_hash() -> str:
    """One argon2 hash shared by every test user (hashing is slow on purpose)."""
    return hash_password(PASSWORD)


@pytest.fixture
def loop(app_db_workspace: Settings, password_hash: str) -> Iterator[Loop]:
    """Stores with teams T1 and T2, customers, orders and users of every role."""
    with open_runtime(app_db_workspace) as runtime:
        insert_rows(
            runtime.warehouse,
            "teams",
            [
                {"source": "hr", "source_key": "T1", "name": "Leeds store"},
                {"source": "hr", "source_key": "T2", "name": "York store"},
            ],
        )
        insert_rows(
            runtime.warehouse,
            "customer_records",
            [
                {
                    "source": "crm",
                    "source_key": "c-f1",
                    "first_name": "Ana",
                    "email": "ana@example.com",
                },
                {"source": "crm", "source_key": "c-f2", "first_name": "Bo"},
            ],
        )
        yield Loop(
            runtime=runtime,
            admin=add_user(runtime, "admin", Role.ADMIN, None, "admin@example.com", password_hash),
            lead_t1=add_user(
                runtime, "lead1", Role.TEAM_LEAD, "T1", "lead1@example.com", password_hash
            ),
            agent_t1=add_user(
                runtime, "agent1", Role.AGENT, "T1", "agent1@example.com", password_hash
            ),
            lead_t2=add_user(
                runtime, "lead2", Role.TEAM_LEAD, "T2", "lead2@example.com", password_hash
            ),
            viewer=add_user(runtime, "viewer", Role.VIEWER, None, None, password_hash),
            analyst=add_user(runtime, "analyst", Role.ANALYST, None, None, password_hash),
        )

"""Fixtures for identity tests: records written straight into customer_records, small fast
model settings, and a population of synthetic people with known truth."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from centric.config import Settings
from centric.identity import IdentityConfig, model_path, resolve_identities
from centric.runtime import Runtime, init_workspace, open_runtime
from centric.warehouse.schema import CUSTOMER_RECORDS

FAST = IdentityConfig(u_max_pairs=5e4, max_training_records=20_000)

FIRST = [
    "Oliver",
    "Amelia",
    "George",
    "Isla",
    "Harry",
    "Ava",
    "Noah",
    "Mia",
    "Jack",
    "Ivy",
    "Leo",
    "Lily",
    "Oscar",
    "Rosie",
    "Charlie",
    "Grace",
    "Jacob",
    "Freya",
    "Alfie",
    "Ella",
    "Lucía",
    "Mateo",
    "Sofía",
    "Hugo",
    "Martina",
    "Pablo",
    "Valeria",
    "Álvaro",
    "Julia",
    "Daniel",
]
LAST = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Wright",
    "García",
    "Fernández",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Ruiz",
    "Hernández",
    "Díaz",
    "O'Neill",
    "McDonald",
    "Clarke",
    "Hughes",
    "Edwards",
    "Green",
    "Hall",
    "Wood",
    "Harris",
    "Lewis",
]
TOWNS = ["Leeds", "York", "Bath", "Derby", "Madrid", "Sevilla", "Bristol", "Cardiff"]


def insert_records(runtime: Runtime, rows: Sequence[dict[str, Any]]) -> None:
    """Write rows (customer_records columns) into the warehouse, replacing same keys."""
    columns = [c.name for c in CUSTOMER_RECORDS.columns]
    types = {"date_of_birth": pa.date32(), "email_verified": pa.bool_()}
    table = pa.table(
        {
            name: pa.array([row.get(name) for row in rows], types.get(name, pa.string()))
            for name in columns
            if name not in ("created_at", "updated_at", "marketing_consent")
        }
        | {
            "updated_at": pa.array([row.get("updated_at") for row in rows], pa.timestamp("us")),
            "marketing_consent": pa.array(
                [row.get("marketing_consent") for row in rows], pa.bool_()
            ),
            "_row": pa.array(range(len(rows)), pa.int64()),
        }
    )
    warehouse = runtime.warehouse
    warehouse.stage_arrow("test_records", table)
    warehouse.execute(
        "DELETE FROM customer_records WHERE (source, source_key) IN "
        "(SELECT (source, source_key) FROM test_records)"
    )
    warehouse.execute(
        "INSERT INTO customer_records BY NAME SELECT * EXCLUDE (_row), "
        "CAST(now() AS TIMESTAMP) AS ingested_at FROM test_records"
    )
    warehouse.drop_staging("test_records")


def delete_records(runtime: Runtime, keys: Sequence[tuple[str, str]]) -> None:
    """Remove records from customer_records (as if erased from the source)."""
    for source, key in keys:
        runtime.warehouse.execute(
            "DELETE FROM customer_records WHERE source = ? AND source_key = ?", [source, key]
        )


def people(count: int, *, seed: int = 1, copies: int = 3) -> list[dict[str, Any]]:
    """Records of ``count`` distinct people, 1..copies records each, with small variations.

    Every record carries ``person`` (the truth), which is not a customer_records column.
    """
    rng = random.Random(seed)  # noqa: S311  # seeded test data, not security
    rows: list[dict[str, Any]] = []
    for person in range(count):
        first, last = FIRST[person % len(FIRST)], LAST[(person * 7) % len(LAST)]
        dob = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20_000))
        email = f"{first}.{last}{person}@example.com".lower().replace("'", "")
        phone = f"07700 9{person:05d}"
        town = TOWNS[person % len(TOWNS)]
        for copy in range(1 + rng.randrange(copies)):
            source = ("crm", "shop", "loyalty")[copy % 3]
            row: dict[str, Any] = {
                "source": source,
                "source_key": f"{source[0]}{person:04d}",
                "first_name": first if copy != 1 else first.upper(),
                "last_name": last,
                "date_of_birth": dob if copy != 2 else None,
                "email": email if copy != 1 else email.upper(),
                "phone": phone if copy != 0 else None,
                "address_line1": f"{person % 90 + 1} High Street" if copy != 2 else None,
                "city": town,
                "postcode": f"LS{person % 9 + 1} {person % 7}AB",
                "person": person,
            }
            rows.append(row)
    return rows


@pytest.fixture
def load(runtime: Runtime) -> Iterator[Callable[[Sequence[dict[str, Any]]], None]]:
    """Insert records into the test workspace."""

    def _load(rows: Sequence[dict[str, Any]]) -> None:
        insert_records(runtime, [{k: v for k, v in r.items() if k != "person"} for r in rows])

    yield _load


def score_pair(runtime: Runtime, a: str, b: str, probability: float) -> None:
    """Store a scored pair between the records with source keys ``a`` and ``b``, as the model
    could leave it (e.g. between a sparse record and a family member)."""
    ids = dict(
        runtime.warehouse.fetch_all(
            "SELECT source_key, record_id FROM identity_records WHERE source_key IN (?, ?)",
            [a, b],
        )
    )
    low, high = sorted((int(ids[a]), int(ids[b])))
    runtime.warehouse.execute(
        "DELETE FROM identity_pairs WHERE record_id_l = ? AND record_id_r = ?", [low, high]
    )
    runtime.warehouse.execute(
        "INSERT INTO identity_pairs (record_id_l, record_id_r, match_weight, match_probability, "
        "model_id, scored_at) VALUES (?, ?, 8.0, ?, 'test', now())",
        [low, high, probability],
    )


def links(runtime: Runtime) -> dict[str, str]:
    """source:source_key -> customer_id of every record."""
    return {
        str(ref): str(customer)
        for ref, customer in runtime.warehouse.fetch_all(
            "SELECT source || ':' || source_key, customer_id FROM customer_links"
        )
    }


@pytest.fixture(scope="session")
def shared_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model trained once on synthetic people, reused by the fast tests (training is the
    slow part of a first run and is exercised by the CLI and accuracy tests)."""
    settings = init_workspace(tmp_path_factory.mktemp("model") / "ws")
    with open_runtime(settings) as runtime:
        insert_records(
            runtime, [{k: v for k, v in r.items() if k != "person"} for r in people(40, seed=3)]
        )
        resolve_identities(runtime, config=FAST)
        return model_path(runtime)


@pytest.fixture(autouse=True)
def _pretrained(request: pytest.FixtureRequest, shared_model: Path) -> None:
    # Fast tests start from the shared model; slow ones (accuracy, engines) train their own.
    if request.node.get_closest_marker("slow") or "workspace" not in request.fixturenames:
        return
    workspace: Settings = request.getfixturevalue("workspace")
    target = workspace.workspace / "identity" / "model.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(shared_model, target)

"""Seeded voice-of-customer data in a warehouse, on DuckDB and (when selected) on Spark.

The same rows are written to a DuckDB warehouse and, for Spark, exported to Parquet and read by
a Spark warehouse, so every test parametrised over ``engine`` checks both engines against the
same expectations. Spark runs only when ``CENTRIC_TEST_SPARK`` is set, and then it must start.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from centric.identity.tables import create_identity_tables
from centric.warehouse import Warehouse, create_warehouse_tables
from centric.warehouse.duckdb_backend import DuckDBWarehouse

SPARK_ENV = "CENTRIC_TEST_SPARK"
CUSTOMERS = 400
START = datetime(2025, 1, 1, tzinfo=UTC).replace(tzinfo=None)
TEAMS = {
    "T1": ("Leeds store", "north"),
    "T2": ("York store", "north"),
    "T3": ("Bath store", "south"),
    "T4": ("Kent store", "south"),
    "T5": ("Contact centre", "south"),
    "T6": ("Tiny kiosk", "north"),
}


def insert_rows(warehouse: Warehouse, table: str, columns: dict[str, Any]) -> None:
    """Append rows (given column by column) to a canonical table through the warehouse seam."""
    size = len(next(iter(columns.values())))
    data = {"source": ["test"] * size, **columns}
    if "source_key" not in data:
        data["source_key"] = [f"{table}-{i}" for i in range(size)]
    arrow = pa.table({**data, "_row": list(range(1, size + 1))})
    staged = warehouse.stage_arrow(f"stage_{table}", arrow)
    names = ", ".join(f'"{c}"' for c in staged.columns)
    warehouse.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM "stage_{table}"')
    warehouse.drop_staging(f"stage_{table}")


def _times(rng: np.random.Generator, size: int, days: int = 181) -> list[datetime]:
    offsets = rng.integers(0, days * 24 * 3600, size)
    return [START + timedelta(seconds=int(s)) for s in offsets]


def fill_voc_warehouse(warehouse: Warehouse, seed: int = 7) -> None:
    """Seeded rows for every metric: six months, six teams, three channels, planted effects.

    Team T3's customers are less happy (fewer promoters), T6 is tiny (always suppressed),
    March has a drop in NPS, and handle times are log-normal. NPS answers name the survey
    tool's record of one of 400 customers, whose segment is on their CRM record (see
    :func:`fill_customers`).
    """
    rng = np.random.default_rng(seed)
    answerers = np.random.default_rng(seed + 1).integers(0, CUSTOMERS, 6000)
    insert_rows(
        warehouse,
        "teams",
        {
            "source_key": list(TEAMS),
            "name": [v[0] for v in TEAMS.values()],
            "region": [v[1] for v in TEAMS.values()],
        },
    )
    size = 6000
    teams = rng.choice(["T1", "T2", "T3", "T4", "T5"], size)
    teams[:12] = "T6"
    channels = rng.choice(["web", "store", "phone"], size, p=[0.5, 0.3, 0.2])
    times = _times(rng, size)
    promoter = np.where(teams == "T3", 0.30, 0.50)
    promoter = np.where([t.month == 3 for t in times], promoter - 0.15, promoter)
    u = rng.random(size)
    scores = np.where(
        u < promoter,
        rng.integers(9, 11, size),
        np.where(u < promoter + 0.25, rng.integers(7, 9, size), rng.integers(0, 7, size)),
    )
    insert_rows(
        warehouse,
        "feedback",
        {
            "survey": ["relationship"] * size,
            "survey_type": ["nps"] * size,
            "score": scores.astype(float).tolist(),
            "scale_min": [0.0] * size,
            "scale_max": [10.0] * size,
            "responded_at": times,
            "channel": channels.tolist(),
            "team_id": teams.tolist(),
            "language": rng.choice(["en", "es"], size, p=[0.8, 0.2]).tolist(),
            "weight": rng.uniform(0.5, 2.0, size).round(3).tolist(),
            "customer_source": ["survey"] * size,
            "customer_key": [f"S{i}" for i in answerers],
        },
    )
    size = 3000
    csat_teams = rng.choice(["T1", "T2", "T3", "T4"], size)
    insert_rows(
        warehouse,
        "feedback",
        {
            "source_key": [f"csat-{i}" for i in range(size)],
            "survey": ["post-contact"] * size,
            "survey_type": ["csat"] * size,
            "score": rng.choice([1.0, 2.0, 3.0, 4.0, 5.0], size, p=[0.05, 0.1, 0.15, 0.4, 0.3]),
            "scale_min": [1.0] * size,
            "scale_max": [5.0] * size,
            "responded_at": _times(rng, size),
            "channel": rng.choice(["web", "store"], size).tolist(),
            "team_id": csat_teams.tolist(),
        },
    )
    insert_rows(
        warehouse,
        "feedback",
        {
            "source_key": [f"ces-{i}" for i in range(2000)],
            "survey": ["help"] * 2000,
            "survey_type": ["ces"] * 2000,
            "score": rng.integers(1, 8, 2000).astype(float),
            "responded_at": _times(rng, 2000),
            "channel": rng.choice(["web", "phone"], 2000).tolist(),
            "team_id": rng.choice(["T1", "T5"], 2000).tolist(),
        },
    )
    size = 5000
    itm = rng.choice(["T1", "T2", "T5"], size)
    self_service = rng.random(size) < 0.4
    insert_rows(
        warehouse,
        "interactions",
        {
            "occurred_at": _times(rng, size),
            "channel": rng.choice(["phone", "chat", "email"], size).tolist(),
            "team_id": itm.tolist(),
            "handle_time_seconds": np.round(
                rng.lognormal(np.where(itm == "T5", 6.0, 5.6), 0.8), 1
            ).tolist(),
            "first_response_seconds": np.round(rng.lognormal(4.0, 1.2, size), 1).tolist(),
            "first_contact_resolved": (
                rng.random(size) < np.where(itm == "T2", 0.6, 0.75)
            ).tolist(),
            "self_service": self_service.tolist(),
            "escalated": [
                bool(e) if s else None
                for s, e in zip(self_service, rng.random(size) < 0.3, strict=True)
            ],
        },
    )
    size = 400
    etm = rng.choice(["T1", "T2", "T3", "T4", "T5"], size)
    etm[:3] = "T6"
    insert_rows(
        warehouse,
        "engagement_responses",
        {
            "team_id": etm.tolist(),
            "survey": ["pulse"] * size,
            "question": ["enps"] * size,
            "score": rng.integers(0, 11, size).astype(float).tolist(),
            "scale_min": [0.0] * size,
            "scale_max": [10.0] * size,
            "responded_at": _times(rng, size),
        },
    )
    size = 4000
    insert_rows(
        warehouse,
        "survey_invitations",
        {
            "survey": ["relationship"] * size,
            "survey_type": ["nps"] * size,
            "sent_at": _times(rng, size),
            "delivered": (rng.random(size) > 0.05).tolist(),
            "responded": (rng.random(size) < 0.25).tolist(),
            "channel": rng.choice(["web", "store"], size).tolist(),
            "sent_via": rng.choice(["email", "sms"], size).tolist(),
            "team_id": rng.choice(["T1", "T2", "T3"], size).tolist(),
        },
    )


def fill_customers(warehouse: Warehouse, seed: int = 7) -> None:
    """Customer records in two sources and their links, as identity resolution leaves them.

    Customer ``C<i>`` has a CRM record ``K<i>`` carrying its segment (Gold, Silver, Bronze or
    none) and a survey-tool record ``S<i>``; some survey records carry an older segment of
    their own, which the customer's newer CRM value overrides. Survey records ``S380`` to
    ``S399`` were never linked, so only their own segment counts.
    """
    rng = np.random.default_rng(seed + 2)
    crm_segment = rng.choice(
        np.array(["Gold", "Silver", "Bronze", None], dtype=object),
        CUSTOMERS,
        p=[0.2, 0.3, 0.4, 0.1],
    )
    survey_segment = np.where(rng.random(CUSTOMERS) < 0.3, "Bronze", None)
    insert_rows(
        warehouse,
        "customer_records",
        {
            "source": ["crm"] * CUSTOMERS + ["survey"] * CUSTOMERS,
            "source_key": [f"K{i}" for i in range(CUSTOMERS)] + [f"S{i}" for i in range(CUSTOMERS)],
            "segment": crm_segment.tolist() + survey_segment.tolist(),
            "updated_at": [START + timedelta(days=30)] * CUSTOMERS + [START] * CUSTOMERS,
        },
    )
    create_identity_tables(warehouse)
    linked = range(CUSTOMERS - 20)
    sources = ["crm"] * len(linked) + ["survey"] * len(linked)
    keys = [f"K{i}" for i in linked] + [f"S{i}" for i in linked]
    customers = [f"C{i}" for i in linked] * 2
    arrow = pa.table({"source": sources, "source_key": keys, "customer_id": customers})
    staged = warehouse.stage_arrow(
        "stage_links", arrow.append_column("_row", [list(range(1, len(keys) + 1))])
    )
    warehouse.execute(
        "INSERT INTO customer_links (source, source_key, customer_id) "
        f'SELECT source, source_key, customer_id FROM "{staged.table}"'
    )
    warehouse.drop_staging("stage_links")


@pytest.fixture(scope="session")
def voc_duckdb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DuckDB warehouse file holding the seeded VoC rows (built once per session)."""
    path = tmp_path_factory.mktemp("voc") / "warehouse.duckdb"
    warehouse = DuckDBWarehouse(path)
    try:
        create_warehouse_tables(warehouse)
        fill_voc_warehouse(warehouse)
        fill_customers(warehouse)
        warehouse.checkpoint()
    finally:
        warehouse.close()
    return path


@pytest.fixture(scope="session")
def voc_parquet_folder(voc_duckdb_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same rows copied as one Parquet file per table (identity tables included)."""
    from centric.warehouse.spark_backend import refresh_parquet_copy

    folder = tmp_path_factory.mktemp("voc-parquet")
    warehouse = DuckDBWarehouse(voc_duckdb_path, read_only=True)
    try:
        refresh_parquet_copy(warehouse, folder)
    finally:
        warehouse.close()
    return folder


@pytest.fixture(scope="session")
def spark_session() -> Iterator[Any]:
    """One local Spark session for the run; fails the test when Spark was selected but breaks."""
    if not os.environ.get(SPARK_ENV):
        pytest.fail(f"{SPARK_ENV} is not set: Spark not selected")
    try:
        from centric.warehouse.spark_backend import start_local_spark

        session = start_local_spark()
    except Exception as exc:  # any failure to start the selected engine must fail the run
        pytest.fail(f"Spark selected by {SPARK_ENV} cannot start: {exc}")
    yield session
    session.stop()


@pytest.fixture(scope="session", params=["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def engine(request: pytest.FixtureRequest, voc_duckdb_path: Path) -> Iterator[Warehouse]:
    """The seeded warehouse on each engine (read only, shared by the tests of a run)."""
    if request.param == "duckdb":
        warehouse: Warehouse = DuckDBWarehouse(voc_duckdb_path, read_only=True)
    else:
        from centric.warehouse.spark_backend import SparkWarehouse

        session = request.getfixturevalue("spark_session")
        folder = request.getfixturevalue("voc_parquet_folder")
        warehouse = SparkWarehouse(folder, session=session)
    try:
        yield warehouse
    finally:
        warehouse.close()

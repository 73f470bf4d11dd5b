"""The same metric suite on DuckDB and on Spark over the same rows gives the same figures, and
the Spark warehouse keeps to its declared, read-only capabilities."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from centric.errors import BackendError
from centric.voc import MetricRequest, PostStratification, compute_metric
from centric.warehouse import DelimitedOptions
from centric.warehouse.duckdb_backend import DuckDBWarehouse

pytestmark = pytest.mark.spark

SUITE = [
    MetricRequest("nps", by=("team", "channel"), period="month"),
    MetricRequest("nps", by=("region",), period="week", weights="survey"),
    MetricRequest(
        "nps",
        by=("team",),
        period="quarter",
        post_stratify=PostStratification("channel", {"web": 0.3, "store": 0.4, "phone": 0.3}),
    ),
    MetricRequest("csat", by=("team_name",), period="month"),
    MetricRequest("ces", by=("channel",), period="day", since=date(2025, 3, 1)),
    MetricRequest("enps", by=("team",), period="quarter"),
    MetricRequest("fcr", by=("team",), period="week"),
    MetricRequest("aht", by=("team", "channel"), period="month"),
    MetricRequest("frt", period="quarter", until=date(2025, 5, 15)),
    MetricRequest("containment", by=("channel",), period="month"),
    MetricRequest("response-rate", by=("sent_via", "team"), period="month"),
    MetricRequest("nps", by=("segment", "channel"), period="month"),
    MetricRequest("nps", by=("segment",), period="week", where={"segment": ("Gold", "Silver")}),
]


@pytest.fixture(scope="module")
def duckdb_engine(voc_duckdb_path: Path) -> Iterator[DuckDBWarehouse]:
    warehouse = DuckDBWarehouse(voc_duckdb_path, read_only=True)
    yield warehouse
    warehouse.close()


@pytest.fixture(scope="module")
def spark_engine(spark_session: Any, voc_parquet_folder: Path) -> Iterator[Any]:
    from centric.warehouse.spark_backend import SparkWarehouse

    warehouse = SparkWarehouse(voc_parquet_folder, session=spark_session)
    yield warehouse
    warehouse.close()


@pytest.mark.parametrize(
    "request_", SUITE, ids=lambda r: f"{r.metric}-{'-'.join(r.by) or 'all'}-{r.period}"
)
def test_duckdb_and_spark_give_the_same_figures(
    request_: MetricRequest, duckdb_engine: DuckDBWarehouse, spark_engine: Any
) -> None:
    on_duckdb = compute_metric(duckdb_engine, request_)
    on_spark = compute_metric(spark_engine, request_)
    assert on_spark.engine == "spark"
    assert not on_duckdb.table.empty
    pd.testing.assert_frame_equal(on_duckdb.table, on_spark.table, rtol=1e-9, atol=1e-9)
    pd.testing.assert_frame_equal(on_duckdb.trends, on_spark.trends, rtol=1e-9, atol=1e-9)


def test_spark_runs_sql_rendered_for_spark(spark_engine: Any) -> None:
    result = compute_metric(spark_engine, MetricRequest("nps", by=("region",)))
    assert "`" in result.sql[0]  # Spark quotes identifiers with backticks
    assert "LEFT JOIN" in result.sql[0]


def test_spark_warehouse_is_read_only(spark_engine: Any, tmp_path: Path) -> None:
    assert "transactions" not in spark_engine.capabilities
    with pytest.raises(BackendError) as raised:
        spark_engine.stage_delimited("x", tmp_path / "x.csv", DelimitedOptions())
    assert raised.value.hint is not None
    with pytest.raises(BackendError):
        spark_engine.transaction()


def test_spark_warehouse_answers_plain_queries(spark_engine: Any) -> None:
    assert spark_engine.table_exists("feedback")
    assert not spark_engine.table_exists("no_such_table")
    assert spark_engine.scalar("SELECT count(*) FROM teams") == 6
    assert spark_engine.fetch_all("SELECT ? + 1", [41]) == [(42,)]


def test_spark_warehouse_registers_missing_tables_empty(spark_session: Any, tmp_path: Path) -> None:
    from centric.warehouse.spark_backend import SparkWarehouse

    warehouse = SparkWarehouse(tmp_path, session=spark_session)
    try:
        assert warehouse.scalar("SELECT count(*) FROM feedback") == 0
        result = compute_metric(warehouse, MetricRequest("nps", by=("team",)))
        assert result.table.empty
    finally:
        warehouse.close()


def test_spark_errors_are_backend_errors_naming_the_folder(spark_engine: Any) -> None:
    with pytest.raises(BackendError) as raised:
        spark_engine.fetch_all("SELECT no_such_column FROM feedback")
    assert str(spark_engine.folder) in raised.value.message

"""Daily summaries of feedback give the same figures as the rows, are read only while current,
and follow ingest: added batches extend them, replaced rows rebuild them."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from tests.integration.voc.conftest import insert_rows
from tests.integration.voc.test_voc_engines import SUITE

from centric.config import load_settings
from centric.ingest import ingest_source, parse_source_spec
from centric.pipeline import run_pipeline
from centric.runtime import Runtime, init_workspace, open_runtime
from centric.voc import MetricRequest, compute_metric, refresh_summaries
from centric.voc.summaries import current_summary, summary_columns
from centric.warehouse.duckdb_backend import DuckDBWarehouse

SUMMARY = "feedback_daily_summary"

# The feedback requests of the engine suite (those not read from the customer), and more.
ANSWERED_BY_THE_SUMMARY = [
    *(r for r in SUITE if r.metric in ("nps", "csat", "ces") and "segment" not in r.by),
    MetricRequest("nps"),
    MetricRequest(
        "nps",
        by=("team_name",),
        period="month",
        until=date(2025, 4, 30),
        where={"channel": ("web",)},
    ),
    MetricRequest("csat", by=("channel",), period="quarter", weights="survey"),
    MetricRequest("ces", by=("region", "channel"), period="week", weights="survey"),
]


@pytest.fixture(scope="module")
def summarised(voc_duckdb_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the seeded warehouse whose feedback has a current daily summary."""
    path = tmp_path_factory.mktemp("summarised") / "warehouse.duckdb"
    shutil.copyfile(voc_duckdb_path, path)
    warehouse = DuckDBWarehouse(path)
    try:
        [refresh] = refresh_summaries(warehouse, min_rows=0)
        assert refresh.action == "built"
        warehouse.checkpoint()
    finally:
        warehouse.close()
    yield path


@pytest.fixture(scope="module")
def engine(summarised: Path) -> Iterator[DuckDBWarehouse]:
    warehouse = DuckDBWarehouse(summarised, read_only=True)
    yield warehouse
    warehouse.close()


def _same(left: Any, right: Any) -> None:
    assert not left.table.empty
    pd.testing.assert_frame_equal(left.table, right.table, rtol=1e-9, atol=1e-9)
    pd.testing.assert_frame_equal(left.trends, right.trends, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize(
    "request_",
    ANSWERED_BY_THE_SUMMARY,
    ids=lambda r: f"{r.metric}-{'-'.join(r.by) or 'all'}-{r.period}-{r.weights or 'plain'}",
)
def test_the_summary_gives_the_figures_of_the_rows(
    request_: MetricRequest, engine: DuckDBWarehouse
) -> None:
    from_summary = compute_metric(engine, request_)
    from_rows = compute_metric(engine, request_, summaries=False)
    assert all(SUMMARY in sql for sql in from_summary.sql)
    assert not any(SUMMARY in sql for sql in from_rows.sql)
    assert (from_summary.summary, from_summary.to_dict()["read"]) == (SUMMARY, SUMMARY)
    assert (from_rows.summary, from_rows.to_dict()["read"]) == (None, "feedback")
    _same(from_summary, from_rows)


def test_the_summary_is_far_smaller_than_the_rows(engine: DuckDBWarehouse) -> None:
    rows = engine.scalar("SELECT count(*) FROM feedback")
    groups, total = engine.fetch_all(f"SELECT count(*), sum(summary_rows) FROM {SUMMARY}")[0]
    assert total == rows - engine.scalar("SELECT count(*) FROM feedback WHERE responded_at IS NULL")
    assert groups < rows


@pytest.mark.parametrize(
    "request_",
    [
        MetricRequest("nps", by=("segment",), period="month"),
        MetricRequest("nps", by=("agent",), period="month"),
        MetricRequest("nps", by=("team",), since=datetime(2025, 3, 1, 12, 30)),
        MetricRequest("aht", by=("team",), period="month"),
    ],
    ids=["customer-dimension", "agent-not-summarised", "since-mid-day", "other-table"],
)
def test_requests_the_summary_cannot_answer_read_the_rows(
    request_: MetricRequest, engine: DuckDBWarehouse
) -> None:
    result = compute_metric(engine, request_)
    assert not any(SUMMARY in sql for sql in result.sql)
    assert "agent_id" not in summary_columns("feedback")


def test_rows_written_behind_its_back_make_the_summary_unused_until_rebuilt(
    summarised: Path, tmp_path: Path
) -> None:
    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(summarised, path)
    warehouse = DuckDBWarehouse(path)
    try:
        request = MetricRequest("nps", by=("team",), period="month")
        before = compute_metric(warehouse, request)
        insert_rows(
            warehouse,
            "feedback",
            {
                "survey_type": ["nps"] * 40,
                "score": [0.0] * 40,
                "responded_at": [datetime(2025, 2, 3, 10)] * 40,
                "team_id": ["T1"] * 40,
                "channel": ["web"] * 40,
                "source_key": [f"late-{i}" for i in range(40)],
            },
        )
        assert current_summary(warehouse, "feedback") is None
        stale = compute_metric(warehouse, request)
        assert not any(SUMMARY in sql for sql in stale.sql)
        february = (stale.table["team"] == "T1") & (stale.table["period"] == date(2025, 2, 1))
        old = before.table.loc[february.to_numpy(), "n"].item()
        assert stale.table.loc[february, "n"].item() == old + 40

        [refresh] = refresh_summaries(warehouse, min_rows=0)
        assert refresh.action == "built"  # rows without a batch: only a rebuild accounts for them
        fresh = compute_metric(warehouse, request)
        assert all(SUMMARY in sql for sql in fresh.sql)
        _same(fresh, stale)
    finally:
        warehouse.close()


def _write_answers(path: Path, rows: list[tuple[str, int, str, str]]) -> Path:
    lines = ["source_key,survey,survey_type,score,responded_at,channel,team_id"]
    lines += [
        f"{key},relationship,nps,{score},{day},{channel},T1" for key, score, day, channel in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _ingest(runtime: Runtime, path: Path) -> None:
    spec = parse_source_spec(
        {"name": "survey", "kind": "feedback", "path": str(path)}, origin="test source"
    )
    [batch] = ingest_source(runtime, spec)
    assert batch.status == "committed", batch


def _answers(start: int, count: int, score: int) -> list[tuple[str, int, str, str]]:
    channels = ("web", "store", "phone")
    return [
        (f"a{i}", score, f"2025-0{1 + i % 3}-{1 + i % 28:02d}", channels[i % 3])
        for i in range(start, start + count)
    ]


def test_summaries_follow_ingest_added_batches_extend_and_replaced_rows_rebuild(
    tmp_path: Path,
) -> None:
    init_workspace(tmp_path / "ws")
    settings = load_settings(tmp_path / "ws")
    request = MetricRequest("nps", by=("channel",), period="month")
    with open_runtime(settings) as runtime:
        warehouse = runtime.warehouse
        _ingest(runtime, _write_answers(tmp_path / "one.csv", _answers(0, 300, 10)))
        assert [r.action for r in refresh_summaries(warehouse, min_rows=0)] == ["built"]
        assert [r.action for r in refresh_summaries(warehouse, min_rows=0)] == ["current"]

        # A second file with new answers only: its groups are added to the summary.
        _ingest(runtime, _write_answers(tmp_path / "two.csv", _answers(300, 200, 3)))
        assert current_summary(warehouse, "feedback") is None
        [extended] = refresh_summaries(warehouse, min_rows=0)
        assert (extended.action, extended.base_rows) == ("extended", 500)
        _same(
            compute_metric(warehouse, request), compute_metric(warehouse, request, summaries=False)
        )

        # The source sends changed scores for answers it sent before: a rebuild.
        _ingest(runtime, _write_answers(tmp_path / "three.csv", _answers(0, 50, 6)))
        [rebuilt] = refresh_summaries(warehouse, min_rows=0)
        assert (rebuilt.action, rebuilt.base_rows) == ("built", 500)
        from_summary = compute_metric(warehouse, request)
        assert all(SUMMARY in sql for sql in from_summary.sql)
        _same(from_summary, compute_metric(warehouse, request, summaries=False))
        detractors = warehouse.scalar(f"SELECT sum(summary_rows) FROM {SUMMARY} WHERE score <= 6")
        assert detractors == 250  # 200 answers of 3 and the 50 changed to 6

        # A summary of another layout (grouped by other columns) is neither read nor extended.
        warehouse.execute("UPDATE metric_summaries SET layout = 'channel,score'")
        assert current_summary(warehouse, "feedback") is None
        assert [r.action for r in refresh_summaries(warehouse, min_rows=0)] == ["built"]
        assert current_summary(warehouse, "feedback") == SUMMARY

        # A summary dropped by hand is not read, and the next refresh builds it again.
        warehouse.execute(f"DROP TABLE {SUMMARY}")
        assert current_summary(warehouse, "feedback") is None
        assert [r.action for r in refresh_summaries(warehouse, min_rows=0)] == ["built"]
        assert warehouse.scalar("SELECT count(*) FROM metric_summaries") == 1

        # A table below the minimum size keeps no summary.
        [removed] = refresh_summaries(warehouse, min_rows=10_000)
        assert removed.action == "removed"
        assert not warehouse.table_exists(SUMMARY)
        assert current_summary(warehouse, "feedback") is None


def test_the_pipeline_step_summarises_large_enough_tables(tmp_path: Path) -> None:
    init_workspace(tmp_path / "ws")
    config = tmp_path / "ws" / "centric.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\nmetrics_summary_min_rows = 100\n", encoding="utf-8"
    )
    settings = load_settings(tmp_path / "ws")
    assert settings.metrics_summary_min_rows == 100
    with open_runtime(settings) as runtime:
        _ingest(runtime, _write_answers(tmp_path / "one.csv", _answers(0, 99, 9)))
        first = run_pipeline(runtime, steps=("summarise",))
        assert [(s.table, s.action) for s in first.summaries] == [("feedback", "not summarised")]
        _ingest(runtime, _write_answers(tmp_path / "two.csv", _answers(99, 1, 9)))
        second = run_pipeline(runtime, steps=("summarise",))
        assert [(s.action, s.base_rows) for s in second.summaries] == [("built", 100)]
        assert current_summary(runtime.warehouse, "feedback") == SUMMARY


@pytest.mark.spark
def test_spark_reads_the_same_summary_and_gives_the_same_figures(
    spark_session: Any, summarised: Path, engine: DuckDBWarehouse, tmp_path: Path
) -> None:
    from centric.warehouse.spark_backend import SparkWarehouse, refresh_parquet_copy

    refresh_parquet_copy(engine, tmp_path / "copy")
    spark = SparkWarehouse(tmp_path / "copy", session=spark_session)
    try:
        for request_ in ANSWERED_BY_THE_SUMMARY[:4]:
            on_spark = compute_metric(spark, request_)
            assert all(SUMMARY in sql for sql in on_spark.sql)
            _same(on_spark, compute_metric(engine, request_, summaries=False))
    finally:
        spark.close()


def test_the_parquet_copy_rewrites_only_the_tables_that_changed(
    summarised: Path, tmp_path: Path
) -> None:
    # No Spark needed: the copy is written by DuckDB.
    from centric.warehouse.spark_backend import COPY_MARKER, refresh_parquet_copy

    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(summarised, path)
    copy = tmp_path / "copy"
    warehouse = DuckDBWarehouse(path)
    try:
        assert refresh_parquet_copy(warehouse, copy)
        names = {p.name for p in copy.glob("*.parquet")}
        assert {"feedback.parquet", f"{SUMMARY}.parquet", "teams.parquet"} <= names
        assert not refresh_parquet_copy(warehouse, copy)  # unchanged: nothing written

        warehouse.execute("UPDATE teams SET region = 'east' WHERE source_key = 'T6'")
        (copy / "orders.parquet").unlink()
        assert refresh_parquet_copy(warehouse, _aged(copy))
        # A changed table and a missing file are written; the others are not touched.
        assert _rewritten(copy) == {"teams.parquet", "orders.parquet"}

        # An interrupted copy (no fingerprints) is redone in full.
        (copy / COPY_MARKER).unlink()
        assert refresh_parquet_copy(warehouse, _aged(copy))
        assert _rewritten(copy) == names
    finally:
        warehouse.close()


_AGED_NS = 1_000_000_000_000_000_000  # 2001-09-09: older than any file this test writes


def _aged(folder: Path) -> Path:
    for path in folder.glob("*.parquet"):
        os.utime(path, ns=(_AGED_NS, _AGED_NS))
    return folder


def _rewritten(folder: Path) -> set[str]:
    return {p.name for p in folder.glob("*.parquet") if p.stat().st_mtime_ns != _AGED_NS}

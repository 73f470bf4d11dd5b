"""The segment dimension: each answer counts in the segment of the customer who gave it.

A handful of rows whose NPS per segment is worked out by hand, in an embedded DuckDB
warehouse: before identities are resolved only the record an answer names is read; after, the
customer's value wins, taken from its most recently updated record that has one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlglot

from centric.errors import InvalidInputError
from centric.identity.tables import create_identity_tables
from centric.voc import MetricRequest, compute_metric, get_dimension, get_metric
from centric.voc.queries import build_aggregate_query
from centric.warehouse import create_warehouse_tables
from centric.warehouse.duckdb_backend import DuckDBWarehouse

RECORDS = [
    # source, key, segment, updated_at
    ("crm", "K1", "Gold", "2025-01-10"),
    ("survey", "S1", "Bronze", "2024-01-01"),  # older than K1: customer C1 is Gold
    ("crm", "K2", None, "2025-01-10"),
    ("loyalty", "L2", "Silver", "2024-06-01"),  # the only value of C2
    ("survey", "S3", "Gold", "2024-01-01"),  # never linked: its own value
    ("survey", "S4", None, "2024-01-01"),  # linked alone, no value anywhere
    ("crm", "K5", "Silver", "2025-01-10"),
    ("loyalty", "L5", "Gold", "2025-01-10"),  # same time as K5: crm sorts first, Silver
    ("survey", "S5", None, "2024-01-01"),
]
LINKS = [
    ("crm", "K1", "C1"),
    ("survey", "S1", "C1"),
    ("crm", "K2", "C2"),
    ("loyalty", "L2", "C2"),
    ("survey", "S4", "C4"),
    ("crm", "K5", "C5"),
    ("loyalty", "L5", "C5"),
    ("survey", "S5", "C5"),
]
ANSWERS = [
    # source of the answer, customer_source, customer_key, score
    *[("survey", "survey", "S1", s) for s in (10, 10, 3)],
    ("survey", "survey", "S3", 9),
    *[("loyalty", None, "L2", s) for s in (10, 5)],  # customer_source defaults to the source
    ("survey", "survey", "S4", 8),
    ("survey", "survey", "S5", 0),
    ("survey", None, None, 10),  # anonymous
]


def _quoted(value: str | None) -> str:
    return "NULL" if value is None else "'" + value.replace("'", "''") + "'"


def _warehouse(path: Path, *, resolved: bool) -> DuckDBWarehouse:
    warehouse = DuckDBWarehouse(path)
    create_warehouse_tables(warehouse)
    records = ", ".join(
        f"({_quoted(s)}, {_quoted(k)}, {_quoted(g)}, TIMESTAMP '{u}')" for s, k, g, u in RECORDS
    )
    warehouse.execute(
        f"INSERT INTO customer_records (source, source_key, segment, updated_at) VALUES {records}"
    )
    answers = ", ".join(
        f"({_quoted(s)}, 'a{i}', 'relationship', 'nps', {score}, {_quoted(cs)}, {_quoted(ck)}, "
        "TIMESTAMP '2025-01-15 12:00')"
        for i, (s, cs, ck, score) in enumerate(ANSWERS)
    )
    warehouse.execute(
        "INSERT INTO feedback (source, source_key, survey, survey_type, score, customer_source, "
        f"customer_key, responded_at) VALUES {answers}"
    )
    if resolved:
        create_identity_tables(warehouse)
        links = ", ".join(f"({_quoted(s)}, {_quoted(k)}, {_quoted(c)})" for s, k, c in LINKS)
        warehouse.execute(
            f"INSERT INTO customer_links (source, source_key, customer_id) VALUES {links}"
        )
    return warehouse


@pytest.fixture
def resolved(tmp_path: Path) -> Iterator[DuckDBWarehouse]:
    warehouse = _warehouse(tmp_path / "resolved.duckdb", resolved=True)
    yield warehouse
    warehouse.close()


@pytest.fixture
def unresolved(tmp_path: Path) -> Iterator[DuckDBWarehouse]:
    warehouse = _warehouse(tmp_path / "unresolved.duckdb", resolved=False)
    yield warehouse
    warehouse.close()


def _by_segment(warehouse: DuckDBWarehouse) -> dict[str, tuple[int, float]]:
    request = MetricRequest("nps", by=("segment",), period=None)
    table = compute_metric(warehouse, request, min_n_customer=1).table
    return {row["segment"]: (row["n"], row["estimate"]) for row in table.to_dict(orient="records")}


def test_segment_is_the_customers_most_recent_value_once_identities_are_resolved(
    resolved: DuckDBWarehouse,
) -> None:
    figures = _by_segment(resolved)
    assert figures.keys() == {"Gold", "Silver", "(none)"}
    assert figures["Gold"] == (4, pytest.approx(100 * (3 / 4 - 1 / 4)))  # S1 x3 and S3
    assert figures["Silver"] == (3, pytest.approx(100 * (1 / 3 - 2 / 3)))  # L2 x2 and S5
    assert figures["(none)"] == (2, pytest.approx(100 * (1 / 2 - 0)))  # S4 and anonymous


def test_segment_reads_the_named_record_before_identities_are_resolved(
    unresolved: DuckDBWarehouse,
) -> None:
    figures = _by_segment(unresolved)
    assert figures == {
        "Bronze": (3, pytest.approx(100 * (2 / 3 - 1 / 3))),
        "Gold": (1, pytest.approx(100.0)),
        "Silver": (2, pytest.approx(0.0)),
        "(none)": (3, pytest.approx(0.0)),  # S4, S5 and the anonymous answer
    }


def test_segment_filters_rows_like_any_dimension(resolved: DuckDBWarehouse) -> None:
    request = MetricRequest("nps", period=None, where={"segment": ("Gold",)})
    table = compute_metric(resolved, request, min_n_customer=1).table
    assert table["n"].tolist() == [4]


def test_segment_is_offered_where_rows_name_a_customer() -> None:
    assert get_dimension(get_metric("nps"), "customer-segment").name == "segment"
    assert get_dimension(get_metric("response-rate"), "segment").name == "segment"
    assert get_dimension(get_metric("fcr"), "segment").name == "segment"
    with pytest.raises(InvalidInputError) as raised:
        get_dimension(get_metric("enps"), "segment")  # employee answers name no customer
    assert raised.value.hint is not None


@pytest.mark.parametrize("resolved_identities", [False, True])
@pytest.mark.parametrize("dialect", ["duckdb", "spark"])
def test_segment_query_renders_for_each_engine(dialect: str, resolved_identities: bool) -> None:
    metric = get_metric("nps")
    segment = get_dimension(metric, "segment")
    query = build_aggregate_query(
        metric,
        metric.measures,
        dimensions=[segment],
        grain="week",
        where={segment: ("Gold",)},
        resolved_identities=resolved_identities,
    )
    rendered = query.render(dialect)
    assert sqlglot.parse_one(rendered, read=dialect) is not None
    assert ("customer_links" in rendered) is resolved_identities

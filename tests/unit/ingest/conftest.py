"""Fixtures for ingest unit tests: mapping and validation run on an in-memory warehouse.

The compiled SQL is the product, so the tests run it: rows given as Python dicts are staged,
mapped, typed and checked exactly as an ingested file would be, and the checked rows returned.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pyarrow as pa
import pytest

from centric.ingest.landing import validate_staged
from centric.ingest.mapping import compile_mapping
from centric.ingest.schemas import SourceSpec
from centric.ingest.validation import compile_validation
from centric.warehouse import TABLES_BY_NAME
from centric.warehouse.duckdb_backend import DuckDBWarehouse

CheckRows = Callable[..., list[dict[str, Any]]]


@pytest.fixture(scope="module")
def memory_warehouse() -> Iterator[DuckDBWarehouse]:
    """One in-memory DuckDB warehouse for a test module."""
    warehouse = DuckDBWarehouse(":memory:")
    try:
        yield warehouse
    finally:
        warehouse.close()


@pytest.fixture
def check_rows(memory_warehouse: DuckDBWarehouse) -> CheckRows:
    """Map and validate rows for a canonical table; returns typed rows with ``_reason``.

    Call as ``check_rows(kind, rows, mapping=None)`` where ``rows`` are dicts of source column to
    text and ``mapping`` is a mapping table as written in ``centric.toml``.
    """
    counter = itertools.count()

    def run(
        kind: str, rows: list[dict[str, str | None]], mapping: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        spec = SourceSpec.model_validate(
            {"name": "src", "kind": kind, "path": "unused.csv", "mapping": mapping or {}}
        )
        table = TABLES_BY_NAME[kind]
        names = list(dict.fromkeys(key for row in rows for key in row))
        arrow = pa.table(
            {
                **{n: pa.array([row.get(n) for row in rows], pa.string()) for n in names},
                "_row": pa.array(range(1, len(rows) + 1), pa.int64()),
            }
        )
        name = f"_unit_{next(counter)}_{id(rows)}"
        staged = memory_warehouse.stage_arrow(name, arrow)
        compiled = compile_mapping(
            table, dict(spec.mapping), staged.columns, source="src", file_label="test.csv"
        )
        validation = compile_validation(table, compiled.texts, compiled.formats)
        checked = validate_staged(memory_warehouse, table, staged, compiled, validation)
        result = memory_warehouse.fetch_arrow(f'SELECT * FROM "{checked}" ORDER BY _row')
        memory_warehouse.drop_staging(name)
        memory_warehouse.drop_staging(checked)
        return list(result.to_pylist())

    return run

"""The same resolution on Spark gives the same clusters as on DuckDB (Splink's fake_1000)."""

from __future__ import annotations

import pytest
from benchmarks.bench_identity import fake_1000_records, load_records, reference_data
from tests.integration.identity.conftest import links

from centric.identity import IdentityConfig, resolve_identities
from centric.runtime import Runtime

pytestmark = [pytest.mark.spark, pytest.mark.slow]


def test_spark_engine_gives_the_same_clusters_as_duckdb_on_fake_1000(runtime: Runtime) -> None:
    try:
        reference_data()
    except FileNotFoundError as exc:
        pytest.fail(str(exc))
    load_records(runtime, fake_1000_records())
    on_duckdb = resolve_identities(runtime, config=IdentityConfig(engine="duckdb"))
    duckdb_links = links(runtime)
    pairs_duckdb = runtime.warehouse.fetch_all(
        "SELECT record_id_l, record_id_r, round(match_weight, 6) FROM identity_pairs ORDER BY 1, 2"
    )
    on_spark = resolve_identities(runtime, full=True, config=IdentityConfig(engine="spark"))
    assert on_spark.engine == "spark"
    assert on_spark.model_id == on_duckdb.model_id
    assert links(runtime) == duckdb_links
    assert on_spark.customers_created == on_spark.customers_merged == 0
    pairs_spark = runtime.warehouse.fetch_all(
        "SELECT record_id_l, record_id_r, round(match_weight, 6) FROM identity_pairs ORDER BY 1, 2"
    )
    assert pairs_spark == pairs_duckdb

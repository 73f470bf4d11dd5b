"""Accuracy floors on public labelled data, with default settings (no per-dataset tuning).

The data are read from ../shared/data (or CENTRIC_REFERENCE_DATA); the tests fail, never skip,
when they are absent. The same loaders feed ``make bench``.
"""

from __future__ import annotations

import pyarrow as pa
import pytest
from benchmarks.bench_identity import (
    fake_1000_records,
    febrl_records,
    load_records,
    reference_data,
    truth_of,
)

from centric.identity import IdentityConfig, evaluate_against_truth, resolve_identities
from centric.runtime import Runtime

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _reference_data() -> None:
    try:
        reference_data()
    except FileNotFoundError as exc:
        pytest.fail(str(exc))


def _accuracy(runtime: Runtime, table: pa.Table, date_format: str | None) -> tuple[float, ...]:
    load_records(runtime, table, date_format=date_format)
    resolve_identities(runtime, config=IdentityConfig())
    accuracy = evaluate_against_truth(runtime, truth_of(table))
    return accuracy.precision, accuracy.recall, accuracy.f1


def test_febrl3_deduplication_reaches_f1_099(runtime: Runtime) -> None:
    precision, recall, f1 = _accuracy(runtime, febrl_records("dataset3", "febrl3"), "%Y%m%d")
    assert f1 >= 0.99, (precision, recall, f1)


def test_febrl4_linkage_reaches_f1_0995(runtime: Runtime) -> None:
    table = pa.concat_tables(
        [febrl_records("dataset4a", "febrl4a"), febrl_records("dataset4b", "febrl4b")]
    )
    precision, recall, f1 = _accuracy(runtime, table, "%Y%m%d")
    assert f1 >= 0.995, (precision, recall, f1)


def test_fake_1000_clusters_stay_precise(runtime: Runtime) -> None:
    precision, recall, f1 = _accuracy(runtime, fake_1000_records(), None)
    assert precision >= 0.98, (precision, recall, f1)
    assert f1 >= 0.8, (precision, recall, f1)

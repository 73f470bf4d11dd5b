"""``build_demo`` end to end: generate, declare, ingest through the user's path, and re-run."""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from centric.config import load_settings
from centric.demo import DemoResult, build_demo
from centric.errors import CentricError, InvalidInputError
from centric.runtime import Runtime, init_workspace, open_runtime
from centric.store import list_audit_events
from centric.warehouse.schema import CANONICAL_TABLES, LINEAGE_COLUMNS

CUSTOMERS = 300
SEED = 7


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    folder = tmp_path_factory.mktemp("demo") / "ws"
    init_workspace(folder)
    config = folder / "centric.toml"
    # A setting the user chose before making the demo must survive it.
    config.write_text(
        config.read_text(encoding="utf-8").replace("# threads = 2", "threads = 2"),
        encoding="utf-8",
    )
    return build_demo(folder, customers=CUSTOMERS, seed=SEED)


@pytest.fixture
def runtime(built: DemoResult) -> Iterator[Runtime]:
    with open_runtime(load_settings(built.workspace)) as opened:
        yield opened


def test_every_canonical_table_is_populated_with_lineage(runtime: Runtime) -> None:
    for table in CANONICAL_TABLES:
        count = runtime.warehouse.scalar(f'SELECT count(*) FROM "{table.name}"')
        assert count > 0, table.name
        missing = runtime.warehouse.scalar(
            f'SELECT count(*) FROM "{table.name}" WHERE '
            + " OR ".join(f'"{c.name}" IS NULL' for c in LINEAGE_COLUMNS)
        )
        assert missing == 0, table.name


def test_planted_bad_rows_and_only_those_are_quarantined_with_reasons(
    built: DemoResult, runtime: Runtime
) -> None:
    with (built.ground_truth / "quarantine_expected.csv").open(encoding="utf-8") as handle:
        expected = {
            (r["source"], r["file"], int(r["source_row"])): r["reason_contains"]
            for r in csv.DictReader(handle)
        }
    found = {
        (source, file, int(row)): reason
        for source, file, row, reason in runtime.warehouse.fetch_all(
            "SELECT source, source_file, source_row, reason FROM quarantine"
        )
    }
    assert found.keys() == expected.keys()
    for key, fragment in expected.items():
        assert fragment in found[key], (key, found[key])
    assert built.quarantined == built.expected_quarantine == len(expected)


def test_every_other_row_lands(built: DemoResult) -> None:
    for source in built.sources:
        assert source.rows_read == source.accepted + source.quarantined, source.name
    landed = sum(s.accepted for s in built.sources)
    canonical = sum(built.tables[t.name] for t in CANONICAL_TABLES)
    assert landed == canonical


def test_ground_truth_covers_every_landed_customer_record(
    built: DemoResult, runtime: Runtime
) -> None:
    with (built.ground_truth / "persons.csv").open(encoding="utf-8") as handle:
        truth = {(r["source"], r["source_key"]) for r in csv.DictReader(handle)}
    landed = set(runtime.warehouse.fetch_all("SELECT source, source_key FROM customer_records"))
    assert landed <= truth
    assert (
        len(truth) - len(landed)
        == sum(s.quarantined for s in built.sources if s.kind == "customer_records") - 1
    )  # the CRM's repeated row is one record exported twice


def test_sources_are_declared_in_centric_toml_next_to_the_users_settings(
    built: DemoResult,
) -> None:
    parsed = tomllib.loads((built.workspace / "centric.toml").read_text(encoding="utf-8"))
    assert parsed["settings"] == {"threads": 2}
    names = [s["name"] for s in parsed["sources"]]
    assert names == [s.name for s in built.sources]
    assert len(names) == 15
    assert load_settings(built.workspace).threads == 2


def test_running_again_with_the_same_arguments_changes_nothing(
    built: DemoResult,
) -> None:
    before = _batches(built.workspace)
    again = build_demo(built.workspace, customers=CUSTOMERS, seed=SEED)
    assert not again.generated
    assert again.changed_nothing
    assert _batches(built.workspace) == before
    assert again.tables == built.tables


def test_a_missing_file_is_regenerated_identically_and_nothing_is_ingested_twice(
    built: DemoResult,
) -> None:
    before = _batches(built.workspace)
    crm = built.workspace / "data" / "crm" / "customers.csv"
    original = crm.read_bytes()
    crm.unlink()
    again = build_demo(built.workspace, customers=CUSTOMERS, seed=SEED)
    assert again.generated
    assert crm.read_bytes() == original
    assert all(s.skipped_files == s.files for s in again.sources)
    assert _batches(built.workspace) == before


def test_a_demo_with_other_arguments_is_refused_without_force(built: DemoResult) -> None:
    with pytest.raises(InvalidInputError, match="--customers 300 --seed 7") as raised:
        build_demo(built.workspace, customers=CUSTOMERS, seed=SEED + 1)
    assert raised.value.hint is not None and "--force" in raised.value.hint


def test_force_replaces_the_demo_instead_of_mixing_two(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    first = build_demo(folder, customers=150, seed=1)
    second = build_demo(folder, customers=160, seed=2, force=True)
    assert second.generated
    assert second.tables["source_batches"] == first.tables["source_batches"]
    with open_runtime(load_settings(folder)) as runtime:
        records = runtime.warehouse.scalar("SELECT count(*) FROM customer_records")
        events = [e.action for e in list_audit_events(runtime.app_db, action="demo.generate")]
    assert records == second.tables["customer_records"]
    assert len(events) == 2  # the app DB (and its audit log) outlives the replaced warehouse
    with (folder / "ground_truth" / "persons.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) >= records


def test_a_workspace_with_its_own_sources_is_never_touched(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    init_workspace(folder)
    config = folder / "centric.toml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + '\n[[sources]]\nname = "erp"\nkind = "orders"\npath = "erp.csv"\n',
        encoding="utf-8",
    )
    before = config.read_bytes()
    with pytest.raises(InvalidInputError, match="not a demo"):
        build_demo(folder, customers=150, seed=1)
    assert config.read_bytes() == before
    assert not (folder / "data").exists()


def test_a_folder_of_other_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="not empty"):
        build_demo(tmp_path, customers=150, seed=1)


@pytest.mark.parametrize(("customers", "seed"), [(10, 1), (5_000_000, 1), (500, -1)])
def test_arguments_out_of_range_are_refused(tmp_path: Path, customers: int, seed: int) -> None:
    with pytest.raises(CentricError):
        build_demo(tmp_path / "ws", customers=customers, seed=seed)
    assert not (tmp_path / "ws").exists()


def _batches(folder: Path) -> list[tuple[object, ...]]:
    with open_runtime(load_settings(folder)) as runtime:
        return runtime.warehouse.fetch_all(
            "SELECT batch_id, source, source_file, file_sha256 FROM source_batches ORDER BY 1"
        )

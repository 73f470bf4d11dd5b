"""Idempotency and history: re-ingesting changes nothing; a changed row keeps its old version."""

from __future__ import annotations

import json

import pytest

from centric.errors import CentricError

HEADER = "id,first_name,last_name,email\n"
ROWS = "c1,Ann,Lee,ann@example.com\nc2,Bo,Ek,bo@example.com\nc3,Cy,Day,cy@example.com\n"


def _counts(fetch) -> dict[str, int]:
    return {
        table: fetch(f"SELECT count(*) AS n FROM {table}")[0]["n"]
        for table in ("customer_records", "source_batches", "quarantine", "record_history")
    }


def _snapshot(fetch) -> list[dict]:
    return fetch("SELECT * FROM customer_records ORDER BY source_key")


def test_same_file_twice_is_skipped_and_adds_nothing(tmp_path, ingest, fetch):
    path = tmp_path / "crm.csv"
    path.write_text(HEADER + ROWS + "c4,Di,Fox,broken\n", encoding="utf-8")
    [first] = ingest(path)
    before, rows_before = _counts(fetch), _snapshot(fetch)
    [second] = ingest(path)
    assert second.status == "skipped"
    assert second.batch_id == first.batch_id
    assert _counts(fetch) == before
    assert _snapshot(fetch) == rows_before


def test_forced_rerun_changes_no_canonical_row(tmp_path, ingest, fetch):
    path = tmp_path / "crm.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    ingest(path)
    rows_before = _snapshot(fetch)
    [again] = ingest(path, force=True)
    assert again.status == "committed"
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
    assert _snapshot(fetch) == rows_before
    assert fetch("SELECT count(*) AS n FROM record_history")[0]["n"] == 0


def test_same_content_under_another_name_is_recognised_and_skipped(tmp_path, ingest, fetch):
    first = tmp_path / "crm-monday.csv"
    first.write_text(HEADER + ROWS, encoding="utf-8")
    second = tmp_path / "crm-tuesday.csv"
    second.write_text(HEADER + ROWS, encoding="utf-8")
    [original] = ingest(first)
    [result] = ingest(second)
    assert (result.status, result.batch_id) == ("skipped", original.batch_id)
    files = fetch("SELECT DISTINCT source_file FROM customer_records")
    assert files == [{"source_file": str(first.resolve())}]


def test_changed_row_updates_its_canonical_row_and_keeps_the_old_version(tmp_path, ingest, fetch):
    monday = tmp_path / "monday.csv"
    monday.write_text(HEADER + ROWS, encoding="utf-8")
    [first] = ingest(monday)
    tuesday = tmp_path / "tuesday.csv"
    tuesday.write_text(
        HEADER + "c1,Ann,Lee-Smith,ann.smith@example.com\nc2,Bo,Ek,bo@example.com\n",
        encoding="utf-8",
    )
    [second] = ingest(tuesday)
    assert (second.inserted, second.updated, second.unchanged) == (0, 1, 1)
    rows = {r["source_key"]: r for r in _snapshot(fetch)}
    assert len(rows) == 3
    assert (rows["c1"]["last_name"], rows["c1"]["email"]) == ("Lee-Smith", "ann.smith@example.com")
    assert (rows["c1"]["batch_id"], rows["c1"]["source_file"]) == (
        second.batch_id,
        str(tuesday.resolve()),
    )
    assert rows["c2"]["batch_id"] == first.batch_id
    assert rows["c3"]["batch_id"] == first.batch_id
    [history] = fetch("SELECT * FROM record_history")
    assert (history["kind"], history["source"], history["source_key"]) == (
        "customer_records",
        "crm",
        "c1",
    )
    assert sorted(history["changed_columns"]) == ["email", "last_name"]
    assert history["replaced_by_batch"] == second.batch_id
    previous = json.loads(history["previous"])
    assert (previous["last_name"], previous["email"], previous["batch_id"]) == (
        "Lee",
        "ann@example.com",
        first.batch_id,
    )


def test_each_change_adds_one_history_version(tmp_path, ingest, fetch):
    for number, surname in enumerate(["Lee", "Lee-Smith", "Smith"]):
        path = tmp_path / f"v{number}.csv"
        path.write_text(f"{HEADER}c1,Ann,{surname},ann@example.com\n", encoding="utf-8")
        ingest(path)
    history = fetch("SELECT previous FROM record_history ORDER BY replaced_by_batch")
    assert [json.loads(h["previous"])["last_name"] for h in history] == ["Lee", "Lee-Smith"]
    assert fetch("SELECT last_name FROM customer_records") == [{"last_name": "Smith"}]


def test_new_rows_in_a_second_file_are_inserted(tmp_path, ingest, fetch):
    first = tmp_path / "a.csv"
    first.write_text(HEADER + ROWS, encoding="utf-8")
    second = tmp_path / "b.csv"
    second.write_text(HEADER + "c4,Di,Fox,di@example.com\nc1,Ann,Lee,ann@example.com\n")
    ingest(first)
    [result] = ingest(second)
    assert (result.inserted, result.updated, result.unchanged) == (1, 0, 1)
    assert [r["source_key"] for r in _snapshot(fetch)] == ["c1", "c2", "c3", "c4"]
    new = fetch("SELECT source_row, batch_id FROM customer_records WHERE source_key = 'c4'")
    assert new == [{"source_row": 1, "batch_id": result.batch_id}]


def test_same_keys_from_another_source_are_separate_rows(tmp_path, ingest, fetch):
    path = tmp_path / "crm.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    ingest(path, source="crm")
    [result] = ingest(path, source="loyalty")
    assert (result.status, result.inserted) == ("committed", 3)
    assert fetch("SELECT count(*) AS n FROM customer_records")[0]["n"] == 6


def test_changing_the_mapping_reprocesses_the_same_file(tmp_path, ingest, fetch):
    path = tmp_path / "crm.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    ingest(path)
    [result] = ingest(path, mapping={"country": {"constant": "GB"}})
    assert (result.status, result.updated) == ("committed", 3)
    assert {r["country"] for r in _snapshot(fetch)} == {"GB"}


def test_failed_file_leaves_nothing_and_can_be_ingested_after_the_fix(tmp_path, ingest, fetch):
    path = tmp_path / "crm.csv"
    path.write_text("first_name,email\nAnn,ann@example.com\n", encoding="utf-8")
    with pytest.raises(CentricError):
        ingest(path)
    assert _counts(fetch) == dict.fromkeys(_counts(fetch), 0)
    [result] = ingest(path, mapping={"source_key": "email"})
    assert result.inserted == 1

"""A batch lands completely or not at all, even when the warehouse fails half-way."""

from __future__ import annotations

import pytest

from centric.errors import BackendError
from centric.store import list_audit_events

TABLES = ("customer_records", "source_batches", "quarantine", "record_history")


def _state(fetch) -> dict[str, list[dict]]:
    return {table: fetch(f"SELECT * FROM {table} ORDER BY ALL") for table in TABLES}


def _fail_on(monkeypatch, warehouse, statement_start: str) -> list[str]:
    """Make the warehouse fail on the first statement starting with ``statement_start``."""
    seen: list[str] = []
    original = warehouse.execute

    def failing(sql, params=None):
        plain = sql.replace('"', "").lstrip()
        seen.append(plain)
        if plain.startswith(statement_start):
            raise BackendError("disk full (injected)")
        return original(sql, params)

    monkeypatch.setattr(warehouse, "execute", failing)
    return seen


@pytest.mark.parametrize(
    "statement",
    ["INSERT INTO quarantine", "INSERT INTO customer_records", "INSERT INTO source_batches"],
)
def test_failure_during_the_first_batch_leaves_no_partial_rows(
    tmp_path, runtime, ingest, fetch, monkeypatch, statement
):
    path = tmp_path / "crm.csv"
    path.write_text("id,email\n1,a@example.com\n2,bad\n3,c@example.com\n", encoding="utf-8")
    before = _state(fetch)
    seen = _fail_on(monkeypatch, runtime.warehouse, statement)
    with pytest.raises(BackendError):
        ingest(path)
    assert any(sql.startswith(statement) for sql in seen)
    monkeypatch.undo()
    assert _state(fetch) == before
    assert list_audit_events(runtime.app_db, action="ingest.batch") == []
    [result] = ingest(path)
    assert (result.inserted, result.quarantined) == (2, 1)


@pytest.mark.parametrize(
    "statement",
    ["INSERT INTO record_history", "DELETE FROM customer_records", "INSERT INTO source_batches"],
)
def test_failure_while_updating_rows_keeps_the_previous_versions(
    tmp_path, runtime, ingest, fetch, monkeypatch, statement
):
    first = tmp_path / "v1.csv"
    first.write_text("id,last_name\n1,Lee\n2,Ek\n", encoding="utf-8")
    ingest(first)
    second = tmp_path / "v2.csv"
    second.write_text("id,last_name\n1,Lee-Smith\n2,Ek\n3,New\n", encoding="utf-8")
    before = _state(fetch)
    _fail_on(monkeypatch, runtime.warehouse, statement)
    with pytest.raises(BackendError):
        ingest(second)
    monkeypatch.undo()
    assert _state(fetch) == before
    [result] = ingest(second)
    assert (result.inserted, result.updated, result.unchanged) == (1, 1, 1)

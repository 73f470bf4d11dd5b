"""Lineage: every canonical row knows its source, batch, file and record number."""

from __future__ import annotations

import json

from centric.ingest import list_batches


def test_every_row_records_source_batch_file_and_record_number(tmp_path, ingest, fetch):
    path = tmp_path / "crm.csv"
    path.write_text("id,first_name\nc1,Ann\nc2,Bo\nc3,Cy\n", encoding="utf-8")
    [result] = ingest(path)
    rows = fetch(
        "SELECT source, source_key, batch_id, source_file, source_row, ingested_at "
        "FROM customer_records ORDER BY source_row"
    )
    assert [(r["source"], r["source_key"], r["source_row"]) for r in rows] == [
        ("crm", "c1", 1),
        ("crm", "c2", 2),
        ("crm", "c3", 3),
    ]
    assert {r["batch_id"] for r in rows} == {result.batch_id}
    assert {r["source_file"] for r in rows} == {str(path.resolve())}
    assert all(r["ingested_at"] is not None for r in rows)


def test_record_numbers_count_multi_line_records_once_and_skip_quarantined_ones(
    tmp_path, ingest, fetch
):
    body = (
        "id,first_name,email\n"
        'c1,"Ann\nMarie\nLouise",ann@example.com\n'  # record 1 spans three lines
        "c2,Bo,bo@example.com,surplus\n"  # record 2: too many fields
        'c3,"Cy\r\nRyan",not-an-email\n'  # record 3: invalid e-mail
        "c4,Di\n"  # record 4: too few fields
        'c5,"Ed ""Eddie""",ed@example.com\n'  # record 5
        'c6,"F\n\nf",f@example.com\n'  # record 6 spans three lines
        "c7,Gil,gil@example.com\n"  # record 7
    )
    path = tmp_path / "crm.csv"
    path.write_text(body, encoding="utf-8")
    [result] = ingest(path)
    assert (result.rows_read, result.inserted, result.quarantined) == (7, 4, 3)
    landed = fetch("SELECT source_key, source_row FROM customer_records ORDER BY source_row")
    assert [(r["source_key"], r["source_row"]) for r in landed] == [
        ("c1", 1),
        ("c5", 5),
        ("c6", 6),
        ("c7", 7),
    ]
    set_aside = fetch("SELECT source_row, source_key FROM quarantine ORDER BY source_row")
    assert [r["source_row"] for r in set_aside] == [2, 3, 4]
    assert set_aside[1]["source_key"] == "c3"


def test_lineage_view_lists_rows_of_every_canonical_table(tmp_path, ingest, fetch):
    people = tmp_path / "people.csv"
    people.write_text("id,first_name\n1,Ann\n", encoding="utf-8")
    orders = tmp_path / "orders.csv"
    orders.write_text("id,ordered_at,amount\no1,2024-01-01,3\n", encoding="utf-8")
    ingest(people)
    ingest(orders, kind="orders", source="shop")
    rows = fetch("SELECT kind, source, source_key, source_row FROM source_rows ORDER BY kind")
    assert rows == [
        {"kind": "customer_records", "source": "crm", "source_key": "1", "source_row": 1},
        {"kind": "orders", "source": "shop", "source_key": "o1", "source_row": 1},
    ]


def test_batch_records_counts_digest_and_reader_options(tmp_path, ingest, fetch, runtime):
    path = tmp_path / "crm.csv"
    path.write_text("id;first_name;email\n1;Ann;a@example.com\n2;Bo;bad\n", encoding="utf-8")
    [result] = ingest(path)
    [batch] = fetch("SELECT * FROM source_batches")
    assert batch["batch_id"] == result.batch_id
    assert (batch["source"], batch["kind"], batch["format"]) == ("crm", "customer_records", "csv")
    assert (batch["rows_read"], batch["rows_inserted"], batch["rows_quarantined"]) == (2, 1, 1)
    assert batch["file_bytes"] == path.stat().st_size
    assert len(batch["file_sha256"]) == 64
    assert json.loads(batch["reader_options"])["delimiter"] == ";"
    assert list_batches(runtime)[0]["batch_id"] == result.batch_id


def test_quarantined_row_keeps_its_original_values_and_batch(tmp_path, ingest, fetch):
    path = tmp_path / "crm.csv"
    path.write_text("id,first_name,email\n1,Ann,ann-at-example\n", encoding="utf-8")
    [result] = ingest(path)
    [row] = fetch("SELECT * FROM quarantine")
    assert row["batch_id"] == result.batch_id
    assert (row["source"], row["kind"], row["source_row"], row["source_key"]) == (
        "crm",
        "customer_records",
        1,
        "1",
    )
    assert json.loads(row["original"]) == {
        "id": "1",
        "first_name": "Ann",
        "email": "ann-at-example",
    }
    assert row["reason"] == "email: 'ann-at-example' is not an e-mail address"

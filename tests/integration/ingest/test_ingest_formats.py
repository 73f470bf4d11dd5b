"""Each input format lands in the canonical tables with its values intact."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook
from sqlalchemy import create_engine, text

NAMES = ["José Núñez", "Zoë Müller", "François Ødegård"]


def _csv(path: Path, text_: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text_.encode(encoding))
    return path


def _batch_options(fetch, batch_id: int) -> dict:
    row = fetch("SELECT reader_options FROM source_batches WHERE batch_id = ?", [batch_id])[0]
    return json.loads(row["reader_options"])


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_delimiter_is_detected(tmp_path, ingest, fetch, delimiter):
    other = "," if delimiter != "," else ";"
    lines = [
        delimiter.join(["id", "full_name", "city"]),
        *(
            delimiter.join([str(i), f"Smith{other} Ann {i}", f"Leeds{other} UK"])
            for i in range(1, 6)
        ),
    ]
    path = _csv(tmp_path / "people.csv", "\n".join(lines) + "\n")
    [result] = ingest(path)
    assert (result.inserted, result.quarantined) == (5, 0)
    rows = fetch("SELECT full_name, city FROM customer_records ORDER BY source_row")
    assert rows[0] == {"full_name": f"Smith{other} Ann 1", "city": f"Leeds{other} UK"}
    assert _batch_options(fetch, result.batch_id)["delimiter"] == delimiter


def test_csv_header_line_is_detected(tmp_path, ingest, fetch):
    path = _csv(
        tmp_path / "h.csv", "id,first_name,date_of_birth\n1,Ann,1980-01-02\n2,Bo,1990-03-04\n"
    )
    [result] = ingest(path)
    assert result.inserted == 2
    assert _batch_options(fetch, result.batch_id)["header"] is True


def test_csv_without_a_header_is_mapped_by_position(tmp_path, ingest, fetch):
    path = _csv(tmp_path / "noheader.csv", "101,Ann,1980-01-02\n102,Bo,1990-03-04\n")
    mapping = {"source_key": "column0", "first_name": "column1", "date_of_birth": "column2"}
    [result] = ingest(path, mapping=mapping)
    assert (result.inserted, result.quarantined) == (2, 0)
    assert _batch_options(fetch, result.batch_id)["header"] is False
    rows = fetch("SELECT source_key, first_name, date_of_birth FROM customer_records ORDER BY 1")
    assert rows[0] == {
        "source_key": "101",
        "first_name": "Ann",
        "date_of_birth": dt.date(1980, 1, 2),
    }


def test_csv_declared_options_override_detection(tmp_path, ingest, fetch):
    path = _csv(tmp_path / "declared.txt", "id;name\n1;Ann, Lee\n")
    [result] = ingest(
        path, options={"delimiter": ";", "header": True}, mapping={"full_name": "name"}
    )
    assert result.inserted == 1
    assert fetch("SELECT full_name FROM customer_records") == [{"full_name": "Ann, Lee"}]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_csv_quoted_fields_keep_their_line_breaks_and_quotes(tmp_path, ingest, fetch, newline):
    body = newline.join(
        [
            "id,survey,responded_at,verbatim",
            '1,nps,2024-01-01,"Great staff.' + newline + 'Slow ""express"" delivery, though."',
            "2,nps,2024-01-02,Fine",
            '3,nps,2024-01-03,"Line one' + newline + newline + 'line three"',
        ]
    )
    path = _csv(tmp_path / "fb.csv", body + newline)
    [result] = ingest(path, kind="feedback")
    assert (result.inserted, result.quarantined) == (3, 0)
    rows = fetch("SELECT source_row, verbatim FROM feedback ORDER BY source_row")
    assert rows == [
        {"source_row": 1, "verbatim": f'Great staff.{newline}Slow "express" delivery, though.'},
        {"source_row": 2, "verbatim": "Fine"},
        {"source_row": 3, "verbatim": f"Line one{newline}{newline}line three"},
    ]


@pytest.mark.parametrize(
    ("encoding", "recorded", "prefix"),
    [
        ("utf-8", "utf-8", b""),
        ("utf-8", "utf-8", b"\xef\xbb\xbf"),
        ("utf-16", "utf-16", b""),
        ("utf-16-le", "utf-16-le", b""),
        ("cp1252", "cp1252", b""),
        ("latin-1", "cp1252", b""),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-no-bom", "windows-1252", "latin-1"],
)
def test_csv_encodings_keep_accents(tmp_path, ingest, fetch, encoding, recorded, prefix):
    body = "id,full_name\n" + "".join(f"{i},{name}\n" for i, name in enumerate(NAMES, 1))
    path = tmp_path / "people.csv"
    path.write_bytes(prefix + body.encode(encoding))
    [result] = ingest(path)
    assert (result.inserted, result.quarantined) == (3, 0)
    rows = fetch("SELECT full_name FROM customer_records ORDER BY source_row")
    assert [r["full_name"] for r in rows] == NAMES
    assert _batch_options(fetch, result.batch_id)["encoding"] == recorded


def test_csv_in_windows_1252_keeps_its_typographic_characters(tmp_path, ingest, fetch):
    path = tmp_path / "quotes.csv"
    name = "\u201cPepe\u201d Núñez \u2013 5€"
    path.write_bytes(f"id,full_name\n1,{name}\n".encode("cp1252"))
    ingest(path)
    assert fetch("SELECT full_name FROM customer_records") == [{"full_name": name}]


def test_parquet_typed_columns_land_typed(tmp_path, ingest, fetch):
    table = pa.table(
        {
            "id": pa.array([1, 2], pa.int64()),
            "ordered_at": pa.array([dt.datetime(2024, 5, 1, 9, 30), dt.datetime(2024, 5, 2)]),
            "amount": pa.array([12.5, 3.0]),
            "quantity": pa.array([2, 1], pa.int32()),
            "channel": pa.array(["Web", "store"]),
        }
    )
    path = tmp_path / "orders.parquet"
    pq.write_table(table, path)
    [result] = ingest(path, kind="orders", source="shop")
    assert (result.inserted, result.quarantined) == (2, 0)
    rows = fetch(
        "SELECT source_key, ordered_at, amount, quantity, channel, source_row "
        "FROM orders ORDER BY 1"
    )
    assert rows[0] == {
        "source_key": "1",
        "ordered_at": dt.datetime(2024, 5, 1, 9, 30),
        "amount": Decimal("12.50"),
        "quantity": 2,
        "channel": "web",
        "source_row": 1,
    }


def test_json_array_with_nested_objects_maps_dotted_columns(tmp_path, ingest, fetch):
    records = [
        {"id": "a1", "name": {"first": "Ann", "last": "Lee"}, "address": {"city": "Leeds"}},
        {"id": "a2", "name": {"first": "Bo", "last": "Ek"}, "address": {"city": None}, "tags": [1]},
    ]
    path = tmp_path / "people.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    mapping = {"first_name": "name.first", "last_name": "name.last", "city": "address.city"}
    [result] = ingest(path, mapping=mapping)
    assert (result.inserted, result.quarantined) == (2, 0)
    rows = fetch("SELECT source_key, first_name, last_name, city FROM customer_records ORDER BY 1")
    assert rows == [
        {"source_key": "a1", "first_name": "Ann", "last_name": "Lee", "city": "Leeds"},
        {"source_key": "a2", "first_name": "Bo", "last_name": "Ek", "city": None},
    ]


def test_json_object_holding_a_list_of_records_is_read(tmp_path, ingest):
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"meta": {"n": 2}, "customers": [{"id": 1}, {"id": 2}]}))
    [result] = ingest(path)
    assert result.inserted == 2


def test_ndjson_nested_objects_become_dotted_columns(tmp_path, ingest, fetch):
    lines = [
        {"id": 1, "survey": "csat", "score": 4, "meta": {"lang": "es", "channel": "Web"}},
        {"id": 2, "survey": "csat", "score": 5, "meta": {"lang": "en"}},
    ]
    path = tmp_path / "fb.ndjson"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    mapping = {
        "language": "meta.lang",
        "channel": "meta.channel",
        "survey_type": {"constant": "csat"},
        "responded_at": {"constant": "2024-06-01"},
    }
    [result] = ingest(path, kind="feedback", mapping=mapping)
    assert (result.inserted, result.quarantined) == (2, 0)
    rows = fetch("SELECT source_key, language, channel, score, scale_max FROM feedback ORDER BY 1")
    assert rows == [
        {"source_key": "1", "language": "es", "channel": "web", "score": 4.0, "scale_max": 5.0},
        {"source_key": "2", "language": "en", "channel": None, "score": 5.0, "scale_max": 5.0},
    ]


def test_excel_sheet_lands_with_typed_cells(tmp_path, ingest, fetch):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Staff"
    sheet.append(["Employee ID", "First Name", "Surname", "Team", "Hired On"])
    sheet.append(["E1", "Ann", "Lee", "T1", dt.datetime(2020, 1, 15)])
    sheet.append([None, None, None, None, None])
    sheet.append(["E2", "Bo", "Ek", "T2", dt.date(2021, 6, 1)])
    path = tmp_path / "staff.xlsx"
    workbook.save(path)
    mapping = {"source_key": "Employee ID", "team_id": "Team", "hired_on": "Hired On"}
    [result] = ingest(path, kind="employees", source="hr", mapping=mapping)
    assert (result.inserted, result.quarantined) == (2, 0)
    rows = fetch(
        "SELECT source_key, first_name, last_name, hired_on, source_row FROM employees ORDER BY 1"
    )
    assert rows == [
        {
            "source_key": "E1",
            "first_name": "Ann",
            "last_name": "Lee",
            "hired_on": dt.date(2020, 1, 15),
            "source_row": 1,
        },
        {
            "source_key": "E2",
            "first_name": "Bo",
            "last_name": "Ek",
            "hired_on": dt.date(2021, 6, 1),
            "source_row": 3,
        },
    ]


def test_excel_sheet_option_selects_the_sheet(tmp_path, ingest, fetch):
    workbook = Workbook()
    workbook.active.append(["notes"])
    teams = workbook.create_sheet("Teams")
    teams.append(["id", "name", "parent"])
    teams.append(["T1", "North", None])
    teams.append(["T2", "Leeds store", "T1"])
    path = tmp_path / "org.xlsx"
    workbook.save(path)
    [result] = ingest(
        path,
        kind="teams",
        source="hr",
        options={"sheet": "Teams"},
        mapping={"parent_team_id": "parent"},
    )
    assert result.inserted == 2
    assert fetch("SELECT source_key, parent_team_id FROM teams ORDER BY 1") == [
        {"source_key": "T1", "parent_team_id": None},
        {"source_key": "T2", "parent_team_id": "T1"},
    ]


def _sqlite_shop(path: Path) -> str:
    url = f"sqlite:///{path}"
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text("CREATE TABLE orders (id INTEGER, cust TEXT, placed TEXT, total REAL, chan TEXT)")
        )
        connection.execute(
            text(
                "INSERT INTO orders VALUES (1, 'c1', '2024-05-01 10:00:00', 19.99, 'web'), "
                "(2, 'c2', '2024-05-02 11:30:00', 5, 'store'), (3, 'c1', 'soon', 1, 'web')"
            )
        )
    engine.dispose()
    return url


SHOP_QUERY = "SELECT id, cust, placed, total, chan FROM orders ORDER BY id"
SHOP_MAPPING = {
    "source_key": "id",
    "customer_key": "cust",
    "ordered_at": "placed",
    "amount": "total",
    "channel": "chan",
}


def test_sql_query_against_sqlite_lands_rows_and_quarantines_bad_ones(tmp_path, runtime, fetch):
    from centric.ingest import SourceSpec, ingest_source

    url = _sqlite_shop(tmp_path / "shop.db")
    spec = SourceSpec.model_validate(
        {"name": "shop", "kind": "orders", "url": url, "query": SHOP_QUERY, "mapping": SHOP_MAPPING}
    )
    [result] = ingest_source(runtime, spec)
    assert (result.rows_read, result.inserted, result.quarantined) == (3, 2, 1)
    assert result.source_file.startswith("sql:sqlite:///")
    rows = fetch("SELECT source_key, amount, source_row FROM orders ORDER BY 1")
    assert rows == [
        {"source_key": "1", "amount": Decimal("19.99"), "source_row": 1},
        {"source_key": "2", "amount": Decimal("5.00"), "source_row": 2},
    ]
    [again] = ingest_source(runtime, spec)
    assert again.status == "skipped"


@pytest.mark.postgres
def test_sql_query_against_postgresql_lands_rows(postgres_url, runtime, fetch):
    from centric.ingest import SourceSpec, ingest_source

    engine = create_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(
            text("CREATE TABLE tickets (id int, opened timestamptz, chan text, aht numeric)")
        )
        connection.execute(
            text(
                "INSERT INTO tickets VALUES (1, '2024-05-01 10:00:00+02', 'Phone', 310.5), "
                "(2, '2024-05-01 12:00:00+00', 'chat', NULL)"
            )
        )
    engine.dispose()
    spec = SourceSpec.model_validate(
        {
            "name": "contact_centre",
            "kind": "interactions",
            "url": postgres_url,
            "query": "SELECT id, opened, chan, aht FROM tickets ORDER BY id",
            "mapping": {
                "source_key": "id",
                "occurred_at": "opened",
                "channel": "chan",
                "handle_time_seconds": "aht",
            },
        }
    )
    [result] = ingest_source(runtime, spec)
    assert (result.inserted, result.quarantined) == (2, 0)
    rows = fetch(
        "SELECT source_key, occurred_at, channel, handle_time_seconds FROM interactions ORDER BY 1"
    )
    assert rows == [
        {
            "source_key": "1",
            "occurred_at": dt.datetime(2024, 5, 1, 8, 0),
            "channel": "phone",
            "handle_time_seconds": 310.5,
        },
        {
            "source_key": "2",
            "occurred_at": dt.datetime(2024, 5, 1, 12, 0),
            "channel": "chat",
            "handle_time_seconds": None,
        },
    ]

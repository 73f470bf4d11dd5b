"""Malformed inputs: each either fails as a whole with a message naming the file, the problem
and the fix, or quarantines exactly its bad records with their reasons while every valid record
of the same file lands.

Every case runs on one shared workspace under its own source name, so cases cannot see each
other's rows. A reason ending in ``*`` is compared as a prefix (the rest is the engine's detail).
"""

from __future__ import annotations

import io
import json
import os
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from centric.errors import CentricError, ConfigurationError, InvalidInputError, NotFoundError

Build = Callable[[Path], Path | None]


@dataclass(frozen=True)
class Quarantines:
    """The file is used: these records are set aside with these reasons, these keys land."""

    reasons: dict[int, str]
    landed: tuple[str, ...]
    landed_values: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Fails:
    """The file cannot be used at all."""

    error: type[CentricError]
    message: tuple[str, ...]
    hint: tuple[str, ...]
    names_file: bool = True


@dataclass(frozen=True)
class Case:
    id: str
    build: Build
    expect: Quarantines | Fails
    kind: str = "customer_records"
    options: dict[str, Any] | None = None
    mapping: dict[str, Any] | None = None
    fmt: str | None = None
    url: Callable[[Path], str] | None = None
    query: str | None = None


def _text(name: str, content: str, encoding: str = "utf-8") -> Build:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content.encode(encoding))
        return path

    return build


def _bytes(name: str, content: bytes) -> Build:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content)
        return path

    return build


def _valid_people(count: int, start: int = 1) -> str:
    return "".join(f"v{i},Valid{i},v{i}@example.com\n" for i in range(start, start + count))


def _keys(count: int, start: int = 1) -> tuple[str, ...]:
    return tuple(f"v{i}" for i in range(start, start + count))


PEOPLE = "id,first_name,email\n"
ORDERS = "id,ordered_at,amount,quantity,channel\n"
FEEDBACK = "id,survey,survey_type,score,responded_at\n"
ISO_HINT = (
    "is not an ISO date/time (YYYY-MM-DD[ HH:MM:SS]); declare the source's format in the "
    "mapping, e.g. format = '%d/%m/%Y'"
)
KEPT_V1 = "source_key 'v1' appears again at row 4 of this file; the last occurrence was kept"
FORMULA = "looks like a spreadsheet formula; formulas are not accepted in data fields"


def _noise(seed: int, size: int) -> bytes:
    return random.Random(seed).randbytes(size)  # noqa: S311  # repeatable test bytes, not a secret


def _nothing(folder: Path) -> None:
    del folder  # a SQL source reads no file


def _png(folder: Path) -> Path:
    path = folder / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _noise(1, 400))
    return path


def _random_bytes(folder: Path) -> Path:
    path = folder / "noise.csv"
    path.write_bytes(_noise(7, 4096))
    return path


def _xlsx_as_csv(folder: Path) -> Path:
    workbook = Workbook()
    workbook.active.append(["id", "first_name"])
    workbook.active.append(["1", "Ann"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = folder / "export.csv"
    path.write_bytes(buffer.getvalue())
    return path


def _zip_as_csv(folder: Path) -> Path:
    path = folder / "archive.csv"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("people.csv", PEOPLE + _valid_people(3))
    return path


def _long_line(folder: Path) -> Path:
    path = folder / "long-line.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(PEOPLE + _valid_people(3))
        handle.write("x1," + "B" * (9 * 1024 * 1024) + ",x1@example.com\n")
        handle.write(_valid_people(2, start=4))
    return path


def _truncated_parquet(folder: Path) -> Path:
    whole = folder / "whole.parquet"
    pq.write_table(pa.table({"id": ["1", "2", "3"], "first_name": ["a", "b", "c"]}), whole)
    data = whole.read_bytes()
    path = folder / "truncated.parquet"
    path.write_bytes(data[: len(data) // 2])
    whole.unlink()
    return path


def _corrupt_xlsx(folder: Path) -> Path:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    data = buffer.getvalue()
    path = folder / "corrupt.xlsx"
    path.write_bytes(data[: len(data) // 3])
    return path


def _excel_with_stray_cells(folder: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["id", "first_name"])
    sheet.append(["v1", "Ann"])
    sheet.append(["x1", "Bo", "surplus"])
    sheet.append(["v2", "Cy"])
    path = folder / "stray.xlsx"
    workbook.save(path)
    return path


def _folder(folder: Path) -> Path:
    path = folder / "exports"
    path.mkdir()
    return path


def _sqlite(folder: Path) -> str:
    import sqlite3

    path = folder / "shop.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE orders (id TEXT)")
    return f"sqlite:///{path}"


CASES = [
    # --- encodings ---------------------------------------------------------------------------
    Case(
        "declared-utf16-but-utf8",
        _text("declared16.csv", PEOPLE + _valid_people(3)),
        Fails(
            InvalidInputError,
            ("declared as utf-16", "is not UTF-16 text"),
            ("Remove the encoding option",),
        ),
        options={"encoding": "utf-16"},
    ),
    Case(
        "declared-utf8-but-windows-1252",
        _text("declared8.csv", PEOPLE + "v1,José,j@example.com\nv2,Zoë,z@example.com\n", "cp1252"),
        Fails(
            InvalidInputError,
            ("declared as utf-8", "byte 0xE9 at offset", "looks like cp1252"),
            ("encoding = 'cp1252'",),
        ),
        options={"encoding": "utf-8"},
    ),
    Case(
        "unknown-encoding-declared",
        _text("klingon.csv", PEOPLE + _valid_people(1)),
        Fails(InvalidInputError, ("'klingon'", "not a known encoding"), ("utf-8, utf-16, cp1252",)),
        options={"encoding": "klingon"},
    ),
    Case(
        "undecodable-bytes-in-utf8",
        _bytes(
            "undecodable.csv",
            b"id,first_name,email\nv1,Jos\xc3\xa9,j@example.com\nx1,B\xff\xfeob,b@example.com\n"
            b"v2,Zo\xc3\xab,z@example.com\n",
        ),
        Quarantines(
            {2: "the record holds bytes that are not valid text in the file's encoding*"},
            ("v1", "v2"),
            {"v1": {"first_name": "José"}, "v2": {"first_name": "Zoë"}},
        ),
    ),
    # --- structure of records ----------------------------------------------------------------
    Case(
        "ragged-too-many-fields",
        _text(
            "too-many.csv",
            PEOPLE + _valid_people(2) + "x1,Bo,b@example.com,extra\n" + _valid_people(1, 3),
        ),
        Quarantines(
            {
                3: "the record has more fields than the header "
                "(Expected Number of Columns: 3 Found: 4)"
            },
            _keys(3),
        ),
    ),
    Case(
        "ragged-too-few-fields",
        _text("too-few.csv", PEOPLE + _valid_people(2) + "x1,Bo\n" + _valid_people(1, 3)),
        Quarantines(
            {
                3: "the record has fewer fields than the header "
                "(Expected Number of Columns: 3 Found: 2)"
            },
            _keys(3),
        ),
    ),
    Case(
        "stray-quote",
        _text(
            "stray-quote.csv",
            PEOPLE
            + 'v1,"Lee, Ann",a@example.com\nx1,"Bo"b,b@example.com\nv2,O"Brien,o@example.com\n',
        ),
        Quarantines(
            {2: "a field has a stray quote character*"},
            ("v1", "v2"),
            {"v1": {"first_name": "Lee, Ann"}, "v2": {"first_name": 'O"Brien'}},
        ),
    ),
    Case(
        "nul-bytes",
        _bytes(
            "nul.csv",
            (PEOPLE + _valid_people(40)).encode()
            + b"x1,A\x00nn,a@example.com\n"
            + _valid_people(2, 41).encode(),
        ),
        Quarantines(
            {41: "first_name: holds a NUL character (byte 0), which text cannot contain"}, _keys(42)
        ),
    ),
    Case(
        "line-over-the-engine-maximum",
        _long_line,
        Quarantines({4: "the record is longer than the maximum line size*"}, _keys(5)),
    ),
    Case(
        "huge-field-over-1000-characters",
        _text("huge.csv", PEOPLE + _valid_people(2) + "x1," + "N" * 5000 + ",n@example.com\n"),
        Quarantines(
            {3: "first_name: value of 5000 characters is longer than the limit of 1,000"}, _keys(2)
        ),
    ),
    Case(
        "huge-free-text-over-100000-characters",
        _text(
            "huge-verbatim.csv",
            "id,survey,responded_at,verbatim\n"
            "v1,nps,2024-01-01,fine\n"
            f'x1,nps,2024-01-01,"{"long " * 20001}"\n',
        ),
        Quarantines(
            {2: "verbatim: value of 100004 characters is longer than the limit of 100,000"},
            ("v1",),
        ),
        kind="feedback",
    ),
    # --- whole files that are not usable -----------------------------------------------------
    Case(
        "empty-file",
        _bytes("empty.csv", b""),
        Fails(InvalidInputError, ("is empty",), ("needs its header line",)),
    ),
    Case(
        "whitespace-only-file",
        _text("blank.csv", "  \n\t\n\r\n   "),
        Fails(InvalidInputError, ("is empty",), ("needs its header line",)),
    ),
    Case(
        "binary-random-bytes",
        _random_bytes,
        Fails(InvalidInputError, ("is not a text file", "binary data"), ("CSV export",)),
    ),
    Case(
        "png-declared-as-csv",
        _png,
        Fails(InvalidInputError, ("is not a text file", "PNG image"), ("CSV export",)),
    ),
    Case(
        "xlsx-declared-as-csv",
        _xlsx_as_csv,
        Fails(InvalidInputError, ("ZIP archive", "use format = 'excel'"), ("real format",)),
    ),
    Case(
        "zip-declared-as-csv",
        _zip_as_csv,
        Fails(InvalidInputError, ("ZIP archive",), ("real format",)),
    ),
    Case(
        "missing-required-column",
        _text("no-key.csv", "first_name,email\nAnn,a@example.com\n"),
        Fails(
            InvalidInputError,
            ("cannot feed customer_records", "required field(s) source_key", "first_name, email"),
            ('source_key = "<column in file>"',),
        ),
    ),
    Case(
        "missing-file",
        lambda folder: folder / "not-there.csv",
        Fails(NotFoundError, ("No file matches",), ("Check the path",)),
    ),
    Case(
        "folder-instead-of-file",
        _folder,
        Fails(InvalidInputError, ("is a folder, not a file",), ("folder/*.csv",)),
    ),
    Case(
        "unknown-reader-option",
        _text("option.csv", PEOPLE + _valid_people(1)),
        Fails(
            InvalidInputError, ("Unknown reader option(s) for csv: delim",), ("delimiter",), False
        ),
        options={"delim": ";"},
    ),
    Case(
        "csv-column-named-like-the-record-number",
        _text("reserved.csv", "id,_row,first_name\n1,x,Ann\n"),
        Fails(InvalidInputError, ("column named '_row'",), ("Rename that column",)),
    ),
    # --- JSON, Parquet, Excel ----------------------------------------------------------------
    Case(
        "ndjson-key-named-like-the-record-number",
        _text("reserved.ndjson", '{"id": "1", "_row": 5}\n'),
        Fails(InvalidInputError, ("column named '_row'",), ("Rename that column",)),
    ),
    Case(
        "ndjson-invalid-lines",
        _text(
            "events.ndjson",
            '{"id": "v1", "first_name": "Ann"}\n{"id": "x1", broken\n[1, 2]\n\n{"id": "v2"}\n',
        ),
        Quarantines(
            {
                2: "the line is not valid JSON (Expecting property name enclosed in double quotes)",
                3: "the line is JSON but not an object",
            },
            ("v1", "v2"),
        ),
    ),
    Case(
        "ndjson-line-not-utf8",
        _bytes(
            "latin.ndjson", b'{"id": "v1"}\n{"id": "x1", "first_name": "Jos\xe9"}\n{"id": "v2"}\n'
        ),
        Quarantines({2: "the line is not UTF-8 text (byte 0xE9 at position 32)"}, ("v1", "v2")),
    ),
    Case(
        "json-document-not-a-list",
        _text("scalar.json", '"just a string"'),
        Fails(InvalidInputError, ("neither a JSON array",), ("JSON array of objects",)),
    ),
    Case(
        "json-object-without-records",
        _text("object.json", '{\n  "id": 1,\n  "name": "Ann"\n}\n'),
        Fails(
            InvalidInputError,
            ("JSON object with no array of records in it",),
            ("an object with one array of objects",),
        ),
    ),
    Case(
        "json-array-with-non-objects",
        _text("mixed.json", json.dumps([{"id": "v1"}, 42, "text", {"id": "v2"}])),
        Quarantines(
            {2: "the element is not a JSON object", 3: "the element is not a JSON object"},
            ("v1", "v2"),
        ),
    ),
    Case(
        "json-invalid-document",
        _text("broken.json", '[{"id": "v1"}, {"id": '),
        Fails(InvalidInputError, ("is not valid JSON",), ("position named",)),
    ),
    Case(
        "truncated-parquet",
        _truncated_parquet,
        Fails(InvalidInputError, ("as Parquet",), ("truncated",)),
    ),
    Case(
        "corrupt-xlsx",
        _corrupt_xlsx,
        Fails(InvalidInputError, ("not a readable Excel workbook",), ("save it as .xlsx",)),
    ),
    Case(
        "legacy-xls",
        _bytes("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)),
        Fails(InvalidInputError, ("legacy .xls workbook",), ("Save it as .xlsx or CSV",)),
    ),
    Case(
        "excel-cells-beyond-the-header",
        _excel_with_stray_cells,
        Quarantines({2: "the row has values beyond the last header column"}, ("v1", "v2")),
    ),
    # --- SQL sources --------------------------------------------------------------------------
    Case(
        "sql-unknown-database-kind",
        _nothing,
        Fails(
            InvalidInputError,
            ("nosuchdb://host/db", "not a valid SQLAlchemy URL"),
            ("sqlite:///",),
            False,
        ),
        kind="orders",
        url=lambda _folder: "nosuchdb://host/db",
        query="SELECT 1",
    ),
    Case(
        "sql-unreachable-database",
        _nothing,
        Fails(
            InvalidInputError,
            ("query failed", "unable to open database file"),
            ("reachable",),
            False,
        ),
        kind="orders",
        url=lambda folder: f"sqlite:///{folder}/missing-dir/shop.db",
        query="SELECT 1",
    ),
    Case(
        "sql-failing-query",
        _nothing,
        Fails(InvalidInputError, ("query failed", "no such table: nope"), ("query runs",), False),
        kind="orders",
        url=_sqlite,
        query="SELECT * FROM nope",
    ),
    # --- mappings -----------------------------------------------------------------------------
    Case(
        "mapping-names-a-column-not-in-the-file",
        _text("mapped.csv", PEOPLE + _valid_people(1)),
        Fails(
            InvalidInputError, ("'Surname'", "id, first_name, email"), ("Correct the column name",)
        ),
        mapping={"last_name": "Surname"},
    ),
    Case(
        "mapping-names-an-unknown-canonical-column",
        _text("unknown.csv", PEOPLE + _valid_people(1)),
        Fails(InvalidInputError, ("unknown column(s) shoe_size",), ("first_name",), False),
        mapping={"shoe_size": "id"},
    ),
    Case(
        "date-format-with-an-unknown-code",
        _text("dob-format.csv", "id,dob\n1,1980-01-02\n"),
        Fails(ConfigurationError, ("unknown code(s) %Q",), ("docs/ingest.md",), False),
        mapping={"date_of_birth": {"column": "dob", "format": "%Q-%Y"}},
    ),
    Case(
        "date-format-on-a-text-column",
        _text("city-format.csv", "id,city\n1,Leeds\n"),
        Fails(
            InvalidInputError,
            ("date format for customer_records.city", "not a date or time column"),
            ("Remove format",),
            False,
        ),
        mapping={"city": {"column": "city", "format": "%Y"}},
    ),
    Case(
        "unknown-kind",
        _text("kind.csv", PEOPLE + _valid_people(1)),
        Fails(
            ConfigurationError,
            ("kind 'shoes' is not a canonical table",),
            ("docs/ingest.md",),
            False,
        ),
        kind="shoes",
    ),
    # --- values --------------------------------------------------------------------------------
    Case(
        "wrong-type-number",
        _text("amount.csv", ORDERS + "v1,2024-01-01,10,1,web\nx1,2024-01-01,ten pounds,1,web\n"),
        Quarantines({2: "amount: 'ten pounds' is not a number"}, ("v1",)),
        kind="orders",
    ),
    Case(
        "wrong-type-date",
        _text("when.csv", ORDERS + "x1,next tuesday,10,1,web\nv1,2024-01-01 09:00:00,10,1,web\n"),
        Quarantines({1: f"ordered_at: 'next tuesday' {ISO_HINT}"}, ("v1",)),
        kind="orders",
    ),
    Case(
        "wrong-type-boolean",
        _text("consent.csv", "id,marketing_consent\nv1,sí\nx1,perhaps\nv2,no\n"),
        Quarantines(
            {2: "marketing_consent: 'perhaps' is not yes/no (true/false, 1/0)"},
            ("v1", "v2"),
            {"v1": {"marketing_consent": True}, "v2": {"marketing_consent": False}},
        ),
    ),
    Case(
        "missing-required-value",
        _text("blank-key.csv", PEOPLE + _valid_people(1) + ",Nobody,n@example.com\n"),
        Quarantines({2: "source_key is missing"}, ("v1",)),
    ),
    Case(
        "duplicate-keys",
        _text(
            "dups.csv",
            PEOPLE + "v1,Ann,a@example.com\nv2,Bo,b@example.com\nv1,Anne,a@example.com\n"
            "v1,Annie,a@example.com\n",
        ),
        Quarantines(
            {
                1: KEPT_V1,
                3: KEPT_V1,
            },
            ("v1", "v2"),
            {"v1": {"first_name": "Annie"}},
        ),
    ),
    Case(
        "formula-hyperlink",
        _text(
            "f1.csv",
            PEOPLE
            + 'x1,"=HYPERLINK(""http://evil.example"",""x"")",a@example.com\n'
            + _valid_people(1),
        ),
        Quarantines(
            {1: f'first_name: \'=HYPERLINK("http://evil.example","x")\' {FORMULA}'}, ("v1",)
        ),
    ),
    Case(
        "formula-dde-command",
        _text("f2.csv", PEOPLE + "x1,+cmd|' /C calc'!A0,a@example.com\n" + _valid_people(1)),
        Quarantines({1: f"first_name: '+cmd|' /C calc'!A0' {FORMULA}"}, ("v1",)),
    ),
    Case(
        "formula-at-sum",
        _text("f3.csv", PEOPLE + "x1,@SUM(A1:A9),a@example.com\n" + _valid_people(1)),
        Quarantines({1: f"first_name: '@SUM(A1:A9)' {FORMULA}"}, ("v1",)),
    ),
    Case(
        "mixed-date-formats-undeclared",
        _text(
            "dob.csv",
            "id,dob\nv1,1980-01-02\nx1,02/01/1980\nx2,Jan 2 1980\nv2,1980-01-02T23:30:00-02:00\n",
        ),
        Quarantines(
            {
                2: f"date_of_birth: '02/01/1980' {ISO_HINT}",
                3: f"date_of_birth: 'Jan 2 1980' {ISO_HINT}",
            },
            ("v1", "v2"),
        ),
    ),
    Case(
        "mixed-date-formats-declared",
        _text("dob2.csv", "id,dob\nv1,1980-01-02\nv2,02/01/1980\nx1,Jan 2 1980\n"),
        Quarantines(
            {3: "date_of_birth: 'Jan 2 1980' does not match the format(s) %Y-%m-%d, %d/%m/%Y"},
            ("v1", "v2"),
        ),
        mapping={"date_of_birth": {"column": "dob", "format": ["%Y-%m-%d", "%d/%m/%Y"]}},
    ),
    Case(
        "score-outside-its-scale",
        _text(
            "scores.csv",
            FEEDBACK + "x1,q1,nps,11,2024-01-01\nv1,q1,nps,10,2024-01-01\nx2,q1,csat,0,2024-01-01\n"
            "v2,q1,csat,1,2024-01-01\nx3,q1,ces,8,2024-01-01\n",
        ),
        Quarantines(
            {
                1: "score: 11.0 is outside the scale 0.0-10.0",
                3: "score: 0.0 is outside the scale 1.0-5.0",
                5: "score: 8.0 is outside the scale 1.0-7.0",
            },
            ("v1", "v2"),
        ),
        kind="feedback",
    ),
    Case(
        "negative-quantity",
        _text("qty.csv", ORDERS + "x1,2024-01-01,5,-2,web\nv1,2024-01-01,5,2,web\n"),
        Quarantines({1: "quantity: '-2' is below the minimum 0"}, ("v1",)),
        kind="orders",
    ),
    Case(
        "invalid-channel",
        _text("channel.csv", ORDERS + "v1,2024-01-01,5,1,Web\nx1,2024-01-01,5,1,carrier pigeon\n"),
        Quarantines(
            {
                2: "channel: 'carrier pigeon' is not one of store, web, app, phone, chat, email, "
                "social, post, other"
            },
            ("v1",),
            {"v1": {"channel": "web"}},
        ),
        kind="orders",
    ),
    Case(
        "invalid-email-and-phone",
        _text(
            "contact.csv", "id,email,phone\nv1,a@example.com,+44 20 7946 0958\nx1,a@@b,call me\n"
        ),
        Quarantines(
            {2: "email: 'a@@b' is not an e-mail address; phone: 'call me' is not a phone number"},
            ("v1",),
        ),
    ),
]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bad-inputs")


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input(case: Case, inputs: Path, shared_ingest, shared_fetch):
    folder = inputs / case.id
    folder.mkdir()
    path = case.build(folder)
    source = case.id.replace("-", "_")
    call: dict[str, Any] = {"kind": case.kind, "source": source}
    for name in ("options", "mapping", "fmt", "query"):
        if getattr(case, name) is not None:
            call[name] = getattr(case, name)
    if case.url is not None:
        call["url"] = case.url(folder)
    expect = case.expect
    if isinstance(expect, Fails):
        with pytest.raises(expect.error) as caught:
            shared_ingest(path, **call)
        error = caught.value
        for part in expect.message:
            assert part in error.message
        assert error.hint is not None
        for part in expect.hint:
            assert part in error.hint
        if expect.names_file and path is not None:
            assert str(path) in error.message
        assert shared_fetch("SELECT * FROM source_batches WHERE source = ?", [source]) == []
        return
    [result] = shared_ingest(path, **call)
    assert result.status == "committed"
    set_aside = shared_fetch(
        "SELECT source_row, reason, original FROM quarantine WHERE batch_id = ? "
        "ORDER BY source_row",
        [result.batch_id],
    )
    got = {row["source_row"]: row["reason"] for row in set_aside}
    assert sorted(got) == sorted(expect.reasons)
    for row, reason in expect.reasons.items():
        if reason.endswith("*"):
            assert got[row].startswith(reason[:-1]), got[row]
        else:
            assert got[row] == reason
    assert all(row["original"] for row in set_aside)
    landed = shared_fetch(
        f"SELECT * FROM {case.kind} WHERE source = ? ORDER BY source_row", [source]
    )
    assert sorted(row["source_key"] for row in landed) == sorted(expect.landed)
    assert result.quarantined == len(expect.reasons)
    assert result.inserted == len(expect.landed)
    by_key = {row["source_key"]: row for row in landed}
    for key, values in expect.landed_values.items():
        for column, value in values.items():
            assert by_key[key][column] == value


def test_suite_covers_at_least_25_malformed_inputs():
    assert len(CASES) >= 25
    assert len({case.id for case in CASES}) == len(CASES)


def test_header_only_file_is_an_empty_batch(inputs: Path, shared_ingest, shared_fetch):
    path = inputs / "header-only.csv"
    path.write_text(PEOPLE, encoding="utf-8")
    [result] = shared_ingest(path, source="header_only")
    assert (result.status, result.rows_read, result.inserted, result.quarantined) == (
        "committed",
        0,
        0,
        0,
    )
    assert shared_fetch("SELECT * FROM customer_records WHERE source = 'header_only'") == []


def test_bad_input_files_are_left_untouched(inputs: Path, shared_ingest):
    path = inputs / "untouched.csv"
    content = (PEOPLE + "x1,=1+1,bad\n" + _valid_people(2)).encode()
    path.write_bytes(content)
    shared_ingest(path, source="untouched")
    assert path.read_bytes() == content
    assert os.access(path, os.R_OK)

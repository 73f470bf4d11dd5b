"""Readers that build staging rows in Python: JSON, NDJSON, Excel workbooks and SQL queries.

Each turns its input into text columns plus ``_row`` (the record's 1-based position) and a list
of records it could not read, as structural rejects with a reason, so that one bad record never
sinks the file. A file that cannot be read at all raises :class:`InvalidInputError`. Readers
must not write to a store; the warehouse stages what they return.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa

from centric.errors import InvalidInputError, MissingExtraError
from centric.warehouse.engine import StructuralReject

# Staging tables number records in this column, so a source column may not use the name.
RECORD_NUMBER = "_row"


@dataclass
class RecordBatch:
    """Rows read in Python, ready to stage, with a digest of their content."""

    table: pa.Table
    rejects: list[StructuralReject]
    digest: str


class _Collector:
    """Accumulates flat text records column-wise, keeping column order of first appearance."""

    def __init__(self, *, digest: bool = False) -> None:
        self.columns: dict[str, list[str | None]] = {}
        self.rows: list[int] = []
        self.rejects: list[StructuralReject] = []
        # Files are recognised by the digest of their bytes; only query results need one here.
        self._hash = hashlib.sha256() if digest else None
        self._order: tuple[str, ...] = ()

    def add(self, row_number: int, record: Mapping[str, Any]) -> None:
        columns = self.columns
        # Fast path: the record has exactly the known columns, in the same order.
        if tuple(record) != self._order:
            count = len(self.rows)
            for key in record:
                if key not in columns:
                    columns[key] = [None] * count
            self._order = tuple(columns)
            for key, values in columns.items():
                values.append(_text(record.get(key)))
        else:
            for values, value in zip(columns.values(), record.values(), strict=True):
                values.append(_text(value))
        self.rows.append(row_number)
        if self._hash is not None:
            self._hash.update(repr(sorted(record.items(), key=lambda kv: kv[0])).encode())

    def reject(self, row_number: int, reason: str, raw: str) -> None:
        self.rejects.append(StructuralReject(row_number, reason, raw[:10_000]))
        if self._hash is not None:
            self._hash.update(raw.encode("utf-8", "replace"))

    def finish(self, label: str) -> RecordBatch:
        if RECORD_NUMBER in self.columns:
            raise InvalidInputError(
                f"{label} has a column named '{RECORD_NUMBER}', a name Centric keeps for record "
                "numbers.",
                hint=f"Rename that column in the export (or alias it in the query), e.g. to "
                f"'source{RECORD_NUMBER}'.",
            )
        arrays = {name: pa.array(values, pa.string()) for name, values in self.columns.items()}
        arrays["_row"] = pa.array(self.rows, pa.int64())
        digest = self._hash.hexdigest() if self._hash is not None else ""
        return RecordBatch(pa.table(arrays), self.rejects, digest)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def _flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, prefix=name + "."))
        else:
            flat[name] = value
    return flat


def read_json_records(path: Path, fmt: str = "json") -> RecordBatch:
    """Read a JSON array of objects, or newline-delimited JSON (one object per line).

    Nested objects become dotted columns (``address.city``); lists are kept as JSON text. In
    NDJSON a line that is not a JSON object (or not UTF-8) is rejected with its line number. A
    ``json`` file holding one object reads the array of objects inside it; a ``json`` file that
    is really NDJSON is read as such.

    Args:
        path: The file.
        fmt: ``json`` or ``ndjson``, as declared or taken from the extension.

    Raises:
        InvalidInputError: The file is empty, binary, or a JSON document of the wrong shape.
    """
    with path.open("rb") as handle:
        head = handle.read(4096)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise InvalidInputError(
            f"'{path}' is empty.", hint="Export the data again; it should hold JSON records."
        )
    if b"\x00" in head:
        raise InvalidInputError(
            f"'{path}' is not a JSON text file: it holds binary data.",
            hint="Point the source at the JSON export, or declare the file's real format.",
        )
    if stripped.startswith(b"["):
        return _read_json_document(path)
    if stripped.startswith(b"{"):
        if fmt == "json":
            try:
                document = json.loads(path.read_text(encoding="utf-8-sig"))
            except (json.JSONDecodeError, UnicodeDecodeError):
                return _read_ndjson(path)
            return _document_records(path, document)
        return _read_ndjson(path)
    raise InvalidInputError(
        f"'{path}' is neither a JSON array nor newline-delimited JSON objects "
        f"(it starts with {stripped[:20]!r}).",
        hint="Use one JSON object per line, or a JSON array of objects.",
    )


def _read_ndjson(path: Path) -> RecordBatch:
    collector = _Collector()
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8").strip()
            except UnicodeDecodeError as exc:
                collector.reject(
                    number,
                    f"the line is not UTF-8 text (byte 0x{raw[exc.start]:02X} at position "
                    f"{exc.start + 1})",
                    raw.decode("utf-8", "replace").strip(),
                )
                continue
            if not text:
                continue
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                if number == 1 and text.startswith("{") and not text.endswith("}"):
                    return _read_json_document(path)
                collector.reject(number, f"the line is not valid JSON ({exc.msg})", text)
                continue
            if not isinstance(value, dict):
                collector.reject(number, "the line is JSON but not an object", text)
                continue
            collector.add(number, _flatten(value))
    return collector.finish(f"'{path}'")


def _read_json_document(path: Path) -> RecordBatch:
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInputError(
            f"'{path}' is not valid JSON: {exc}.",
            hint="Fix the file at the position named, or export it again.",
        ) from exc
    return _document_records(path, document)


def _document_records(path: Path, document: Any) -> RecordBatch:
    records = document
    if isinstance(document, dict):
        records = next((v for v in document.values() if isinstance(v, list)), None)
    if not isinstance(records, list):
        what = (
            "one JSON object with no array of records in it"
            if isinstance(document, dict)
            else f"a JSON {_json_kind(document)}, not a list of records"
        )
        raise InvalidInputError(
            f"'{path}' holds {what}.",
            hint="Use a JSON array of objects, or an object with one array of objects.",
        )
    collector = _Collector()
    for number, value in enumerate(records, start=1):
        if isinstance(value, dict):
            collector.add(number, _flatten(value))
        else:
            collector.reject(number, "the element is not a JSON object", json.dumps(value)[:500])
    return collector.finish(f"'{path}'")


def _json_kind(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return "literal"
    if isinstance(value, int | float):
        return "number"
    return "string" if isinstance(value, str) else type(value).__name__


def read_excel_records(path: Path, sheet: str | None = None) -> RecordBatch:
    """Read one sheet of an .xlsx workbook; the first non-empty row is the header.

    ``_row`` is the record's position below the header, so a record on spreadsheet row 5 under
    a header on row 1 is record 4. Fully empty rows are skipped.

    Raises:
        InvalidInputError: The file is not a readable .xlsx workbook or the sheet is missing.
    """
    from openpyxl import load_workbook  # noqa: PLC0415  # heavy import only when needed
    from openpyxl.utils.exceptions import InvalidFileException  # noqa: PLC0415

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise InvalidInputError(
            f"'{path}' is not a readable Excel workbook (.xlsx): {exc}.",
            hint="Open it in a spreadsheet program and save it as .xlsx (or export CSV).",
        ) from exc
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise InvalidInputError(
                f"'{path}' has no sheet '{sheet}'. Sheets: {', '.join(workbook.sheetnames)}.",
                hint="Set options.sheet to one of the sheets listed.",
            )
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        return _collect_sheet(worksheet.iter_rows(values_only=True), path)
    finally:
        workbook.close()


def _collect_sheet(rows: Iterable[tuple[Any, ...]], path: Path) -> RecordBatch:
    collector = _Collector()
    header: list[str] | None = None
    for number, values in enumerate(rows, start=1):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if header is None:
            # Sheets report every row as wide as the widest one: the header ends at its last
            # named cell, so values further right are noticed instead of read as 'columnN'.
            width = max(i for i, v in enumerate(values) if v is not None and str(v).strip()) + 1
            header = _unique_names(values[:width])
            header_row = number
            continue
        if len(values) > len(header) and any(v is not None for v in values[len(header) :]):
            collector.reject(
                number - header_row,
                "the row has values beyond the last header column",
                json.dumps([_text(v) for v in values], ensure_ascii=False),
            )
            continue
        collector.add(number - header_row, dict(zip(header, values, strict=False)))
    if header is None:
        raise InvalidInputError(
            f"'{path}' has no data: the sheet is empty.",
            hint="Choose the sheet that holds the records (options.sheet).",
        )
    for name in header:
        collector.columns.setdefault(name, [None] * len(collector.rows))
    return collector.finish(f"'{path}'")


def _unique_names(values: tuple[Any, ...]) -> list[str]:
    names: list[str] = []
    for index, value in enumerate(values):
        base = str(value).strip() if value is not None and str(value).strip() else f"column{index}"
        name, suffix = base, 1
        while name in names:
            name, suffix = f"{base}_{suffix}", suffix + 1
        names.append(name)
    return names


def read_sql_records(url: str, query: str, *, partition_size: int = 50_000) -> RecordBatch:
    """Run a query against any SQLAlchemy URL and read its rows.

    Raises:
        InvalidInputError: The database cannot be reached or the query fails.
        MissingExtraError: The URL's driver is not installed.
    """
    from sqlalchemy import create_engine, text  # noqa: PLC0415  # only SQL sources need it
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError  # noqa: PLC0415

    try:
        engine = create_engine(url)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise InvalidInputError(
            f"The SQL source URL '{url}' is not a valid SQLAlchemy URL: {exc}",
            hint="Use a URL such as postgresql+psycopg://user@host/db or sqlite:///file.db.",
        ) from exc
    except ModuleNotFoundError as exc:
        raise MissingExtraError(
            f"The database driver for '{url}' is not installed ({exc.name}).",
            hint=f"pip install {exc.name}",
        ) from exc
    collector = _Collector(digest=True)
    try:
        with engine.connect() as connection:
            result = connection.execution_options(stream_results=True).execute(text(query))
            names = _unique_names(tuple(result.keys()))
            number = 0
            for partition in result.partitions(partition_size):
                for values in partition:
                    number += 1
                    collector.add(number, dict(zip(names, values, strict=True)))
            for name in names:
                collector.columns.setdefault(name, [])
    except SQLAlchemyError as exc:
        raise InvalidInputError(
            f"The SQL source query failed against '{engine.url.render_as_string()}': "
            f"{str(exc).splitlines()[0]}",
            hint="Check that the database is reachable and the query runs in its own client.",
        ) from exc
    finally:
        engine.dispose()
    return collector.finish(f"the SQL source query on '{engine.url.render_as_string()}'")

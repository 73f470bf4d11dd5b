"""Writes the demo's source-system exports to disk, byte for byte the same for the same content.

Each source system exports in its own format: delimited text (any delimiter, encoding and line
ending), newline-delimited JSON, a JSON array, Parquet or an Excel workbook. Writers are fast
(Arrow for CSV and Parquet) and deterministic: no timestamps of the moment, fixed ZIP entry
dates in workbooks, and every file is written to a temporary name and renamed, so that a file
with the final name is always complete. This module writes files only; it must not decide
their content.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

ExportFormat = Literal["csv", "ndjson", "json", "parquet", "excel"]
Column = Sequence[Any] | np.ndarray
# Workbooks are ZIP archives whose entries carry a date; a fixed one keeps the bytes stable.
_ZIP_DATE = (2026, 10, 31, 18, 0, 0)
_CORE_DATE = "2026-10-31T18:00:00Z"
CHUNK_ROWS = 200_000


@dataclass(frozen=True)
class Sheet:
    """A table of columns (all the same length), or one sheet of a workbook."""

    name: str
    columns: dict[str, Any]  # column name -> list or numpy array (Column)

    @property
    def rows(self) -> int:
        """Number of rows."""
        return len(next(iter(self.columns.values()))) if self.columns else 0


@dataclass(frozen=True)
class ExportFile:
    """One file a source system exported."""

    path: str  # relative to the workspace, with forward slashes
    format: ExportFormat
    sheets: tuple[Sheet, ...]
    delimiter: str = ","
    encoding: str = "utf-8"
    eol: str = "\n"
    types: dict[str, pa.DataType] = field(default_factory=dict)  # Parquet column types

    @property
    def table(self) -> Sheet:
        """The only (or first) sheet."""
        return self.sheets[0]


def write_export(root: Path, export: ExportFile) -> Path:
    """Write one export under ``root`` and return its path.

    Args:
        root: The workspace folder.
        export: What to write.

    Returns:
        The written file.
    """
    target = root / export.path
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    if export.format == "csv":
        _write_csv(partial, export)
    elif export.format in ("ndjson", "json"):
        _write_json(partial, export)
    elif export.format == "parquet":
        _write_parquet(partial, export)
    else:
        _write_excel(partial, export)
    partial.replace(target)
    # Arrow keeps freed buffers for reuse; hand them back so peaks do not add up.
    pa.default_memory_pool().release_unused()
    return target


def _chunks(sheet: Sheet) -> Iterator[dict[str, Column]]:
    # Exports are written a slice of rows at a time, so that the formatted copy of a file
    # never sits in memory whole.
    for start in range(0, max(sheet.rows, 1), CHUNK_ROWS):
        yield {name: values[start : start + CHUNK_ROWS] for name, values in sheet.columns.items()}


def _write_csv(path: Path, export: ExportFile) -> None:
    def options(header: bool) -> pa_csv.WriteOptions:
        return pa_csv.WriteOptions(
            include_header=header,
            delimiter=export.delimiter,
            eol=export.eol,
            quoting_header="none",
            batch_size=65536,
        )

    recode = export.encoding.replace("-", "").lower() != "utf8"
    with path.open("wb") as handle:
        for index, chunk in enumerate(_chunks(export.table)):
            table = pa.table(
                {name: pa.array(_as_list(values), pa.string()) for name, values in chunk.items()}
            )
            sink = pa.BufferOutputStream()
            pa_csv.write_csv(table, sink, options(header=index == 0))
            data = sink.getvalue().to_pybytes()
            handle.write(data.decode("utf-8").encode(export.encoding) if recode else data)


def _write_json(path: Path, export: ExportFile) -> None:
    encode = json.JSONEncoder(ensure_ascii=False).encode
    array = export.format == "json"
    first = True
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        if array:
            handle.write("[\n")
        for chunk in _chunks(export.table):
            for record in _records(chunk):
                if array:
                    handle.write("  " if first else ",\n  ")
                handle.write(encode(record))
                if not array:
                    handle.write("\n")
                first = False
        if array:
            handle.write("\n]\n")


def _records(columns: dict[str, Column]) -> list[dict[str, Any]]:
    # One level of dotted names becomes nested objects: "address.city" -> {"address": {...}}.
    # Objects are built column-wise with zip, which keeps a million records to seconds.
    top: dict[str, list[Any]] = {}
    groups: dict[str, dict[str, list[Any]]] = {}
    for name, values in columns.items():
        head, _, leaf = name.partition(".")
        if leaf:
            if head not in groups:
                groups[head] = {}
                top[head] = []
            groups[head][leaf] = _as_list(values)
        else:
            top[name] = _as_list(values)
    for head, leaves in groups.items():
        names = list(leaves)
        top[head] = [
            dict(zip(names, row, strict=True)) for row in zip(*leaves.values(), strict=True)
        ]
    keys = list(top)
    return [dict(zip(keys, row, strict=True)) for row in zip(*top.values(), strict=True)]


def _write_parquet(path: Path, export: ExportFile) -> None:
    sheet = export.table
    schema = pa.schema([(name, export.types.get(name, pa.string())) for name in sheet.columns])
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for chunk in _chunks(sheet):
            arrays = [
                _arrow(values, field.type)
                for values, field in zip(chunk.values(), schema, strict=True)
            ]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))


def _write_excel(path: Path, export: ExportFile) -> None:
    from openpyxl import Workbook  # noqa: PLC0415  # only the HR export needs it

    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "HR system export"
    for sheet in export.sheets:
        worksheet = workbook.create_sheet(sheet.name)
        worksheet.append(list(sheet.columns))
        columns = [_as_list(values) for values in sheet.columns.values()]
        for row_number, row in enumerate(zip(*columns, strict=True), start=2):
            worksheet.append(list(row))
            for column_number, value in enumerate(row, start=1):
                # A text that starts with "=" is data here, not a formula to evaluate.
                if isinstance(value, str) and value.startswith("="):
                    worksheet.cell(row_number, column_number).data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(_stable_zip(buffer.getvalue()))


def _stable_zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + _CORE_DATE.encode() + rb"\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


def _arrow(values: Column, kind: pa.DataType) -> pa.Array:
    # Typed numpy arrays (times, numbers) convert without a Python object per value.
    if isinstance(values, np.ndarray) and values.dtype != object:
        # NaN in a float column is a missing value, as in pandas.
        return pa.array(values, kind, from_pandas=values.dtype.kind == "f")
    return pa.array(_as_list(values), kind)


def _as_list(values: Column) -> list[Any]:
    if isinstance(values, np.ndarray):
        if values.dtype.kind == "M":
            return [None if np.isnat(v) else v.item() for v in values]
        listed: list[Any] = values.tolist()
        return listed
    return list(values)

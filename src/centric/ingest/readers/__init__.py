"""Reads any supported input into a warehouse staging table of text columns.

CSV and Parquet are read by the engine itself (fast path); JSON, Excel and SQL results are read
in Python and handed over as Arrow. Whatever the format, the result is the same
:class:`~centric.warehouse.engine.StagedFile`, plus a content digest used to recognise an input
that was already ingested. Readers must not write canonical tables.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from centric.errors import InvalidInputError
from centric.ingest.readers.records import (
    read_excel_records,
    read_json_records,
    read_sql_records,
)
from centric.ingest.readers.text_files import detect_encoding, engine_encoding, utf8_copy
from centric.warehouse.engine import DelimitedOptions, StagedFile, Warehouse

EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".psv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".json": "json",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
    ".xlsx": "excel",
    ".xlsm": "excel",
}
CSV_OPTIONS = {"delimiter", "header", "quote", "encoding"}
KNOWN_OPTIONS = {
    "csv": CSV_OPTIONS,
    "parquet": set(),
    "json": set(),
    "ndjson": set(),
    "excel": {"sheet"},
    "sql": set(),
}


@dataclass(frozen=True)
class Staged:
    """A staged input, its digest and the reader settings actually used."""

    file: StagedFile
    digest: str
    format: str
    size: int
    options: dict[str, Any]


def detect_format(path: Path) -> str:
    """The reader for a file, from its extension.

    Raises:
        InvalidInputError: The extension is not one Centric reads.
    """
    suffix = path.suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    if suffix == ".xls":
        raise InvalidInputError(
            f"'{path}' is a legacy .xls workbook, which Centric does not read.",
            hint="Save it as .xlsx or CSV and ingest that.",
        )
    raise InvalidInputError(
        f"Cannot tell the format of '{path}' from its extension '{suffix or '(none)'}'.",
        hint="Declare format = csv, parquet, json, ndjson or excel for the source.",
    )


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


def stage_file(
    warehouse: Warehouse,
    name: str,
    path: Path,
    fmt: str,
    options: dict[str, Any],
    *,
    digest: str,
) -> Staged:
    """Read one file into staging table ``name``.

    Args:
        warehouse: Where to stage.
        name: Staging table name.
        path: The file.
        fmt: Reader (see :data:`EXTENSIONS`).
        options: Reader options declared by the source.
        digest: The file's SHA-256, computed by the caller.

    Returns:
        The staged input.

    Raises:
        InvalidInputError: The file is missing, empty, binary or unreadable in that format, or
            the options are unknown.
    """
    unknown = set(options) - KNOWN_OPTIONS.get(fmt, set())
    if unknown:
        raise InvalidInputError(
            f"Unknown reader option(s) for {fmt}: {', '.join(sorted(unknown))}.",
            hint=f"Options for {fmt}: {', '.join(sorted(KNOWN_OPTIONS[fmt])) or 'none'}.",
        )
    size = path.stat().st_size
    if fmt == "csv":
        encoding = detect_encoding(path, options.get("encoding"))
        delimited = DelimitedOptions(
            delimiter=options.get("delimiter"),
            header=options.get("header"),
            quote=options.get("quote"),
            encoding=engine_encoding(encoding),
        )
        with utf8_copy(path, encoding) as readable:
            try:
                staged = warehouse.stage_delimited(name, readable, delimited)
            except InvalidInputError as exc:
                if readable == path:
                    raise
                # Name the user's file, not the temporary UTF-8 copy the engine read.
                raise InvalidInputError(
                    exc.message.replace(str(readable), str(path)), hint=exc.hint
                ) from exc
        used = {**staged.options, "encoding": encoding}
        if staged.rows == 0 and not staged.rejects and not staged.columns:
            raise InvalidInputError(
                f"'{path}' has no columns.", hint="Check the delimiter and the header line."
            )
        return Staged(staged, digest, fmt, size, used)
    if fmt == "parquet":
        return Staged(warehouse.stage_parquet(name, path), digest, fmt, size, {})
    if fmt in ("json", "ndjson"):
        batch = read_json_records(path, fmt)
    elif fmt == "excel":
        batch = read_excel_records(path, options.get("sheet"))
    else:
        raise InvalidInputError(f"Unknown format '{fmt}' for '{path}'.")
    staged = warehouse.stage_arrow(name, batch.table, batch.rejects)
    return Staged(staged, digest, fmt, size, dict(options))


def stage_query(warehouse: Warehouse, name: str, url: str, query: str) -> Staged:
    """Run a SQL source's query and stage its rows; the digest covers the rows returned."""
    batch = read_sql_records(url, query)
    staged = warehouse.stage_arrow(name, batch.table, batch.rejects)
    return Staged(staged, batch.digest, "sql", 0, {})


__all__ = ["EXTENSIONS", "Staged", "detect_format", "file_digest", "stage_file", "stage_query"]

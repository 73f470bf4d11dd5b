"""Reads any supported input into a warehouse staging table of text columns.

CSV and Parquet are read by the engine itself (fast path); JSON, Excel and SQL results are read
in Python and handed over as Arrow. Whatever the format, the result is the same
:class:`~centric.warehouse.engine.StagedFile`, plus a content digest used to recognise an input
that was already ingested. Readers must not write canonical tables.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from centric.errors import InvalidInputError
from centric.ingest.readers.delimited import (
    BrokenRecord,
    broken_quote_reason,
    detect_banner_lines,
    find_broken_quotes,
    prepared_copy,
)
from centric.ingest.readers.records import (
    read_excel_records,
    read_json_records,
    read_sql_records,
)
from centric.ingest.readers.text_files import (
    detect_head_encoding,
    engine_encoding,
    head_is_utf8,
    is_utf8_text,
    settle_encoding,
    utf8_copy,
)
from centric.warehouse.engine import DelimitedOptions, StagedFile, StructuralReject, Warehouse

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
# Part of the reason the engine gives a record holding bytes that are not valid text.
ENCODING_REJECT = "not valid text in the file's encoding"
CSV_OPTIONS = {"delimiter", "header", "quote", "encoding", "skip_rows"}
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


def file_digest(path: Path, stop: threading.Event | None = None) -> str:
    """SHA-256 of a file's bytes (an empty string if ``stop`` is set before it finishes)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 22):
            if stop is not None and stop.is_set():
                return ""
            digest.update(block)
    return digest.hexdigest()


def stage_file(
    warehouse: Warehouse,
    name: str,
    path: Path,
    fmt: str,
    options: dict[str, Any],
    *,
    digest: str | None = None,
) -> Staged:
    """Read one file into staging table ``name``.

    The file's SHA-256 is computed while the engine reads it, unless the caller has it already.

    Args:
        warehouse: Where to stage.
        name: Staging table name.
        path: The file.
        fmt: Reader (see :data:`EXTENSIONS`).
        options: Reader options declared by the source.
        digest: The file's SHA-256, when the caller computed it already.

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
    stop = threading.Event()
    # Hashing and the engine's read overlap: both release the interpreter while they work.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="centric-digest") as pool:
        hashing = pool.submit(file_digest, path, stop) if digest is None else None
        try:
            staged, used = _stage_by_format(warehouse, name, path, fmt, options)
        except BaseException:
            stop.set()
            raise
        found = hashing.result() if hashing is not None else digest
    assert found is not None  # noqa: S101  # one of the two is always set
    return Staged(staged, found, fmt, size, used)


def _stage_by_format(
    warehouse: Warehouse,
    name: str,
    path: Path,
    fmt: str,
    options: dict[str, Any],
) -> tuple[StagedFile, dict[str, Any]]:
    if fmt == "csv":
        return _stage_csv(warehouse, name, path, options)
    if fmt == "parquet":
        return warehouse.stage_parquet(name, path), {}
    if fmt in ("json", "ndjson"):
        batch = read_json_records(path, fmt)
    elif fmt == "excel":
        batch = read_excel_records(path, options.get("sheet"))
    else:
        raise InvalidInputError(f"Unknown format '{fmt}' for '{path}'.")
    return warehouse.stage_arrow(name, batch.table, batch.rejects), dict(options)


def _stage_csv(
    warehouse: Warehouse,
    name: str,
    path: Path,
    options: dict[str, Any],
) -> tuple[StagedFile, dict[str, Any]]:
    skip_rows = _skip_rows_option(path, options.get("skip_rows"))
    encoding = detect_head_encoding(path, options.get("encoding"))
    if encoding is not None or not head_is_utf8(path):
        encoding = encoding or settle_encoding(path, is_utf8_text(path))
        if skip_rows is None:
            skip_rows = detect_banner_lines(path, encoding, options.get("delimiter"))
        staged = _read_delimited(warehouse, name, path, encoding, options, skip_rows)
    else:
        # A file that starts as UTF-8 almost always is UTF-8: the engine reads it as such and
        # checks every value. Only when it finds bytes that are not UTF-8 is the whole file
        # judged, and read again as Windows-1252 or Latin-1 if that is what it is.
        encoding = "utf-8"
        if skip_rows is None:
            skip_rows = detect_banner_lines(path, encoding, options.get("delimiter"))
        try:
            staged = _read_delimited(warehouse, name, path, encoding, options, skip_rows)
            utf8 = not any(ENCODING_REJECT in r.reason for r in staged.rejects)
        except InvalidInputError:
            utf8 = False
            if is_utf8_text(path):
                raise
        if not utf8 and not is_utf8_text(path):
            warehouse.drop_staging(name)
            encoding = settle_encoding(path, is_utf8=False)
            staged = _read_delimited(warehouse, name, path, encoding, options, skip_rows)
    if any("quote" in r.reason or "\n" in r.raw.strip() for r in staged.rejects):
        staged = _set_aside_broken_quotes(
            warehouse, name, path, encoding, options, skip_rows, staged
        )
    if staged.rows == 0 and not staged.rejects and not staged.columns:
        raise InvalidInputError(
            f"'{path}' has no columns.", hint="Check the delimiter and the header line."
        )
    # Lines skipped in all: the banner skipped here, plus any the engine's sniffer skipped.
    skipped = skip_rows + int(staged.options.get("skip_rows", 0))
    used = {**staged.options, "encoding": encoding, "skip_rows": skipped}
    return staged, used


def _skip_rows_option(path: Path, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInputError(
            f"skip_rows = {value!r} for '{path}' is not a number of lines.",
            hint="Give the number of note lines above the header, e.g. skip_rows = 2 "
            "(0 to read the first line as the header).",
        )
    return value


def _read_delimited(
    warehouse: Warehouse,
    name: str,
    path: Path,
    encoding: str,
    options: dict[str, Any],
    skip_rows: int,
    broken: Sequence[BrokenRecord] = (),
    marker: str = "",
) -> StagedFile:
    copy: AbstractContextManager[Path]
    if skip_rows or broken:
        copy = prepared_copy(path, encoding, skip_lines=skip_rows, broken=broken, marker=marker)
        engine = "utf-8"
    else:
        copy = utf8_copy(path, encoding)
        engine = engine_encoding(encoding)
    delimited = DelimitedOptions(
        delimiter=options.get("delimiter"),
        header=options.get("header"),
        quote=options.get("quote"),
        encoding=engine,
    )
    with copy as readable:
        try:
            return warehouse.stage_delimited(name, readable, delimited)
        except InvalidInputError as exc:
            if readable == path:
                raise
            # Name the user's file, not the temporary copy the engine read.
            raise InvalidInputError(
                exc.message.replace(str(readable), str(path)), hint=exc.hint
            ) from exc


def _set_aside_broken_quotes(
    warehouse: Warehouse,
    name: str,
    path: Path,
    encoding: str,
    options: dict[str, Any],
    skip_rows: int,
    staged: StagedFile,
) -> StagedFile:
    # A quote that never closes makes the engine swallow every following record into one
    # rejected record. Each broken record is replaced by a line the engine rejects on its own,
    # the file is read again, and that rejection gets the broken record's reason and text.
    broken = find_broken_quotes(
        path,
        encoding,
        delimiter=str(staged.options["delimiter"]),
        quote=str(staged.options["quote"]),
        escape=str(staged.options["escape"]),
        skip_lines=skip_rows,
    )
    if not broken:
        return staged
    # More fields than the header, ending in a value (a trailing delimiter alone is tolerated).
    marker = str(staged.options["delimiter"]) * (len(staged.columns) + 1) + "x"
    warehouse.drop_staging(name)
    again = _read_delimited(warehouse, name, path, encoding, options, skip_rows, broken, marker)
    remaining = list(broken)
    rejects = []
    for reject in again.rejects:
        if remaining and reject.raw.strip("\r\n") == marker:
            record = remaining.pop(0)
            rejects.append(
                StructuralReject(reject.source_row, broken_quote_reason(record), record.raw)
            )
        else:
            rejects.append(reject)
    return replace(again, rejects=tuple(rejects))


def stage_query(warehouse: Warehouse, name: str, url: str, query: str) -> Staged:
    """Run a SQL source's query and stage its rows; the digest covers the rows returned."""
    batch = read_sql_records(url, query)
    staged = warehouse.stage_arrow(name, batch.table, batch.rejects)
    return Staged(staged, batch.digest, "sql", 0, {})


__all__ = ["EXTENSIONS", "Staged", "detect_format", "file_digest", "stage_file", "stage_query"]

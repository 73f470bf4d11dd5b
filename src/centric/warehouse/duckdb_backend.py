"""The DuckDB implementation of the warehouse seam: the embedded default.

It owns the one DuckDB database of a process (a cursor per thread), reads files natively
(``read_csv``, ``read_parquet``) into temporary staging tables and creates the canonical tables
from the declared schema. Domain code reaches it only through
:class:`~centric.warehouse.engine.Warehouse`; nothing outside ``centric.warehouse`` may import
``duckdb``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from centric.errors import BackendError, InvalidInputError
from centric.warehouse.engine import (
    DelimitedOptions,
    SplinkBinding,
    StagedFile,
    StructuralReject,
    Warehouse,
    quote_identifier,
    quote_literal,
)

_SHIFT_SCHEMA = '[{"accepted_before": "BIGINT", "shift": "BIGINT"}]'
_REJECT_REASONS = {
    "TOO MANY COLUMNS": "the record has more fields than the header",
    "MISSING COLUMNS": "the record has fewer fields than the header",
    "UNQUOTED VALUE": "a field has a stray quote character",
    "LINE SIZE OVER MAXIMUM": "the record is longer than the maximum line size",
    "INVALID UNICODE": "the record holds bytes that are not valid text in the file's encoding",
    "INVALID ENCODING": "the record holds bytes that are not valid text in the file's encoding",
    "CAST": "a value could not be read",
}


class DuckDBWarehouse(Warehouse):
    """A warehouse in one DuckDB file.

    Args:
        path: The database file; created when absent. ``":memory:"`` for a throwaway one.
        threads: Threads DuckDB may use; default all cores.
        memory_limit: e.g. ``"4GB"``; default DuckDB's.
        read_only: Open without taking the write lock.

    Raises:
        BackendError: The file is locked by another process or is not a DuckDB database.
    """

    name = "duckdb"
    capabilities = frozenset(
        {
            "transactions",
            "read_csv",
            "read_parquet",
            "rejects",
            "arrow",
            "splink",
            "indexes",
            "concurrent_reads",
        }
    )

    def __init__(
        self,
        path: Path | str,
        *,
        threads: int | None = None,
        memory_limit: str | None = None,
        read_only: bool = False,
    ) -> None:
        config: dict[str, Any] = {}
        if threads:
            config["threads"] = threads
        if memory_limit:
            config["memory_limit"] = memory_limit
        self.path = str(path)
        try:
            self._root = duckdb.connect(self.path, read_only=read_only, config=config)
        except duckdb.IOException as exc:
            raise BackendError(
                f"Cannot open the warehouse '{self.path}': {exc}",
                hint="Another Centric process holds it; a running 'centric serve' holds it for "
                "as long as it runs. To load data meanwhile, put the files where the declared "
                "sources point and let the server pick them up (setting pipeline_seconds, or "
                "'Run the pipeline now' on its Data health page); otherwise stop the server "
                "first, or wait for the other process to finish.",
            ) from exc
        except duckdb.Error as exc:
            raise BackendError(
                f"Cannot open the warehouse '{self.path}': {exc}",
                hint="Check that the path is a DuckDB database written by a compatible version.",
            ) from exc
        _configure(self._root)
        # The opening thread uses the connection itself; every other thread gets its own cursor
        # (a connection to the same database), so that threads never share a connection and
        # their reads run at once under DuckDB's snapshot isolation.
        self._owner = threading.get_ident()
        self._local = threading.local()
        self._cursors: list[tuple[threading.Thread, duckdb.DuckDBPyConnection]] = []
        self._cursors_guard = threading.Lock()
        self._root_in_transaction = False
        self._scratch_count = 0

    @property
    def _con(self) -> duckdb.DuckDBPyConnection:
        if threading.get_ident() == self._owner:
            return self._root
        cursor: duckdb.DuckDBPyConnection | None = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = self._root.cursor()
            _configure(cursor)
            self._local.cursor = cursor
            with self._cursors_guard:
                for thread, dead in [c for c in self._cursors if not c[0].is_alive()]:
                    dead.close()
                    self._cursors.remove((thread, dead))
                self._cursors.append((threading.current_thread(), cursor))
        return cursor

    @property
    def _in_transaction(self) -> bool:
        if threading.get_ident() == self._owner:
            return self._root_in_transaction
        return bool(getattr(self._local, "in_transaction", False))

    @_in_transaction.setter
    def _in_transaction(self, value: bool) -> None:
        if threading.get_ident() == self._owner:
            self._root_in_transaction = value
        else:
            self._local.in_transaction = value

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        self._run(sql, params)

    def fetch_all(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        return self._run(sql, params).fetchall()

    def fetch_arrow(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        try:
            relation = (
                self._con.sql(sql, params=params) if params is not None else self._con.sql(sql)
            )
        except duckdb.IOException as exc:
            raise BackendError(
                f"The warehouse '{self.path}' failed to read: {_first_line(exc)}",
                hint="Check the file permissions, then run again.",
            ) from exc
        if relation is None:
            return pa.table({})
        table: pa.Table = relation.to_arrow_table()
        return table

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._in_transaction:
            yield
            return
        self._run("BEGIN TRANSACTION")
        self._in_transaction = True
        try:
            yield
        except BaseException:
            self._in_transaction = False
            self._con.execute("ROLLBACK")
            raise
        self._in_transaction = False
        self._run("COMMIT")

    def stage_delimited(self, name: str, path: Path, options: DelimitedOptions) -> StagedFile:
        dialect = self._sniff_dialect(path, options)
        _refuse_reserved_columns(path, dialect["columns"])
        columns = (
            "{" + ", ".join(f"{quote_literal(c)}: 'VARCHAR'" for c in dialect["columns"]) + "}"
        )
        # The dialect is fixed from the sniff, so the reader runs in strict mode: a record that
        # breaks it (a stray quote, too many fields, a line over the limit) is rejected on its
        # own instead of changing how every other record is read.
        args = [
            "auto_detect = false",
            f"delim = {quote_literal(dialect['delimiter'])}",
            f"quote = {quote_literal(dialect['quote'])}",
            f"escape = {quote_literal(dialect['escape'])}",
            f"header = {'true' if dialect['header'] else 'false'}",
            f"skip = {int(dialect['skip_rows'])}",
            f"columns = {columns}",
            "store_rejects = true",
            f"rejects_table = {quote_literal(name + '_rejects')}",
            f"rejects_scan = {quote_literal(name + '_scans')}",
            f"max_line_size = {int(options.max_line_bytes)}",
            f"encoding = {quote_literal(options.encoding)}",
        ]
        raw = f"{name}_raw"
        source = f"read_csv({quote_literal(str(path))}, {', '.join(args)})"
        try:
            self._run(
                f"CREATE OR REPLACE TEMP TABLE {quote_identifier(raw)} AS SELECT * FROM {source}"
            )
        except duckdb.Error as exc:
            raise InvalidInputError(
                f"Cannot read '{path}' as delimited text: {_first_line(exc)}",
                hint="Check the file is text with one record per line; set delimiter, quote or "
                "encoding in the source's options if detection got them wrong.",
            ) from exc
        rejects = self._collect_rejects(name, bool(dialect["header"]), int(dialect["skip_rows"]))
        names = tuple(self._columns(raw))
        self._number_rows(name, raw, names, rejects)
        rows = int(self.scalar(f"SELECT count(*) FROM {quote_identifier(name)}"))
        used = {k: v for k, v in dialect.items() if k != "columns"}
        used["encoding"] = options.encoding
        return StagedFile(name, names, rows, tuple(rejects), used)

    def stage_parquet(self, name: str, path: Path) -> StagedFile:
        try:
            columns = [
                row[0]
                for row in self.fetch_all(
                    f"DESCRIBE SELECT * FROM read_parquet({quote_literal(str(path))})"
                )
            ]
            _refuse_reserved_columns(path, columns)
            casts = ", ".join(
                f"CAST({quote_identifier(c)} AS VARCHAR) AS {quote_identifier(c)}" for c in columns
            )
            self._run(
                f"CREATE OR REPLACE TEMP TABLE {quote_identifier(name)} AS "
                f"SELECT {casts}, file_row_number + 1 AS _row "
                f"FROM read_parquet({quote_literal(str(path))}, file_row_number = true)"
            )
        except duckdb.Error as exc:
            raise InvalidInputError(
                f"Cannot read '{path}' as Parquet: {_first_line(exc)}",
                hint="Check that the file is a complete Parquet file (re-export it if it was "
                "truncated), or declare its real format.",
            ) from exc
        rows = int(self.scalar(f"SELECT count(*) FROM {quote_identifier(name)}"))
        return StagedFile(name, tuple(columns), rows, (), {})

    def stage_arrow(
        self, name: str, table: pa.Table, rejects: Sequence[StructuralReject] = ()
    ) -> StagedFile:
        view = f"{name}_arrow"
        self._con.register(view, table)
        try:
            self._run(
                f"CREATE OR REPLACE TEMP TABLE {quote_identifier(name)} AS "
                f"SELECT * FROM {quote_identifier(view)}"
            )
        finally:
            self._con.unregister(view)
        columns = tuple(c for c in table.column_names if c != "_row")
        return StagedFile(name, columns, table.num_rows, tuple(rejects), {})

    def drop_staging(self, name: str) -> None:
        for suffix in ("", "_raw", "_rejects", "_scans", "_shift"):
            target = quote_identifier(name + suffix)
            kind = self.scalar(
                "SELECT 'VIEW' FROM duckdb_views() WHERE view_name = ? AND temporary "
                "UNION ALL SELECT 'TABLE' FROM duckdb_tables() WHERE table_name = ? AND temporary",
                [name + suffix, name + suffix],
            )
            if kind:
                self._run(f"DROP {kind} IF EXISTS {target}")

    def table_exists(self, name: str) -> bool:
        return bool(
            self.scalar(
                "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? "
                "UNION ALL SELECT count(*) FROM duckdb_views() WHERE view_name = ? "
                "ORDER BY 1 DESC LIMIT 1",
                [name, name],
            )
        )

    def checkpoint(self) -> None:
        self._run("CHECKPOINT")

    @contextmanager
    def unordered_writes(self) -> Iterator[None]:
        # Without the order to keep, both threads write without merging their output in order.
        self._run("SET preserve_insertion_order = false")
        try:
            yield
        finally:
            self._run("RESET preserve_insertion_order")

    @contextmanager
    def splink_database_api(self) -> Iterator[SplinkBinding]:
        """Splink's DuckDB API on a cursor of this warehouse, with an in-memory scratch catalog.

        Splink's working tables go to the scratch catalog (spilled to the warehouse's temporary
        folder under memory pressure, dropped on exit); warehouse tables stay readable by their
        plain names, and Splink's results by ``scratch.main.<table>`` from the warehouse.
        """
        from splink.backends.duckdb import DuckDBAPI  # noqa: PLC0415  # heavy; only for identity

        self._scratch_count += 1
        scratch = f"splink_scratch_{self._scratch_count}"
        catalog = self.scalar("SELECT current_database()")
        cursor = self._con.cursor()
        try:
            cursor.execute(f"ATTACH ':memory:' AS {scratch}")
            cursor.execute(f"USE {scratch}")
            cursor.execute(f"SET search_path = {quote_literal(f'{scratch}.main,{catalog}.main')}")
            yield SplinkBinding(DuckDBAPI(connection=cursor), scratch)
        finally:
            cursor.close()
            self._con.execute(f"DETACH DATABASE IF EXISTS {scratch}")

    def close(self) -> None:
        with self._cursors_guard:
            for _, cursor in self._cursors:
                cursor.close()
            self._cursors.clear()
        self._root.close()

    def _run(self, sql: str, params: Sequence[Any] | None = None) -> duckdb.DuckDBPyConnection:
        try:
            return self._con.execute(sql, params) if params is not None else self._con.execute(sql)
        except duckdb.IOException as exc:
            raise BackendError(
                f"The warehouse '{self.path}' failed to read or write: {_first_line(exc)}",
                hint="Check free disk space and file permissions, then run again.",
            ) from exc

    def _columns(self, table: str) -> list[str]:
        return [row[0] for row in self.fetch_all(f"DESCRIBE {quote_identifier(table)}")]

    def _sniff_dialect(self, path: Path, options: DelimitedOptions) -> dict[str, Any]:
        # The sniffer tolerates broken records (ignore_errors) so that a few bad rows cannot
        # make it settle on a wrong dialect, and may look at lines longer than the read limit:
        # those are rejected one by one when the file is read.
        longest = max(int(options.max_line_bytes), min(path.stat().st_size + 1, 1 << 30))
        args = [
            "sample_size = 20480",
            "ignore_errors = true",
            f"max_line_size = {longest}",
            f"encoding = {quote_literal(options.encoding)}",
        ]
        if options.delimiter is not None:
            args.append(f"delim = {quote_literal(options.delimiter)}")
        if options.header is not None:
            args.append(f"header = {'true' if options.header else 'false'}")
        if options.quote is not None:
            args.append(f"quote = {quote_literal(options.quote)}")
        try:
            found = self.fetch_all(
                "SELECT Delimiter, Quote, Escape, NewLineDelimiter, SkipRows, HasHeader, Columns "
                f"FROM sniff_csv({quote_literal(str(path))}, {', '.join(args)})"
            )
        except duckdb.Error as exc:
            raise InvalidInputError(
                f"Cannot tell how '{path}' is delimited: {_first_line(exc)}",
                hint="Declare delimiter, quote and header in the source's options, and check "
                "that the file is delimited text.",
            ) from exc
        delimiter, quote, escape, new_line, skip_rows, has_header, columns = found[0]
        # With no quoted field in the sample the sniffer reports none; the standard double quote
        # still applies, so quoted fields further down the file are read as such.
        quote = options.quote if options.quote is not None else quote
        quote = '"' if quote in ("", "(empty)") else quote
        escape = quote if escape in ("", "(empty)") else escape
        return {
            "delimiter": options.delimiter if options.delimiter is not None else delimiter,
            "quote": quote,
            "escape": escape,
            "new_line": new_line,
            "skip_rows": int(skip_rows or 0),
            "header": bool(has_header) if options.header is None else options.header,
            "columns": [str(column["name"]) for column in columns],
        }

    def _collect_rejects(
        self, name: str, has_header: bool, skip_rows: int
    ) -> list[StructuralReject]:
        # The engine numbers records (a multi-line record counts once) after the skipped lines
        # and the header; lineage numbers data records only.
        rows = self.fetch_all(
            f"SELECT line, list(DISTINCT error_type ORDER BY error_type), any_value(csv_line), "
            f"any_value(error_message) FROM {quote_identifier(name + '_rejects')} "
            f"GROUP BY line ORDER BY line"
        )
        rejects = []
        for line, error_types, csv_line, message in rows:
            reasons = [_REJECT_REASONS.get(str(t), str(t).lower()) for t in error_types]
            detail = f" ({message})" if message else ""
            record = int(line) - skip_rows - (1 if has_header else 0)
            rejects.append(
                StructuralReject(record, "; ".join(reasons) + detail, str(csv_line or ""))
            )
        return rejects

    def _number_rows(
        self,
        name: str,
        raw: str,
        columns: tuple[str, ...],
        rejects: list[StructuralReject],
    ) -> None:
        # DuckDB keeps file order in the staging table (preserve_insertion_order), so a row's
        # rowid counts the accepted records before it; rejected records shift the numbering.
        # The numbered staging relation is a view: copying a large file once more costs time.
        selected = ", ".join(f"r.{quote_identifier(c)}" for c in columns)
        if not rejects:
            self._run(
                f"CREATE OR REPLACE TEMP VIEW {quote_identifier(name)} AS "
                f"SELECT {selected}, r.rowid + 1 AS _row FROM {quote_identifier(raw)} r"
            )
            return
        shifts = json.dumps(
            [
                {"accepted_before": reject.source_row - 1 - index, "shift": index + 1}
                for index, reject in enumerate(sorted(rejects, key=lambda r: r.source_row))
            ]
        )
        self._run(
            f"CREATE OR REPLACE TEMP TABLE {quote_identifier(name + '_shift')} AS "
            f"SELECT accepted_before, max(shift) AS shift FROM ("
            f"SELECT unnest(from_json(?, {quote_literal(_SHIFT_SCHEMA)}), recursive := true)) "
            f"GROUP BY accepted_before",
            [shifts],
        )
        self._run(
            f"CREATE OR REPLACE TEMP VIEW {quote_identifier(name)} AS "
            f"SELECT {selected}, r.rowid + 1 + coalesce(s.shift, 0) AS _row "
            f"FROM (SELECT *, rowid FROM {quote_identifier(raw)}) r "
            f"ASOF LEFT JOIN {quote_identifier(name + '_shift')} s "
            f"ON r.rowid + 1 > s.accepted_before"
        )


def _configure(connection: duckdb.DuckDBPyConnection) -> None:
    # Timestamps are stored as UTC; naive source times are read as UTC.
    connection.execute("SET TimeZone = 'UTC'")
    # Centric reports progress itself; DuckDB's own bar would garble the CLI output.
    connection.execute("SET enable_progress_bar = false")


def _refuse_reserved_columns(path: Path, columns: Sequence[str]) -> None:
    # Staging tables number records in _row; a source column of that name would collide.
    if "_row" in columns:
        raise InvalidInputError(
            f"'{path}' has a column named '_row', a name Centric keeps for record numbers.",
            hint="Rename that column in the export, e.g. to 'source_row'.",
        )


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def connect_duckdb_warehouse(
    path: Path | str, *, threads: int | None = None, memory_limit: str | None = None
) -> DuckDBWarehouse:
    """Open (and create if needed) a DuckDB warehouse file."""
    return DuckDBWarehouse(path, threads=threads, memory_limit=memory_limit)

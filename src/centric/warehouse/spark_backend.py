"""The Spark implementation of the warehouse seam: canonical tables read from Parquet.

A Spark warehouse is a folder holding one Parquet file (or folder of files) per table, as
written by :func:`export_parquet_tables` or :func:`refresh_parquet_copy`; each is registered as a
temporary view of a Spark session. It runs Spark SQL: callers render their reference-dialect
queries with SQLGlot for the dialect named by :attr:`SparkWarehouse.name` first. It reads only:
ingest writes to DuckDB, and its capabilities say so. This is the only module besides the DuckDB
backend allowed to import an engine; ``pyspark`` is imported when a Spark warehouse is opened,
never at import time, so the extra stays optional.
"""

from __future__ import annotations

import shutil
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
from sqlglot import exp

from centric.errors import BackendError, MissingExtraError, NotFoundError
from centric.warehouse.engine import (
    DelimitedOptions,
    StagedFile,
    StructuralReject,
    Warehouse,
    quote_identifier,
    quote_literal,
)
from centric.warehouse.schema import CANONICAL_TABLES, Table

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

_READ_ONLY_HINT = (
    "Ingest into the DuckDB warehouse, then export it with export_parquet_tables() for Spark."
)


def _pyspark() -> Any:
    try:
        import pyspark.sql  # noqa: PLC0415  # optional extra, imported only when Spark is used
    except ImportError as exc:
        raise MissingExtraError(
            "Spark is not installed.", hint="Install it with: pip install 'centric[spark]'"
        ) from exc
    return pyspark.sql


def start_local_spark(*, threads: int | None = None, memory: str = "2g") -> SparkSession:
    """Start (or reuse) a local Spark session configured for Centric.

    Times are read and truncated in UTC, like the DuckDB warehouse; the web UI and progress bars
    are off.

    Args:
        threads: Cores Spark may use; default all.
        memory: Driver memory, e.g. ``"4g"``.

    Returns:
        The session.

    Raises:
        MissingExtraError: pyspark is not installed.
        BackendError: Spark (or the Java runtime it needs) cannot start.
    """
    master = f"local[{threads}]" if threads else "local[*]"
    try:
        with _quiet():
            return _session(master, memory)
    except Exception as exc:  # Spark reports a missing JVM and port clashes as plain exceptions
        raise BackendError(
            f"Cannot start Spark ({master}): {_first_line(exc)}",
            hint="Check that Java 17 or newer is installed and JAVA_HOME points to it.",
        ) from exc


def _session(master: str, memory: str) -> SparkSession:
    # One process has one Spark session (getOrCreate returns the first one started), so every
    # session is started the same way: with the similarity functions Splink ships as a JAR in
    # its package, whichever of metrics or identity resolution asks first.
    sql = _pyspark()
    from splink.backends.spark import similarity_jar_location  # noqa: PLC0415  # needs pyspark

    session: SparkSession = (
        sql.SparkSession.builder.master(master)
        .appName("centric")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.driver.memory", memory)
        .config("spark.jars", similarity_jar_location())
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


@contextmanager
def splink_spark_api(
    *, memory: str = "4g", threads: int | None = None
) -> Iterator[tuple[Any, SparkSession]]:
    """Splink's Spark API on a local Spark session, for identity resolution on Spark.

    The session is started with the similarity functions that Splink ships as a JAR inside its
    package (Jaro-Winkler, Damerau-Levenshtein), so nothing is downloaded; Splink's working
    tables are dropped on exit.

    Args:
        memory: Driver memory, e.g. ``"4g"``.
        threads: Cores Spark may use; default all.

    Yields:
        The Splink ``SparkAPI`` and its session.

    Raises:
        MissingExtraError: pyspark is not installed.
        BackendError: Spark (or the Java runtime it needs) cannot start.
    """
    _pyspark()
    from splink.backends.spark import SparkAPI  # noqa: PLC0415  # needs pyspark, an optional extra

    master = f"local[{threads}]" if threads else "local[*]"
    try:
        with _quiet():
            session = _session(master, memory)
            # Splink breaks long query lineages with checkpoints; they go to a folder of ours.
            checkpoints = tempfile.mkdtemp(prefix="centric-spark-")
            session.sparkContext.setCheckpointDir(checkpoints)
            api = SparkAPI(spark_session=session, num_partitions_on_repartition=8)  # type: ignore[no-untyped-call]  # unannotated in Splink
    except Exception as exc:  # Spark reports a missing JVM and port clashes as plain exceptions
        raise BackendError(
            f"Cannot start Spark for identity resolution ({master}): {_first_line(exc)}",
            hint="Check that Java 17 or newer is installed and JAVA_HOME points to it.",
        ) from exc
    try:
        with _quiet():
            yield api, session
    finally:
        with _quiet():
            api.delete_tables_created_by_splink_from_db()  # type: ignore[no-untyped-call]  # unannotated in Splink
        shutil.rmtree(checkpoints, ignore_errors=True)


class SparkWarehouse(Warehouse):
    """A read-only warehouse of Parquet files queried by Spark.

    Args:
        folder: Folder with ``<table>.parquet`` per table (files or folders of parts). Canonical
            tables without a file are registered empty, with their declared columns; other
            files (identity tables, for example) are registered under their names.
        session: Spark session to use; default a local one from :func:`start_local_spark`.
            Each warehouse works in its own child session, so its views do not leak.

    Raises:
        MissingExtraError: pyspark is not installed.
        NotFoundError: ``folder`` does not exist.
        BackendError: Spark cannot start or cannot read a file.
    """

    name = "spark"
    capabilities = frozenset({"arrow", "read_parquet"})

    def __init__(self, folder: Path | str, *, session: SparkSession | None = None) -> None:
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise NotFoundError(
                f"No Parquet warehouse folder at '{self.folder}'.",
                hint="Export one with export_parquet_tables(warehouse, folder) first.",
            )
        base = session if session is not None else start_local_spark()
        self._spark: SparkSession = base.newSession()
        self._views: list[str] = []
        for table in CANONICAL_TABLES:
            self._register(table)
        declared = {table.name for table in CANONICAL_TABLES}
        for path in sorted(self.folder.glob("*.parquet")):
            if path.stem not in declared:
                with _quiet(), self._errors(f"read {path}"):
                    self._spark.read.parquet(str(path)).createOrReplaceTempView(path.stem)
                self._views.append(path.stem)

    def _register(self, table: Table) -> None:
        path = self.folder / f"{table.name}.parquet"
        with _quiet(), self._errors(f"read {path}"):
            if path.exists():
                frame = self._spark.read.parquet(str(path))
            else:
                schema = ", ".join(f"`{c.name}` {_spark_type(c.type)}" for c in table.all_columns)
                frame = self._spark.createDataFrame([], schema)
            frame.createOrReplaceTempView(table.name)
        self._views.append(table.name)

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        with _quiet(), self._errors("run a statement"):
            self._spark.sql(sql, args=list(params) if params is not None else None).collect()

    def fetch_all(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        with _quiet(), self._errors("run a query"):
            rows = self._spark.sql(sql, args=list(params) if params is not None else None)
            return [tuple(row) for row in rows.collect()]

    def fetch_arrow(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        with _quiet(), self._errors("run a query"):
            frame = self._spark.sql(sql, args=list(params) if params is not None else None)
            table: pa.Table = frame.toArrow()
        return table

    def transaction(self) -> AbstractContextManager[None]:
        raise BackendError(
            "The Spark warehouse is read-only: it has no transactions.", hint=_READ_ONLY_HINT
        )

    def stage_delimited(self, name: str, path: Path, options: DelimitedOptions) -> StagedFile:
        del name, options  # nothing can be staged into a read-only warehouse
        raise BackendError(
            f"The Spark warehouse cannot stage '{path}': it is read-only.", hint=_READ_ONLY_HINT
        )

    def stage_parquet(self, name: str, path: Path) -> StagedFile:
        del name  # nothing can be staged into a read-only warehouse
        raise BackendError(
            f"The Spark warehouse cannot stage '{path}': it is read-only.", hint=_READ_ONLY_HINT
        )

    def stage_arrow(
        self, name: str, table: pa.Table, rejects: Sequence[StructuralReject] = ()
    ) -> StagedFile:
        del table, rejects  # nothing can be staged into a read-only warehouse
        raise BackendError(
            f"The Spark warehouse cannot stage '{name}': it is read-only.", hint=_READ_ONLY_HINT
        )

    def drop_staging(self, name: str) -> None:
        raise BackendError(
            f"The Spark warehouse has no staging table '{name}'.", hint=_READ_ONLY_HINT
        )

    def table_exists(self, name: str) -> bool:
        with self._errors("list tables"):
            return bool(self._spark.catalog.tableExists(name))

    def checkpoint(self) -> None:
        """Nothing to fold: Parquet files are complete as written."""

    def close(self) -> None:
        for view in self._views:
            self._spark.catalog.dropTempView(view)
        self._views.clear()

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        errors = _pyspark_errors()
        try:
            yield
        except errors as exc:
            raise BackendError(
                f"Spark failed to {action} in '{self.folder}': {_first_line(exc)}",
                hint="Check that the folder holds Parquet files exported by Centric.",
            ) from exc


def export_parquet_tables(
    warehouse: Warehouse, folder: Path | str, tables: Sequence[Table] = CANONICAL_TABLES
) -> list[Path]:
    """Write canonical tables to ``folder`` as ``<table>.parquet``, for a Spark warehouse.

    Uses ``COPY ... TO`` of the reference dialect, so the source is a DuckDB warehouse; the copy
    streams, so tables larger than memory export too.

    Args:
        warehouse: Warehouse to export from.
        folder: Destination folder; created if needed. Existing files are replaced.
        tables: Tables to export; default every canonical table.

    Returns:
        The files written.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        path = target / f"{table.name}.parquet"
        warehouse.execute(
            f"COPY (SELECT * FROM {quote_identifier(table.name)}) "
            f"TO {quote_literal(str(path))} (FORMAT parquet)"
        )
        written.append(path)
    return written


COPY_MARKER = ".centric-copy"
"""File in a Parquet copy holding the fingerprint of the contents it was copied from."""


def refresh_parquet_copy(warehouse: Warehouse, folder: Path | str) -> bool:
    """Make ``folder`` a Parquet copy of every table of ``warehouse``, unless it already is.

    The copy records a fingerprint of each table's contents (its row count and the sum of its
    rows' hashes: one scan, far cheaper than writing the files) and rewrites only the tables
    whose fingerprint differs, so that repeated reads of an unchanged warehouse copy nothing and
    a new batch of feedback rewrites the tables it changed, not every table. The fingerprints
    are written last, so an interrupted copy is redone in full on the next call. Files of
    tables that no longer exist are removed.

    Args:
        warehouse: DuckDB warehouse to copy (the SQL is of the reference dialect).
        folder: Destination folder; created if needed.

    Returns:
        Whether any table was written.
    """
    target = Path(folder)
    marker = target / COPY_MARKER
    names = [
        str(row[0])
        for row in warehouse.fetch_all(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = "
            "current_database() AND table_schema = 'main' AND table_type = 'BASE TABLE' "
            "ORDER BY table_name"
        )
    ]
    fingerprints = {
        name: f"{name} {count} {total}"
        for name in names
        for count, total in warehouse.fetch_all(
            f"SELECT count(*), sum(hash(t)) FROM {quote_identifier(name)} AS t"
        )
    }
    copied = set(marker.read_text(encoding="utf-8").splitlines()) if marker.is_file() else set()
    changed = [
        name
        for name in names
        if fingerprints[name] not in copied or not (target / f"{name}.parquet").is_file()
    ]
    stale = [p for p in target.glob("*.parquet") if p.stem not in fingerprints]
    if not changed and not stale:
        return False
    target.mkdir(parents=True, exist_ok=True)
    marker.unlink(missing_ok=True)
    for path in stale:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    for name in changed:
        path = target / f"{name}.parquet"
        if path.is_dir():  # a folder of parts written by another tool
            shutil.rmtree(path)
        warehouse.execute(
            f"COPY (SELECT * FROM {quote_identifier(name)}) "
            f"TO {quote_literal(str(path))} (FORMAT parquet)"
        )
    marker.write_text("\n".join(fingerprints[name] for name in names), encoding="utf-8")
    return bool(changed)


def _spark_type(sql_type: str) -> str:
    return exp.DataType.build(sql_type, dialect="duckdb").sql(dialect="spark")


def _pyspark_errors() -> tuple[type[BaseException], ...]:
    _pyspark()
    from py4j.protocol import Py4JError  # noqa: PLC0415  # optional extra, comes with pyspark
    from pyspark.errors import PySparkException  # noqa: PLC0415  # optional extra

    return (PySparkException, Py4JError)


@contextmanager
def _quiet() -> Iterator[None]:
    # pyspark warns about pandas versions on import although Centric exchanges Arrow, not
    # pandas, with Spark; the warning says nothing actionable to Centric's users.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="PySpark does not yet", category=FutureWarning)
        yield


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__

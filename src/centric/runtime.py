"""The composition root: creates workspaces and owns the engines of a running process.

Adapters (CLI, web) load settings, call :func:`open_runtime` and pass the :class:`Runtime` to
domain services. This is the only module that constructs a warehouse or an app-DB engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from centric.config import CONFIG_FILE, Settings, build_settings, read_workspace_file
from centric.errors import InvalidInputError
from centric.store import create_app_engine, upgrade_app_db
from centric.warehouse import Warehouse, create_warehouse_tables
from centric.warehouse.duckdb_backend import connect_duckdb_warehouse
from centric.warehouse.spark_backend import (
    SparkWarehouse,
    refresh_parquet_copy,
    start_local_spark,
)

WORKSPACE_TEMPLATE = """\
# Centric workspace. Precedence: CLI flags > CENTRIC_* environment > this file > defaults.
# Every setting is described in docs/configuration.md.

[settings]
{app_db_line}
# threads = 2
# memory_limit = "4GB"
# default_region = "GB"

# Declare each source once; `centric ingest` with no arguments reads them all.
# [[sources]]
# name = "crm"                       # source system name, used in lineage
# kind = "customer_records"          # canonical table it feeds
# path = "data/crm/*.csv"            # file or glob, relative to this workspace
# [sources.options]
# delimiter = ";"
# [sources.mapping]
# source_key = "CustomerID"                               # rename
# date_of_birth = {{ column = "DOB", format = "%d/%m/%Y" }}  # parse a date format
# country = {{ constant = "GB" }}
"""


@dataclass
class Runtime:
    """The open stores of one process, handed to domain services."""

    settings: Settings
    warehouse: Warehouse
    app_db: Engine
    _analytical: list[Warehouse] = field(default_factory=list, init=False, repr=False)

    @property
    def workspace(self) -> Path:
        """The workspace folder."""
        return self.settings.workspace

    def analytical_warehouse(self) -> Warehouse:
        """The warehouse that analytical reads (metrics) run on, as the ``engine`` setting says.

        With ``duckdb`` it is :attr:`warehouse` itself. With ``spark`` it is a read-only Spark
        warehouse over a Parquet copy of :attr:`warehouse` in ``spark_path``: Spark starts on
        first use, the copy is rewritten first when the warehouse's contents have changed since
        it was made, and the views are released with the runtime.

        Raises:
            MissingExtraError: The engine is Spark and pyspark is not installed.
            BackendError: Spark (or the Java runtime it needs) cannot start or read the copy.
        """
        if self.settings.engine == "duckdb":
            return self.warehouse
        if not self._analytical:
            self._analytical.append(_open_spark_copy(self.settings, self.warehouse))
        return self._analytical[0]

    def close_analytical(self) -> None:
        """Release an analytical warehouse opened by :meth:`analytical_warehouse`, if any."""
        while self._analytical:
            self._analytical.pop().close()


@contextmanager
def open_runtime(settings: Settings) -> Iterator[Runtime]:
    """Open the warehouse and the app DB of a workspace, migrating both, and close them after.

    Args:
        settings: Effective settings (see :func:`centric.config.load_settings`).

    Yields:
        The runtime.

    Raises:
        BackendError: A store cannot be opened.
    """
    warehouse = connect_duckdb_warehouse(
        settings.resolved_warehouse_path,
        threads=settings.threads,
        memory_limit=settings.memory_limit,
    )
    app_db = create_app_engine(settings.resolved_app_db_url)
    runtime = Runtime(settings, warehouse, app_db)
    try:
        create_warehouse_tables(warehouse)
        upgrade_app_db(app_db)
        yield runtime
    finally:
        runtime.close_analytical()
        warehouse.close()
        app_db.dispose()


@contextmanager
def open_app_db(settings: Settings) -> Iterator[Engine]:
    """Open and migrate only the app DB, and close it after.

    For work that touches no warehouse data (managing users, for example), so that it runs
    while another process, such as the web server, holds the warehouse open.

    Args:
        settings: Effective settings.

    Yields:
        The app-DB engine.

    Raises:
        BackendError: The app DB cannot be reached.
    """
    app_db = create_app_engine(settings.resolved_app_db_url)
    try:
        upgrade_app_db(app_db)
        yield app_db
    finally:
        app_db.dispose()


def init_workspace(directory: Path, *, app_db_url: str | None = None) -> Settings:
    """Create a workspace: ``centric.toml``, the DuckDB warehouse and the app DB, all migrated.

    Running it on an existing workspace is safe: the file is kept and stores are migrated.

    Args:
        directory: Folder to create (parents too).
        app_db_url: SQLAlchemy URL of the app DB; default SQLite in the folder.

    Returns:
        The workspace's effective settings.

    Raises:
        InvalidInputError: ``directory`` exists and is not a folder.
    """
    if directory.exists() and not directory.is_dir():
        raise InvalidInputError(
            f"Cannot create a workspace at '{directory}': it is a file.",
            hint="Choose a new folder name.",
        )
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / CONFIG_FILE
    if not config.exists():
        app_db_line = (
            f"app_db_url = {_toml_string(app_db_url)}"
            if app_db_url
            else '# app_db_url = "postgresql+psycopg://user@host:5432/centric"'
        )
        config.write_text(WORKSPACE_TEMPLATE.format(app_db_line=app_db_line), encoding="utf-8")
    explicit: dict[str, Any] = {"workspace": directory.resolve()}
    if app_db_url:
        explicit["app_db_url"] = app_db_url
    settings = build_settings(read_workspace_file(directory).settings, explicit, origin=str(config))
    with open_runtime(settings):
        pass
    return settings


def _open_spark_copy(settings: Settings, warehouse: Warehouse) -> Warehouse:
    # Spark starts first, so that a missing Java fails before the warehouse is copied.
    session = start_local_spark(threads=settings.threads, memory=settings.spark_memory)
    refresh_parquet_copy(warehouse, settings.resolved_spark_path)
    return SparkWarehouse(settings.resolved_spark_path, session=session)


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

"""The seam between Centric's domains and the analytical engine that holds the warehouse.

Domains describe work as SQL over the canonical tables (DuckDB dialect, the reference dialect)
and hand files or Arrow tables to be staged; an engine runs it. The surface is kept small and
its capabilities are declared as data, as Splink's ``DatabaseAPI`` and Ibis' ``BaseBackend`` do,
so that a second engine (Spark) can implement it and pass the same conformance tests. This
module defines the contract only; it must not import an engine.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from centric.errors import BackendError


@dataclass(frozen=True)
class StructuralReject:
    """A record the reader could not split into the file's columns."""

    source_row: int
    reason: str
    raw: str


@dataclass(frozen=True)
class StagedFile:
    """A file read into a temporary staging table of text columns.

    The staging table has the file's columns (as text, named as in the file) and ``_row``, the
    1-based record number of each row in the file.
    """

    table: str
    columns: tuple[str, ...]
    rows: int
    rejects: tuple[StructuralReject, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DelimitedOptions:
    """How to read a delimited text file; ``None`` means detect."""

    delimiter: str | None = None
    header: bool | None = None
    quote: str | None = None
    encoding: str = "utf-8"
    max_line_bytes: int = 8 * 1024 * 1024


class Warehouse(ABC):
    """An analytical engine holding the canonical tables.

    Attributes:
        name: Engine name as used in settings (``duckdb``).
        capabilities: Features the engine offers, e.g. ``{"transactions", "read_csv"}``.
    """

    name: str
    capabilities: frozenset[str]

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        """Run a statement that returns nothing."""

    @abstractmethod
    def fetch_all(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        """Run a query and return its rows as tuples."""

    @abstractmethod
    def fetch_arrow(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        """Run a query and return an Arrow table."""

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """A context in which every write commits together or not at all."""

    @abstractmethod
    def stage_delimited(self, name: str, path: Path, options: DelimitedOptions) -> StagedFile:
        """Read a delimited text file (UTF-8 or UTF-16) into staging table ``name``."""

    @abstractmethod
    def stage_parquet(self, name: str, path: Path) -> StagedFile:
        """Read a Parquet file into staging table ``name``, every column as text."""

    @abstractmethod
    def stage_arrow(
        self, name: str, table: pa.Table, rejects: Sequence[StructuralReject] = ()
    ) -> StagedFile:
        """Stage rows produced in Python; ``table`` must already hold ``_row``."""

    @abstractmethod
    def drop_staging(self, name: str) -> None:
        """Remove a staging table if it exists."""

    @abstractmethod
    def table_exists(self, name: str) -> bool:
        """Whether a table or view of that name exists."""

    @abstractmethod
    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file."""

    @abstractmethod
    def close(self) -> None:
        """Release the engine and any file lock it holds."""

    def scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        """The first column of the first row, or ``None`` when there is no row."""
        rows = self.fetch_all(sql, params)
        return rows[0][0] if rows else None

    def iter_rows(self, sql: str, params: Sequence[Any] | None = None) -> Iterator[tuple[Any, ...]]:
        """Iterate the rows of a query (convenience over :meth:`fetch_all`)."""
        yield from self.fetch_all(sql, params)

    def unordered_writes(self) -> AbstractContextManager[None]:
        """Within the block, inserts need not keep the order of their SELECT.

        For writes whose rows carry their own order (record numbers as columns), so that an
        engine may write from several threads at once. Engines that always keep order, or never
        do, need not override it.
        """
        return nullcontext()

    def splink_database_api(self) -> AbstractContextManager[SplinkBinding]:
        """A Splink database API that works inside this warehouse (capability ``splink``).

        Identity resolution runs Splink where the records are, so that a million records are
        never copied out of the engine. Engines without the capability raise.

        Raises:
            BackendError: The engine cannot host Splink.
        """
        raise BackendError(
            f"The {self.name} warehouse cannot host Splink.",
            hint="Resolve identities on the DuckDB warehouse, or set engine = 'spark' in "
            "[identity] to run Splink on Spark.",
        )


@dataclass(frozen=True)
class SplinkBinding:
    """A Splink database API bound to a warehouse, from :meth:`Warehouse.splink_database_api`.

    Splink reads warehouse tables by their plain names and writes its working tables into the
    ``scratch`` catalog, which is discarded when the binding is closed.

    Attributes:
        api: The Splink ``DatabaseAPI``.
        scratch: Name by which the warehouse reaches Splink's tables (``scratch.main.<table>``).
    """

    api: Any
    scratch: str


def quote_identifier(name: str) -> str:
    """Quote a column or table name for SQL, whatever characters it holds."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    """Quote a string literal for SQL."""
    return "'" + value.replace("'", "''") + "'"

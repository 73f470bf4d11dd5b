"""Serialised writes, concurrent reads: the web server's worker threads and the warehouse.

The server answers requests on a pool of threads. :class:`SerializedWarehouse` wraps the
warehouse so that each write, and each transaction as a whole, holds one re-entrant lock. Reads
(queries) hold it too unless the engine declares ``concurrent_reads`` (DuckDB gives every thread
its own cursor, and a query sees the data committed when it starts), so that twenty users
opening customer pages do not queue behind one another. This module must not change what any
call does, only when it runs.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa

from centric.warehouse import DelimitedOptions, StagedFile, StructuralReject, Warehouse
from centric.warehouse.engine import SplinkBinding


class SerializedWarehouse(Warehouse):
    """A warehouse whose calls (and transactions) run one at a time across threads."""

    def __init__(self, inner: Warehouse) -> None:
        self._inner = inner
        self._lock = threading.RLock()
        self.name = inner.name
        self.capabilities = inner.capabilities
        self._free_reads = "concurrent_reads" in inner.capabilities

    @property
    def inner(self) -> Warehouse:
        """The wrapped warehouse."""
        return self._inner

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        with self._lock:
            self._inner.execute(sql, params)

    def fetch_all(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        if self._free_reads:
            return self._inner.fetch_all(sql, params)
        with self._lock:
            return self._inner.fetch_all(sql, params)

    def fetch_arrow(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        if self._free_reads:
            return self._inner.fetch_arrow(sql, params)
        with self._lock:
            return self._inner.fetch_arrow(sql, params)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock, self._inner.transaction():
            yield

    def stage_delimited(self, name: str, path: Path, options: DelimitedOptions) -> StagedFile:
        with self._lock:
            return self._inner.stage_delimited(name, path, options)

    def stage_parquet(self, name: str, path: Path) -> StagedFile:
        with self._lock:
            return self._inner.stage_parquet(name, path)

    def stage_arrow(
        self, name: str, table: pa.Table, rejects: Sequence[StructuralReject] = ()
    ) -> StagedFile:
        with self._lock:
            return self._inner.stage_arrow(name, table, rejects)

    def drop_staging(self, name: str) -> None:
        with self._lock:
            self._inner.drop_staging(name)

    def table_exists(self, name: str) -> bool:
        if self._free_reads:
            return self._inner.table_exists(name)
        with self._lock:
            return self._inner.table_exists(name)

    def checkpoint(self) -> None:
        with self._lock:
            self._inner.checkpoint()

    def close(self) -> None:
        with self._lock:
            self._inner.close()

    @contextmanager
    def splink_database_api(self) -> Iterator[SplinkBinding]:
        with self._lock, self._inner.splink_database_api() as binding:
            yield binding

    def __getattr__(self, name: str) -> Any:
        # Engine-specific extras (beyond the seam) pass through, under the lock when callable.
        attribute = getattr(self._inner, name)
        if not callable(attribute):
            return attribute

        def locked(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return attribute(*args, **kwargs)

        return locked

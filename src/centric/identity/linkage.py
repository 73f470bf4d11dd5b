"""Runs Splink on the chosen engine and moves data between it and the warehouse.

On DuckDB (the default) Splink works inside the warehouse through the seam's
``splink_database_api()``: records are read where they are and results copied by SQL. On Spark,
records go to a local (or configured) Spark session as Arrow and results come back as Arrow.
Either way identity code sees the same small surface: load records, score pairs, save results.
This module must not decide anything about matches or customers.
"""

from __future__ import annotations

import itertools
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pyarrow as pa
from splink import Linker
from splink.internals.splink_dataframe import SplinkDataFrame

from centric.errors import BackendError
from centric.identity.model import SPLINK_LOG_LEVEL, TrainedModel, settings_for_dialect
from centric.warehouse import Warehouse, quote_identifier

_names = itertools.count(1)


class LinkageEngine(ABC):
    """Splink's database API for one piece of work, with the data moves it needs."""

    name: str
    api: Any

    def __init__(self, warehouse: Warehouse) -> None:
        self.warehouse = warehouse

    @abstractmethod
    def load(self, sql: str) -> SplinkDataFrame:
        """Run ``sql`` on the warehouse and make its result a Splink input."""

    @abstractmethod
    def save(self, frame: SplinkDataFrame, columns: Sequence[str], target: str) -> int:
        """Copy ``columns`` of a Splink result into warehouse temporary table ``target``."""

    def linker(self, inputs: SplinkDataFrame, model: TrainedModel) -> Linker:
        """A Splink linker with a trained model over ``inputs``."""
        settings = settings_for_dialect(model, self.api.sql_dialect.sql_dialect_str)
        return Linker(inputs, settings, log_level=SPLINK_LOG_LEVEL)

    def score_within(
        self,
        records: SplinkDataFrame,
        model: TrainedModel,
        term_frequencies: dict[str, SplinkDataFrame],
        *,
        floor: float,
    ) -> SplinkDataFrame:
        """Score every candidate pair among ``records`` (blocking by the model's rules)."""
        linker = self.linker(records, model)
        self._register_term_frequencies(linker, term_frequencies)
        return linker.inference.predict_within(
            records, threshold_match_probability=floor, warning_mode="never"
        )

    def score_between(
        self,
        new: SplinkDataFrame,
        existing: SplinkDataFrame,
        model: TrainedModel,
        term_frequencies: dict[str, SplinkDataFrame],
        *,
        floor: float,
    ) -> SplinkDataFrame:
        """Score candidate pairs with one record in ``new`` and one in ``existing``."""
        linker = self.linker(existing, model)
        self._register_term_frequencies(linker, term_frequencies)
        return linker.inference.predict_between(
            new, existing, threshold_match_probability=floor, warning_mode="never"
        )

    def score_pairs(
        self,
        left: SplinkDataFrame,
        right: SplinkDataFrame,
        model: TrainedModel,
        term_frequencies: dict[str, SplinkDataFrame],
    ) -> SplinkDataFrame:
        """Score every record of ``left`` against every record of ``right`` (no blocking)."""
        linker = self.linker(right, model)
        self._register_term_frequencies(linker, term_frequencies)
        return linker.inference.score_pairs(left, right)

    @staticmethod
    def _register_term_frequencies(
        linker: Linker, term_frequencies: dict[str, SplinkDataFrame]
    ) -> None:
        for column, frame in term_frequencies.items():
            linker.table_management.register_term_frequency_lookup(frame, column)


class DuckDBLinkage(LinkageEngine):
    """Splink inside the DuckDB warehouse; working tables in a scratch catalog."""

    name = "duckdb"

    def __init__(self, warehouse: Warehouse, api: Any, scratch: str) -> None:
        super().__init__(warehouse)
        self.api = api
        self.scratch = scratch

    def load(self, sql: str) -> SplinkDataFrame:
        name = f"centric_input_{next(_names)}"
        self.warehouse.execute(f"CREATE TABLE {self.scratch}.main.{name} AS {sql}")
        frame: SplinkDataFrame = self.api.register(name, table_name=name)
        return frame

    def save(self, frame: SplinkDataFrame, columns: Sequence[str], target: str) -> int:
        selected = ", ".join(quote_identifier(c) for c in columns)
        self.warehouse.execute(
            f"CREATE OR REPLACE TEMP TABLE {quote_identifier(target)} AS "
            f"SELECT {selected} FROM {self.scratch}.main.{frame.physical_name}"
        )
        return int(self.warehouse.scalar(f"SELECT count(*) FROM {quote_identifier(target)}") or 0)


class SparkLinkage(LinkageEngine):
    """Splink on a Spark session; records go there and results come back as Arrow."""

    name = "spark"

    def __init__(self, warehouse: Warehouse, api: Any, session: Any) -> None:
        super().__init__(warehouse)
        self.api = api
        self.session = session

    def load(self, sql: str) -> SplinkDataFrame:
        table = self.warehouse.fetch_arrow(sql)
        frame = self.session.createDataFrame(table)
        registered: SplinkDataFrame = self.api.register(
            frame, table_name=f"centric_input_{next(_names)}"
        )
        return registered

    def save(self, frame: SplinkDataFrame, columns: Sequence[str], target: str) -> int:
        table: pa.Table = frame.as_spark_dataframe().select(*columns).toArrow()
        self.warehouse.stage_arrow(target, table.append_column("_row", pa.array(range(len(table)))))
        self.warehouse.execute(f"ALTER TABLE {quote_identifier(target)} DROP COLUMN _row")
        return int(table.num_rows)


@contextmanager
def open_linkage(
    warehouse: Warehouse, engine: str, *, spark_memory: str = "4g"
) -> Iterator[LinkageEngine]:
    """Open Splink on ``engine`` (``duckdb`` or ``spark``) for the given warehouse.

    Raises:
        BackendError: The warehouse cannot host Splink, or Spark cannot start.
        MissingExtraError: Spark was chosen but is not installed.
    """
    if engine == "duckdb":
        with warehouse.splink_database_api() as binding:
            yield DuckDBLinkage(warehouse, binding.api, binding.scratch)
        return
    if engine == "spark":
        from centric.warehouse.spark_backend import splink_spark_api  # noqa: PLC0415

        with splink_spark_api(memory=spark_memory) as (api, session):
            yield SparkLinkage(warehouse, api, session)
        return
    raise BackendError(
        f"Unknown identity engine '{engine}'.", hint="Set engine to 'duckdb' or 'spark'."
    )


__all__ = ["DuckDBLinkage", "LinkageEngine", "SparkLinkage", "open_linkage"]

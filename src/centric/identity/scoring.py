"""Scores one record against a few others with the saved model, and turns scores into evidence.

Used where answers are needed one at a time: explaining why two records match, and resolving a
record online. The scorer is opened once (model, term frequencies of the population, Splink
session) and then answers in milliseconds. Evidence is given per field in words a business user
follows: the comparison level reached ("same date of birth"), its match weight, and how strong
that is for or against. This module must not change anything.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from splink.internals.realtime import compare_records

from centric.errors import BackendError, InvalidInputError, NotFoundError
from centric.identity.linkage import LinkageEngine, open_linkage
from centric.identity.model import (
    MODEL_INPUT_COLUMNS,
    TrainedModel,
    level_labels,
    load_model,
    term_frequency_sql,
)
from centric.identity.schemas import FieldEvidence
from centric.runtime import Runtime
from centric.warehouse import Warehouse, quote_identifier, quote_literal

_TF_TABLE = "identity_tf_{column}"

# Candidates scored per answer at most.
MAX_CANDIDATES = 200

# Absolute match weights (bits) from which evidence is called weak, moderate, strong, very strong.
STRENGTHS: tuple[tuple[float, str], ...] = (
    (10.0, "very strong"),
    (5.0, "strong"),
    (2.0, "moderate"),
    (0.5, "weak"),
)


def describe_weight(weight: float) -> tuple[str, str]:
    """Strength and direction of a match weight, e.g. ``("strong", "for")``."""
    size = abs(weight)
    for minimum, word in STRENGTHS:
        if size >= minimum:
            return word, "for" if weight > 0 else "against"
    return "no", "neutral"


class PairScorer:
    """Scores records with the workspace's model, one small batch at a time.

    Opening prepares everything once: term frequencies of the population, a table of the
    population's model columns with their term frequencies (so candidates are a plain scan),
    and Splink's scoring SQL prepared over two JSON parameters. Each answer passes the records
    to score as JSON text and executes the prepared statement, which DuckDB then runs without
    binding and optimising Splink's SQL again (a statement that reads a table is planned anew
    at every execution; see docs/decisions/0007-online-scoring-through-json-parameters.md).
    The tables and the statement live on the warehouse connection of the thread that opened
    the scorer: use it from that thread.
    """

    def __init__(self, runtime: Runtime, engine: LinkageEngine, model: TrainedModel) -> None:
        self.runtime = runtime
        self.warehouse: Warehouse = runtime.warehouse
        self.model = model
        self.labels = level_labels(model.settings)
        self.tf_columns = sorted(set(_tf_columns(model)))
        self._population = f"identity_scorable_{id(self)}"
        self._tf_lookup: dict[str, dict[Any, float]] = {}
        self._ids_by_value: dict[str, dict[Any, list[int]]] = {}
        if engine.name != "duckdb":
            raise BackendError(
                "Single records are scored on the DuckDB engine only.",
                hint="Use engine = 'duckdb' for online resolution and explanations.",
            )
        for column in self.tf_columns:
            self.warehouse.execute(
                f"CREATE OR REPLACE TEMP TABLE {quote_identifier(_TF_TABLE.format(column=column))}"
                f" AS SELECT {column} AS value, tf_{column} AS tf FROM "
                f"({term_frequency_sql(column, 'SELECT * FROM identity_records')})"
            )
        columns = ", ".join(f"r.{c}" for c in MODEL_INPUT_COLUMNS)
        joins = "".join(
            f" LEFT JOIN {quote_identifier(_TF_TABLE.format(column=c))} t_{c} "
            f"ON t_{c}.value = r.{c}"
            for c in self.tf_columns
        )
        tf = "".join(f", t_{c}.tf AS tf_{c}" for c in self.tf_columns)
        self.warehouse.execute(
            f"CREATE OR REPLACE TEMP TABLE {self._population} AS "
            f"SELECT {columns}{tf} FROM identity_records r{joins}"
        )
        self._statement, self._names = self._prepare(engine)

    def _prepare(self, engine: LinkageEngine) -> tuple[str, list[str]]:
        # Splink writes the scoring SQL for two inputs; it is kept and prepared once with each
        # input read from a JSON parameter (a list of records shaped like the population).
        # Parameters, unlike tables, leave DuckDB's prepared plan valid from one execution to
        # the next.
        sample = self.warehouse.fetch_arrow(f"SELECT * FROM {self._population} LIMIT 1")
        if sample.num_rows == 0:
            raise NotFoundError(
                "No resolved records to compare with.", hint="Run 'centric resolve' first."
            )
        frame = compare_records(sample, sample, dict(self.model.settings), engine.api)
        try:
            sql = frame.sql_used_to_create
        finally:
            frame.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
        described = self.warehouse.fetch_all(f"DESCRIBE {self._population}")
        shape = json.dumps([{str(name): str(kind) for name, kind, *_ in described}])
        for side, parameter in (("left", "$1"), ("right", "$2")):
            sql = re.sub(
                rf"__splink__compare_records_{side}_\w+",
                f"(SELECT unnest(from_json({parameter}::VARCHAR, {quote_literal(shape)}), "
                "recursive := true))",
                sql,
            )
        statement = f"centric_score_{id(self)}"
        # Prepared on the warehouse's connection, which the scorer's tables live on too; Splink
        # is needed only to write the SQL. Only the scores and per-field evidence are read; the
        # rest is pruned from the plan.
        self.warehouse.execute(
            f"PREPARE {statement} AS SELECT match_weight, match_probability, record_id_l, "
            f"record_id_r, COLUMNS('^(gamma|mw)_') FROM ({sql})"
        )
        names = self.warehouse.fetch_arrow(f"EXECUTE {statement}('[]', '[]')").column_names
        return statement, list(names)

    def index_for_lookups(self, columns: Sequence[str]) -> None:
        """Keep, in memory, the record ids of every value of ``columns`` and the population's
        term frequencies, so that finding and scoring the candidates of one record costs
        milliseconds (online resolution)."""
        self.warehouse.execute(
            f"CREATE INDEX {self._population}_record_id ON {self._population} (record_id)"
        )
        table = self.warehouse.fetch_arrow(
            f"SELECT record_id, {', '.join(columns)} FROM {self._population}"
        )
        for column in columns:
            grouped = (
                table.select(["record_id", column])
                .filter(pc.is_valid(table.column(column)))
                .group_by(column)
                .aggregate([("record_id", "list")])
            )
            self._ids_by_value[column] = dict(
                zip(
                    grouped.column(column).to_pylist(),
                    (sorted(ids) for ids in grouped.column("record_id_list").to_pylist()),
                    strict=True,
                )
            )
        for column in self.tf_columns:
            frequencies = self.warehouse.fetch_arrow(
                f"SELECT value, tf FROM {quote_identifier(_TF_TABLE.format(column=column))}"
            )
            self._tf_lookup[column] = dict(
                zip(
                    frequencies.column("value").to_pylist(),
                    frequencies.column("tf").to_pylist(),
                    strict=True,
                )
            )

    def ids_agreeing(self, values: Mapping[str, Any]) -> set[int]:
        """Ids of stored records equal to ``values`` on every column (indexed columns only)."""
        lists = sorted(
            (self._ids_by_value[column].get(value, []) for column, value in values.items()),
            key=len,
        )
        if not lists or not lists[0]:
            return set()
        found = set(lists[0])
        for ids in lists[1:]:
            if len(ids) < 4 * len(found):
                found &= set(ids)
            else:  # a long sorted list: look each id up by bisection
                found = {i for i in found if (k := bisect_left(ids, i)) < len(ids) and ids[k] == i}
            if not found:
                break
        return found

    def population_select(self, where: str) -> str:
        """SQL selecting scorable stored records (aliased ``r``) that satisfy ``where``."""
        return f"SELECT * FROM {self._population} r WHERE {where}"

    def score_candidates(
        self, probe: Mapping[str, Any], candidates_sql: str
    ) -> list[dict[str, Any]]:
        """Score a standardised record against the rows ``candidates_sql`` selects.

        ``candidates_sql`` selects rows of the scorable population (see
        :meth:`population_select`); at most MAX_CANDIDATES of them are scored.
        """
        return self._execute(self._probe_json(probe), self._rows_json(candidates_sql))

    def score_stored(self, probe: Mapping[str, Any] | int, where: str) -> list[dict[str, Any]]:
        """Score a record against the stored records matching ``where`` (SQL over ``r``).

        Args:
            probe: A standardised record (model columns), or the record_id of a stored one.
            where: Condition selecting the candidates.

        Returns:
            One scored row per candidate (Splink's columns, with levels and weights).
        """
        if isinstance(probe, int):
            left = self._rows_json(self.population_select(f"r.record_id = {int(probe)}"))
        else:
            left = self._probe_json(probe)
        return self._execute(left, self._rows_json(self.population_select(where)))

    def _rows_json(self, sql: str) -> str:
        # The rows as one JSON list, written by DuckDB: values keep their exact types.
        text = self.warehouse.scalar(
            f"SELECT CAST(to_json(list(r)) AS VARCHAR) FROM ({sql} LIMIT {MAX_CANDIDATES}) r"
        )
        return str(text) if text is not None else "[]"

    def _probe_json(self, probe: Mapping[str, Any]) -> str:
        return json.dumps([self.with_term_frequencies(probe)], default=_json_value)

    def _execute(self, left: str, right: str) -> list[dict[str, Any]]:
        # The inputs travel as SQL string literals, so that the statement is executed with
        # parameters of the type it was prepared with (a typed argument is not re-planned).
        rows = self.warehouse.fetch_all(
            f"EXECUTE {self._statement}({quote_literal(left)}, {quote_literal(right)})"
        )
        return [dict(zip(self._names, row, strict=True)) for row in rows]

    def with_term_frequencies(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """A record (model columns) with the population's term frequency of each value."""
        result = {c: record.get(c) for c in MODEL_INPUT_COLUMNS}
        if self._tf_lookup:
            for column in self.tf_columns:
                value = result.get(column)
                result[f"tf_{column}"] = (
                    self._tf_lookup[column].get(value) if value is not None else None
                )
            return result
        present = [c for c in self.tf_columns if result.get(c) is not None]
        for column in self.tf_columns:
            result[f"tf_{column}"] = None
        if present:
            lookups = ", ".join(
                f"(SELECT tf FROM {quote_identifier(_TF_TABLE.format(column=c))} WHERE value = ?)"
                for c in present
            )
            values = self.warehouse.fetch_all(f"SELECT {lookups}", [result[c] for c in present])[0]
            for column, value in zip(present, values, strict=True):
                result[f"tf_{column}"] = value
        return result

    def evidence(self, row: Mapping[str, Any]) -> tuple[FieldEvidence, ...]:
        """Per-field evidence of one scored pair, strongest first."""
        found = []
        for name in self.model.comparisons:
            gamma = row.get(f"gamma_{name}")
            if gamma is None:
                continue
            label, _ = self.labels[name].get(int(gamma), (name, None))
            weight = float(row.get(f"mw_{name}") or 0.0) + float(
                row.get(f"mw_tf_adj_{name}") or 0.0
            )
            if int(gamma) == -1:
                weight = 0.0
            strength, direction = describe_weight(weight)
            found.append(FieldEvidence(name, label, round(weight, 2), strength, direction))
        return tuple(sorted(found, key=lambda e: -abs(e.weight)))

    @property
    def prior_weight(self) -> float:
        """Match weight of the prior: how rare matches are among random pairs."""
        prior = self.model.probability_two_random_records_match
        return math.log2(prior / (1 - prior))

    def close(self) -> None:
        """Drop the scorer's temporary tables and prepared statement."""
        self.warehouse.execute(f"DEALLOCATE {self._statement}")
        for column in self.tf_columns:
            self.warehouse.drop_staging(_TF_TABLE.format(column=column))
        self.warehouse.drop_staging(self._population)


def _json_value(value: Any) -> Any:
    # Dates and times as ISO text, which DuckDB reads back into DATE and TIMESTAMP columns.
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise InvalidInputError(
        f"A record value of type {type(value).__name__} ({value!r}) cannot be scored.",
        hint="Give identity fields as text, numbers or dates.",
    )


def _tf_columns(model: TrainedModel) -> list[str]:
    columns = []
    for comparison in model.settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            column = level.get("tf_adjustment_column")
            if column:
                columns.append(str(column).strip('"'))
    return columns


@contextmanager
def open_scorer(runtime: Runtime, *, engine: str = "duckdb") -> Iterator[PairScorer]:
    """Open a scorer on the workspace's saved model.

    Raises:
        NotFoundError: No model has been trained yet.
    """
    from centric.identity.service import model_path  # noqa: PLC0415  # avoids an import cycle

    path = model_path(runtime)
    if not path.exists():
        raise NotFoundError(
            f"No identity model in the workspace ({path}).",
            hint="Run 'centric resolve' first.",
        )
    model = load_model(path)
    # Splink writes the scoring SQL while the scorer opens, then its session is closed: the
    # scorer keeps no Splink session (which a served warehouse lends to one caller at a time).
    with open_linkage(runtime.warehouse, engine) as linkage:
        scorer = PairScorer(runtime, linkage, model)
    try:
        yield scorer
    finally:
        scorer.close()


def rows_as_table(rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    """Rows (dicts) as an Arrow table."""
    return pa.Table.from_pylist([dict(r) for r in rows])

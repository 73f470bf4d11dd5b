"""Daily summaries of large metric tables, kept current after ingest and read instead of rows.

A survey answer contributes to every score metric through a handful of low-cardinality columns:
its day, its score and scale, its survey and the dimensions it is broken down by. Grouping the
rows by exactly those columns and keeping, per group, the number of rows and the sums of their
weights and squared weights loses nothing any score metric needs: a promoter count, a top-2-box
share, a mean and its variance, a weighted share and the effective sample size all follow from
the groups, because the value a row contributes is the same for every row of its group. A year
of 100M answers in 8 channels and 125 teams is about 4M such groups, so a metric reads 25 times
fewer rows.

A summary is used only when it is current: its bookkeeping row records the table's row count, the
last ingest batch of that table it includes and the columns it groups by, and a metric reads the
summary only when all three still match (one cheap query; otherwise it reads the rows, as without a
summary). The ``summarise`` step of ``centric run`` brings summaries up to date: batches that only
added rows are added as new groups; anything else (replaced or removed rows) rebuilds the summary
in one grouped scan. Tables smaller than the ``metrics_summary_min_rows`` setting are not
summarised: reading them is fast anyway. This module owns the summary tables; it must not compute
figures.

See docs/decisions/0005-metric-summaries.md for why summaries exist and what they cost.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cache
from typing import Literal, NamedTuple

from sqlglot import exp, parse_one

from centric.voc.queries import SUMMARY_ROWS, SUMMARY_WEIGHT, SUMMARY_WEIGHT2, in_dialect
from centric.voc.registry import METRICS, available_dimensions
from centric.warehouse import TABLES_BY_NAME, Warehouse, create_tables, quote_identifier
from centric.warehouse.schema import Column, Table

SUMMARISED_TABLES: tuple[str, ...] = ("feedback",)
"""Tables whose metrics are all computed from discrete values (scores), so that a daily summary
is exact. Interactions are not summarised: handle and response times are continuous and their
bootstrap needs the values."""

UNSUMMARISED_COLUMNS: frozenset[str] = frozenset({"agent_id"})
"""Dimensions left out of summaries: one group per agent and day would make a summary nearly
as large as its table; breakdowns by agent read the rows."""

_LAST_BATCH = "SELECT coalesce(max(batch_id), 0) FROM source_batches WHERE kind = ?"

SUMMARY_STATE = Table(
    "metric_summaries",
    "Bookkeeping of the daily summaries of metric tables: what each one includes.",
    (
        Column(
            "table_name",
            "VARCHAR",
            "Canonical table summarised; its summary is the table `<table_name>_daily_summary`.",
        ),
        Column("base_rows", "BIGINT", "Rows of the canonical table the summary includes."),
        Column(
            "through_batch",
            "BIGINT",
            "Last ingest batch of the table (source_batches.batch_id) the summary includes; "
            "0 when no batch had fed it.",
        ),
        Column(
            "layout",
            "VARCHAR",
            "Columns the summary groups by; a summary of another layout (an older version of "
            "Centric) is rebuilt, and not read before.",
        ),
        Column("built_at", "TIMESTAMP", "When the summary was last rebuilt in full."),
        Column("updated_at", "TIMESTAMP", "When the summary was last brought up to date."),
    ),
    lineage=False,
)


class _State(NamedTuple):
    """What a complete summary includes, from its bookkeeping row."""

    base_rows: int
    through_batch: int
    layout: str


Action = Literal["built", "extended", "current", "removed", "not summarised"]


@dataclass(frozen=True)
class SummaryRefresh:
    """What bringing one table's summary up to date did.

    Attributes:
        table: Canonical table.
        action: ``built`` (rebuilt in full), ``extended`` (new batches added), ``current``
            (nothing to do), ``removed`` (the table fell below the minimum size) or
            ``not summarised`` (below the minimum size, no summary kept).
        base_rows: Rows of the canonical table.
        summary_rows: Groups in the summary afterwards (0 without one).
        seconds: Time taken.
    """

    table: str
    action: Action
    base_rows: int
    summary_rows: int
    seconds: float


def summary_table_name(table: str) -> str:
    """Name of the table holding the daily summary of ``table``."""
    return f"{table}_daily_summary"


@cache
def summary_columns(table: str) -> tuple[str, ...]:
    """Columns of ``table`` that its summary groups by, besides the day.

    Every column a metric on the table filters on or takes its value from, and every column a
    dimension of those metrics reads on the table itself (``team_id`` for team attributes),
    except :data:`UNSUMMARISED_COLUMNS`. Customer dimensions are read from the rows.
    """
    metrics = [m for m in METRICS if m.table == table]
    present = {c.name for c in TABLES_BY_NAME[table].business_columns}
    wanted: set[str] = set()
    for metric in metrics:
        for sql in (metric.filter_sql, *(m.value_sql for m in metric.measures)):
            wanted |= {column.name for column in parse_one(sql, read="duckdb").find_all(exp.Column)}
        wanted |= {d.key_column for d in available_dimensions(metric) if not d.from_customer}
    times = {m.time_column for m in metrics}
    return tuple(sorted((wanted & present) - UNSUMMARISED_COLUMNS - times))


def summary_table(table: str) -> Table:
    """The declared summary table of ``table``: its day, grouping columns and the sums."""
    base = TABLES_BY_NAME[table]
    types = {c.name: c for c in base.business_columns}
    time_column, _ = _time_and_weight(table)
    return Table(
        summary_table_name(table),
        f"Daily summary of {table} for metrics: rows grouped by day and every column a score "
        "metric reads, with their count and weight sums. Kept current by `centric run`.",
        (
            Column(time_column, "TIMESTAMP", "Start of the UTC day of the rows."),
            *(Column(name, types[name].type, types[name].doc) for name in summary_columns(table)),
            Column(SUMMARY_ROWS, "BIGINT", "Number of rows in the group."),
            Column(SUMMARY_WEIGHT, "DOUBLE", "Sum of the rows' survey weights (1 where empty)."),
            Column(SUMMARY_WEIGHT2, "DOUBLE", "Sum of the squared weights."),
        ),
        lineage=False,
    )


def refresh_summaries(warehouse: Warehouse, *, min_rows: int) -> list[SummaryRefresh]:
    """Bring the daily summary of every summarised table up to date.

    Args:
        warehouse: The workspace's (writable) warehouse.
        min_rows: Tables with fewer rows are not summarised (and lose a summary they had).

    Returns:
        What happened to each summarised table.
    """
    return [_refresh(warehouse, table, min_rows) for table in SUMMARISED_TABLES]


def _refresh(warehouse: Warehouse, table: str, min_rows: int) -> SummaryRefresh:
    started = time.perf_counter()
    summary = summary_table(table)
    target = quote_identifier(summary.name)
    base_rows = int(warehouse.scalar(f"SELECT count(*) FROM {quote_identifier(table)}"))
    state = _state(warehouse, table)
    if base_rows < min_rows:
        if state is None and not warehouse.table_exists(summary.name):
            return SummaryRefresh(table, "not summarised", base_rows, 0, 0.0)
        with warehouse.transaction():
            warehouse.execute(f"DROP TABLE IF EXISTS {target}")
            if warehouse.table_exists(SUMMARY_STATE.name):
                warehouse.execute("DELETE FROM metric_summaries WHERE table_name = ?", [table])
        return SummaryRefresh(table, "removed", base_rows, 0, time.perf_counter() - started)
    through = int(warehouse.scalar(_LAST_BATCH, [table]))
    layout = _layout(table)
    if state is not None and state.layout != layout:
        state = None
        warehouse.execute(f"DROP TABLE IF EXISTS {target}")
    if state is not None and (state.base_rows, state.through_batch) == (base_rows, through):
        rows = int(warehouse.scalar(f"SELECT count(*) FROM {target}"))
        return SummaryRefresh(table, "current", base_rows, rows, time.perf_counter() - started)
    create_tables(warehouse, [summary, SUMMARY_STATE])
    with warehouse.transaction():
        if state is not None and _only_added(warehouse, table, state, base_rows):
            action: Action = "extended"
            warehouse.execute(f"INSERT INTO {target} {_grouped_sql(table, state.through_batch)}")
        else:
            action = "built"
            warehouse.execute(f"DELETE FROM {target}")
            warehouse.execute(f"INSERT INTO {target} {_grouped_sql(table, None)}")
        if state is None:  # also replaces the row of a summary dropped by hand
            warehouse.execute("DELETE FROM metric_summaries WHERE table_name = ?", [table])
            warehouse.execute("INSERT INTO metric_summaries (table_name) VALUES (?)", [table])
        built = "built_at" if action == "extended" else "CAST(now() AS TIMESTAMP)"
        warehouse.execute(
            "UPDATE metric_summaries SET base_rows = ?, through_batch = ?, layout = ?, "
            f"built_at = {built}, updated_at = CAST(now() AS TIMESTAMP) WHERE table_name = ?",
            [base_rows, through, layout, table],
        )
        rows = int(warehouse.scalar(f"SELECT count(*) FROM {target}"))
    return SummaryRefresh(table, action, base_rows, rows, time.perf_counter() - started)


def current_summary(warehouse: Warehouse, table: str) -> str | None:
    """The summary table of ``table`` if it includes exactly the table's current rows.

    One query on the bookkeeping: the table's row count, its last ingest batch and the
    summary's columns must be those the summary was brought up to date with. Works on any
    engine holding the tables.
    """
    if table not in SUMMARISED_TABLES:
        return None
    name = summary_table_name(table)
    if not all(map(warehouse.table_exists, (SUMMARY_STATE.name, name))):
        return None
    sql = (
        "SELECT 1 FROM metric_summaries WHERE table_name = ? "
        f"AND base_rows = (SELECT count(*) FROM {quote_identifier(table)}) "
        f"AND through_batch = ({_LAST_BATCH}) AND layout = ?"
    )
    found = warehouse.fetch_all(in_dialect(sql, warehouse.name), [table, table, _layout(table)])
    return name if found else None


def _layout(table: str) -> str:
    return ",".join(summary_columns(table))


def _state(warehouse: Warehouse, table: str) -> _State | None:
    # What the summary of ``table`` includes, if it has a complete one.
    if not warehouse.table_exists(SUMMARY_STATE.name):
        return None
    found = warehouse.fetch_all(
        "SELECT base_rows, through_batch, coalesce(layout, '') FROM metric_summaries "
        "WHERE table_name = ? AND base_rows IS NOT NULL",
        [table],
    )
    if not found or not warehouse.table_exists(summary_table_name(table)):
        return None
    base_rows, through_batch, layout = found[0]
    return _State(int(base_rows), int(through_batch), str(layout))


def _only_added(warehouse: Warehouse, table: str, state: _State, base_rows: int) -> bool:
    # Since the summary was brought up to date, did batches only add rows? Every batch after it
    # must have replaced nothing, and the rows those batches wrote must account for all the
    # rows the table gained, so that no earlier row went missing.
    replaced = warehouse.scalar(
        "SELECT count(*) FROM source_batches WHERE kind = ? AND batch_id > ? "
        "AND coalesce(rows_updated, 0) > 0",
        [table, state.through_batch],
    )
    if replaced:
        return False
    added = int(
        warehouse.scalar(
            f"SELECT count(*) FROM {quote_identifier(table)} WHERE batch_id > ?",
            [state.through_batch],
        )
    )
    return added == base_rows - state.base_rows


def _grouped_sql(table: str, after_batch: int | None) -> str:
    # The rows of ``table`` (those of batches after ``after_batch`` when given) grouped by day
    # and the summary's columns, in the summary table's column order.
    time_column, weight_column = _time_and_weight(table)
    time_column = quote_identifier(time_column)
    keys = [quote_identifier(c) for c in summary_columns(table)]
    weight = f"coalesce({quote_identifier(weight_column)}, 1.0)" if weight_column else "1.0"
    where = f"{time_column} IS NOT NULL"
    if after_batch is not None:
        where += f" AND batch_id > {int(after_batch)}"
    columns = ", ".join([time_column, *keys, SUMMARY_ROWS, SUMMARY_WEIGHT, SUMMARY_WEIGHT2])
    return (
        f"({columns}) SELECT CAST(date_trunc('day', {time_column}) AS TIMESTAMP) AS {time_column}, "
        f"{', '.join(keys)}, count(*), sum({weight}), sum({weight} * {weight}) "
        f"FROM {quote_identifier(table)} WHERE {where} GROUP BY ALL"
    )


def _time_and_weight(table: str) -> tuple[str, str | None]:
    # The time and weight columns every metric on ``table`` uses; a summary holds one of each.
    (found,) = {(m.time_column, m.weight_column) for m in METRICS if m.table == table}
    return found


def summary_tables() -> tuple[Table, ...]:
    """Every table of this module, for the data-model reference (made on demand: the summary
    tables' columns are derived from the metric registry)."""
    return (SUMMARY_STATE, *(summary_table(table) for table in SUMMARISED_TABLES))

"""Builds the one aggregate query behind a metric, for whichever engine holds the warehouse.

A metric is computed from sufficient statistics per breakdown cell (row counts, sums of
weights, sums of values and of squares), which an engine aggregates in one scan; everything else
happens on that small result in Python. The query is written once, in DuckDB's dialect (the
reference dialect of the warehouse seam), parsed by SQLGlot and rendered in the dialect of the
engine that runs it, so DuckDB and Spark execute the same query. Identifiers come from the
registry and literals are quoted by SQLGlot. This module builds text; it must not run it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import sqlglot
from sqlglot import exp

from centric.errors import BackendError
from centric.voc.registry import Dimension, Grain, Measure, Metric

BIN_RESOLUTION = 10
"""Bins per unit of ln(1 + value) for bootstrapped durations: each about 10% wide. The bootstrap
restores the spread inside a bin from its sum of squares, so coarse bins lose nothing but time."""

STRATUM = "stratum"
BIN = "bin"
PERIOD = "period"
ROWS = "rows_in_group"
SUMMARY_ROWS, SUMMARY_WEIGHT, SUMMARY_WEIGHT2 = "summary_rows", "summary_weight", "summary_weight2"
"""Columns of a daily summary (see :mod:`centric.voc.summaries`): rows per group and the sums of
their weights and squared weights."""


@dataclass(frozen=True)
class AggregateQuery:
    """The aggregate query of one metric request and how to read its result.

    Attributes:
        sql: The query in DuckDB's dialect.
        dimensions: Output column of each breakdown dimension, in order.
        has_period: Whether a ``period`` column is present: the period's integer key (see
            :func:`period_start`), which is cheaper to compute per row and to group by than a
            truncated date; it is turned into the period's first day on the small result.
        has_stratum: Whether a ``stratum`` column (post-stratification) is present.
        has_bins: Whether a ``bin`` column (bootstrap bins) is present.
        weighted: Whether weight sums (``__w``, ``__w2``) are present.
    """

    sql: str
    dimensions: tuple[str, ...]
    has_period: bool
    has_stratum: bool
    has_bins: bool
    weighted: bool

    @property
    def keys(self) -> tuple[str, ...]:
        """Every grouping column of the result."""
        return (
            self.dimensions
            + ((PERIOD,) if self.has_period else ())
            + ((STRATUM,) if self.has_stratum else ())
            + ((BIN,) if self.has_bins else ())
        )

    def render(self, dialect: str) -> str:
        """The query in the SQL dialect of an engine (``duckdb``, ``spark``).

        Raises:
            BackendError: SQLGlot cannot render the query for that engine.
        """
        return in_dialect(self.sql, dialect)


def in_dialect(sql: str, dialect: str) -> str:
    """A query of the reference (DuckDB) dialect rendered for an engine (``duckdb``, ``spark``).

    Raises:
        BackendError: SQLGlot cannot render the query for that engine.
    """
    try:
        return _transpile(sql, dialect)
    except (sqlglot.errors.SqlglotError, ValueError) as exc:
        raise BackendError(
            f"Cannot write the metric query in the '{dialect}' SQL dialect: {exc}",
            hint="Use an engine SQLGlot supports (duckdb or spark).",
        ) from exc


@lru_cache(maxsize=256)
def _transpile(sql: str, dialect: str) -> str:
    # The same request renders the same text, so dashboards asking again skip the parse.
    return sqlglot.transpile(sql, read="duckdb", write=dialect)[0]


def measure_column(measure: Measure, statistic: str) -> str:
    """Name of the result column holding ``statistic`` (n, a, b, w, w2) of ``measure``."""
    return f"{measure.name}__{statistic}"


def build_aggregate_query(
    metric: Metric,
    measures: Sequence[Measure],
    *,
    dimensions: Sequence[Dimension] = (),
    grain: Grain | None = None,
    since: date | None = None,
    until: date | None = None,
    where: Mapping[Dimension, Sequence[str]] | None = None,
    weighted: bool = False,
    stratum: Dimension | None = None,
    bins: bool = False,
    resolved_identities: bool = False,
    summary: str | None = None,
) -> AggregateQuery:
    """The aggregate query of a metric broken down by dimensions and period.

    Per cell (and per stratum and bin when asked) and per measure it returns ``n`` (rows with a
    value) and two sums whose meaning depends on the measure's kind: for NPS the promoters and
    detractors, for a share the rows meeting the condition, for a mean the values and their
    squares. With weights the sums are weighted and ``w``/``w2`` hold the sums of weights and of
    squared weights.

    Args:
        metric: The metric.
        measures: Its measures to compute.
        dimensions: Breakdown dimensions.
        grain: Time grain, or ``None`` for one figure over the whole range.
        since: First day included (UTC).
        until: Last day included (UTC).
        where: Only rows whose dimension value is one of the given values.
        weighted: Use the metric's weight column (1 where empty).
        stratum: Also group by this dimension, for post-stratification.
        bins: Also group by narrow bins of the value (for bootstrapped means).
        resolved_identities: The warehouse holds ``customer_links``. Customer dimensions
            (segment) then come from the customer a row's record belongs to: the value of the
            customer's most recently updated record that has one. Without it, only the record
            the row names (``customer_source``, ``customer_key``) is read.
        summary: Read this daily summary of the metric's table instead of its rows (see
            :mod:`centric.voc.summaries`): counts become sums of each group's row count and
            weights its weight sums, which gives the same statistics. The caller checks that
            the summary is current and holds every column the request reads, and that
            ``since`` and ``until`` are whole days.

    Returns:
        The query.
    """
    filters = dict(where or {})
    used = [*dimensions, *filters, *([stratum] if stratum else [])]
    team_columns = sorted({d.column for d in used if d.from_teams})
    customer_columns = sorted({d.column for d in used if d.from_customer})

    select = [f"{_dimension_sql(d)} AS {_ident(d.name)}" for d in dimensions]
    time_column = f"t.{_ident(metric.time_column)}"
    if grain is not None:
        select.append(f"{_period_key_sql(grain, time_column)} AS {PERIOD}")
    if stratum is not None:
        select.append(f"{_dimension_sql(stratum)} AS {STRATUM}")
    for index, measure in enumerate(measures):
        select.append(f"({measure.value_sql}) AS v{index}")
    if bins:
        value = measures[0].value_sql
        select.append(f"CAST(floor(ln(1 + ({value})) * {BIN_RESOLUTION}) AS BIGINT) AS {BIN}")
    if weighted:
        if metric.weight_column is None:
            raise BackendError(f"Metric '{metric.name}' has no weight column.")
        if summary is None:
            select.append(f"coalesce(t.{_ident(metric.weight_column)}, 1.0) AS w")
        else:
            select.append(f"t.{_ident(SUMMARY_WEIGHT)} AS w, t.{_ident(SUMMARY_WEIGHT2)} AS w2")
    if summary is not None:
        select.append(f"t.{_ident(SUMMARY_ROWS)} AS {ROWS}")

    conditions = [f"({metric.filter_sql})", f"{time_column} IS NOT NULL"]
    if since is not None:
        conditions.append(f"{time_column} >= {_timestamp(since)}")
    if until is not None:
        conditions.append(f"{time_column} < {_timestamp(until + timedelta(days=1))}")
    for dimension, values in filters.items():
        listed = ", ".join(_literal(v) for v in values)
        conditions.append(f"{_dimension_sql(dimension)} IN ({listed})")

    source = f"{_ident(summary or metric.table)} AS t"
    if team_columns:
        picked = ", ".join(f"max({_ident(c)}) AS {_ident(c)}" for c in team_columns)
        source += (
            f" LEFT JOIN (SELECT source_key AS team_key, {picked} FROM teams "
            f"GROUP BY source_key) AS tm ON t.team_id = tm.team_key"
        )
    if customer_columns:
        source += (
            f" LEFT JOIN ({_customer_values_sql(customer_columns, resolved_identities)}) AS cu"
            " ON cu.record_source = coalesce(t.customer_source, t.source)"
            " AND cu.record_key = t.customer_key"
        )
    # The inner query lifts each row's values into columns named v0, v1, ... for the aggregates.
    inner = f"SELECT {', '.join(select)} FROM {source} WHERE {' AND '.join(conditions)}"

    keys = [_ident(d.name) for d in dimensions]
    keys += [PERIOD] if grain is not None else []
    keys += [STRATUM] if stratum is not None else []
    keys += [BIN] if bins else []
    aggregates = []
    for index, measure in enumerate(measures):
        aggregates += _aggregates(
            measure, f"v{index}", weighted=weighted, summarised=summary is not None
        )
    group_by = f" GROUP BY {', '.join(keys)}" if keys else ""
    sql = f"SELECT {', '.join([*keys, *aggregates])} FROM ({inner}) AS r{group_by}"
    return AggregateQuery(
        sql=sql,
        dimensions=tuple(d.name for d in dimensions),
        has_period=grain is not None,
        has_stratum=stratum is not None,
        has_bins=bins,
        weighted=weighted,
    )


def _aggregates(measure: Measure, value: str, *, weighted: bool, summarised: bool) -> list[str]:
    # Over a summary each input row stands for a group of rows with the same value: counts add
    # up the groups' row counts, sums weigh the value by them, and weighted sums use the
    # groups' weight sums (w) and sums of squared weights (w2) in place of w and w * w.
    def column(statistic: str) -> str:
        return _ident(measure_column(measure, statistic))

    def count(condition: str) -> str:
        # Rows meeting the condition; a filtered count skips materialising a CASE per row.
        if summarised:
            return f"CAST(coalesce(sum({ROWS}) FILTER (WHERE {condition}), 0) AS BIGINT)"
        return f"count(*) FILTER (WHERE {condition})"

    if measure.kind == "nps":
        first, second = f"{value} >= 9", f"{value} <= 6"
    elif measure.kind == "proportion":
        first, second = value, None
    else:
        first, second = None, None
    answered = count(f"{value} IS NOT NULL") if summarised else f"count({value})"
    parts = [f"{answered} AS {column('n')}"]
    if not weighted:
        if first is not None:
            parts.append(f"{count(first)} AS {column('a')}")
            parts.append(
                f"{count(second)} AS {column('b')}"
                if second is not None
                else f"CAST(0 AS BIGINT) AS {column('b')}"
            )
        else:
            rows = f" * {ROWS}" if summarised else ""
            parts.append(f"sum({value}{rows}) AS {column('a')}")
            parts.append(f"sum({value} * {value}{rows}) AS {column('b')}")
        return parts
    parts.append(f"sum(CASE WHEN {value} IS NOT NULL THEN w END) AS {column('w')}")
    squared = "w2" if summarised else "w * w"
    parts.append(f"sum(CASE WHEN {value} IS NOT NULL THEN {squared} END) AS {column('w2')}")
    if first is not None:
        parts.append(f"sum(CASE WHEN {first} THEN w ELSE 0.0 END) AS {column('a')}")
        parts.append(
            f"sum(CASE WHEN {second} THEN w ELSE 0.0 END) AS {column('b')}"
            if second is not None
            else f"CAST(0 AS DOUBLE) AS {column('b')}"
        )
    else:
        parts.append(f"sum(w * {value}) AS {column('a')}")
        parts.append(f"sum(w * {value} * {value}) AS {column('b')}")
    return parts


_EPOCH_DAY = "date_diff('day', DATE '1970-01-01', CAST({column} AS DATE))"
_EPOCH = date(1970, 1, 1)


def _period_key_sql(grain: Grain, column: str) -> str:
    # Integer keys: calendar arithmetic per row is about half the cost of date_trunc, and the
    # small result is turned back into dates by period_start. Weeks are counted from Monday
    # 1969-12-29 (1970-01-01 was a Thursday), so they start on Monday as in ISO 8601; floor
    # rather than integer division keeps days before 1970 in the right week.
    if grain == "day":
        return _EPOCH_DAY.format(column=column)
    if grain == "week":
        return f"CAST(floor(({_EPOCH_DAY.format(column=column)} + 3) / 7) AS BIGINT)"
    if grain == "quarter":
        return f"year({column}) * 4 + quarter({column}) - 1"
    return f"year({column}) * 12 + month({column}) - 1"


def period_start(key: int, grain: Grain) -> date:
    """The first day of the period whose integer key (the ``period`` column) is ``key``.

    Keys count days since 1970-01-01, weeks since Monday 1969-12-29, quarters and months since
    year 0 (``year * 4 + quarter - 1``, ``year * 12 + month - 1``), so the previous period's
    key is always ``key - 1``.

    Examples:
        >>> period_start(2025 * 12 + 2, "month")
        datetime.date(2025, 3, 1)
        >>> period_start(0, "week")
        datetime.date(1969, 12, 29)
    """
    if grain == "day":
        return _EPOCH + timedelta(days=key)
    if grain == "week":
        return _EPOCH + timedelta(days=7 * key - 3)
    if grain == "quarter":
        return date(key // 4, 3 * (key % 4) + 1, 1)
    return date(key // 12, key % 12 + 1, 1)


def _customer_values_sql(columns: Sequence[str], resolved: bool) -> str:
    # One row per customer record (source, source_key) with the value of each column for the
    # customer it belongs to; grouped so that a record can never multiply the metric's rows.
    if not resolved:
        picked = ", ".join(f"max({_ident(c)}) AS {_ident(c)}" for c in columns)
        return (
            f"SELECT source AS record_source, source_key AS record_key, {picked} "
            "FROM customer_records GROUP BY source, source_key"
        )
    joins, values = [], []
    for index, column in enumerate(columns):
        name, alias = _ident(column), f"c{index}"
        # The customer's value: from its most recently updated record that has one, ties broken
        # by source and key so that every engine picks the same record.
        joins.append(
            f" LEFT JOIN (SELECT customer_id, {name} FROM (SELECT l.customer_id, r.{name}, "
            "row_number() OVER (PARTITION BY l.customer_id ORDER BY "
            "coalesce(r.updated_at, r.created_at) DESC NULLS LAST, r.source, r.source_key) "
            "AS pick FROM customer_links AS l JOIN customer_records AS r "
            "ON r.source = l.source AND r.source_key = l.source_key "
            f"WHERE r.{name} IS NOT NULL) AS ranked WHERE pick = 1) AS {alias} "
            f"ON {alias}.customer_id = l.customer_id"
        )
        values.append(f"max(coalesce({alias}.{name}, r.{name})) AS {name}")
    return (
        f"SELECT r.source AS record_source, r.source_key AS record_key, {', '.join(values)} "
        "FROM customer_records AS r LEFT JOIN customer_links AS l "
        f"ON l.source = r.source AND l.source_key = r.source_key{''.join(joins)} "
        "GROUP BY r.source, r.source_key"
    )


def _dimension_sql(dimension: Dimension) -> str:
    table = "tm" if dimension.from_teams else "cu" if dimension.from_customer else "t"
    return f"CAST({table}.{_ident(dimension.column)} AS VARCHAR)"


def _ident(name: str) -> str:
    return exp.to_identifier(name, quoted=True).sql(dialect="duckdb")


def _literal(value: str) -> str:
    return exp.Literal.string(value).sql(dialect="duckdb")


def _timestamp(day: date) -> str:
    moment = datetime.combine(day, time()) if not isinstance(day, datetime) else day
    return f"CAST({_literal(moment.isoformat(sep=' '))} AS TIMESTAMP)"

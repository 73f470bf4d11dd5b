"""Computes a metric on any warehouse engine: one aggregate query, then honest statistics.

The engine aggregates sufficient statistics per cell (see :mod:`centric.voc.queries`); this
module turns them into figures with intervals, applies weights and suppression, compares each
cell with the previous period and with the rest of its period, controls the false-discovery rate
across those comparisons and fits trends. Because everything after the query runs on the small
aggregated result, DuckDB and Spark give the same figures. It must not import an engine or
build SQL itself.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from centric.errors import InvalidInputError
from centric.voc import statistics as st
from centric.voc.queries import (
    BIN,
    PERIOD,
    STRATUM,
    build_aggregate_query,
    measure_column,
    period_start,
)
from centric.voc.registry import Dimension, Grain, Measure, Metric, get_dimension, get_metric
from centric.voc.schemas import MetricRequest, MetricResult, PostStratification
from centric.voc.summaries import SUMMARISED_TABLES, current_summary, summary_columns
from centric.warehouse.engine import Warehouse

MISSING = "(none)"
"""How a missing dimension value is shown (and named in post-stratification targets)."""

_SUMS = ["n", "w", "w2", "a", "b"]
_ALL = "_all"  # constant key, so that a request without breakdown still has a cell key
TABLE_COLUMNS = [
    "n",
    "n_effective",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "suppressed",
    "suppression",
    "previous",
    "change",
    "change_low",
    "change_high",
    "change_p",
    "change_q",
    "change_label",
    "rest",
    "vs_rest",
    "vs_rest_low",
    "vs_rest_high",
    "vs_rest_p",
    "vs_rest_q",
    "vs_rest_label",
]
TREND_COLUMNS = [
    "periods",
    "first_period",
    "last_period",
    "slope",
    "slope_low",
    "slope_high",
    "p_value",
    "q_value",
    "label",
]


@dataclass(frozen=True)
class _Plan:
    metric: Metric
    measures: tuple[Measure, ...]
    dimensions: tuple[Dimension, ...]
    where: dict[Dimension, tuple[str, ...]]
    stratum: Dimension | None
    min_n: int

    @property
    def by_customer(self) -> bool:
        """Whether a dimension (or filter, or stratum) is read from the customer."""
        used = [*self.dimensions, *self.where, *([self.stratum] if self.stratum else [])]
        return any(d.from_customer for d in used)


def compute_metric(
    warehouse: Warehouse,
    request: MetricRequest,
    *,
    min_n_customer: int = 30,
    min_n_employee: int = 5,
    summaries: bool = True,
) -> MetricResult:
    """Compute a metric with intervals, suppression, change labels and trends.

    When the metric's table has a current daily summary (see :mod:`centric.voc.summaries`) and
    the request reads only columns it holds, the summary is read instead of the rows; the
    figures are the same. ``result.summary`` names the summary when one was read.

    Args:
        warehouse: Engine holding the canonical tables (DuckDB, Spark, ...).
        request: What to compute.
        min_n_customer: Smallest group shown for customer metrics.
        min_n_employee: Smallest group shown for employee metrics.
        summaries: Use a current daily summary where it can answer; ``False`` always reads
            the rows.

    Returns:
        The figures; see :class:`~centric.voc.schemas.MetricResult`.

    Raises:
        InvalidInputError: The request names an unknown metric, measure, dimension or value.
        BackendError: The engine failed.

    Examples:
        >>> result = compute_metric(warehouse, MetricRequest("nps", by=("channel",)))
        ... # doctest: +SKIP
        >>> result.table[["channel", "period", "n", "estimate", "ci_low", "ci_high"]]
        ... # doctest: +SKIP
    """
    plan = _plan(request, min_n_customer=min_n_customer, min_n_employee=min_n_employee)
    tables: list[pd.DataFrame] = []
    trends: list[pd.DataFrame] = []
    queries: list[str] = []
    plain = tuple(m for m in plan.measures if m.kind != "skewed_mean")
    batches = ([(plain, False)] if plain else []) + [
        ((m,), True) for m in plan.measures if m.kind == "skewed_mean"
    ]
    summary = _daily_summary(warehouse, plan, request) if summaries else None
    for measures, bins in batches:
        query = build_aggregate_query(
            plan.metric,
            measures,
            dimensions=plan.dimensions,
            grain=request.period,
            since=request.since,
            until=request.until,
            where=plan.where,
            weighted=request.weights == "survey",
            stratum=plan.stratum,
            bins=bins,
            resolved_identities=plan.by_customer and warehouse.table_exists("customer_links"),
            summary=None if bins else summary,
        )
        sql = query.render(warehouse.name)
        queries.append(sql)
        raw = warehouse.fetch_arrow(sql).to_pandas()
        for column in (*query.dimensions, *((STRATUM,) if query.has_stratum else ())):
            raw[column] = raw[column].astype(object).where(raw[column].notna(), MISSING)
        for measure in measures:
            atoms = _atoms(raw, list(query.keys), measure, weighted=query.weighted)
            if atoms.empty:
                continue
            table = _figures(atoms, measure, request, plan)
            tables.append(table)
            trends.append(_trends(table, measure, request, plan))

    keys = [d.name for d in plan.dimensions]
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()
    table = _ordered(table, plan, keys, ["period", *TABLE_COLUMNS])
    trend = pd.concat(trends, ignore_index=True) if trends else pd.DataFrame()
    trend = _ordered(trend, plan, keys, TREND_COLUMNS)
    if request.period is not None:
        _key_to_date(table, [PERIOD], request.period)
        _key_to_date(trend, ["first_period", "last_period"], request.period)
    return MetricResult(
        metric=plan.metric,
        request=request,
        dimensions=tuple(keys),
        table=table,
        trends=trend,
        min_n=plan.min_n,
        engine=warehouse.name,
        sql=tuple(queries),
        summary=summary if plain else None,
    )


def _daily_summary(warehouse: Warehouse, plan: _Plan, request: MetricRequest) -> str | None:
    # The daily summary that can answer the request, if any: every column it reads is in the
    # summary, its time range is whole days, and the summary is current.
    table = plan.metric.table
    if table not in SUMMARISED_TABLES or plan.by_customer:
        return None
    used = [*plan.dimensions, *plan.where, *([plan.stratum] if plan.stratum else [])]
    if not {d.key_column for d in used} <= set(summary_columns(table)):
        return None
    for day in (request.since, request.until):
        if isinstance(day, datetime) and day.time() != time():
            return None
    return current_summary(warehouse, table)


def _plan(request: MetricRequest, *, min_n_customer: int, min_n_employee: int) -> _Plan:
    metric = get_metric(request.metric)
    measures = (
        tuple(metric.measure(name) for name in request.measures)
        if request.measures
        else metric.measures
    )
    dimensions = tuple(get_dimension(metric, name) for name in request.by)
    if len({d.name for d in dimensions}) != len(dimensions):
        raise InvalidInputError(
            f"--by {','.join(request.by)} names the same dimension twice.",
            hint="Name each dimension once.",
        )
    where = {get_dimension(metric, k): tuple(v) for k, v in request.where.items()}
    stratum = (
        get_dimension(metric, request.post_stratify.dimension)
        if request.post_stratify is not None
        else None
    )
    if request.weights == "survey" and metric.weight_column is None:
        raise InvalidInputError(
            f"Metric '{metric.name}' has no survey weights ({metric.table} has no weight column).",
            hint="Leave out --weights, or post-stratify with --post-stratify.",
        )
    min_n = min_n_employee if metric.population == "employee" else min_n_customer
    return _Plan(metric, measures, dimensions, where, stratum, min_n)


def _atoms(raw: pd.DataFrame, keys: list[str], measure: Measure, *, weighted: bool) -> pd.DataFrame:
    # One row per result row with the measure's sums under generic names; w/w2 default to n.
    frame = raw[keys].copy()
    frame[_ALL] = 0
    frame["n"] = raw[measure_column(measure, "n")].fillna(0).astype(np.float64)
    for statistic in ("a", "b"):
        frame[statistic] = raw[measure_column(measure, statistic)].fillna(0).astype(np.float64)
    if weighted:
        for statistic in ("w", "w2"):
            frame[statistic] = raw[measure_column(measure, statistic)].fillna(0).astype(np.float64)
    else:
        frame["w"] = frame["n"]
        frame["w2"] = frame["n"]
    return frame[frame["n"] > 0].reset_index(drop=True)


def _figures(
    atoms: pd.DataFrame, measure: Measure, request: MetricRequest, plan: _Plan
) -> pd.DataFrame:
    dims = [d.name for d in plan.dimensions]
    cell_keys = [_ALL, *dims, *([PERIOD] if request.period else [])]
    period_keys = [_ALL, *([PERIOD] if request.period else [])]
    has_bins = BIN in atoms.columns
    strata: pd.DataFrame | None = None
    weighted_atoms = atoms
    if plan.stratum is not None and request.post_stratify is not None:
        strata = _sum(atoms, [*cell_keys, STRATUM])
        weights = _stratum_weights(strata, cell_keys, request.post_stratify)
        weighted_atoms = _reweighted(atoms, weights, [*cell_keys, STRATUM])
    cells = _sum(weighted_atoms, cell_keys)
    cells = pd.concat([cells, _summary(cells, measure.kind, request.confidence)], axis=1)

    cells["suppressed"] = cells["n"] < plan.min_n
    cells["suppression"] = pd.Series(
        [("small group" if hidden else None) for hidden in cells["suppressed"]],
        index=cells.index,
        dtype=object,
    )
    if plan.metric.population == "employee" and dims:
        _suppress_complements(cells, period_keys)

    if has_bins:
        _bootstrap(cells, _sum(weighted_atoms, [*cell_keys, BIN]), cell_keys, request)

    _compare_previous(cells, dims, measure, request)
    rest = _rest(cells, strata, cell_keys, period_keys, request.post_stratify)
    _compare_rest(cells, rest, measure, request, plan.min_n, has_groups=bool(dims))

    shown = ~cells["suppressed"]
    for column in ("estimate", "se", "ci_low", "ci_high"):
        cells[column] = cells[column].where(shown) * measure.scale
    for column in ("previous", "change", "change_low", "change_high"):
        cells[column] = cells[column] * measure.scale
    for column in ("rest", "vs_rest", "vs_rest_low", "vs_rest_high"):
        cells[column] = cells[column] * measure.scale
    cells["n"] = cells["n"].astype(np.int64)
    cells.insert(0, "measure", measure.name)
    cells.insert(0, "metric", plan.metric.name)
    if PERIOD not in cells.columns:
        cells[PERIOD] = None
    return cells


def _sum(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.groupby(keys, sort=True, dropna=False)[_SUMS].sum().reset_index()


def _stratum_weights(
    strata: pd.DataFrame, cell_keys: list[str], target: PostStratification
) -> pd.DataFrame:
    # Weight of one respondent of stratum h in a cell: W_h * n_cell / n_h, with the target
    # shares W_h renormalised over the strata present in the cell.
    missing = sorted(set(strata[STRATUM]) - set(target.targets))
    if missing:
        raise InvalidInputError(
            f"Post-stratification by '{target.dimension}' has no target share for: "
            f"{', '.join(missing)}.",
            hint=f"Give a share for every value of {target.dimension}, e.g. "
            f"{target.dimension}={missing[0]}:0.2,...; '{MISSING}' stands for rows without one.",
        )
    weights = strata[[*cell_keys, STRATUM, "n"]].copy()
    weights["target"] = weights[STRATUM].map(dict(target.targets)).astype(np.float64)
    grouped = weights.groupby(cell_keys, sort=False, dropna=False)
    share = weights["target"] / grouped["target"].transform("sum")
    weights["weight"] = share * grouped["n"].transform("sum") / weights["n"]
    return weights[[*cell_keys, STRATUM, "weight"]]


def _reweighted(frame: pd.DataFrame, weights: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    merged = frame.merge(weights, on=keys, how="left")
    weight = merged.pop("weight")
    merged["w"] = merged["n"] * weight
    merged["w2"] = merged["n"] * weight**2
    merged["a"] = merged["a"] * weight
    merged["b"] = merged["b"] * weight
    return merged


def _summary(sums: pd.DataFrame, kind: str, confidence: float) -> pd.DataFrame:
    # Natural-scale estimate, standard error, interval, effective n and (for means) variance.
    w, w2, a, b = (sums[c].to_numpy(np.float64) for c in ("w", "w2", "a", "b"))
    n_eff = st.kish_effective_n(w, w2)
    with np.errstate(divide="ignore", invalid="ignore"):
        first, second = a / w, b / w
    variance = np.full(len(sums), np.nan)
    if kind == "nps":
        interval = st.nps_interval(first, second, n_eff, confidence)
    elif kind == "proportion":
        interval = st.wilson_interval(first, n_eff, confidence)
    else:
        variance = st.weighted_variance(w, w2, a, b)
        interval = st.t_interval(first, variance, n_eff, confidence)
    return pd.DataFrame(
        {
            "n_effective": n_eff,
            "estimate": interval.estimate,
            "se": interval.se,
            "ci_low": interval.low,
            "ci_high": interval.high,
            "variance": variance,
        },
        index=sums.index,
    )


def _suppress_complements(cells: pd.DataFrame, period_keys: list[str]) -> None:
    # A lone suppressed group could be recovered from the total and the other groups, so the
    # smallest shown group of the same period is suppressed with it.
    for _, group in cells.groupby(period_keys, sort=False, dropna=False):
        hidden = group["suppressed"]
        if hidden.sum() == 1 and (~hidden).any():
            smallest = group.loc[~hidden, "n"].idxmin()
            cells.loc[smallest, "suppressed"] = True
            cells.loc[smallest, "suppression"] = "protects a suppressed group"


def _bootstrap(
    cells: pd.DataFrame, bins: pd.DataFrame, cell_keys: list[str], request: MetricRequest
) -> None:
    # Skewed durations get BCa intervals; each cell's generator is seeded from its key so the
    # interval does not depend on row order or on which engine aggregated the bins.
    wanted = cells.loc[~cells["suppressed"] & (cells["n"] >= 2), cell_keys]
    if wanted.empty:
        return
    index_of = {
        tuple(key): i for i, key in zip(wanted.index, wanted.itertuples(index=False), strict=True)
    }
    bins = bins.sort_values([*cell_keys, BIN])
    for key, group in bins.groupby(cell_keys, sort=False, dropna=False):
        position = index_of.get(tuple(key))
        if position is None:
            continue
        parts: list[object] = list(key)
        if request.period is not None:  # seeded by the period's first day, as it is shown
            parts[-1] = period_start(int(str(parts[-1])), request.period)
        label = "|".join(str(part) for part in parts)
        rng = np.random.default_rng([request.seed, zlib.crc32(label.encode("utf-8"))])
        low, high = st.bootstrap_mean_interval(
            group["n"].to_numpy(),
            group["w"].to_numpy(),
            group["a"].to_numpy(),
            group["b"].to_numpy(),
            confidence=request.confidence,
            replicates=request.replicates,
            rng=rng,
        )
        cells.loc[position, "ci_low"] = low
        cells.loc[position, "ci_high"] = high


def _difference(
    kind: str, one: pd.DataFrame, two: pd.DataFrame, confidence: float
) -> st.Difference:
    def values(frame: pd.DataFrame, column: str) -> st.Array:
        return frame[column].to_numpy(np.float64)

    if kind == "nps":
        return st.normal_difference(
            values(one, "estimate"), values(one, "se"), values(two, "estimate"),
            values(two, "se"), confidence,
        )  # fmt: skip
    if kind == "proportion":
        return st.proportion_difference(
            values(one, "estimate"), values(one, "n_effective"), values(two, "estimate"),
            values(two, "n_effective"), confidence,
        )  # fmt: skip
    return st.mean_difference(
        values(one, "estimate"), values(one, "variance"), values(one, "n_effective"),
        values(two, "estimate"), values(two, "variance"), values(two, "n_effective"), confidence,
    )  # fmt: skip


def _labels(
    p: st.Array, hidden: NDArray[np.bool_], alpha: float, real: str
) -> tuple[st.Array, st.Array, NDArray[np.object_]]:
    shown = np.where(hidden, np.nan, p)
    q = st.benjamini_hochberg(shown)
    label = np.full(len(p), None, dtype=object)
    label[np.isfinite(shown)] = "within noise"
    label[np.isfinite(shown) & (q < alpha)] = real
    label[hidden] = "suppressed"
    return shown, q, label


def _compare_previous(
    cells: pd.DataFrame, dims: list[str], measure: Measure, request: MetricRequest
) -> None:
    columns = ["previous", "change", "change_low", "change_high", "change_p", "change_q"]
    for column in columns:
        cells[column] = np.nan
    cells["change_label"] = None
    if request.period is None:
        return
    keys = [_ALL, *dims, PERIOD]
    earlier = cells[[*keys, "estimate", "se", "n_effective", "variance", "suppressed"]].copy()
    earlier[PERIOD] = earlier[PERIOD] + 1  # period keys are consecutive integers
    paired = cells[keys].merge(earlier, on=keys, how="left")
    present = paired["estimate"].notna().to_numpy()
    if not present.any():
        return
    difference = _difference(measure.kind, cells, paired, request.confidence)
    hidden = (cells["suppressed"].to_numpy() | paired["suppressed"].eq(True).to_numpy()) & present
    p, q, label = _labels(
        np.where(present, difference.p_value, np.nan), hidden, 1 - request.confidence, "real change"
    )
    keep = present & ~hidden
    cells["previous"] = np.where(keep, paired["estimate"], np.nan)
    cells["change"] = np.where(keep, difference.difference, np.nan)
    cells["change_low"] = np.where(keep, difference.low, np.nan)
    cells["change_high"] = np.where(keep, difference.high, np.nan)
    cells["change_p"] = p
    cells["change_q"] = q
    cells["change_label"] = label


def _rest(
    cells: pd.DataFrame,
    strata: pd.DataFrame | None,
    cell_keys: list[str],
    period_keys: list[str],
    target: PostStratification | None,
) -> pd.DataFrame:
    # The rest of a cell is everything else in its period; sums are additive, so it is the
    # period's total minus the cell (per stratum when post-stratified, re-weighted after).
    if strata is None or target is None:
        totals = cells.groupby(period_keys, sort=False, dropna=False)[_SUMS].sum()
        totals = cells[period_keys].merge(totals.reset_index(), on=period_keys, how="left")
        rest = totals[_SUMS].to_numpy() - cells[_SUMS].to_numpy()
        return pd.DataFrame(np.maximum(rest, 0.0), columns=_SUMS, index=cells.index)
    totals = strata.groupby([*period_keys, STRATUM], sort=False, dropna=False)[_SUMS].sum()
    grid = cells[cell_keys].merge(totals.reset_index(), on=period_keys, how="left")
    own = strata[[*cell_keys, STRATUM, *_SUMS]]
    grid = grid.merge(own, on=[*cell_keys, STRATUM], how="left", suffixes=("", "_own"))
    for column in _SUMS:
        grid[column] = np.maximum(grid[column] - grid[f"{column}_own"].fillna(0.0), 0.0)
    grid = grid[grid["n"] > 0][[*cell_keys, STRATUM, *_SUMS]]
    if grid.empty:
        return pd.DataFrame(0.0, columns=_SUMS, index=cells.index)
    weighted = _reweighted(grid, _stratum_weights(grid, cell_keys, target), [*cell_keys, STRATUM])
    folded = _sum(weighted, cell_keys)
    aligned = cells[cell_keys].merge(folded, on=cell_keys, how="left").fillna(0.0)
    return aligned[_SUMS].set_axis(cells.index)


def _compare_rest(
    cells: pd.DataFrame,
    rest_sums: pd.DataFrame,
    measure: Measure,
    request: MetricRequest,
    min_n: int,
    *,
    has_groups: bool,
) -> None:
    for column in ("rest", "vs_rest", "vs_rest_low", "vs_rest_high", "vs_rest_p", "vs_rest_q"):
        cells[column] = np.nan
    cells["vs_rest_label"] = None
    if not has_groups:
        return
    rest = pd.concat([rest_sums, _summary(rest_sums, measure.kind, request.confidence)], axis=1)
    present = (rest_sums["n"] > 0).to_numpy()
    if not present.any():
        return
    # Differences of skewed means use Welch's test on the moments, which the rest keeps exactly.
    difference = _difference(measure.kind, cells, rest, request.confidence)
    hidden = (cells["suppressed"].to_numpy() | (rest_sums["n"] < min_n).to_numpy()) & present
    p, q, label = _labels(
        np.where(present, difference.p_value, np.nan),
        hidden,
        1 - request.confidence,
        "real difference",
    )
    keep = present & ~hidden
    cells["rest"] = np.where(keep, rest["estimate"], np.nan)
    cells["vs_rest"] = np.where(keep, difference.difference, np.nan)
    cells["vs_rest_low"] = np.where(keep, difference.low, np.nan)
    cells["vs_rest_high"] = np.where(keep, difference.high, np.nan)
    cells["vs_rest_p"] = p
    cells["vs_rest_q"] = q
    cells["vs_rest_label"] = label


def _trends(
    table: pd.DataFrame, measure: Measure, request: MetricRequest, plan: _Plan
) -> pd.DataFrame:
    dims = [d.name for d in plan.dimensions]
    columns = ["metric", "measure", *dims, *TREND_COLUMNS]
    if request.period is None or table.empty:
        return pd.DataFrame(columns=columns)
    shown = table[~table["suppressed"]]
    grouped = shown.groupby([_ALL, *dims], sort=True, dropna=False)
    code = grouped.ngroup().to_numpy()
    x = shown[PERIOD].to_numpy(np.float64)
    fitted = st.linear_trends(
        code, x, shown["estimate"].to_numpy(np.float64), shown["se"].to_numpy(np.float64) ** 2,
        request.confidence, groups=grouped.ngroups,
    )  # fmt: skip
    span = shown[PERIOD].groupby(code).agg(["min", "max"])
    frame = grouped.size().reset_index()[[_ALL, *dims]]
    frame["first_period"] = span["min"].to_numpy()
    frame["last_period"] = span["max"].to_numpy()
    frame["periods"] = fitted.points
    frame["slope"] = fitted.slope
    frame["slope_low"] = fitted.low
    frame["slope_high"] = fitted.high
    frame["p_value"] = fitted.p_value
    frame = frame[frame["slope"].notna()].reset_index(drop=True)
    q = st.benjamini_hochberg(frame["p_value"].to_numpy(np.float64))
    frame["q_value"] = q
    frame["label"] = np.where(
        q < 1 - request.confidence,
        np.where(frame["slope"] > 0, "rising", "falling"),
        "within noise",
    )
    frame.insert(0, "measure", measure.name)
    frame.insert(0, "metric", plan.metric.name)
    return frame[columns]


def _ordered(
    frame: pd.DataFrame, plan: _Plan, keys: list[str], columns: Sequence[str]
) -> pd.DataFrame:
    ordered = ["metric", "measure", *keys, *columns]
    if frame.empty:
        return pd.DataFrame(columns=ordered)
    order = {m.name: i for i, m in enumerate(plan.measures)}
    sort_keys = [*keys, *([PERIOD] if PERIOD in frame.columns else [])]
    frame = frame.assign(_order=frame["measure"].map(order))
    frame = frame.sort_values(["_order", *sort_keys], kind="stable")
    frame = frame[ordered].reset_index(drop=True)
    for column in (*keys, "suppression", "change_label", "vs_rest_label", "label"):
        if column in frame.columns:  # text columns: object dtype with None for missing
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def _key_to_date(frame: pd.DataFrame, columns: list[str], grain: Grain) -> None:
    # Integer period keys become first days only here, on the few distinct keys of the result.
    for column in columns:
        if column in frame.columns and not frame.empty:
            keys = frame[column]
            days = {key: period_start(int(key), grain) for key in keys.dropna().unique()}
            frame[column] = keys.map(days).astype(object)

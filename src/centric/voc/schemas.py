"""What a caller asks of a metric and what it gets back.

:class:`MetricRequest` is the one description of a metric query that the CLI, the Python API and
the web layer build; it checks everything that does not need the registry. :class:`MetricResult`
carries the figures as DataFrames plus what is needed to read them honestly (threshold,
confidence level, the SQL that ran). This module holds no computation.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import pandas as pd

from centric.errors import InvalidInputError
from centric.voc.registry import GRAINS, Grain, Metric

Weights = Literal["none", "survey"]


@dataclass(frozen=True)
class PostStratification:
    """Re-weight each cell so a dimension's mix matches target shares.

    Within every cell (group and period), respondents of stratum ``h`` get the weight
    ``W_h * n / n_h``, where ``W_h`` is the target share (renormalised over the strata present
    in the cell), ``n_h`` the stratum's respondents and ``n`` the cell's.

    Attributes:
        dimension: Dimension whose mix is corrected, e.g. ``channel``.
        targets: Target share per value, e.g. ``{"web": 0.5, "store": 0.3, "phone": 0.2}``;
            any positive numbers, they are normalised. Every value present in the data needs
            one (``(none)`` stands for rows without a value).
    """

    dimension: str
    targets: Mapping[str, float]

    def __post_init__(self) -> None:
        if not self.targets:
            raise InvalidInputError(
                f"Post-stratification by '{self.dimension}' has no target shares.",
                hint="Give a share per value, e.g. channel=web:0.5,store:0.3,phone:0.2.",
            )
        bad = {k: v for k, v in self.targets.items() if not (math.isfinite(v) and v > 0)}
        if bad:
            raise InvalidInputError(
                f"Target shares must be positive numbers; got {bad}.",
                hint="Give every value a share above 0, e.g. web:0.5.",
            )


@dataclass(frozen=True)
class MetricRequest:
    """One metric query.

    Attributes:
        metric: Metric name (``nps``, ``csat``, ``ces``, ``enps``, ``fcr``, ``aht``, ``frt``,
            ``containment``, ``response-rate``).
        by: Dimensions to break down by, e.g. ``("channel", "team")``.
        period: Time grain (``day``, ``week``, ``month``, ``quarter``), or ``None`` for one
            figure over the whole range.
        since: First day included (UTC), or ``None`` for no lower bound.
        until: Last day included (UTC), or ``None``.
        measures: Measures to compute; empty for all of the metric's.
        where: Only rows whose dimension value is one of these, e.g. ``{"channel": ("web",)}``.
        weights: ``survey`` to use the feedback ``weight`` column, ``none`` for equal weights.
        post_stratify: Re-weight to a target mix of one dimension (excludes ``weights``).
        confidence: Confidence level of intervals; also sets the false-discovery rate
            (1 - confidence) at which differences are called real.
        seed: Seed of the bootstrap, so the same data give the same intervals.
        replicates: Bootstrap replicates for skewed means.
    """

    metric: str
    by: tuple[str, ...] = ()
    period: Grain | None = "month"
    since: date | None = None
    until: date | None = None
    measures: tuple[str, ...] = ()
    where: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    weights: Weights = "none"
    post_stratify: PostStratification | None = None
    confidence: float = 0.95
    seed: int = 0
    replicates: int = 2000

    def __post_init__(self) -> None:
        if self.period is not None and self.period not in GRAINS:
            raise InvalidInputError(
                f"Unknown period '{self.period}'.",
                hint=f"Use one of: {', '.join(GRAINS)} (or none for the whole range).",
            )
        if not 0.5 <= self.confidence < 1.0:
            raise InvalidInputError(
                f"Confidence level {self.confidence} is outside [0.5, 1).",
                hint="Use e.g. 0.95 for 95% intervals.",
            )
        if self.since and self.until and self.since > self.until:
            raise InvalidInputError(
                f"--since {self.since} is after --until {self.until}.",
                hint="Swap the dates, or leave one out.",
            )
        if self.weights not in ("none", "survey"):
            raise InvalidInputError(
                f"Unknown weighting '{self.weights}'.", hint="Use 'none' or 'survey'."
            )
        if self.weights != "none" and self.post_stratify is not None:
            raise InvalidInputError(
                "Survey weights and post-stratification cannot be combined.",
                hint="Choose one: --weights survey, or --post-stratify DIM=VALUE:SHARE,...",
            )
        if len(set(self.by)) != len(self.by):
            raise InvalidInputError(
                f"A dimension is repeated in --by {','.join(self.by)}.",
                hint="Name each dimension once.",
            )
        if self.replicates < 200:
            raise InvalidInputError(
                f"{self.replicates} bootstrap replicates are too few for a 95% interval.",
                hint="Use at least 1,000 (the default is 2,000).",
            )


@dataclass(frozen=True)
class MetricResult:
    """A metric's figures, with what is needed to read them honestly.

    Attributes:
        metric: The metric's declaration.
        request: The request answered.
        dimensions: Column names of the breakdown dimensions in ``table`` (aliases resolved,
            e.g. ``team`` for ``team_id``).
        table: One row per measure, group and period: ``n``, ``n_effective``, ``estimate``,
            ``se``, ``ci_low``/``ci_high``, ``suppressed`` and ``suppression``, the change from
            the previous period (``previous``, ``change``, ``change_low``/``change_high``,
            ``change_p``, ``change_q``, ``change_label``) and the difference from the rest of
            the period (``rest``, ``vs_rest`` ... ``vs_rest_label``).
        trends: One row per measure and group: linear trend per period with its interval,
            p-value, BH q-value and label.
        min_n: Suppression threshold applied.
        engine: Engine that aggregated the rows.
        sql: The queries run, in the engine's dialect.
        summary: The daily summary read instead of the rows (see
            :mod:`centric.voc.summaries`), or ``None`` when the rows were read.
    """

    metric: Metric
    request: MetricRequest
    dimensions: tuple[str, ...]
    table: pd.DataFrame
    trends: pd.DataFrame
    min_n: int
    engine: str
    sql: tuple[str, ...]
    summary: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description: settings, rows and trends (dates as ISO text, NaN as null)."""
        return {
            "metric": self.metric.name,
            "title": self.metric.title,
            "by": list(self.dimensions),
            "period": self.request.period,
            "since": self.request.since.isoformat() if self.request.since else None,
            "until": self.request.until.isoformat() if self.request.until else None,
            "confidence": self.request.confidence,
            "min_n": self.min_n,
            "engine": self.engine,
            "read": self.summary or self.metric.table,
            "units": {m.name: m.unit for m in self.metric.measures},
            "rows": frame_records(self.table),
            "trends": frame_records(self.trends),
        }


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of a result frame as plain Python values: ISO dates, ``None`` for missing."""
    records = []
    for row in frame.to_dict(orient="records"):
        records.append({str(key): _plain(value) for key, value in row.items()})
    return records


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # NumPy scalars
        return _plain(value.item())
    return value

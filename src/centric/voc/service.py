"""Voice-of-customer use cases for the CLI and the web layer.

Adapters call these functions with a :class:`~centric.runtime.Runtime` and render what they
return; thresholds come from the runtime's settings. The engine-neutral work lives in
:mod:`centric.voc.compute`; this module must not hold statistics or SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from centric.runtime import Runtime
from centric.voc.compute import compute_metric
from centric.voc.registry import METRICS, REFERENCES, available_dimensions
from centric.voc.schemas import MetricRequest, MetricResult


def report_metric(runtime: Runtime, request: MetricRequest) -> MetricResult:
    """Compute a metric on a workspace's warehouse with the workspace's suppression thresholds.

    The engine follows the ``engine`` setting: DuckDB, or Spark over a Parquet copy of the
    warehouse (see :meth:`~centric.runtime.Runtime.analytical_warehouse`).

    Args:
        runtime: Open stores of the workspace.
        request: What to compute.

    Returns:
        The figures with intervals, suppression, change labels and trends.

    Raises:
        InvalidInputError: The request names an unknown metric, measure, dimension or value.
        MissingExtraError: The engine is Spark and pyspark is not installed.
        BackendError: The warehouse failed, or Spark cannot start.

    Examples:
        >>> with open_runtime(load_settings(Path("shop"))) as runtime:  # doctest: +SKIP
        ...     result = report_metric(runtime, MetricRequest("nps", by=("channel",)))
    """
    return compute_metric(
        runtime.analytical_warehouse(),
        request,
        min_n_customer=runtime.settings.min_n_customer,
        min_n_employee=runtime.settings.min_n_employee,
    )


@dataclass(frozen=True)
class MetricInfo:
    """What a metric is, for listings and help pages."""

    name: str
    title: str
    summary: str
    table: str
    population: str
    measures: tuple[tuple[str, str, str], ...]  # (name, unit, definition)
    dimensions: tuple[str, ...]
    references: tuple[str, ...]


def describe_metrics() -> list[MetricInfo]:
    """Every metric with its measures, dimensions and references, in registry order."""
    return [
        MetricInfo(
            name=metric.name,
            title=metric.title,
            summary=metric.summary,
            table=metric.table,
            population=metric.population,
            measures=tuple((m.name, m.unit, m.definition) for m in metric.measures),
            dimensions=tuple(d.name for d in available_dimensions(metric)),
            references=tuple(REFERENCES[key] for key in metric.references),
        )
        for metric in METRICS
    ]

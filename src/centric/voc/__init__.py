"""Voice-of-customer metrics with honest statistics.

NPS, CSAT, CES, employee NPS, first-contact resolution, handle and first-response times,
self-service containment and survey response rate, each with n, a 95% interval, small-group
suppression, period-over-period and group-versus-rest comparisons labelled "real" or "within
noise" under false-discovery-rate control, and trends. One aggregate query per metric, written
once and rendered for DuckDB or Spark; statistics on the aggregated result.
"""

from centric.voc.compute import MISSING, compute_metric
from centric.voc.registry import (
    DIMENSIONS,
    GRAINS,
    METRICS,
    Dimension,
    Measure,
    Metric,
    available_dimensions,
    get_dimension,
    get_metric,
)
from centric.voc.schemas import MetricRequest, MetricResult, PostStratification
from centric.voc.service import MetricInfo, describe_metrics, report_metric

__all__ = [
    "DIMENSIONS",
    "GRAINS",
    "METRICS",
    "MISSING",
    "Dimension",
    "Measure",
    "Metric",
    "MetricInfo",
    "MetricRequest",
    "MetricResult",
    "PostStratification",
    "available_dimensions",
    "compute_metric",
    "describe_metrics",
    "get_dimension",
    "get_metric",
    "report_metric",
]

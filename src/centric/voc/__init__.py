"""Voice-of-customer metrics with honest statistics.

NPS, CSAT, CES, employee NPS, first-contact resolution, handle and first-response times,
self-service containment and survey response rate, each with n, a 95% interval, small-group
suppression, period-over-period and group-versus-rest comparisons labelled "real" or "within
noise" under false-discovery-rate control, and trends. One aggregate query per metric, written
once and rendered for DuckDB or Spark; statistics on the aggregated result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from centric.lazy import lazy_exports

if TYPE_CHECKING:
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
    from centric.voc.summaries import SummaryRefresh, refresh_summaries

# Each name loads its module on first use (see centric.lazy).
_HOME: dict[str, str] = {
    "MISSING": "centric.voc.compute",
    "compute_metric": "centric.voc.compute",
    "DIMENSIONS": "centric.voc.registry",
    "GRAINS": "centric.voc.registry",
    "METRICS": "centric.voc.registry",
    "Dimension": "centric.voc.registry",
    "Measure": "centric.voc.registry",
    "Metric": "centric.voc.registry",
    "available_dimensions": "centric.voc.registry",
    "get_dimension": "centric.voc.registry",
    "get_metric": "centric.voc.registry",
    "MetricRequest": "centric.voc.schemas",
    "MetricResult": "centric.voc.schemas",
    "PostStratification": "centric.voc.schemas",
    "MetricInfo": "centric.voc.service",
    "describe_metrics": "centric.voc.service",
    "report_metric": "centric.voc.service",
    "SummaryRefresh": "centric.voc.summaries",
    "refresh_summaries": "centric.voc.summaries",
}

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
    "SummaryRefresh",
    "available_dimensions",
    "compute_metric",
    "describe_metrics",
    "get_dimension",
    "get_metric",
    "refresh_summaries",
    "report_metric",
]

__getattr__ = lazy_exports(__name__, _HOME)

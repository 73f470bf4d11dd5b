"""The metric registry, the SQL built from it, and the documentation that describes it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlglot

from centric.errors import InvalidInputError
from centric.voc import (
    METRICS,
    MetricRequest,
    PostStratification,
    available_dimensions,
    get_dimension,
    get_metric,
)
from centric.voc.queries import build_aggregate_query
from centric.voc.registry import REFERENCES, Metric

DOCS = Path(__file__).resolve().parents[3] / "docs" / "metrics.md"


def test_registry_declares_every_metric_of_the_command_line() -> None:
    names = [m.name for m in METRICS]
    assert names == [
        "nps",
        "csat",
        "ces",
        "enps",
        "fcr",
        "aht",
        "frt",
        "containment",
        "response-rate",
    ]


def test_get_metric_accepts_underscores_and_case() -> None:
    assert get_metric("Response_Rate").name == "response-rate"


def test_get_metric_names_the_choices_when_unknown() -> None:
    with pytest.raises(InvalidInputError) as raised:
        get_metric("nsp")
    assert "nsp" in raised.value.message
    assert raised.value.hint is not None
    assert "nps" in raised.value.hint


def test_dimensions_follow_the_columns_of_the_metric_table() -> None:
    feedback = {d.name for d in available_dimensions(get_metric("nps"))}
    engagement = {d.name for d in available_dimensions(get_metric("enps"))}
    assert {"channel", "touchpoint", "journey_stage", "team", "region", "language"} <= feedback
    assert "reason" not in feedback
    assert {"team", "region", "survey"} <= engagement
    assert "channel" not in engagement


def test_get_dimension_accepts_aliases_and_rejects_foreign_columns() -> None:
    metric = get_metric("nps")
    assert get_dimension(metric, "journey-stage").name == "journey_stage"
    assert get_dimension(metric, "team_id").name == "team"
    with pytest.raises(InvalidInputError) as raised:
        get_dimension(get_metric("enps"), "channel")
    assert "enps" in raised.value.message


def test_every_measure_has_a_reference_that_is_documented() -> None:
    for metric in METRICS:
        assert metric.references
        for key in metric.references:
            assert key in REFERENCES


@pytest.mark.parametrize("metric", METRICS, ids=lambda m: m.name)
@pytest.mark.parametrize("dialect", ["duckdb", "spark"])
def test_aggregate_query_renders_for_each_engine(metric: Metric, dialect: str) -> None:
    dimensions = [get_dimension(metric, "team"), get_dimension(metric, "region")]
    for measure in metric.measures:
        query = build_aggregate_query(
            metric,
            (measure,),
            dimensions=dimensions,
            grain="month",
            since=date(2025, 1, 1),
            until=date(2025, 3, 31),
            where={get_dimension(metric, "team"): ("T1", "O'Brien's")},
            weighted=metric.weight_column is not None,
            bins=measure.kind == "skewed_mean",
        )
        rendered = query.render(dialect)
        assert sqlglot.parse_one(rendered, read=dialect) is not None
        assert "'O''Brien''s'" in rendered or "'O\\'Brien\\'s'" in rendered
        assert "2025-04-01" in rendered  # --until is inclusive: rows before the next day


def test_request_rejects_contradictory_options() -> None:
    with pytest.raises(InvalidInputError):
        MetricRequest("nps", period="year")  # type: ignore[arg-type]  # an invalid grain on purpose
    with pytest.raises(InvalidInputError):
        MetricRequest("nps", since=date(2025, 2, 1), until=date(2025, 1, 1))
    with pytest.raises(InvalidInputError):
        MetricRequest(
            "nps", weights="survey", post_stratify=PostStratification("channel", {"web": 1.0})
        )
    with pytest.raises(InvalidInputError):
        MetricRequest("nps", by=("team", "team"))
    with pytest.raises(InvalidInputError):
        PostStratification("channel", {"web": -1.0})


def test_documentation_describes_every_metric_measure_and_reference() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for metric in METRICS:
        assert f"`{metric.name}`" in text, metric.name
        for measure in metric.measures:
            assert measure.label in text, measure.label
    for reference in REFERENCES.values():
        assert reference.split(" (")[0] in text, reference

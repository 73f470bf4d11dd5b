"""Whether a model makes different first names and birth dates a constraint in clustering."""

from __future__ import annotations

from typing import Any

import pytest

from centric.identity.ids import CONFLICT_WEIGHT, conflict_weight, separates_conflicts
from centric.identity.model import TrainedModel


def _model(**else_levels: tuple[float, float]) -> TrainedModel:
    comparisons: list[dict[str, Any]] = [
        {
            "output_column_name": name,
            "comparison_levels": [
                {"sql_condition": "null", "is_null_level": True},
                {"sql_condition": "equal", "m_probability": 0.9, "u_probability": 0.01},
                {"sql_condition": "ELSE", "m_probability": m, "u_probability": u},
            ],
        }
        for name, (m, u) in else_levels.items()
    ]
    settings = {"comparisons": comparisons, "probability_two_random_records_match": 1e-4}
    return TrainedModel(settings, tuple(else_levels), (), 1000)


def test_conflict_weight_sums_the_disagreement_of_both_fields() -> None:
    model = _model(first_name=(0.002, 1.0), date_of_birth=(0.03125, 1.0))
    assert conflict_weight(model) == pytest.approx(-8.966 - 5.0, abs=1e-3)
    assert separates_conflicts(model)


def test_conflicts_are_not_separated_when_the_model_weighs_them_lightly() -> None:
    # Data where one person's records often disagree (heavily corrupted): -2 and -3 bits.
    model = _model(first_name=(0.25, 1.0), date_of_birth=(0.125, 1.0))
    weight = conflict_weight(model)
    assert weight == pytest.approx(-5.0)
    assert weight is not None and weight > CONFLICT_WEIGHT
    assert not separates_conflicts(model)


def test_conflicts_are_not_separated_without_both_fields_or_a_model() -> None:
    assert conflict_weight(_model(first_name=(0.002, 1.0))) is None
    assert not separates_conflicts(_model(first_name=(0.002, 1.0)))
    assert not separates_conflicts(None)

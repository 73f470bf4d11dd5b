"""Alert rule specifications: validation, defaults and their one-line description."""

from __future__ import annotations

import pytest

from centric.cases import DEFAULT_SLA_HOURS, RuleSpec, parse_rule
from centric.errors import InvalidInputError


def test_sla_defaults_to_the_priority_when_the_rule_sets_none() -> None:
    assert RuleSpec(name="a", score_at_most=6, priority="urgent").effective_sla_hours == 4
    assert RuleSpec(name="a", score_at_most=6, sla_hours=12).effective_sla_hours == 12
    assert DEFAULT_SLA_HOURS["low"] > DEFAULT_SLA_HOURS["normal"] > DEFAULT_SLA_HOURS["high"]


def test_description_names_every_condition() -> None:
    spec = RuleSpec(
        name="vip",
        survey_type="nps",
        score_at_most=6,
        customer_value_at_least=1000,
        warnings=["churn intent"],
        channels=["Web"],
        within_days=7,
    )
    assert spec.describe() == (
        "nps feedback, score <= 6, warning: churn_intent, customer value >= 1,000, "
        "channel in web, last 7 days"
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "Bad Name", "score_at_most": 6}, "name"),
        ({"name": "x"}, "at least one condition"),
        ({"name": "x", "score_at_most": 6, "priority": "whenever"}, "priority"),
        ({"name": "x", "score_at_most": 6, "sla_hours": 0}, "sla_hours"),
        ({"name": "x", "score_at_most": 6, "notify": ["not an address"]}, "neither"),
        ({"name": "x", "score_at_most": 6, "surprise": 1}, "surprise"),
        ({"name": "x", "sentiment_at_most": 2}, "sentiment_at_most"),
    ],
)
def test_invalid_rule_is_refused_naming_the_field(fields: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message) as raised:
        parse_rule(fields)
    assert raised.value.hint


def test_notify_accepts_addresses_and_webhooks() -> None:
    spec = parse_rule(
        {"name": "x", "score_at_most": 6, "notify": ["cx@example.com", "https://hooks.example/a"]}
    )
    assert spec.notify == ["cx@example.com", "https://hooks.example/a"]

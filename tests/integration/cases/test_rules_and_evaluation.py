"""Alert rules from centric.toml and the interface, and their evaluation into cases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support_cases import Loop

from centric.access import PermissionDeniedError
from centric.cases import (
    CaseFilter,
    RuleSpec,
    cases_for_customer,
    create_rule,
    delete_rule,
    evaluate_rules,
    list_cases,
    list_rules,
    parse_rule,
    sync_workspace_rules,
    update_rule,
)
from centric.config import CONFIG_FILE
from centric.errors import ConfigurationError, InvalidInputError
from centric.identity.tables import create_identity_tables
from centric.store import list_audit_events
from centric.text import create_text_tables

DETRACTOR = {"name": "detractor", "survey_type": "nps", "score_at_most": 6, "priority": "high"}


def _rule(loop: Loop, **fields: object) -> int:
    return create_rule(loop.runtime, loop.admin, parse_rule({**DETRACTOR, **fields})).id


def _all_cases(loop: Loop) -> list[tuple[str | None, str | None, str]]:
    page = list_cases(loop.runtime, loop.admin, CaseFilter(status="all", limit=500))
    return sorted((c.feedback_key, c.team_id, c.priority) for c in page.items)


def test_evaluate_opens_one_case_per_detractor_routed_to_its_team(loop: Loop) -> None:
    _rule(loop)
    loop.add_feedback(
        loop.feedback("f1", 2, "T1"),
        loop.feedback("f2", 6, "T2"),
        loop.feedback("f3", 7, "T1"),
        loop.feedback("f4", 10, "T2"),
    )
    result = evaluate_rules(loop.runtime, now=loop.now)
    assert (result.matched, result.opened) == (2, 2)
    assert _all_cases(loop) == [("f1", "T1", "high"), ("f2", "T2", "high")]
    case = list_cases(loop.runtime, loop.admin, CaseFilter()).items[0]
    assert case.due_at - case.opened_at == timedelta(hours=24)
    assert case.verbatim == "comment f1"
    assert (case.customer_source, case.customer_key) == ("crm", "c-f1")


def test_evaluate_twice_opens_no_duplicate_case(loop: Loop) -> None:
    _rule(loop)
    loop.add_feedback(loop.feedback("f1", 2))
    assert evaluate_rules(loop.runtime, now=loop.now).opened == 1
    again = evaluate_rules(loop.runtime, now=loop.now + timedelta(hours=1))
    assert (again.matched, again.opened) == (1, 0)
    assert len(_all_cases(loop)) == 1


def test_evaluate_ignores_feedback_older_than_the_rule_window(loop: Loop) -> None:
    _rule(loop, within_days=7)
    loop.add_feedback(loop.feedback("recent", 1, days_ago=6), loop.feedback("old", 1, days_ago=8))
    evaluate_rules(loop.runtime, now=loop.now)
    assert [key for key, _, _ in _all_cases(loop)] == ["recent"]


def test_high_value_rule_matches_only_customers_above_the_value(loop: Loop) -> None:
    _rule(loop, name="valuable-detractor", customer_value_at_least=500, priority="urgent")
    loop.add(
        "orders",
        *(
            {
                "source": "shop",
                "source_key": f"o{i}",
                "customer_source": "crm",
                "customer_key": "c-rich",
                "ordered_at": loop.now.replace(tzinfo=None) - timedelta(days=30),
                "amount": 300,
            }
            for i in range(2)
        ),
        {
            "source": "shop",
            "source_key": "o9",
            "customer_source": "crm",
            "customer_key": "c-poor",
            "ordered_at": loop.now.replace(tzinfo=None) - timedelta(days=30),
            "amount": 20,
        },
    )
    loop.add_feedback(loop.feedback("rich", 3), loop.feedback("poor", 3))
    evaluate_rules(loop.runtime, now=loop.now)
    page = list_cases(loop.runtime, loop.admin, CaseFilter())
    assert [(c.feedback_key, c.trigger.get("customer_value")) for c in page.items] == [
        ("rich", 600.0)
    ]
    assert page.items[0].due_at - page.items[0].opened_at == timedelta(hours=4)


def test_high_value_follows_the_resolved_customer_across_sources(loop: Loop) -> None:
    create_identity_tables(loop.runtime.warehouse)
    _rule(loop, name="valuable-detractor", customer_value_at_least=500, priority="urgent")
    loop.add(
        "customer_links",
        {"source": "crm", "source_key": "c-f1", "customer_id": "CUST-1"},
        {"source": "shop", "source_key": "s-1", "customer_id": "CUST-1"},
        {"source": "crm", "source_key": "c-f2", "customer_id": "CUST-2"},
    )
    loop.add(
        "orders",
        {
            "source": "shop",
            "source_key": "o1",
            "customer_key": "s-1",
            "ordered_at": loop.now.replace(tzinfo=None) - timedelta(days=30),
            "amount": 800,
        },
    )
    loop.add_feedback(loop.feedback("f1", 3), loop.feedback("f2", 3))
    evaluate_rules(loop.runtime, now=loop.now)
    cases = list_cases(loop.runtime, loop.admin, CaseFilter()).items
    assert [(c.feedback_key, c.customer_id, c.trigger["customer_value"]) for c in cases] == [
        ("f1", "CUST-1", 800.0)
    ]
    assert [
        c.id for c in cases_for_customer(loop.runtime, loop.admin, [], customer_id="CUST-1")
    ] == [cases[0].id]


def test_more_urgent_rule_claims_feedback_before_a_general_one(loop: Loop) -> None:
    _rule(loop, name="detractor", priority="normal")
    _rule(loop, name="zero", score_at_most=0, priority="urgent", team="T2")
    loop.add_feedback(loop.feedback("f0", 0, "T1"), loop.feedback("f5", 5, "T1"))
    result = evaluate_rules(loop.runtime, now=loop.now)
    assert result.opened_by_rule == {"zero": 1, "detractor": 1}
    assert _all_cases(loop) == [("f0", "T2", "urgent"), ("f5", "T1", "normal")]


def test_disabled_rule_opens_nothing(loop: Loop) -> None:
    _rule(loop, enabled=False)
    loop.add_feedback(loop.feedback("f1", 2))
    assert evaluate_rules(loop.runtime, now=loop.now).opened == 0


def test_warning_rule_is_skipped_with_reason_until_feedback_is_annotated(loop: Loop) -> None:
    for table in ("feedback_signals", "feedback_annotations"):
        loop.runtime.warehouse.execute(f"DROP TABLE IF EXISTS {table}")
    _rule(loop, name="warnings", survey_type=None, score_at_most=None, warnings=["any"])
    loop.add_feedback(loop.feedback("f1", 9))
    result = evaluate_rules(loop.runtime, now=loop.now)
    assert result.opened == 0
    assert "annotated" in result.skipped_rules["warnings"]


def test_warning_rule_opens_case_with_the_signal_and_its_evidence(loop: Loop) -> None:
    create_text_tables(loop.runtime.warehouse)
    _rule(
        loop,
        name="legal",
        survey_type=None,
        score_at_most=None,
        warnings=["legal_threat", "safety"],
        priority="urgent",
    )
    loop.add_feedback(
        loop.feedback("f1", 9, verbatim="I will see you in court"),
        loop.feedback("f2", 2, verbatim="I am leaving you"),
    )
    loop.add(
        "feedback_signals",
        {
            "kind": "feedback",
            "source": "survey",
            "source_key": "f1",
            "category": "warning",
            "signal": "legal_threat",
            "evidence": "see you in court",
        },
        {
            "kind": "feedback",
            "source": "survey",
            "source_key": "f2",
            "category": "warning",
            "signal": "churn_intent",
            "evidence": "leaving you",
        },
    )
    evaluate_rules(loop.runtime, now=loop.now)
    page = list_cases(loop.runtime, loop.admin, CaseFilter())
    assert [(c.feedback_key, c.trigger["warnings"], c.trigger["evidence"]) for c in page.items] == [
        ("f1", ["legal_threat"], "see you in court")
    ]
    assert "warning: legal_threat" in page.items[0].title


def test_sentiment_rule_matches_negative_comments(loop: Loop) -> None:
    create_text_tables(loop.runtime.warehouse)
    _rule(loop, name="negative", survey_type=None, score_at_most=None, sentiment_at_most=-0.5)
    loop.add_feedback(loop.feedback("f1", 8), loop.feedback("f2", 8))
    loop.add(
        "feedback_annotations",
        {"kind": "feedback", "source": "survey", "source_key": "f1", "sentiment_score": -0.8},
        {"kind": "feedback", "source": "survey", "source_key": "f2", "sentiment_score": 0.4},
    )
    evaluate_rules(loop.runtime, now=loop.now)
    assert [key for key, _, _ in _all_cases(loop)] == ["f1"]


def test_rule_needs_a_condition_and_known_channels() -> None:
    with pytest.raises(InvalidInputError, match="at least one condition"):
        parse_rule({"name": "empty"})
    with pytest.raises(InvalidInputError, match="unknown channel"):
        parse_rule({"name": "x", "channels": ["carrier pigeon"]})
    with pytest.raises(InvalidInputError, match="unknown warning"):
        parse_rule({"name": "x", "warnings": ["bad vibes"]})
    with pytest.raises(InvalidInputError, match="nothing could match"):
        parse_rule({"name": "x", "score_at_least": 9, "score_at_most": 2})


def test_rules_from_centric_toml_are_synchronised_and_read_only(loop: Loop) -> None:
    config = loop.runtime.workspace / CONFIG_FILE
    original = config.read_text(encoding="utf-8")
    config.write_text(
        original
        + '\n[[rules]]\nname = "detractor"\nsurvey_type = "nps"\nscore_at_most = 6\n'
        + '\n[[rules]]\nname = "passive"\nsurvey_type = "nps"\nscore_at_most = 8\n'
        + 'score_at_least = 7\npriority = "low"\n',
        encoding="utf-8",
    )
    assert len(sync_workspace_rules(loop.runtime, actor="test")) == 2
    assert sync_workspace_rules(loop.runtime, actor="test") == []
    rules = {r.spec.name: r for r in list_rules(loop.runtime, loop.analyst)}
    assert {name: r.origin for name, r in rules.items()} == {
        "detractor": "workspace",
        "passive": "workspace",
    }
    with pytest.raises(InvalidInputError, match=r"centric\.toml"):
        update_rule(loop.runtime, loop.admin, rules["passive"].id, RuleSpec(**DETRACTOR))
    config.write_text(
        original + '\n[[rules]]\nname = "detractor"\nsurvey_type = "nps"\nscore_at_most = 5\n',
        encoding="utf-8",
    )
    changes = sync_workspace_rules(loop.runtime, actor="test")
    assert sorted(changes) == [
        "removed rule passive (no longer in centric.toml)",
        "updated rule detractor from centric.toml",
    ]
    assert list_audit_events(loop.runtime.app_db, action="rule.sync")


def test_invalid_rule_in_centric_toml_is_a_configuration_error(loop: Loop) -> None:
    config = loop.runtime.workspace / CONFIG_FILE
    config.write_text(
        config.read_text(encoding="utf-8") + '\n[[rules]]\nname = "bad"\nscore_at_most = "x"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigurationError, match="bad"):
        sync_workspace_rules(loop.runtime, actor="test")


def test_rules_made_in_the_interface_are_edited_and_audited(loop: Loop) -> None:
    rule_id = _rule(loop)
    changed = update_rule(
        loop.runtime, loop.analyst, rule_id, parse_rule({**DETRACTOR, "score_at_most": 4})
    )
    assert changed.spec.score_at_most == 4
    assert changed.origin == "ui"
    with pytest.raises(InvalidInputError, match="already exists"):
        _rule(loop)
    with pytest.raises(PermissionDeniedError):
        delete_rule(loop.runtime, loop.lead_t1, rule_id)
    delete_rule(loop.runtime, loop.admin, rule_id)
    assert list_rules(loop.runtime, loop.admin) == []
    actions = [
        e.action for e in list_audit_events(loop.runtime.app_db) if e.action.startswith("rule.")
    ]
    assert actions == ["rule.delete", "rule.update", "rule.create"]

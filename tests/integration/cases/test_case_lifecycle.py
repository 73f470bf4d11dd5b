"""Working a case: assign, comment, resolve, reopen; team scope; SLA escalation and report."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support_cases import Loop

from centric.access import PermissionDeniedError
from centric.cases import (
    CaseCreate,
    CaseFilter,
    CaseResolve,
    assign_case,
    cases_for_customer,
    cases_for_feedback,
    comment_on_case,
    create_rule,
    escalate_overdue_cases,
    evaluate_rules,
    get_case,
    list_cases,
    open_case,
    parse_rule,
    reopen_case,
    resolve_case,
    sla_performance,
)
from centric.errors import InvalidInputError, NotFoundError
from centric.store import list_audit_events


def _two_cases(loop: Loop) -> tuple[int, int]:
    create_rule(
        loop.runtime,
        loop.admin,
        parse_rule({"name": "detractor", "survey_type": "nps", "score_at_most": 6}),
    )
    loop.add_feedback(loop.feedback("f1", 2, "T1"), loop.feedback("f2", 3, "T2"))
    evaluate_rules(loop.runtime, now=loop.now)
    found = cases_for_feedback(loop.runtime, loop.admin, [("survey", "f1"), ("survey", "f2")])
    return found[("survey", "f1")].id, found[("survey", "f2")].id


def test_team_lead_sees_only_their_teams_cases(loop: Loop) -> None:
    t1, t2 = _two_cases(loop)
    visible = list_cases(loop.runtime, loop.lead_t1, CaseFilter(status="all"))
    assert [c.id for c in visible.items] == [t1]
    assert visible.total == 1
    with pytest.raises(NotFoundError):
        get_case(loop.runtime, loop.lead_t1, t2)
    with pytest.raises(NotFoundError):
        comment_on_case(loop.runtime, loop.lead_t1, t2, "not mine")
    assert set(cases_for_feedback(loop.runtime, loop.lead_t2, [("survey", "f1")])) == set()
    assert {c.id for c in list_cases(loop.runtime, loop.viewer, CaseFilter()).items} == {t1, t2}


def test_assign_comment_resolve_records_the_trail(loop: Loop) -> None:
    t1, _ = _two_cases(loop)
    assigned = assign_case(loop.runtime, loop.lead_t1, t1, loop.agent_t1.user_id)
    assert (assigned.status, assigned.assignee) == ("in_progress", "Agent1")
    comment_on_case(loop.runtime, loop.agent_t1, t1, "Called the customer back.")
    resolved = resolve_case(
        loop.runtime,
        loop.agent_t1,
        t1,
        CaseResolve(root_cause="delivery", resolution="refund", note="Refunded postage."),
    )
    assert (resolved.status, resolved.root_cause, resolved.resolution) == (
        "resolved",
        "delivery",
        "refund",
    )
    detail = get_case(loop.runtime, loop.lead_t1, t1)
    assert [e.kind for e in detail.events] == ["opened", "assigned", "commented", "resolved"]
    assert detail.events[2].body == "Called the customer back."
    audit = [e for e in list_audit_events(loop.runtime.app_db) if e.target == f"case:{t1}"]
    assert [e.action for e in reversed(audit)] == [
        "case.opened",
        "case.assigned",
        "case.commented",
        "case.resolved",
    ]
    assert audit[0].actor == "agent1"
    with pytest.raises(InvalidInputError, match="already resolved"):
        resolve_case(
            loop.runtime, loop.agent_t1, t1, CaseResolve(root_cause="other", resolution="apology")
        )


def test_agent_takes_cases_but_cannot_hand_them_to_others(loop: Loop) -> None:
    t1, _ = _two_cases(loop)
    assert assign_case(loop.runtime, loop.agent_t1, t1, loop.agent_t1.user_id).assignee_id
    with pytest.raises(PermissionDeniedError):
        assign_case(loop.runtime, loop.agent_t1, t1, loop.lead_t1.user_id)


def test_assignee_must_belong_to_the_cases_team(loop: Loop) -> None:
    _, t2 = _two_cases(loop)
    with pytest.raises(InvalidInputError, match="team"):
        assign_case(loop.runtime, loop.admin, t2, loop.agent_t1.user_id)
    with pytest.raises(InvalidInputError, match="cannot work cases"):
        assign_case(loop.runtime, loop.admin, t2, loop.viewer.user_id)


def test_viewers_and_analysts_cannot_work_cases(loop: Loop) -> None:
    t1, _ = _two_cases(loop)
    for principal in (loop.viewer, loop.analyst):
        with pytest.raises(PermissionDeniedError):
            comment_on_case(loop.runtime, principal, t1, "hello")
        with pytest.raises(PermissionDeniedError):
            resolve_case(
                loop.runtime, principal, t1, CaseResolve(root_cause="other", resolution="apology")
            )


def test_resolution_needs_known_codes() -> None:
    with pytest.raises(ValueError, match="unknown root cause"):
        CaseResolve(root_cause="gremlins", resolution="refund")
    with pytest.raises(ValueError, match="unknown resolution"):
        CaseResolve(root_cause="delivery", resolution="shrug")


def test_reopen_starts_a_new_sla_period(loop: Loop) -> None:
    t1, _ = _two_cases(loop)
    resolve_case(
        loop.runtime, loop.lead_t1, t1, CaseResolve(root_cause="other", resolution="apology")
    )
    with pytest.raises(InvalidInputError, match="reason"):
        reopen_case(loop.runtime, loop.lead_t1, t1, " ")
    reopened = reopen_case(loop.runtime, loop.lead_t1, t1, "Customer wrote again.")
    assert (reopened.status, reopened.root_cause, reopened.escalation_level) == ("open", None, 0)
    assert reopened.due_at > reopened.opened_at + timedelta(hours=reopened.sla_hours)


def test_team_lead_opens_cases_by_hand_for_their_own_team_only(loop: Loop) -> None:
    case = open_case(
        loop.runtime,
        loop.lead_t1,
        CaseCreate(title="Complaint by phone", priority="urgent", note="Called in angry."),
    )
    assert (case.team_id, case.sla_hours, case.rule_name) == ("T1", 4.0, None)
    with pytest.raises(NotFoundError):
        open_case(loop.runtime, loop.lead_t1, CaseCreate(title="Other team", team_id="T2"))
    with pytest.raises(PermissionDeniedError):
        open_case(loop.runtime, loop.viewer, CaseCreate(title="Not allowed"))


def test_overdue_case_escalates_once_per_sla_period(loop: Loop) -> None:
    t1, t2 = _two_cases(loop)
    resolve_case(
        loop.runtime, loop.admin, t2, CaseResolve(root_cause="other", resolution="apology")
    )
    sla = timedelta(hours=48)
    assert escalate_overdue_cases(loop.runtime, now=loop.now + sla - timedelta(minutes=1)) == 0
    assert escalate_overdue_cases(loop.runtime, now=loop.now + sla) == 1
    assert escalate_overdue_cases(loop.runtime, now=loop.now + sla + timedelta(hours=1)) == 0
    assert escalate_overdue_cases(loop.runtime, now=loop.now + 2 * sla) == 1
    assert escalate_overdue_cases(loop.runtime, now=loop.now + 10 * sla) == 1
    assert escalate_overdue_cases(loop.runtime, now=loop.now + 20 * sla) == 0
    detail = get_case(loop.runtime, loop.admin, t1)
    assert detail.case.escalation_level == 3
    assert [e.detail["level"] for e in detail.events if e.kind == "escalated"] == [1, 2, 3]


def test_sla_report_counts_resolutions_within_and_after_sla(loop: Loop) -> None:
    t1, t2 = _two_cases(loop)
    resolve_case(
        loop.runtime, loop.admin, t1, CaseResolve(root_cause="other", resolution="apology")
    )
    report = sla_performance(
        loop.runtime,
        loop.admin,
        since=loop.now - timedelta(days=1),
        until=loop.now + timedelta(days=30),
    )
    assert (report.overall.opened, report.overall.resolved, report.overall.open) == (2, 1, 1)
    assert report.overall.overdue == 1  # t2 is past its SLA at the report's end
    by_team = {t.team_id: t for t in report.teams}
    assert by_team["T1"].within_sla_rate is not None
    assert by_team["T2"].resolved == 0
    scoped = sla_performance(
        loop.runtime,
        loop.lead_t2,
        since=loop.now - timedelta(days=1),
        until=loop.now + timedelta(days=1),
    )
    assert [t.team_id for t in scoped.teams] == ["T2"]
    del t2


def test_cases_of_a_customer_follow_their_source_records(loop: Loop) -> None:
    t1, _ = _two_cases(loop)
    found = cases_for_customer(loop.runtime, loop.admin, [("crm", "c-f1"), ("crm", "nobody")])
    assert [c.id for c in found] == [t1]
    assert cases_for_customer(loop.runtime, loop.lead_t2, [("crm", "c-f1")]) == []

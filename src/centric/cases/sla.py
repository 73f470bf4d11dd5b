"""SLA timers: escalation of overdue cases and SLA performance by team.

A case is due ``sla_hours`` after it opened. When it is still unresolved past its due time it
escalates (level 1), and again for each further full SLA period (up to level 3); each escalation
tells the team's leads and the administrators. This module must not resolve or assign cases.
"""

from __future__ import annotations

import statistics
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from centric.access import Permission, Principal
from centric.cases.codes import ESCALATION_LEVELS, reference
from centric.cases.history import record_case_change
from centric.cases.notifications import Recipients, queue_case_notifications
from centric.cases.schemas import RuleSpec, SlaReport, TeamSla
from centric.cases.tables import AlertRule, Case, RecoverySurvey
from centric.runtime import Runtime

SYSTEM_ACTOR = "centric"


def escalation_level(case: Case, now: datetime) -> int:
    """The level a case should be at: 0 before its due time, then 1, 2, ... per SLA period."""
    if case.status == "resolved" or now < case.due_at:
        return 0
    periods = int((now - case.due_at) / timedelta(hours=case.sla_hours))
    return min(periods + 1, ESCALATION_LEVELS)


def escalate_overdue_cases(runtime: Runtime, *, now: datetime | None = None) -> int:
    """Escalate every unresolved case past its due time that has not reached its level yet.

    Args:
        runtime: The open stores.
        now: The current time (tests pass one).

    Returns:
        How many cases escalated.
    """
    now = now or datetime.now(UTC)
    escalated = 0
    recipients = Recipients(runtime.app_db)
    with Session(runtime.app_db) as session, session.begin():
        overdue = session.scalars(
            select(Case).where(
                Case.status != "resolved",
                Case.due_at <= now,
                Case.escalation_level < ESCALATION_LEVELS,
            )
        ).all()
        rules = {rule.id: rule for rule in session.scalars(select(AlertRule))}
        for case in overdue:
            level = escalation_level(case, now)
            if level <= case.escalation_level:
                continue
            case.escalation_level, case.escalated_at, case.updated_at = level, now, now
            late = now - case.due_at
            summary = (
                f"{reference(case.id)} escalated to level {level}: "
                f"{_hours(late)} past its {case.sla_hours:g}-hour SLA."
            )
            record_case_change(
                session,
                case,
                kind="escalated",
                actor=SYSTEM_ACTOR,
                at=now,
                summary=summary,
                detail={"level": level, "hours_overdue": round(late / timedelta(hours=1), 1)},
            )
            rule = rules.get(case.rule_id) if case.rule_id is not None else None
            queue_case_notifications(
                session,
                runtime,
                case,
                "escalated",
                at=now,
                summary=summary,
                extra_recipients=RuleSpec.model_validate(rule.spec).notify if rule else None,
                recipients=recipients,
            )
            escalated += 1
    return escalated


def sla_performance(
    runtime: Runtime,
    principal: Principal,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> SlaReport:
    """How cases opened in a period fared against their SLAs, overall and by team.

    Args:
        runtime: The open stores.
        principal: Who asks; team-scoped roles get their own team only.
        since: Start of the period (default 90 days before ``until``).
        until: End of the period (default now).
    """
    principal.require(Permission.VIEW_CASES)
    until = until or datetime.now(UTC)
    since = since or until - timedelta(days=90)
    statement = (
        select(Case, RecoverySurvey)
        .outerjoin(RecoverySurvey, RecoverySurvey.case_id == Case.id)
        .where(Case.opened_at >= since, Case.opened_at < until)
    )
    if principal.team_scope is not None:
        statement = statement.where(Case.team_id == principal.team_scope)
    by_team: dict[str | None, list[tuple[Case, RecoverySurvey | None]]] = {}
    with Session(runtime.app_db) as session:
        for case, survey in session.execute(statement).tuples():
            by_team.setdefault(case.team_id, []).append((case, survey))
    everything = [row for rows in by_team.values() for row in rows]
    teams = sorted(
        (_team_sla(team, rows, until) for team, rows in by_team.items()),
        key=lambda t: (t.team_id is None, t.team_id or ""),
    )
    return SlaReport(
        since=since, until=until, overall=_team_sla(None, everything, until), teams=teams
    )


def _team_sla(
    team_id: str | None, rows: list[tuple[Case, RecoverySurvey | None]], now: datetime
) -> TeamSla:
    resolved = [case for case, _ in rows if case.resolved_at is not None]
    within = [case for case in resolved if case.resolved_at and case.resolved_at <= case.due_at]
    hours = [
        (case.resolved_at - case.opened_at) / timedelta(hours=1)
        for case in resolved
        if case.resolved_at is not None
    ]
    surveys = [survey for _, survey in rows if survey is not None]
    scores = [s.score for s in surveys if s.score is not None]
    return TeamSla(
        team_id=team_id,
        opened=len(rows),
        open=sum(1 for case, _ in rows if case.status != "resolved"),
        overdue=sum(1 for case, _ in rows if case.status != "resolved" and case.due_at < now),
        resolved=len(resolved),
        resolved_within_sla=len(within),
        within_sla_rate=len(within) / len(resolved) if resolved else None,
        median_hours_to_resolve=statistics.median(hours) if hours else None,
        escalated=sum(1 for case, _ in rows if case.escalation_level > 0),
        surveys_sent=len(surveys),
        surveys_answered=len(scores),
        mean_recovery_score=statistics.fmean(scores) if scores else None,
    )


def _hours(delta: timedelta) -> str:
    hours = delta / timedelta(hours=1)
    return f"{hours:.1f} hours" if hours < 48 else f"{hours / 24:.1f} days"

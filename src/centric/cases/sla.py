"""SLA timers: escalation of overdue cases and SLA performance by team.

A case is due ``sla_hours`` after it opened. When it is still unresolved past its due time it
escalates (level 1), and again for each further full SLA period (up to level 3); each escalation
tells the team's leads and the administrators. This module must not resolve or assign cases.
"""

from __future__ import annotations

import statistics
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy import case as sql_case
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

    Counts are aggregated in the app DB; only the durations of resolved cases are read, for
    the medians.

    Args:
        runtime: The open stores.
        principal: Who asks; team-scoped roles get their own team only.
        since: Start of the period (default 90 days before ``until``).
        until: End of the period (default now); open cases due before it count as overdue.
    """
    principal.require(Permission.VIEW_CASES)
    until = until or datetime.now(UTC)
    since = since or until - timedelta(days=90)
    scope = [Case.opened_at >= since, Case.opened_at < until]
    if principal.team_scope is not None:
        scope.append(Case.team_id == principal.team_scope)
    active = Case.status != "resolved"
    counts = (
        select(
            Case.team_id,
            func.count(),
            _count(active),
            _count(and_(active, Case.due_at < until)),
            _count(Case.status == "resolved"),
            _count(and_(Case.resolved_at.is_not(None), Case.resolved_at <= Case.due_at)),
            _count(Case.escalation_level > 0),
        )
        .where(*scope)
        .group_by(Case.team_id)
    )
    surveys = (
        select(
            Case.team_id,
            func.count(RecoverySurvey.id),
            func.count(RecoverySurvey.score),
            func.sum(RecoverySurvey.score),
        )
        .join(RecoverySurvey, RecoverySurvey.case_id == Case.id)
        .where(*scope)
        .group_by(Case.team_id)
    )
    durations = select(Case.team_id, Case.opened_at, Case.resolved_at).where(
        *scope, Case.resolved_at.is_not(None)
    )
    with Session(runtime.app_db) as session:
        figures = {row[0]: [int(v or 0) for v in row[1:]] for row in session.execute(counts)}
        answered = {
            row[0]: (int(row[1]), int(row[2]), float(row[3] or 0.0))
            for row in session.execute(surveys)
        }
        hours: dict[str | None, list[float]] = {}
        for team, opened, resolved in session.execute(durations):
            if resolved is not None:
                hours.setdefault(team, []).append(
                    (_aware(resolved) - _aware(opened)) / timedelta(hours=1)
                )
    teams = [
        _team_sla(team, figures[team], answered.get(team, (0, 0, 0.0)), hours.get(team, []))
        for team in sorted(figures, key=lambda t: (t is None, t or ""))
    ]
    total = [sum(values) for values in zip(*figures.values(), strict=True)] or [0] * 6
    every_survey = tuple(sum(values) for values in zip(*answered.values(), strict=True))
    overall = _team_sla(
        None,
        total,
        (int(every_survey[0]), int(every_survey[1]), float(every_survey[2]))
        if every_survey
        else (0, 0, 0.0),
        [h for values in hours.values() for h in values],
    )
    return SlaReport(since=since, until=until, overall=overall, teams=teams)


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(sql_case((condition, 1), else_=0))


def _team_sla(
    team_id: str | None,
    figures: list[int],
    surveys: tuple[int, int, float],
    hours: list[float],
) -> TeamSla:
    opened, still_open, overdue, resolved, within, escalated = figures
    sent, answered, score_sum = surveys
    return TeamSla(
        team_id=team_id,
        opened=opened,
        open=still_open,
        overdue=overdue,
        resolved=resolved,
        resolved_within_sla=within,
        within_sla_rate=within / resolved if resolved else None,
        median_hours_to_resolve=statistics.median(hours) if hours else None,
        escalated=escalated,
        surveys_sent=sent,
        surveys_answered=answered,
        mean_recovery_score=score_sum / answered if answered else None,
    )


def _aware(moment: datetime) -> datetime:
    # Raw column values skip the UTC type on some drivers; treat naive values as UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _hours(delta: timedelta) -> str:
    hours = delta / timedelta(hours=1)
    return f"{hours:.1f} hours" if hours < 48 else f"{hours / 24:.1f} days"

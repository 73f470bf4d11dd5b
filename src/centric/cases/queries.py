"""Reading cases: the queue, one case with its timeline, and the cases of feedback rows and of
customers, always within the principal's team scope.

A team lead or agent sees only their team's cases; another team's case is "not found", so its
existence does not leak. This module reads; changes live in :mod:`centric.cases.lifecycle`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, func, select, true, tuple_
from sqlalchemy.orm import Session

from centric.access import Permission, Principal
from centric.access.tables import User
from centric.cases.codes import reference
from centric.cases.recovery import survey_view
from centric.cases.schemas import (
    CaseDetail,
    CaseEventPublic,
    CaseFilter,
    CasePage,
    CasePublic,
    NotificationPublic,
    RuleSpec,
)
from centric.cases.tables import AlertRule, Case, CaseEvent, Notification, RecoverySurvey
from centric.errors import NotFoundError
from centric.runtime import Runtime

ACTIVE = ("open", "in_progress")


def list_cases(runtime: Runtime, principal: Principal, filters: CaseFilter) -> CasePage:
    """One page of the case queue, within the principal's team scope.

    Active queues list the soonest due first (overdue at the top); resolved ones the most
    recently resolved first.
    """
    principal.require(Permission.VIEW_CASES)
    now = datetime.now(UTC)
    statement = (
        select(Case, User.display_name)
        .outerjoin(User, User.id == Case.assignee_id)
        .where(in_scope(principal))
    )
    if filters.status == "active":
        statement = statement.where(Case.status.in_(ACTIVE))
    elif filters.status == "overdue":
        statement = statement.where(Case.status.in_(ACTIVE), Case.due_at < now)
    elif filters.status != "all":
        statement = statement.where(Case.status == filters.status)
    if filters.team_id:
        statement = statement.where(Case.team_id == filters.team_id)
    if filters.assignee == "me":
        statement = statement.where(Case.assignee_id == principal.user_id)
    elif filters.assignee == "unassigned":
        statement = statement.where(Case.assignee_id.is_(None))
    elif isinstance(filters.assignee, int):
        statement = statement.where(Case.assignee_id == filters.assignee)
    if filters.priority:
        statement = statement.where(Case.priority == filters.priority)
    if filters.rule:
        statement = statement.where(Case.rule_name == filters.rule)
    if filters.with_warnings:
        statement = statement.where(Case.warnings.is_not(None))
    if filters.status == "resolved":
        ordered = statement.order_by(Case.resolved_at.desc(), Case.id.desc())
    elif filters.status == "all":
        ordered = statement.order_by(Case.opened_at.desc(), Case.id.desc())
    else:
        ordered = statement.order_by(Case.due_at, Case.id)
    with Session(runtime.app_db) as session:
        total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
        rows = session.execute(ordered.limit(filters.limit).offset(filters.offset)).all()
        items = [to_public(case, assignee, now) for case, assignee in rows]
    return CasePage(items=items, total=total, limit=filters.limit, offset=filters.offset)


def get_case(runtime: Runtime, principal: Principal, case_id: int) -> CaseDetail:
    """A case with its timeline, notifications and recovery survey.

    Raises:
        NotFoundError: No such case within the principal's scope.
    """
    principal.require(Permission.VIEW_CASES)
    now = datetime.now(UTC)
    with Session(runtime.app_db) as session:
        case = visible_case(session, principal, case_id)
        assignee = session.get(User, case.assignee_id) if case.assignee_id else None
        events = session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
        ).all()
        notifications = session.scalars(
            select(Notification).where(Notification.case_id == case.id).order_by(Notification.id)
        ).all()
        survey = session.scalars(
            select(RecoverySurvey).where(RecoverySurvey.case_id == case.id)
        ).first()
        return CaseDetail(
            case=to_public(case, assignee.display_name if assignee else None, now),
            events=[
                CaseEventPublic(
                    id=e.id,
                    occurred_at=e.occurred_at,
                    actor=e.actor,
                    kind=e.kind,
                    body=e.body,
                    detail=e.detail,
                )
                for e in events
            ],
            notifications=[
                NotificationPublic.model_validate(n, from_attributes=True) for n in notifications
            ],
            recovery_survey=survey_view(runtime.settings, survey) if survey else None,
            recovery_survey_default=rule_wants_survey(session, case),
            can_work=principal.can(Permission.WORK_CASES),
            can_assign=principal.can(Permission.ASSIGN_CASES),
        )


def cases_for_feedback(
    runtime: Runtime, principal: Principal, keys: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], CasePublic]:
    """The cases (within scope) opened for the given feedback rows, by (source, source_key)."""
    principal.require(Permission.VIEW_CASES)
    found: dict[tuple[str, str], CasePublic] = {}
    now = datetime.now(UTC)
    with Session(runtime.app_db) as session:
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            statement = select(Case).where(
                in_scope(principal), tuple_(Case.feedback_source, Case.feedback_key).in_(chunk)
            )
            for case in session.scalars(statement):
                found[(str(case.feedback_source), str(case.feedback_key))] = to_public(
                    case, None, now
                )
    return found


def cases_for_customer(
    runtime: Runtime,
    principal: Principal,
    records: Sequence[tuple[str, str]],
    *,
    customer_id: str | None = None,
) -> list[CasePublic]:
    """The cases (within scope) of a customer: those of its source records (``(source,
    source_key)`` pairs) and those opened for the resolved ``customer_id``, newest first."""
    principal.require(Permission.VIEW_CASES)
    now = datetime.now(UTC)
    found: dict[int, CasePublic] = {}
    with Session(runtime.app_db) as session:
        conditions: list[ColumnElement[bool]] = [
            tuple_(Case.customer_source, Case.customer_key).in_(list(records[i : i + 500]))
            for i in range(0, len(records), 500)
        ]
        if customer_id is not None:
            conditions.append(Case.customer_id == customer_id)
        for condition in conditions:
            statement = (
                select(Case, User.display_name)
                .outerjoin(User, User.id == Case.assignee_id)
                .where(in_scope(principal), condition)
            )
            for case, name in session.execute(statement):
                found[case.id] = to_public(case, name, now)
    return sorted(found.values(), key=lambda c: c.opened_at, reverse=True)


def to_public(case: Case, assignee: str | None, now: datetime) -> CasePublic:
    """The public view of a case row."""
    return CasePublic(
        id=case.id,
        reference=reference(case.id),
        title=case.title,
        status=case.status,  # type: ignore[arg-type]  # stored values are the Status literals
        priority=case.priority,  # type: ignore[arg-type]  # stored values are the Priority literals
        rule_name=case.rule_name,
        team_id=case.team_id,
        assignee_id=case.assignee_id,
        assignee=assignee,
        feedback_source=case.feedback_source,
        feedback_key=case.feedback_key,
        customer_source=case.customer_source,
        customer_key=case.customer_key,
        customer_id=case.customer_id,
        survey_type=case.survey_type,
        score=case.score,
        channel=case.channel,
        touchpoint=case.touchpoint,
        verbatim=case.verbatim,
        warnings=case.warnings.split(",") if case.warnings else [],
        responded_at=case.responded_at,
        opened_at=case.opened_at,
        opened_by=case.opened_by,
        sla_hours=case.sla_hours,
        due_at=case.due_at,
        overdue=case.status != "resolved" and case.due_at < now,
        escalation_level=case.escalation_level,
        resolved_at=case.resolved_at,
        resolved_by=case.resolved_by,
        root_cause=case.root_cause,
        resolution=case.resolution,
        resolution_note=case.resolution_note,
        trigger=case.trigger,
    )


def in_scope(principal: Principal) -> ColumnElement[bool]:
    """The condition that keeps a query within the principal's team scope."""
    scope = principal.team_scope
    return Case.team_id == scope if scope is not None else true()


def visible_case(session: Session, principal: Principal, case_id: int) -> Case:
    """The case, or :class:`NotFoundError` when it does not exist or is outside the scope."""
    case = session.get(Case, case_id)
    if case is None or not principal.may_see_team(case.team_id):
        raise NotFoundError(
            f"No case {reference(case_id)} within your scope.",
            hint="Check the reference; team leads and agents see their own team's cases only.",
        )
    return case


def rule_wants_survey(session: Session, case: Case) -> bool:
    """Whether the rule that opened ``case`` asks for a recovery survey."""
    if case.rule_id is None:
        return False
    rule = session.get(AlertRule, case.rule_id)
    return rule is not None and RuleSpec.model_validate(rule.spec).recovery_survey

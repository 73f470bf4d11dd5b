"""The life of a case: open by hand, assign, comment, resolve, reopen.

Every function takes the :class:`~centric.access.Principal` acting and enforces its permission
and team scope: a team lead or agent sees and works only their team's cases (another team's
case is "not found", so its existence does not leak). Each change records its case event,
audit entry and notifications in one transaction. This module must not evaluate rules.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from centric.access import Permission, Principal, Role, get_user
from centric.access.tables import User
from centric.cases.codes import DEFAULT_SLA_HOURS, RESOLUTIONS, ROOT_CAUSES, reference
from centric.cases.evaluation import resolved_customer
from centric.cases.history import record_case_change
from centric.cases.notifications import queue_case_notifications
from centric.cases.queries import rule_wants_survey, to_public, visible_case
from centric.cases.recovery import start_recovery_survey
from centric.cases.schemas import (
    CaseCreate,
    CasePublic,
    CaseResolve,
)
from centric.cases.tables import Case, RecoverySurvey
from centric.errors import InvalidInputError, NotFoundError
from centric.runtime import Runtime


def open_case(runtime: Runtime, principal: Principal, spec: CaseCreate) -> CasePublic:
    """Open a case by hand (e.g. after a phone complaint).

    Team leads and agents open cases for their own team only.

    Raises:
        PermissionDeniedError: The principal may not open cases (or not for that team).
        InvalidInputError: The feedback named already has a case.
    """
    principal.require(Permission.OPEN_CASES)
    team = spec.team_id or principal.team_scope
    if not principal.may_see_team(team):
        raise NotFoundError(
            f"No team '{team}' within your scope.", hint="Open cases for your own team."
        )
    now = datetime.now(UTC)
    sla = spec.sla_hours or DEFAULT_SLA_HOURS[spec.priority]
    with Session(runtime.app_db) as session, session.begin():
        if spec.feedback_source and spec.feedback_key:
            existing = session.scalars(
                select(Case.id).where(
                    Case.feedback_source == spec.feedback_source,
                    Case.feedback_key == spec.feedback_key,
                )
            ).first()
            if existing is not None:
                raise InvalidInputError(
                    f"Feedback {spec.feedback_source}:{spec.feedback_key} already has case "
                    f"{reference(existing)}.",
                    hint="Work on the existing case instead.",
                )
        case = Case(
            title=spec.title,
            priority=spec.priority,
            status="open",
            team_id=team,
            feedback_source=spec.feedback_source,
            feedback_key=spec.feedback_key,
            customer_source=spec.customer_source,
            customer_key=spec.customer_key,
            customer_id=spec.customer_id
            or resolved_customer(runtime.warehouse, spec.customer_source, spec.customer_key),
            trigger={"opened_by_hand": True},
            opened_at=now,
            opened_by=principal.username,
            sla_hours=sla,
            due_at=now + timedelta(hours=sla),
            escalation_level=0,
            updated_at=now,
        )
        session.add(case)
        session.flush()
        summary = f"{principal.display_name} opened {reference(case.id)}: {case.title}."
        record_case_change(
            session,
            case,
            kind="opened",
            actor=principal.username,
            at=now,
            summary=summary,
            body=spec.note,
            detail={"team_id": team, "priority": spec.priority},
        )
        queue_case_notifications(session, runtime, case, "opened", at=now, summary=summary)
        return to_public(case, None, now)


def assign_case(
    runtime: Runtime, principal: Principal, case_id: int, assignee_id: int | None
) -> CasePublic:
    """Give a case to someone (or to nobody). Agents may only take a case themselves.

    Raises:
        PermissionDeniedError: The principal may not assign (this way).
        NotFoundError: No such case in scope, or no such user.
        InvalidInputError: The assignee cannot work this case.
    """
    principal.require(Permission.WORK_CASES)
    if assignee_id != principal.user_id or assignee_id is None:
        principal.require(Permission.ASSIGN_CASES)
    assignee = get_user(runtime.app_db, assignee_id) if assignee_id is not None else None
    if assignee is not None and (
        not assignee.is_active or assignee.role not in {Role.ADMIN, Role.TEAM_LEAD, Role.AGENT}
    ):
        raise InvalidInputError(
            f"User '{assignee.username}' ({assignee.role}) cannot work cases.",
            hint="Assign to an active administrator, team lead or agent.",
        )
    now = datetime.now(UTC)
    with Session(runtime.app_db) as session, session.begin():
        case = visible_case(session, principal, case_id)
        if (
            assignee is not None
            and assignee.role is not Role.ADMIN
            and (assignee.team_id != case.team_id)
        ):
            raise InvalidInputError(
                f"User '{assignee.username}' is in team {assignee.team_id}, "
                f"{reference(case.id)} belongs to team {case.team_id or '(none)'}.",
                hint="Assign to someone in the case's team.",
            )
        case.assignee_id = assignee_id
        if case.status == "open" and assignee_id is not None:
            case.status = "in_progress"
        case.updated_at = now
        name = assignee.display_name if assignee else "nobody"
        summary = f"{principal.display_name} assigned {reference(case.id)} to {name}."
        record_case_change(
            session,
            case,
            kind="assigned",
            actor=principal.username,
            at=now,
            summary=summary,
            detail={
                "assignee_id": assignee_id,
                "assignee": assignee.username if assignee else None,
            },
        )
        queue_case_notifications(
            session,
            runtime,
            case,
            "assigned",
            at=now,
            summary=summary,
            assignee_email=assignee.email
            if assignee and assignee_id != principal.user_id
            else None,
        )
        return to_public(case, assignee.display_name if assignee else None, now)


def comment_on_case(runtime: Runtime, principal: Principal, case_id: int, body: str) -> CasePublic:
    """Add a comment to a case's timeline.

    Raises:
        InvalidInputError: The comment is empty or longer than 10,000 characters.
    """
    principal.require(Permission.WORK_CASES)
    body = body.strip()
    if not body or len(body) > 10_000:
        raise InvalidInputError(
            f"A comment must have 1-10,000 characters, not {len(body):,}.",
            hint="Write what was done or learnt.",
        )
    now = datetime.now(UTC)
    with Session(runtime.app_db) as session, session.begin():
        case = visible_case(session, principal, case_id)
        case.updated_at = now
        summary = f"{principal.display_name} commented on {reference(case.id)}."
        record_case_change(
            session,
            case,
            kind="commented",
            actor=principal.username,
            at=now,
            summary=summary,
            body=body,
        )
        queue_case_notifications(session, runtime, case, "commented", at=now, summary=summary)
        return to_public(case, _assignee_name(session, case), now)


def resolve_case(
    runtime: Runtime, principal: Principal, case_id: int, outcome: CaseResolve
) -> CasePublic:
    """Resolve a case with its root cause and resolution, optionally starting a recovery survey.

    Raises:
        InvalidInputError: The case is already resolved.
    """
    principal.require(Permission.WORK_CASES)
    now = datetime.now(UTC)
    with Session(runtime.app_db) as session, session.begin():
        case = visible_case(session, principal, case_id)
        if case.status == "resolved":
            raise InvalidInputError(
                f"{reference(case.id)} is already resolved.", hint="Reopen it first to change it."
            )
        case.status = "resolved"
        case.resolved_at, case.resolved_by = now, principal.username
        case.root_cause, case.resolution = outcome.root_cause, outcome.resolution
        case.resolution_note = outcome.note or None
        case.updated_at = now
        within = now <= case.due_at
        summary = (
            f"{principal.display_name} resolved {reference(case.id)}: "
            f"{ROOT_CAUSES[outcome.root_cause]} / {RESOLUTIONS[outcome.resolution]}"
            f"{'' if within else ' (after its SLA)'}."
        )
        record_case_change(
            session,
            case,
            kind="resolved",
            actor=principal.username,
            at=now,
            summary=summary,
            body=outcome.note,
            detail={
                "root_cause": outcome.root_cause,
                "resolution": outcome.resolution,
                "within_sla": within,
            },
        )
        queue_case_notifications(session, runtime, case, "resolved", at=now, summary=summary)
        wanted = outcome.recovery_survey
        if wanted is None:
            wanted = rule_wants_survey(session, case)
        if (
            wanted
            and session.scalars(
                select(RecoverySurvey.id).where(RecoverySurvey.case_id == case.id)
            ).first()
            is None
        ):
            start_recovery_survey(session, runtime, case, actor=principal.username, at=now)
        return to_public(case, _assignee_name(session, case), now)


def reopen_case(runtime: Runtime, principal: Principal, case_id: int, reason: str) -> CasePublic:
    """Reopen a resolved case with a new SLA period from now.

    Raises:
        InvalidInputError: The case is not resolved, or no reason was given.
    """
    principal.require(Permission.WORK_CASES)
    reason = reason.strip()
    if not reason:
        raise InvalidInputError("Reopening needs a reason.", hint="Say why the case is reopened.")
    now = datetime.now(UTC)
    with Session(runtime.app_db) as session, session.begin():
        case = visible_case(session, principal, case_id)
        if case.status != "resolved":
            raise InvalidInputError(
                f"{reference(case.id)} is {case.status}, not resolved.",
                hint="Only resolved cases can be reopened.",
            )
        case.status = "in_progress" if case.assignee_id else "open"
        case.resolved_at = case.resolved_by = None
        case.root_cause = case.resolution = case.resolution_note = None
        case.due_at = now + timedelta(hours=case.sla_hours)
        case.escalation_level, case.escalated_at = 0, None
        case.updated_at = now
        summary = f"{principal.display_name} reopened {reference(case.id)}."
        record_case_change(
            session,
            case,
            kind="reopened",
            actor=principal.username,
            at=now,
            summary=summary,
            body=reason,
        )
        queue_case_notifications(session, runtime, case, "reopened", at=now, summary=summary)
        return to_public(case, _assignee_name(session, case), now)


def _assignee_name(session: Session, case: Case) -> str | None:
    if case.assignee_id is None:
        return None
    user = session.get(User, case.assignee_id)
    return user.display_name if user else None


__all__ = [
    "assign_case",
    "comment_on_case",
    "open_case",
    "reopen_case",
    "resolve_case",
]

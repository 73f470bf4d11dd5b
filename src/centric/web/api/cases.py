"""``/api/v1/cases``: the case queue, a case, and working it (assign, comment, resolve, reopen),
SLA performance, the code lists, and the queue as CSV."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from centric.cases import (
    PRIORITIES,
    RESOLUTIONS,
    ROOT_CAUSES,
    STATUSES,
    CaseCreate,
    CaseDetail,
    CaseFilter,
    CasePage,
    CasePublic,
    CaseResolve,
    SlaReport,
    assign_case,
    comment_on_case,
    get_case,
    list_cases,
    open_case,
    reopen_case,
    resolve_case,
    sla_performance,
)
from centric.web.api.common import OpenCases, ViewCases, ViewDashboard, WorkCases, body_for
from centric.web.compose import teams
from centric.web.context import after_change, page_cache, runtime_of
from centric.web.exports import csv_response

router = APIRouter(prefix="/api/v1", tags=["cases"])

EXPORT_COLUMNS = (
    "reference",
    "title",
    "status",
    "priority",
    "rule_name",
    "team_id",
    "assignee",
    "survey_type",
    "score",
    "channel",
    "verbatim",
    "opened_at",
    "due_at",
    "overdue",
    "escalation_level",
    "resolved_at",
    "root_cause",
    "resolution",
)


class Assignment(BaseModel):
    """Who should work the case (``null`` for nobody)."""

    assignee_id: int | None


class Comment(BaseModel):
    """A comment on a case."""

    body: str = Field(min_length=1, max_length=10_000)


class Reopening(BaseModel):
    """Why a case is reopened."""

    reason: str = Field(min_length=1, max_length=10_000)


class Codes(BaseModel):
    """The code lists of cases."""

    statuses: dict[str, str]
    priorities: list[str]
    root_causes: dict[str, str]
    resolutions: dict[str, str]


@router.get("/cases", response_model=CasePage, summary="The case queue")
def queue(request: Request, principal: ViewCases, filters: Annotated[CaseFilter, Query()]) -> Any:
    """Cases within the caller's team scope; active ones soonest due first."""
    return body_for(principal, list_cases(runtime_of(request), principal, filters))


@router.get("/cases.csv", summary="The case queue as CSV", response_class=Response)
def queue_csv(
    request: Request, principal: ViewCases, filters: Annotated[CaseFilter, Query()]
) -> Response:
    """The queue as a spreadsheet-safe CSV download (up to 500 rows per page)."""
    page = body_for(principal, list_cases(runtime_of(request), principal, filters))
    return csv_response("cases.csv", EXPORT_COLUMNS, page["items"])


@router.get("/cases/codes", response_model=Codes, summary="Statuses, priorities and codes")
def codes(principal: ViewCases) -> Codes:
    """The statuses, priorities, root-cause and resolution codes."""
    del principal
    return Codes(
        statuses=STATUSES,
        priorities=list(PRIORITIES),
        root_causes=ROOT_CAUSES,
        resolutions=RESOLUTIONS,
    )


@router.get("/cases/sla", response_model=SlaReport, summary="SLA performance")
def sla(
    request: Request,
    principal: ViewCases,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Any:
    """Cases opened in the period (default the last 90 days) against their SLAs, by team."""
    return sla_performance(runtime_of(request), principal, since=since, until=until)


@router.get("/teams", summary="Teams cases can be routed to")
def team_list(request: Request, principal: ViewDashboard) -> Any:
    """Every team of the warehouse."""
    del principal
    return [team.__dict__ for team in teams(runtime_of(request), page_cache(request))]


@router.get("/cases/{case_id}", response_model=CaseDetail, summary="A case and its timeline")
def case(request: Request, principal: ViewCases, case_id: int) -> Any:
    """A case with its events, notifications and recovery survey."""
    return body_for(principal, get_case(runtime_of(request), principal, case_id))


@router.post("/cases", response_model=CasePublic, status_code=201, summary="Open a case")
def new_case(request: Request, principal: OpenCases, spec: CaseCreate) -> Any:
    """Open a case by hand (team leads and agents: for their own team)."""
    opened = open_case(runtime_of(request), principal, spec)
    after_change(request)
    return opened


@router.post("/cases/{case_id}/assign", response_model=CasePublic, summary="Assign a case")
def assign(request: Request, principal: WorkCases, case_id: int, assignment: Assignment) -> Any:
    """Give the case to someone in its team (agents: only to themselves)."""
    changed = assign_case(runtime_of(request), principal, case_id, assignment.assignee_id)
    after_change(request)
    return changed


@router.post("/cases/{case_id}/comments", response_model=CasePublic, summary="Comment")
def comment(request: Request, principal: WorkCases, case_id: int, comment: Comment) -> Any:
    """Add a comment to the case's timeline."""
    changed = comment_on_case(runtime_of(request), principal, case_id, comment.body)
    after_change(request)
    return changed


@router.post("/cases/{case_id}/resolve", response_model=CasePublic, summary="Resolve a case")
def resolve(request: Request, principal: WorkCases, case_id: int, outcome: CaseResolve) -> Any:
    """Resolve with a root-cause and a resolution code (and optionally a recovery survey)."""
    changed = resolve_case(runtime_of(request), principal, case_id, outcome)
    after_change(request)
    return changed


@router.post("/cases/{case_id}/reopen", response_model=CasePublic, summary="Reopen a case")
def reopen(request: Request, principal: WorkCases, case_id: int, reopening: Reopening) -> Any:
    """Reopen a resolved case with a new SLA period."""
    changed = reopen_case(runtime_of(request), principal, case_id, reopening.reason)
    after_change(request)
    return changed

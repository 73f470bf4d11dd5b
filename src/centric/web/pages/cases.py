"""The case queue, a case, and the forms that work it."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from centric.cases import (
    CaseCreate,
    CaseFilter,
    CaseResolve,
    assign_case,
    comment_on_case,
    list_cases,
    open_case,
    reopen_case,
    resolve_case,
)
from centric.cases.codes import Priority
from centric.web.compose import case_page, masked, teams
from centric.web.context import after_change, page_cache, runtime_of
from centric.web.pages.common import OpenCases, ViewCases, WorkCases, see_other
from centric.web.rendering import is_htmx, render

router = APIRouter(include_in_schema=False)
QueueStatus = Literal["active", "open", "in_progress", "resolved", "overdue", "all"]


@router.get("/cases", response_class=HTMLResponse)
def queue(
    request: Request,
    principal: ViewCases,
    status: QueueStatus = "active",
    priority: Priority | Literal[""] = "",
    team_id: str = "",
    assignee: Literal["me", "unassigned", ""] = "",
    offset: int = 0,
) -> HTMLResponse:
    """The queue, filtered; htmx asks for the table alone."""
    runtime = runtime_of(request)
    filters = CaseFilter(
        status=status,
        priority=priority or None,
        team_id=team_id or None,
        assignee=assignee or None,
        offset=max(offset, 0),
    )
    page = masked(principal, list_cases(runtime, principal, filters))
    found_teams = teams(runtime, page_cache(request))
    context: dict[str, Any] = {
        "page": page,
        "filters": filters,
        "filter_args": {
            "status": status,
            "priority": priority,
            "team_id": team_id,
            "assignee": assignee,
        },
        "teams": found_teams,
        "team_names": {team.team_id: team.name for team in found_teams},
    }
    template = "cases/_queue.html" if is_htmx(request) else "cases/list.html"
    return render(request, template, **context)


@router.get("/cases/new", response_class=HTMLResponse)
def new_case_form(request: Request, principal: OpenCases) -> HTMLResponse:
    """The form to open a case by hand."""
    del principal
    return render(request, "cases/new.html", teams=teams(runtime_of(request), page_cache(request)))


@router.post("/cases")
def new_case(
    request: Request,
    principal: OpenCases,
    title: Annotated[str, Form()],
    priority: Annotated[Priority, Form()] = "normal",
    team_id: Annotated[str, Form()] = "",
    customer_source: Annotated[str, Form()] = "",
    customer_key: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Open the case and show it."""
    spec = CaseCreate(
        title=title,
        priority=priority,
        team_id=team_id or None,
        customer_source=customer_source or None,
        customer_key=customer_key or None,
        note=note,
    )
    opened = open_case(runtime_of(request), principal, spec)
    after_change(request)
    return see_other(f"/cases/{opened.id}")


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case(request: Request, principal: ViewCases, case_id: int) -> HTMLResponse:
    """A case with its trail and the forms that work it."""
    found = case_page(runtime_of(request), principal, case_id, page_cache(request))
    return render(
        request,
        "cases/detail.html",
        detail=found.detail,
        team_name=found.team_name,
        assignable=found.assignable,
        customer_href=found.customer_href,
    )


@router.post("/cases/{case_id}/assign")
def assign(
    request: Request,
    principal: WorkCases,
    case_id: int,
    assignee_id: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Assign (or take) the case."""
    assign_case(runtime_of(request), principal, case_id, int(assignee_id) if assignee_id else None)
    after_change(request)
    return see_other(f"/cases/{case_id}")


@router.post("/cases/{case_id}/comments")
def comment(
    request: Request, principal: WorkCases, case_id: int, body: Annotated[str, Form()]
) -> RedirectResponse:
    """Add a comment."""
    comment_on_case(runtime_of(request), principal, case_id, body)
    after_change(request)
    return see_other(f"/cases/{case_id}")


@router.post("/cases/{case_id}/resolve")
def resolve(
    request: Request,
    principal: WorkCases,
    case_id: int,
    root_cause: Annotated[str, Form()],
    resolution: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
    recovery_survey: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Resolve with codes (and perhaps a recovery survey)."""
    outcome = CaseResolve(
        root_cause=root_cause,
        resolution=resolution,
        note=note,
        recovery_survey=recovery_survey == "yes",
    )
    resolve_case(runtime_of(request), principal, case_id, outcome)
    after_change(request)
    return see_other(f"/cases/{case_id}")


@router.post("/cases/{case_id}/reopen")
def reopen(
    request: Request, principal: WorkCases, case_id: int, reason: Annotated[str, Form()]
) -> RedirectResponse:
    """Reopen a resolved case."""
    reopen_case(runtime_of(request), principal, case_id, reason)
    after_change(request)
    return see_other(f"/cases/{case_id}")

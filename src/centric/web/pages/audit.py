"""The audit log page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from centric.access import search_audit_events
from centric.web.context import runtime_of
from centric.web.pages.common import ViewAudit
from centric.web.rendering import render

router = APIRouter(include_in_schema=False)
PAGE = 100


@router.get("/audit", response_class=HTMLResponse)
def audit(
    request: Request,
    principal: ViewAudit,
    action: str = "",
    actor: str = "",
    target: str = "",
    before_id: int | None = None,
) -> HTMLResponse:
    """Changes, newest first, filtered; "older" pages by id."""
    entries = search_audit_events(
        runtime_of(request).app_db,
        principal,
        action=action or None,
        actor=actor or None,
        target=target or None,
        before_id=before_id,
        limit=PAGE,
    )
    return render(
        request,
        "audit.html",
        entries=entries,
        filters={"action": action, "actor": actor, "target": target},
        older=entries[-1].id if len(entries) == PAGE else None,
    )

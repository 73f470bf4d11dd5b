"""``/api/v1/audit``: the audit log, newest first."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from centric.access import search_audit_events
from centric.web.api.common import ViewAudit
from centric.web.context import runtime_of

router = APIRouter(prefix="/api/v1", tags=["audit"])


@router.get("/audit", summary="The audit log")
def audit(
    request: Request,
    principal: ViewAudit,
    action: str | None = None,
    actor: str | None = None,
    target: str | None = None,
    before_id: int | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Any:
    """Changes, newest first; page with ``before_id`` (the last id of the previous page)."""
    entries = search_audit_events(
        runtime_of(request).app_db,
        principal,
        action=action,
        actor=actor,
        target=target,
        before_id=before_id,
        limit=limit,
    )
    return [entry.__dict__ for entry in entries]

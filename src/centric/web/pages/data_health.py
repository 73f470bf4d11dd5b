"""The data-health page: sources, row counts, batches and quarantined rows."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from centric.access import redact_for
from centric.ingest import list_quarantine
from centric.web.compose import data_health
from centric.web.context import runtime_of
from centric.web.pages.common import ViewDataHealth
from centric.web.rendering import is_htmx, render

router = APIRouter(include_in_schema=False)


@router.get("/data-health", response_class=HTMLResponse)
def health(request: Request, principal: ViewDataHealth) -> HTMLResponse:
    """Sources, tables and batches."""
    del principal
    return render(request, "data_health.html", health=data_health(runtime_of(request)))


@router.get("/data-health/quarantine", response_class=HTMLResponse)
def quarantine(
    request: Request,
    principal: ViewDataHealth,
    batch_id: int | None = None,
    source: str = "",
) -> HTMLResponse:
    """Quarantined rows with their reasons (a fragment for htmx, else a page)."""
    rows = list_quarantine(runtime_of(request), batch_id=batch_id, source=source or None, limit=200)
    template = "_quarantine.html" if is_htmx(request) else "quarantine.html"
    return render(
        request, template, rows=redact_for(principal, rows), batch_id=batch_id, source=source
    )

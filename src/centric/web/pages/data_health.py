"""The data-health page: sources, row counts, batches and quarantined rows, and running the
pipeline now."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from centric.access import Permission, Principal, redact_for
from centric.ingest import list_quarantine
from centric.web.background import PipelineRound
from centric.web.compose import data_health
from centric.web.context import ask_for_pipeline_run, runtime_of
from centric.web.pages.common import ViewDataHealth
from centric.web.rendering import is_htmx, render
from centric.web.security import requires

router = APIRouter(include_in_schema=False)
RunPipeline = Annotated[Principal, Depends(requires(Permission.RUN_PIPELINE))]


@router.get("/data-health", response_class=HTMLResponse)
def health(request: Request, principal: ViewDataHealth) -> HTMLResponse:
    """Sources, tables and batches."""
    del principal
    return render(
        request,
        "data_health.html",
        health=data_health(runtime_of(request)),
        pipeline=_last_round(request),
        pipeline_asked=False,
    )


@router.post("/data-health/pipeline-run", response_class=HTMLResponse)
def run_pipeline_now(request: Request, principal: RunPipeline) -> HTMLResponse:
    """Have the background worker run the pipeline now, and say so."""
    ask_for_pipeline_run(request, principal)
    return render(
        request,
        "data_health.html",
        health=data_health(runtime_of(request)),
        pipeline=_last_round(request),
        pipeline_asked=True,
    )


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


def _last_round(request: Request) -> PipelineRound | None:
    sweeper = getattr(request.app.state, "sweeper", None)
    found: PipelineRound | None = None if sweeper is None else sweeper.last_pipeline_round
    return found

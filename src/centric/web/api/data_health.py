"""``/api/v1/data-health``: sources, row counts, batches and quarantined rows;
``/api/v1/pipeline/run``: have the server run the pipeline now."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from centric.access import Permission, Principal
from centric.ingest import list_quarantine
from centric.web.api.common import ViewDataHealth, body_for
from centric.web.compose import data_health
from centric.web.context import ask_for_pipeline_run, runtime_of
from centric.web.security import requires

router = APIRouter(prefix="/api/v1", tags=["data health"])
RunPipeline = Annotated[Principal, Depends(requires(Permission.RUN_PIPELINE))]


@router.get("/data-health", summary="Sources, tables and batches")
def health(request: Request, principal: ViewDataHealth) -> Any:
    """Declared sources, the row count of every table, the newest batches."""
    found = data_health(runtime_of(request))
    return body_for(
        principal,
        {
            "sources": found.sources,
            "tables": found.tables,
            "batches": found.batches,
            "quarantined": found.quarantined,
            "problems": found.problems,
        },
    )


@router.get("/data-health/quarantine", summary="Quarantined rows")
def quarantine(
    request: Request,
    principal: ViewDataHealth,
    batch_id: int | None = None,
    source: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> Any:
    """Rows set aside by ingest, with every reason and the original values."""
    rows = list_quarantine(runtime_of(request), batch_id=batch_id, source=source, limit=limit)
    return body_for(principal, rows)


@router.post("/pipeline/run", status_code=202, summary="Run the pipeline now")
def run_pipeline_now(request: Request, principal: RunPipeline) -> JSONResponse:
    """Have the server's background worker ingest the declared sources, resolve, annotate and
    sweep as soon as it is free; the answer comes at once (see the data-health batches)."""
    ask_for_pipeline_run(request, principal)
    return JSONResponse(
        {"message": "The pipeline will run in the background; new batches appear on data health."},
        status_code=202,
    )

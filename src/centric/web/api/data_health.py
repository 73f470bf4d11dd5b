"""``/api/v1/data-health``: sources, row counts, batches and quarantined rows."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from centric.ingest import list_quarantine
from centric.web.api.common import ViewDataHealth, body_for
from centric.web.compose import data_health
from centric.web.context import runtime_of

router = APIRouter(prefix="/api/v1/data-health", tags=["data health"])


@router.get("", summary="Sources, tables and batches")
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


@router.get("/quarantine", summary="Quarantined rows")
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

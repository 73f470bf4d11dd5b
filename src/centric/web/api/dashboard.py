"""``/api/v1/dashboard``: the board's figures as JSON."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from centric.web.api.common import ViewDashboard
from centric.web.compose import board
from centric.web.context import page_cache, runtime_of

router = APIRouter(prefix="/api/v1", tags=["dashboard"])


@router.get("/dashboard", summary="The board dashboard", response_class=JSONResponse)
def dashboard(request: Request, principal: ViewDashboard) -> JSONResponse:
    """Headline metrics by month with intervals and change labels, NPS by channel and team,
    eNPS beside NPS by team, themes, emerging themes, warning cases and SLA performance."""
    # The figures are JSON-ready and cached; only the live parts are encoded per request.
    return JSONResponse(board(runtime_of(request), principal, page_cache(request)).document())

"""``/api/v1/dashboard``: the board's figures as JSON."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from centric.web.api.common import ViewDashboard, body_for
from centric.web.compose import board
from centric.web.context import page_cache, runtime_of

router = APIRouter(prefix="/api/v1", tags=["dashboard"])


@router.get("/dashboard", summary="The board dashboard")
def dashboard(request: Request, principal: ViewDashboard) -> Any:
    """Headline metrics by month with intervals and change labels, NPS by channel and team,
    eNPS beside NPS by team, themes, emerging themes, warning cases and SLA performance."""
    return body_for(principal, board(runtime_of(request), principal, page_cache(request)))

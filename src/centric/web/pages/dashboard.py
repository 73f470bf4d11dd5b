"""The board dashboard: headline metrics with intervals and real changes, breakdowns, themes,
emerging themes, warning signals, case SLAs, and employee beside customer NPS by team."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from centric.web.compose import board
from centric.web.context import page_cache, runtime_of
from centric.web.pages.common import ViewDashboard
from centric.web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, principal: ViewDashboard) -> HTMLResponse:
    """The board page."""
    found = board(runtime_of(request), principal, page_cache(request))
    return render(request, "dashboard.html", board=found, figures=found.figures)

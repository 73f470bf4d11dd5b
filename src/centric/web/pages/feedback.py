"""The feedback explorer page: survey verbatims filtered by period, channel, team, theme,
sentiment, need, warning, language and text, with facet counts and links to customers and cases.

:func:`centric.web.compose.feedback_explorer` gathers what the page and ``/api/v1/feedback``
show; the handler renders it, and htmx asks for the results alone.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from centric.text import NEEDS, SENTIMENT_LABELS, WARNINGS, FeedbackFilter
from centric.web.compose import feedback_explorer, teams
from centric.web.context import page_cache, runtime_of
from centric.web.pages.common import ViewFeedback
from centric.web.rendering import is_htmx, render

router = APIRouter(include_in_schema=False)


def filter_args(filters: FeedbackFilter) -> dict[str, Any]:
    """The filters as query parameters of links (paging links add the offset)."""
    kept = {"limit"} & filters.model_fields_set
    return filters.model_dump(
        include=(set(FeedbackFilter.model_fields) - {"limit", "offset"}) | kept
    )


@router.get("/feedback", response_class=HTMLResponse)
def explorer(
    request: Request, principal: ViewFeedback, filters: Annotated[FeedbackFilter, Query()]
) -> HTMLResponse:
    """The explorer; htmx asks for the results alone when a filter changes."""
    runtime = runtime_of(request)
    found = feedback_explorer(runtime, principal, filters)
    team_list = teams(runtime, page_cache(request))
    context: dict[str, Any] = {
        "explorer": found,
        "page": found.page,
        "filters": filters,
        "filter_args": filter_args(filters),
        "teams": team_list,
        "team_names": {team.team_id: team.name for team in team_list},
        "sentiments": SENTIMENT_LABELS,
        "needs": NEEDS,
        "warnings": WARNINGS,
    }
    template = "feedback/_results.html" if is_htmx(request) else "feedback/explorer.html"
    return render(request, template, **context)

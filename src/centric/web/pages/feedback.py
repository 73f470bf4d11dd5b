"""The feedback explorer page: survey verbatims filtered by period, channel, team, theme,
sentiment, need, warning, language and text, with facet counts and links to customers and cases.

:func:`feedback_explorer` gathers what the page and ``/api/v1/feedback`` show: the text domain's
explorer within the principal's team scope, the cases opened for the verbatims of the page, and
personal data masked for viewers. The handler renders it; htmx asks for the results alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from centric.access import Permission, PermissionDeniedError, Principal, mask_text
from centric.cases import CasePublic, cases_for_feedback
from centric.runtime import Runtime
from centric.text import (
    NEEDS,
    SENTIMENT_LABELS,
    WARNINGS,
    FeedbackFilter,
    FeedbackPage,
    explore_feedback,
)
from centric.web.compose import masked, teams
from centric.web.context import page_cache, runtime_of
from centric.web.pages.common import ViewFeedback
from centric.web.rendering import is_htmx, render

router = APIRouter(include_in_schema=False)
EXPORT_ROWS = 10_000  # newest verbatims in a CSV export unless a limit is given


@dataclass(frozen=True)
class FeedbackExplorer:
    """A page of the explorer as a principal may see it.

    Attributes:
        page: Verbatims, total and facets within the principal's team scope, masked for viewers.
        case_of_feedback: Case ID of each verbatim of the page that opened a case, by
            ``source:source_key`` (cases within the principal's scope only).
    """

    page: FeedbackPage
    case_of_feedback: dict[str, int]


def feedback_explorer(
    runtime: Runtime, principal: Principal, filters: FeedbackFilter, *, facets: bool = True
) -> FeedbackExplorer:
    """The explorer for a principal: team roles read only their team's verbatims, viewers read
    them masked and may not search them for personal data (which would reveal it).

    Raises:
        PermissionDeniedError: A viewer searched for an e-mail address, phone or long number.
        InvalidInputError: A filter value is not valid.
    """
    if principal.masks_pii and filters.contains and mask_text(filters.contains) != filters.contains:
        raise PermissionDeniedError(
            "Your role may not search verbatims for e-mail addresses, phone or account numbers.",
            hint="Search for words instead; personal data stay masked for viewers.",
        )
    scope = principal.team_scope
    page = explore_feedback(
        runtime, filters, team_scope=None if scope is None else [scope], facets=facets
    )
    cases: dict[tuple[str, str], CasePublic] = {}
    if principal.can(Permission.VIEW_CASES):
        keys = [(item.source, item.source_key) for item in page.items]
        cases = cases_for_feedback(runtime, principal, keys)
    return FeedbackExplorer(
        page=masked(principal, page),
        case_of_feedback={f"{source}:{key}": case.id for (source, key), case in cases.items()},
    )


def export_filter(filters: FeedbackFilter) -> FeedbackFilter:
    """The filter of a CSV export: the newest :data:`EXPORT_ROWS` unless a limit was given."""
    if "limit" in filters.model_fields_set:
        return filters
    return filters.model_copy(update={"limit": EXPORT_ROWS})


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

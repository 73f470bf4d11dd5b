"""``/api/v1/feedback``: the feedback explorer as JSON, and its verbatims as CSV."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from centric.text import FeedbackFilter
from centric.web.api.common import ExportFeedback, ViewFeedback, body_for
from centric.web.compose import feedback_explorer, feedback_export_filter
from centric.web.context import runtime_of
from centric.web.exports import csv_response

router = APIRouter(prefix="/api/v1", tags=["feedback"])

EXPORT_COLUMNS = (
    "responded_at",
    "source",
    "source_key",
    "survey",
    "survey_type",
    "score",
    "channel",
    "touchpoint",
    "team_id",
    "language",
    "sentiment",
    "sentiment_score",
    "themes",
    "need",
    "warnings",
    "customer_id",
    "case_id",
    "verbatim",
)


@router.get("/feedback", summary="Explore feedback verbatims")
def explore(
    request: Request, principal: ViewFeedback, filters: Annotated[FeedbackFilter, Query()]
) -> Any:
    """Survey verbatims with sentiment, themes, need and warnings, newest first, filtered by
    period, channel, team, theme, sentiment, need, warning, language and text; with the total,
    facet counts under the same filters and the case each verbatim opened (by
    ``source:source_key``). Team leads and agents see their own team's verbatims only; viewers
    see personal data masked."""
    found = feedback_explorer(runtime_of(request), principal, filters)
    return body_for(
        principal, {**found.page.model_dump(), "case_of_feedback": found.case_of_feedback}
    )


@router.get("/feedback.csv", summary="Feedback verbatims as CSV", response_class=Response)
def explore_csv(
    request: Request, principal: ExportFeedback, filters: Annotated[FeedbackFilter, Query()]
) -> Response:
    """The filtered verbatims as a spreadsheet-safe CSV download (the newest 10,000 unless
    ``limit`` and ``offset`` say otherwise)."""
    found = feedback_explorer(
        runtime_of(request), principal, feedback_export_filter(filters), facets=False
    )
    rows = [
        item.model_dump()
        | {
            "themes": "; ".join(item.themes),
            "warnings": "; ".join(item.warnings),
            "case_id": found.case_of_feedback.get(f"{item.source}:{item.source_key}"),
        }
        for item in found.page.items
    ]
    return csv_response("feedback.csv", EXPORT_COLUMNS, rows)

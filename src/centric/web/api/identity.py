"""``/api/v1/identity/review``: the uncertain matches, and a data steward's decision on one.

Confirming makes the two records one customer (a must-link) and rejecting keeps them apart (a
cannot-link); both are recorded with who and why, audited and honoured by every later run.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from centric.identity import (
    OverrideResult,
    ReviewPage,
    confirm_match,
    reject_match,
    uncertain_matches,
)
from centric.identity.review import MAX_REVIEW_PAGE, ReviewOrder
from centric.web.api.common import ReviewIdentity, ViewIdentity, body_for
from centric.web.context import runtime_of

router = APIRouter(prefix="/api/v1/identity/review", tags=["identity"])


class Decision(BaseModel):
    """A steward's decision on a pair of records, and why."""

    record_a: str = Field(min_length=3, max_length=500, description="source:source_key")
    record_b: str = Field(min_length=3, max_length=500, description="source:source_key")
    reason: str = Field(min_length=1, max_length=10_000, description="Why, for the audit trail.")


class DecisionPublic(BaseModel):
    """The override a decision became."""

    override_id: int
    kind: str
    customer_ids: list[str]
    superseded: list[int]
    summary: str


@router.get("", response_model=ReviewPage, summary="Uncertain matches")
def review(
    request: Request,
    principal: ViewIdentity,
    order: ReviewOrder = "uncertainty",
    limit: Annotated[int, Query(ge=1, le=MAX_REVIEW_PAGE)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
    lower: Annotated[float | None, Query(ge=0, le=1)] = None,
    upper: Annotated[float | None, Query(ge=0, le=1)] = None,
) -> Any:
    """Undecided pairs in the uncertain band (default ``[identity]`` review_lower/upper), most
    uncertain first, with both records, their customers and the evidence of every field."""
    page = uncertain_matches(
        runtime_of(request), lower=lower, upper=upper, order=order, limit=limit, offset=offset
    )
    return body_for(principal, page)


@router.post("/confirm", response_model=DecisionPublic, summary="Confirm a match")
def confirm(request: Request, principal: ReviewIdentity, decision: Decision) -> Any:
    """The two records are the same customer, now and in every later run."""
    result = confirm_match(
        runtime_of(request),
        decision.record_a,
        decision.record_b,
        reason=decision.reason,
        actor=principal.username,
    )
    return _public(result)


@router.post("/reject", response_model=DecisionPublic, summary="Reject a match")
def reject(request: Request, principal: ReviewIdentity, decision: Decision) -> Any:
    """The two records are different customers, now and in every later run."""
    result = reject_match(
        runtime_of(request),
        decision.record_a,
        decision.record_b,
        reason=decision.reason,
        actor=principal.username,
    )
    return _public(result)


def _public(result: OverrideResult) -> DecisionPublic:
    return DecisionPublic(
        override_id=result.override_id,
        kind=result.kind,
        customer_ids=list(result.customer_ids),
        superseded=list(result.superseded),
        summary=result.summary,
    )

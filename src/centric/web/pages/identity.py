"""Identity review: the uncertain matches side by side, confirmed or rejected with a reason."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from centric.identity import confirm_match, reject_match, uncertain_matches
from centric.identity.review import ReviewOrder
from centric.web.compose import masked
from centric.web.context import runtime_of
from centric.web.pages.common import ReviewIdentity, ViewIdentity, see_other
from centric.web.rendering import render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 10


@router.get("/identity/review", response_class=HTMLResponse)
def review(
    request: Request,
    principal: ViewIdentity,
    order: ReviewOrder = "uncertainty",
    offset: int = 0,
    decided: Literal["confirmed", "rejected", ""] = "",
    a: str = "",
    b: str = "",
) -> HTMLResponse:
    """One page of uncertain matches, most uncertain first."""
    page = uncertain_matches(
        runtime_of(request), order=order, limit=PAGE_SIZE, offset=max(offset, 0)
    )
    return render(
        request,
        "identity/review.html",
        page=masked(principal, page),
        decided=decided,
        decided_pair=(a, b),
    )


@router.post("/identity/review/confirm")
def confirm(
    request: Request,
    principal: ReviewIdentity,
    record_a: Annotated[str, Form()],
    record_b: Annotated[str, Form()],
    reason: Annotated[str, Form()],
    order: Annotated[ReviewOrder, Form()] = "uncertainty",
    offset: Annotated[int, Form()] = 0,
) -> RedirectResponse:
    """The two records are the same customer."""
    confirm_match(runtime_of(request), record_a, record_b, reason=reason, actor=principal.username)
    return _back("confirmed", record_a, record_b, order, offset)


@router.post("/identity/review/reject")
def reject(
    request: Request,
    principal: ReviewIdentity,
    record_a: Annotated[str, Form()],
    record_b: Annotated[str, Form()],
    reason: Annotated[str, Form()],
    order: Annotated[ReviewOrder, Form()] = "uncertainty",
    offset: Annotated[int, Form()] = 0,
) -> RedirectResponse:
    """The two records are different customers."""
    reject_match(runtime_of(request), record_a, record_b, reason=reason, actor=principal.username)
    return _back("rejected", record_a, record_b, order, offset)


def _back(decided: str, a: str, b: str, order: str, offset: int) -> RedirectResponse:
    query = {"decided": decided, "a": a, "b": b, "order": order, "offset": max(offset, 0)}
    return see_other(f"/identity/review?{urlencode(query)}")

"""Customer search and the customer 360: golden record with provenance, linked source records,
timeline, feedback and cases."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from centric.errors import InvalidInputError, NotFoundError
from centric.identity import find_customer
from centric.web.compose import customer_page
from centric.web.context import runtime_of
from centric.web.pages.common import ViewCustomers, see_other
from centric.web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/customers", response_class=HTMLResponse)
def search(request: Request, principal: ViewCustomers, q: str = "") -> Response:
    """Find a customer by ID, e-mail, phone or ``source:source_key``."""
    del principal
    problem = None
    if q.strip():
        try:
            return see_other(f"/customers/{quote(find_customer(runtime_of(request), q), safe='')}")
        except (NotFoundError, InvalidInputError) as exc:
            problem = f"{exc.message} {exc.hint or ''}".strip()
    return render(request, "customers/search.html", q=q, problem=problem)


@router.get("/customers/{query:path}", response_class=HTMLResponse)
def customer(request: Request, principal: ViewCustomers, query: str) -> HTMLResponse:
    """One customer's 360."""
    page = customer_page(runtime_of(request), principal, query)
    return render(request, "customers/detail.html", page=page)

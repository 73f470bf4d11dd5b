"""``/api/v1/customers``: find a customer, and the customer 360 as JSON."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from centric.identity import find_customer
from centric.web.api.common import ViewCustomers, body_for
from centric.web.compose import customer_page
from centric.web.context import runtime_of

router = APIRouter(prefix="/api/v1/customers", tags=["customers"])


@router.get("", summary="Find a customer")
def search(request: Request, principal: ViewCustomers, q: str) -> Any:
    """The customer ID for an ID, e-mail, phone or ``source:source_key``."""
    del principal
    return {"customer_id": find_customer(runtime_of(request), q)}


@router.get("/{query:path}", summary="Customer 360")
def customer(request: Request, principal: ViewCustomers, query: str) -> Any:
    """Golden record with provenance, source records, timeline, ID history and cases."""
    page = customer_page(runtime_of(request), principal, query)
    return body_for(
        principal,
        {
            **page.view,
            "cases": page.cases,
            "case_of_feedback": page.case_of_feedback,
            "hidden_entries": page.hidden_entries,
        },
    )

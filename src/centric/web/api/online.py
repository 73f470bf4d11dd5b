"""``/api/v1/identity/resolve``: which customer is this record, answered while a program waits.

A shop, a contact-centre screen or a CRM sends the fields it has (name, date of birth, e-mail,
phone, address ...) and gets the customer they belong to, how sure Centric is, and the evidence
per field, as ``resolve_record`` answers in Python. Nothing is written: the record joins the
population when its source is ingested and resolved.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from centric.identity.review import ReviewEvidence
from centric.identity.schemas import OnlineMatch
from centric.web.api.common import ViewCustomers, body_for
from centric.web.context import resolver_of

router = APIRouter(prefix="/api/v1/identity", tags=["identity"])

MAX_FIELD_LENGTH = 1_000


class ResolveRequest(BaseModel):
    """The record to resolve."""

    fields: dict[str, Annotated[str, Field(max_length=MAX_FIELD_LENGTH)] | None] = Field(
        max_length=50,
        description="Values by customer_records column name (first_name, last_name, "
        "date_of_birth as YYYY-MM-DD, email, phone, address_line1, postcode, city, ...).",
    )


class ResolveAnswer(BaseModel):
    """The customer of the record, how sure, and why."""

    customer_id: str | None = Field(
        description="The customer, or null when no stored record is likely enough to be the "
        "same person (below the threshold, or the attach threshold when it is the only likely "
        "customer)."
    )
    match_probability: float = Field(description="Probability of the closest stored record.")
    closest_record: str | None = Field(description="source:source_key of that record.")
    closest_customer: str | None = Field(description="The customer of that record.")
    candidates: int = Field(description="Stored records compared with this one.")
    summary: str | None
    evidence: list[ReviewEvidence]


@router.post("/resolve", response_model=ResolveAnswer, summary="Resolve a record")
def resolve(request: Request, principal: ViewCustomers, record: ResolveRequest) -> Any:
    """The customer a record belongs to, with its probability and per-field evidence."""
    match = resolver_of(request).resolve(record.fields)
    return body_for(principal, _answer(match))


def _answer(match: OnlineMatch) -> ResolveAnswer:
    explanation = match.explanation
    return ResolveAnswer(
        customer_id=match.customer_id,
        match_probability=match.match_probability,
        closest_record=explanation.record_b if explanation else None,
        closest_customer=explanation.customer_b if explanation else None,
        candidates=match.candidates,
        summary=explanation.summary if explanation else None,
        evidence=[ReviewEvidence.of(e) for e in (explanation.evidence if explanation else ())],
    )

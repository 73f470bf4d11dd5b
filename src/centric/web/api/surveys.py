"""``/api/v1/surveys/recovery/{token}``: the recovery survey, answered without signing in (the
token in the link is the only credential and grants one answer)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from centric.cases import answer_recovery_survey, recovery_survey_form
from centric.web.context import after_change, runtime_of

router = APIRouter(prefix="/api/v1/surveys", tags=["surveys"])


class RecoveryAnswer(BaseModel):
    """The customer's answer."""

    score: int = Field(ge=0, le=10, description="0-10 likelihood to recommend.")
    comment: str = Field(default="", max_length=5000)


@router.get("/recovery/{token}", summary="A recovery survey")
def recovery(request: Request, token: str) -> Any:
    """Whether the survey can still be answered."""
    form = recovery_survey_form(runtime_of(request), token)
    return {"reference": form.case_reference, "answered": form.answered, "expired": form.expired}


@router.post("/recovery/{token}", status_code=204, summary="Answer a recovery survey")
def answer(request: Request, token: str, reply: RecoveryAnswer) -> Response:
    """Record the customer's answer on the case (once)."""
    answer_recovery_survey(runtime_of(request), token, reply.score, reply.comment)
    after_change(request)
    return Response(status_code=204)

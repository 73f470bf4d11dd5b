"""The public recovery-survey page reached from the link sent to a customer (no sign-in)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from centric.cases import answer_recovery_survey, recovery_survey_form
from centric.web.context import after_change, runtime_of
from centric.web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/survey/{token}", response_class=HTMLResponse)
def survey(request: Request, token: str) -> HTMLResponse:
    """One question: how likely is the customer now to recommend us."""
    form = recovery_survey_form(runtime_of(request), token)
    return render(request, "survey.html", form=form, thanks=False)


@router.post("/survey/{token}", response_class=HTMLResponse)
def answer(
    request: Request,
    token: str,
    score: Annotated[int, Form(ge=0, le=10)],
    comment: Annotated[str, Form(max_length=5000)] = "",
) -> HTMLResponse:
    """Record the answer and thank the customer."""
    runtime = runtime_of(request)
    answer_recovery_survey(runtime, token, score, comment)
    after_change(request)
    return render(request, "survey.html", form=recovery_survey_form(runtime, token), thanks=True)

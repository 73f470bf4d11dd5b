"""The alert rules page: list, create, edit, delete, run now."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from centric.cases import (
    create_rule,
    delete_rule,
    get_rule,
    list_rules,
    parse_rule,
    sweep,
    update_rule,
)
from centric.warehouse.schema import CHANNELS
from centric.web.compose import teams
from centric.web.context import after_change, page_cache, runtime_of
from centric.web.forms import rule_data
from centric.web.pages.common import ManageRules, ViewRules, see_other
from centric.web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/rules", response_class=HTMLResponse)
def rules(request: Request, principal: ViewRules) -> HTMLResponse:
    """Every rule, and the form for a new one."""
    runtime = runtime_of(request)
    return render(
        request,
        "rules.html",
        rules=list_rules(runtime, principal),
        editing=None,
        teams=teams(runtime, page_cache(request)),
        channels=CHANNELS,
        result=None,
    )


@router.get("/rules/{rule_id}/edit", response_class=HTMLResponse)
def edit_rule_form(request: Request, principal: ManageRules, rule_id: int) -> HTMLResponse:
    """The form filled with a rule made in the interface."""
    runtime = runtime_of(request)
    return render(
        request,
        "rules.html",
        rules=list_rules(runtime, principal),
        editing=get_rule(runtime, principal, rule_id),
        teams=teams(runtime, page_cache(request)),
        channels=CHANNELS,
        result=None,
    )


@router.post("/rules")
async def new_rule(request: Request, principal: ManageRules) -> RedirectResponse:
    """Create a rule from the form."""
    form = await request.form()
    spec = parse_rule(rule_data(form, [str(c) for c in form.getlist("channels")]), origin="form")
    await run_in_threadpool(create_rule, runtime_of(request), principal, spec)
    return see_other("/rules")


@router.post("/rules/{rule_id}")
async def change_rule(request: Request, principal: ManageRules, rule_id: int) -> RedirectResponse:
    """Replace a rule from the form."""
    form = await request.form()
    spec = parse_rule(rule_data(form, [str(c) for c in form.getlist("channels")]), origin="form")
    await run_in_threadpool(update_rule, runtime_of(request), principal, rule_id, spec)
    return see_other("/rules")


@router.post("/rules/{rule_id}/delete")
def remove_rule(request: Request, principal: ManageRules, rule_id: int) -> RedirectResponse:
    """Delete a rule."""
    delete_rule(runtime_of(request), principal, rule_id)
    return see_other("/rules")


@router.post("/rules-run", response_class=HTMLResponse)
def run_now(request: Request, principal: ManageRules) -> HTMLResponse:
    """Run the sweep now and show what it did."""
    runtime = runtime_of(request)
    result = sweep(runtime, actor=principal.username)
    after_change(request)
    return render(
        request,
        "rules.html",
        rules=list_rules(runtime, principal),
        editing=None,
        teams=teams(runtime, page_cache(request)),
        channels=CHANNELS,
        result=result,
    )

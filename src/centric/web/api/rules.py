"""``/api/v1/rules``: alert rules (read, create, change, delete) and running them now."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from centric.cases import (
    RulePublic,
    RuleSpec,
    SweepResult,
    create_rule,
    delete_rule,
    get_rule,
    list_rules,
    sweep,
    update_rule,
)
from centric.web.api.common import ManageRules, ViewRules
from centric.web.context import runtime_of

router = APIRouter(prefix="/api/v1/rules", tags=["rules"])


@router.get("", response_model=list[RulePublic], summary="Alert rules")
def rules(request: Request, principal: ViewRules) -> Any:
    """Every rule, with its origin (centric.toml or the interface) and open cases."""
    return list_rules(runtime_of(request), principal)


@router.get("/{rule_id}", response_model=RulePublic, summary="An alert rule")
def rule(request: Request, principal: ViewRules, rule_id: int) -> Any:
    """One rule."""
    return get_rule(runtime_of(request), principal, rule_id)


@router.post("", response_model=RulePublic, status_code=201, summary="Create an alert rule")
def new_rule(request: Request, principal: ManageRules, spec: RuleSpec) -> Any:
    """Create a rule (it applies from the next sweep)."""
    return create_rule(runtime_of(request), principal, spec)


@router.put("/{rule_id}", response_model=RulePublic, summary="Replace an alert rule")
def change_rule(request: Request, principal: ManageRules, rule_id: int, spec: RuleSpec) -> Any:
    """Replace a rule made in the interface."""
    return update_rule(runtime_of(request), principal, rule_id, spec)


@router.delete("/{rule_id}", status_code=204, summary="Delete an alert rule")
def remove_rule(request: Request, principal: ManageRules, rule_id: int) -> Response:
    """Delete a rule made in the interface; its cases stay."""
    delete_rule(runtime_of(request), principal, rule_id)
    return Response(status_code=204)


@router.post("/sweep", response_model=SweepResult, summary="Run the alert rules now")
def run_now(request: Request, principal: ManageRules) -> Any:
    """Evaluate every rule, escalate overdue cases and deliver notifications now."""
    return sweep(runtime_of(request), actor=principal.username)

"""What every page router shares: permission-typed principals and the redirect after a change."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.responses import RedirectResponse

from centric.access import Permission, Principal
from centric.web.security import current_principal, requires

SignedIn = Annotated[Principal, Depends(current_principal)]
ViewDashboard = Annotated[Principal, Depends(requires(Permission.VIEW_DASHBOARD))]
ViewFeedback = Annotated[Principal, Depends(requires(Permission.VIEW_FEEDBACK))]
ViewCustomers = Annotated[Principal, Depends(requires(Permission.VIEW_CUSTOMERS))]
ViewCases = Annotated[Principal, Depends(requires(Permission.VIEW_CASES))]
OpenCases = Annotated[Principal, Depends(requires(Permission.OPEN_CASES))]
WorkCases = Annotated[Principal, Depends(requires(Permission.WORK_CASES))]
ViewRules = Annotated[Principal, Depends(requires(Permission.VIEW_RULES))]
ManageRules = Annotated[Principal, Depends(requires(Permission.MANAGE_RULES))]
ViewIdentity = Annotated[Principal, Depends(requires(Permission.VIEW_IDENTITY))]
ReviewIdentity = Annotated[Principal, Depends(requires(Permission.REVIEW_IDENTITY))]
ViewDataHealth = Annotated[Principal, Depends(requires(Permission.VIEW_DATA_HEALTH))]
ViewAudit = Annotated[Principal, Depends(requires(Permission.VIEW_AUDIT))]
ManageUsers = Annotated[Principal, Depends(requires(Permission.MANAGE_USERS))]
OwnTokens = Annotated[Principal, Depends(requires(Permission.MANAGE_OWN_TOKENS))]


def see_other(url: str) -> RedirectResponse:
    """Redirect after a successful change (POST, redirect, GET)."""
    return RedirectResponse(url, status_code=303)

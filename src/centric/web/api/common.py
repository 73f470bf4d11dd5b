"""What every API router shares: permission-typed principals and masked JSON bodies."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends
from fastapi.encoders import jsonable_encoder

from centric.access import Permission, Principal, redact_for
from centric.web.security import current_principal, requires

SignedIn = Annotated[Principal, Depends(current_principal)]
ViewDashboard = Annotated[Principal, Depends(requires(Permission.VIEW_DASHBOARD))]
ViewFeedback = Annotated[Principal, Depends(requires(Permission.VIEW_FEEDBACK))]
ExportFeedback = Annotated[Principal, Depends(requires(Permission.EXPORT_FEEDBACK))]
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


def body_for(principal: Principal, value: Any) -> Any:
    """``value`` as JSON-ready data, with personal data masked if the principal must not see it."""
    return redact_for(principal, jsonable_encoder(value))

"""Access control: users, roles and permissions, sessions, API tokens, team scope, PII masking.

Local users sign in with argon2-hashed passwords; browsers get server-side sessions with an
anti-forgery token, scripts get hashed bearer tokens. Five roles (admin, analyst, team lead,
agent, viewer) grant permissions declared as data; team leads and agents see only their team's
cases and verbatims; viewers see personal data masked. Every change is audited. This package
must not know about HTTP: the web layer turns its results into cookies and status codes.
"""

from centric.access.audit import AuditEntry, search_audit_events
from centric.access.errors import AuthenticationError, PermissionDeniedError
from centric.access.masking import mask_text, redact, redact_for
from centric.access.roles import (
    ROLE_DESCRIPTIONS,
    ROLE_PERMISSIONS,
    TEAM_SCOPED_ROLES,
    Permission,
    Principal,
    Role,
)
from centric.access.schemas import (
    IssuedToken,
    TokenPublic,
    UserCreate,
    UserPublic,
    UserUpdate,
)
from centric.access.sessions import SignedIn, principal_for_session, sign_in, sign_out
from centric.access.tokens import (
    issue_api_token,
    list_api_tokens,
    principal_for_token,
    revoke_api_token,
)
from centric.access.users import (
    authenticate,
    change_own_password,
    create_user,
    ensure_admin,
    find_user,
    get_user,
    list_users,
    parse_user,
    set_password,
    team_contacts,
    update_user,
)

__all__ = [
    "ROLE_DESCRIPTIONS",
    "ROLE_PERMISSIONS",
    "TEAM_SCOPED_ROLES",
    "AuditEntry",
    "AuthenticationError",
    "IssuedToken",
    "Permission",
    "PermissionDeniedError",
    "Principal",
    "Role",
    "SignedIn",
    "TokenPublic",
    "UserCreate",
    "UserPublic",
    "UserUpdate",
    "authenticate",
    "change_own_password",
    "create_user",
    "ensure_admin",
    "find_user",
    "get_user",
    "issue_api_token",
    "list_api_tokens",
    "list_users",
    "mask_text",
    "parse_user",
    "principal_for_session",
    "principal_for_token",
    "redact",
    "redact_for",
    "revoke_api_token",
    "search_audit_events",
    "set_password",
    "sign_in",
    "sign_out",
    "team_contacts",
    "update_user",
]

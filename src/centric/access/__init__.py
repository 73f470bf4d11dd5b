"""Access control: users, roles and permissions, sessions, API tokens, team scope, PII masking.

Local users sign in with argon2-hashed passwords; browsers get server-side sessions with an
anti-forgery token, scripts get hashed bearer tokens. Five roles (admin, analyst, team lead,
agent, viewer) grant permissions declared as data; team leads and agents see only their team's
cases and verbatims; viewers see personal data masked. Every change is audited. This package
must not know about HTTP: the web layer turns its results into cookies and status codes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from centric.lazy import lazy_exports

if TYPE_CHECKING:
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

# Each name loads its module on first use (see centric.lazy).
_HOME: dict[str, str] = {
    "AuditEntry": "centric.access.audit",
    "search_audit_events": "centric.access.audit",
    "AuthenticationError": "centric.access.errors",
    "PermissionDeniedError": "centric.access.errors",
    "mask_text": "centric.access.masking",
    "redact": "centric.access.masking",
    "redact_for": "centric.access.masking",
    "ROLE_DESCRIPTIONS": "centric.access.roles",
    "ROLE_PERMISSIONS": "centric.access.roles",
    "TEAM_SCOPED_ROLES": "centric.access.roles",
    "Permission": "centric.access.roles",
    "Principal": "centric.access.roles",
    "Role": "centric.access.roles",
    "IssuedToken": "centric.access.schemas",
    "TokenPublic": "centric.access.schemas",
    "UserCreate": "centric.access.schemas",
    "UserPublic": "centric.access.schemas",
    "UserUpdate": "centric.access.schemas",
    "SignedIn": "centric.access.sessions",
    "principal_for_session": "centric.access.sessions",
    "sign_in": "centric.access.sessions",
    "sign_out": "centric.access.sessions",
    "issue_api_token": "centric.access.tokens",
    "list_api_tokens": "centric.access.tokens",
    "principal_for_token": "centric.access.tokens",
    "revoke_api_token": "centric.access.tokens",
    "authenticate": "centric.access.users",
    "change_own_password": "centric.access.users",
    "create_user": "centric.access.users",
    "ensure_admin": "centric.access.users",
    "find_user": "centric.access.users",
    "get_user": "centric.access.users",
    "list_users": "centric.access.users",
    "parse_user": "centric.access.users",
    "set_password": "centric.access.users",
    "team_contacts": "centric.access.users",
    "update_user": "centric.access.users",
}

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

__getattr__ = lazy_exports(__name__, _HOME)

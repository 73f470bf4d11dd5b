"""Roles, the permissions each grants, and the :class:`Principal` a request acts as.

The role matrix is declared once, as data, in :data:`ROLE_PERMISSIONS`; every door (web page,
JSON API, CLI) asks :meth:`Principal.require` rather than comparing role names. Team-scoped roles
see only their own team's cases and verbatims; viewers see personal data masked. This module
holds policy only; it must not touch a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from centric.access.errors import PermissionDeniedError


class Role(StrEnum):
    """What a user is in the organisation, which decides what they may see and do."""

    ADMIN = "admin"
    ANALYST = "analyst"
    TEAM_LEAD = "team_lead"
    AGENT = "agent"
    VIEWER = "viewer"


class Permission(StrEnum):
    """One thing a principal may do."""

    VIEW_DASHBOARD = "dashboard:view"
    VIEW_FEEDBACK = "feedback:view"
    EXPORT_FEEDBACK = "feedback:export"
    VIEW_CUSTOMERS = "customers:view"
    VIEW_CASES = "cases:view"
    OPEN_CASES = "cases:open"
    WORK_CASES = "cases:work"
    ASSIGN_CASES = "cases:assign"
    VIEW_RULES = "rules:view"
    MANAGE_RULES = "rules:manage"
    VIEW_IDENTITY = "identity:view"
    REVIEW_IDENTITY = "identity:review"
    VIEW_DATA_HEALTH = "data_health:view"
    RUN_PIPELINE = "pipeline:run"
    VIEW_AUDIT = "audit:view"
    MANAGE_USERS = "users:manage"
    MANAGE_OWN_TOKENS = "tokens:own"


_EVERYONE = frozenset(
    {
        Permission.VIEW_DASHBOARD,
        Permission.VIEW_FEEDBACK,
        Permission.VIEW_CUSTOMERS,
        Permission.VIEW_CASES,
        Permission.MANAGE_OWN_TOKENS,
    }
)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.ANALYST: _EVERYONE
    | {
        Permission.EXPORT_FEEDBACK,
        Permission.OPEN_CASES,
        Permission.VIEW_RULES,
        Permission.MANAGE_RULES,
        Permission.VIEW_IDENTITY,
        Permission.REVIEW_IDENTITY,
        Permission.VIEW_DATA_HEALTH,
        Permission.VIEW_AUDIT,
    },
    Role.TEAM_LEAD: _EVERYONE
    | {
        Permission.EXPORT_FEEDBACK,
        Permission.OPEN_CASES,
        Permission.WORK_CASES,
        Permission.ASSIGN_CASES,
        Permission.VIEW_RULES,
    },
    Role.AGENT: _EVERYONE | {Permission.OPEN_CASES, Permission.WORK_CASES},
    Role.VIEWER: _EVERYONE,
}

TEAM_SCOPED_ROLES = frozenset({Role.TEAM_LEAD, Role.AGENT})
ROLE_DESCRIPTIONS: dict[Role, str] = {
    Role.ADMIN: "everything, including users, rules, the audit log and running the pipeline",
    Role.ANALYST: "all data and metrics, alert rules, identity review, data health, audit log",
    Role.TEAM_LEAD: "their team's cases and verbatims: assign, work and resolve them",
    Role.AGENT: "their team's cases and verbatims: take, work and resolve them",
    Role.VIEWER: "read-only dashboards and data, with personal data masked",
}

AuthenticatedBy = Literal["session", "token", "system"]


@dataclass(frozen=True)
class Principal:
    """Who a request or command acts as.

    Attributes:
        user_id: The user's id; ``None`` for the system (CLI and scheduled work).
        username: Login name, recorded in the audit log.
        display_name: Name shown in the interface.
        role: The user's role.
        team_id: Team (``teams.source_key``) of team-scoped roles.
        authenticated_by: How the caller proved who they are.
        csrf_token: The session's anti-forgery token (sessions only).
    """

    user_id: int | None
    username: str
    display_name: str
    role: Role
    team_id: str | None = None
    authenticated_by: AuthenticatedBy = "session"
    csrf_token: str | None = None

    @classmethod
    def system(cls, actor: str) -> Principal:
        """The principal of work done by Centric itself or from the command line."""
        return cls(None, actor, actor, Role.ADMIN, None, "system")

    def can(self, permission: Permission) -> bool:
        """Whether the role grants ``permission``."""
        return permission in ROLE_PERMISSIONS[self.role]

    def require(self, permission: Permission) -> None:
        """Raise unless the role grants ``permission``.

        Raises:
            PermissionDeniedError: The role does not grant it.
        """
        if not self.can(permission):
            raise PermissionDeniedError(
                f"User '{self.username}' ({self.role}) may not do '{permission}'.",
                hint="Ask an administrator for a role that allows it.",
            )

    @property
    def team_scope(self) -> str | None:
        """The only team whose cases and verbatims this principal sees; ``None`` means all."""
        return self.team_id if self.role in TEAM_SCOPED_ROLES else None

    @property
    def masks_pii(self) -> bool:
        """Whether personal data must be masked before it is shown to this principal."""
        return self.role is Role.VIEWER

    def may_see_team(self, team_id: str | None) -> bool:
        """Whether data owned by ``team_id`` is within this principal's scope."""
        scope = self.team_scope
        return scope is None or scope == team_id


__all__ = [
    "ROLE_DESCRIPTIONS",
    "ROLE_PERMISSIONS",
    "TEAM_SCOPED_ROLES",
    "AuthenticatedBy",
    "Permission",
    "Principal",
    "Role",
]

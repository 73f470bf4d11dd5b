"""The role matrix and the principal's scope."""

from __future__ import annotations

import pytest

from centric.access import (
    ROLE_PERMISSIONS,
    Permission,
    PermissionDeniedError,
    Principal,
    Role,
)


def _principal(role: Role, team: str | None = "T1") -> Principal:
    return Principal(1, "someone", "Someone", role, team)


def test_admin_has_every_permission_when_checked() -> None:
    assert ROLE_PERMISSIONS[Role.ADMIN] == frozenset(Permission)


@pytest.mark.parametrize("role", list(Role))
def test_every_role_can_view_the_dashboard_when_signed_in(role: Role) -> None:
    assert _principal(role).can(Permission.VIEW_DASHBOARD)


def test_viewer_cannot_change_anything_when_checked() -> None:
    viewer = _principal(Role.VIEWER, None)
    changing = {
        Permission.OPEN_CASES,
        Permission.WORK_CASES,
        Permission.ASSIGN_CASES,
        Permission.MANAGE_RULES,
        Permission.REVIEW_IDENTITY,
        Permission.MANAGE_USERS,
        Permission.EXPORT_FEEDBACK,
    }
    assert not any(viewer.can(p) for p in changing)
    with pytest.raises(PermissionDeniedError, match="viewer"):
        viewer.require(Permission.WORK_CASES)


def test_team_roles_are_scoped_to_their_team_when_checked() -> None:
    lead = _principal(Role.TEAM_LEAD, "T1")
    assert lead.team_scope == "T1"
    assert lead.may_see_team("T1")
    assert not lead.may_see_team("T2")
    assert not lead.may_see_team(None)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.ANALYST, Role.VIEWER])
def test_other_roles_see_every_team_when_checked(role: Role) -> None:
    principal = _principal(role, None)
    assert principal.team_scope is None
    assert principal.may_see_team("T2")
    assert principal.may_see_team(None)


def test_only_viewers_have_personal_data_masked() -> None:
    assert [r for r in Role if _principal(r).masks_pii] == [Role.VIEWER]


def test_agent_can_work_but_not_assign_cases() -> None:
    agent = _principal(Role.AGENT)
    assert agent.can(Permission.WORK_CASES)
    assert not agent.can(Permission.ASSIGN_CASES)

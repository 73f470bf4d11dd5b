"""``/api/v1/auth``, ``/api/v1/me``, ``/api/v1/tokens`` and ``/api/v1/users``: sign-in, the
caller's identity and tokens, and user administration."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request, Response
from pydantic import BaseModel, Field

from centric.access import (
    ROLE_PERMISSIONS,
    IssuedToken,
    TokenPublic,
    UserCreate,
    UserPublic,
    UserUpdate,
    create_user,
    issue_api_token,
    list_api_tokens,
    list_users,
    revoke_api_token,
    set_password,
    sign_in,
    sign_out,
    update_user,
)
from centric.web.api.common import ManageUsers, OwnTokens, SignedIn
from centric.web.context import runtime_of
from centric.web.security import SESSION_COOKIE, clear_session_cookie, set_session_cookie

router = APIRouter(prefix="/api/v1", tags=["access"])


class Credentials(BaseModel):
    """A username and password."""

    username: str = Field(max_length=100)
    password: str = Field(max_length=1024)


class SessionStarted(BaseModel):
    """A new browser session: send ``csrf_token`` as ``X-CSRF-Token`` with every change."""

    username: str
    role: str
    team_id: str | None
    csrf_token: str


class Me(BaseModel):
    """The caller."""

    user_id: int | None
    username: str
    display_name: str
    role: str
    team_id: str | None
    authenticated_by: str
    permissions: list[str]


class TokenRequest(BaseModel):
    """A new API token."""

    name: str = Field(min_length=1, max_length=100)
    expires_in_days: int | None = Field(default=None, ge=1, le=3650)


class NewPassword(BaseModel):
    """A new password."""

    password: str = Field(min_length=10, max_length=1024)


@router.post("/auth/session", response_model=SessionStarted, summary="Sign in (cookie session)")
def start_session(request: Request, response: Response, credentials: Credentials) -> Any:
    """Sign in with a JSON body; the session cookie is set and the anti-forgery token returned."""
    signed = sign_in(runtime_of(request).app_db, credentials.username, credentials.password)
    set_session_cookie(request, response, signed.token, 12 * 3600)
    principal = signed.principal
    return SessionStarted(
        username=principal.username,
        role=principal.role.value,
        team_id=principal.team_id,
        csrf_token=principal.csrf_token or "",
    )


@router.delete("/auth/session", status_code=204, summary="Sign out")
def end_session(request: Request, principal: SignedIn) -> Response:
    """End the caller's session."""
    del principal
    sign_out(runtime_of(request).app_db, request.cookies.get(SESSION_COOKIE, ""))
    response = Response(status_code=204)
    clear_session_cookie(response)
    return response


@router.get("/me", response_model=Me, summary="Who am I")
def me(principal: SignedIn) -> Me:
    """The caller's identity, role, team and permissions."""
    return Me(
        user_id=principal.user_id,
        username=principal.username,
        display_name=principal.display_name,
        role=principal.role.value,
        team_id=principal.team_id,
        authenticated_by=principal.authenticated_by,
        permissions=sorted(p.value for p in ROLE_PERMISSIONS[principal.role]),
    )


@router.get("/tokens", response_model=list[TokenPublic], summary="My API tokens")
def tokens(request: Request, principal: OwnTokens) -> Any:
    """The caller's API tokens (never their secrets)."""
    return list_api_tokens(runtime_of(request).app_db, principal)


@router.post("/tokens", response_model=IssuedToken, status_code=201, summary="New API token")
def new_token(request: Request, principal: OwnTokens, wanted: TokenRequest) -> Any:
    """Issue an API token acting as the caller; the secret is in this response only."""
    return issue_api_token(
        runtime_of(request).app_db,
        principal,
        name=wanted.name,
        expires_in_days=wanted.expires_in_days,
    )


@router.delete("/tokens/{token_id}", response_model=TokenPublic, summary="Revoke an API token")
def revoke_token(request: Request, principal: OwnTokens, token_id: int) -> Any:
    """Revoke one of the caller's tokens (administrators: anyone's)."""
    return revoke_api_token(runtime_of(request).app_db, principal, token_id)


@router.get("/users", response_model=list[UserPublic], summary="Users")
def users(request: Request, principal: ManageUsers) -> Any:
    """Every user."""
    del principal
    return list_users(runtime_of(request).app_db)


@router.post("/users", response_model=UserPublic, status_code=201, summary="Create a user")
def new_user(request: Request, principal: ManageUsers, user: UserCreate) -> Any:
    """Create a user with a role (and a team for team leads and agents)."""
    return create_user(runtime_of(request).app_db, user, actor=principal.username)


@router.patch("/users/{user_id}", response_model=UserPublic, summary="Change a user")
def change_user(request: Request, principal: ManageUsers, user_id: int, changes: UserUpdate) -> Any:
    """Change role, team, e-mail, name or whether the user may sign in."""
    return update_user(runtime_of(request).app_db, user_id, changes, actor=principal.username)


@router.put("/users/{username}/password", status_code=204, summary="Set a user's password")
def user_password(
    request: Request,
    principal: ManageUsers,
    username: str,
    new: Annotated[NewPassword, Body()],
) -> Response:
    """Set a new password; the user's sessions end."""
    set_password(runtime_of(request).app_db, username, new.password, actor=principal.username)
    return Response(status_code=204)

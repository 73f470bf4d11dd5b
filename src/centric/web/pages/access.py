"""Sign in and out, the account page (own API tokens and password), and user administration."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from centric.access import (
    ROLE_DESCRIPTIONS,
    AuthenticationError,
    Role,
    UserUpdate,
    change_own_password,
    create_user,
    issue_api_token,
    list_api_tokens,
    list_users,
    parse_user,
    revoke_api_token,
    sign_in,
    sign_out,
    update_user,
)
from centric.web.compose import teams
from centric.web.context import page_cache, runtime_of
from centric.web.pages.common import ManageUsers, OwnTokens, SignedIn, see_other
from centric.web.rendering import render
from centric.web.security import (
    SESSION_COOKIE,
    check_login_csrf,
    clear_session_cookie,
    login_csrf_token,
    optional_principal,
    set_login_csrf_cookie,
    set_session_cookie,
)

router = APIRouter(include_in_schema=False)


def _local(target: str | None) -> str:
    # Only same-site paths, so the sign-in form cannot bounce a user to another site.
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:  # the query name users see
    """The sign-in form (signed-in users go straight on)."""
    if optional_principal(request) is not None:
        return see_other(_local(next))
    token = login_csrf_token(request)
    response = render(
        request, "login.html", login_csrf=token, next=_local(next), error=None, username=""
    )
    set_login_csrf_cookie(request, response, token)
    return response


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",  # the form field users see
) -> Response:
    """Check the password; start a session and continue, or show the form again."""
    check_login_csrf(request, csrf_token)
    try:
        signed = sign_in(runtime_of(request).app_db, username, password)
    except AuthenticationError as exc:
        return render(
            request,
            "login.html",
            status_code=401,
            login_csrf=csrf_token,
            next=_local(next),
            error=f"{exc.message} {exc.hint or ''}",
            username=username,
        )
    response = see_other(_local(next))
    set_session_cookie(request, response, signed.token, 12 * 3600)
    response.delete_cookie("centric_login_csrf", path="/")
    return response


@router.post("/logout")
def logout(request: Request, principal: SignedIn) -> RedirectResponse:
    """End the session."""
    del principal
    sign_out(runtime_of(request).app_db, request.cookies.get(SESSION_COOKIE, ""))
    response = see_other("/login")
    clear_session_cookie(response)
    return response


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, principal: OwnTokens) -> HTMLResponse:
    """The caller's API tokens and password."""
    tokens = list_api_tokens(runtime_of(request).app_db, principal)
    return render(request, "account.html", tokens=tokens, issued=None, message=None)


@router.post("/account/tokens", response_class=HTMLResponse)
def new_token(
    request: Request,
    principal: OwnTokens,
    name: Annotated[str, Form(max_length=100)],
    expires_in_days: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """Issue a token and show its secret once."""
    app_db = runtime_of(request).app_db
    issued = issue_api_token(
        app_db,
        principal,
        name=name,
        expires_in_days=int(expires_in_days) if expires_in_days.strip().isdigit() else None,
    )
    tokens = list_api_tokens(app_db, principal)
    return render(request, "account.html", tokens=tokens, issued=issued, message=None)


@router.post("/account/password", response_class=HTMLResponse)
def new_password(
    request: Request,
    principal: SignedIn,
    current: Annotated[str, Form(max_length=1024)],
    password: Annotated[str, Form(max_length=1024)],
) -> Response:
    """Change the caller's own password (all their sessions end, so they sign in again)."""
    change_own_password(runtime_of(request).app_db, principal, current, password)
    response = see_other("/login")
    clear_session_cookie(response)
    return response


@router.get("/users", response_class=HTMLResponse)
def users(request: Request, principal: ManageUsers) -> HTMLResponse:
    """Every user, and the form to add one."""
    del principal
    runtime = runtime_of(request)
    return render(
        request,
        "users.html",
        users=list_users(runtime.app_db),
        teams=teams(runtime, page_cache(request)),
        roles=ROLE_DESCRIPTIONS,
    )


@router.post("/users")
def add_user(
    request: Request,
    principal: ManageUsers,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    role: Annotated[str, Form()],
    team_id: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
    display_name: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Create a user."""
    spec = parse_user(
        username=username,
        password=password,
        role=role,
        team_id=team_id or None,
        email=email or None,
        display_name=display_name or None,
    )
    create_user(runtime_of(request).app_db, spec, actor=principal.username)
    return see_other("/users")


@router.post("/users/{user_id}")
def change_user(
    request: Request,
    principal: ManageUsers,
    user_id: int,
    role: Annotated[Role, Form()],
    team_id: Annotated[str, Form()] = "",
    active: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Change a user's role, team and whether they may sign in."""
    changes = UserUpdate(role=role, team_id=team_id or None, is_active=active == "yes")
    update_user(runtime_of(request).app_db, user_id, changes, actor=principal.username)
    return see_other("/users")


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, principal: OwnTokens, token_id: int) -> RedirectResponse:
    """Revoke one of the caller's tokens."""
    revoke_api_token(runtime_of(request).app_db, principal, token_id)
    return see_other("/account")

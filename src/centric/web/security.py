"""Who is calling and whether they may: authentication, anti-forgery checks, permissions.

Browsers authenticate with the session cookie and must send the session's anti-forgery token
(header ``X-CSRF-Token`` or form field ``csrf_token``) with every state-changing request;
scripts send ``Authorization: Bearer <API token>`` and need no anti-forgery token, since no
browser sends it on their behalf. Routes declare the permission they need with
:func:`requires`. The checks themselves live in :mod:`centric.access`; this module only reads
the request.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request, Response

from centric.access import (
    AuthenticationError,
    Permission,
    PermissionDeniedError,
    Principal,
    principal_for_session,
    principal_for_token,
)
from centric.web.context import runtime_of

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SESSION_COOKIE = "centric_session"
LOGIN_CSRF_COOKIE = "centric_login_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def authenticate(request: Request) -> Principal:
    """The principal of a request, from its bearer token or its session cookie.

    Raises:
        AuthenticationError: Neither is present and valid.
    """
    runtime = runtime_of(request)
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return principal_for_token(runtime.app_db, credentials.strip())
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        raise AuthenticationError(
            "You are not signed in.",
            hint="Sign in, or send an API token as 'Authorization: Bearer <token>'.",
        )
    return principal_for_session(runtime.app_db, cookie)


async def current_principal(
    request: Request, principal: Annotated[Principal, Depends(authenticate)]
) -> Principal:
    """The authenticated principal, after the anti-forgery check of state-changing requests.

    Raises:
        PermissionDeniedError: A cookie-authenticated change without the right token.
    """
    if principal.authenticated_by == "session" and request.method not in SAFE_METHODS:
        await check_csrf(request, principal.csrf_token)
    request.state.principal = principal
    return principal


async def check_csrf(request: Request, expected: str | None) -> None:
    """Raise unless the request carries the expected anti-forgery token.

    Raises:
        PermissionDeniedError: The token is missing or wrong.
    """
    supplied = request.headers.get(CSRF_HEADER)
    if supplied is None and request.headers.get("content-type", "").startswith(_FORMS):
        value = (await request.form()).get(CSRF_FIELD)
        supplied = value if isinstance(value, str) else None
    if not expected or not supplied or not hmac.compare_digest(supplied, expected):
        raise PermissionDeniedError(
            "The request was refused: its anti-forgery token is missing or out of date.",
            hint="Reload the page and try again.",
        )


def requires(permission: Permission) -> Callable[..., Awaitable[Principal]]:
    """A dependency that yields the principal if it holds ``permission``."""

    async def dependency(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        principal.require(permission)
        return principal

    dependency.__name__ = f"requires_{permission.name.lower()}"
    return dependency


def optional_principal(request: Request) -> Principal | None:
    """The principal if the request is signed in, else ``None`` (for the sign-in page)."""
    try:
        return authenticate(request)
    except AuthenticationError:
        return None


def set_session_cookie(request: Request, response: Response, token: str, max_age: int) -> None:
    """Set the session cookie: HttpOnly, SameSite=Lax, and Secure when served over https."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    """Remove the session cookie."""
    response.delete_cookie(SESSION_COOKIE, path="/")


def login_csrf_token(request: Request) -> str:
    """The anti-forgery token of the sign-in form (a cookie, since there is no session yet)."""
    return request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)


def set_login_csrf_cookie(request: Request, response: Response, token: str) -> None:
    """Remember the sign-in form's anti-forgery token in a short-lived cookie."""
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )


def check_login_csrf(request: Request, supplied: str | None) -> None:
    """Raise unless the sign-in form's token matches its cookie (double submit).

    Raises:
        PermissionDeniedError: Missing or different.
    """
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not expected or not supplied or not hmac.compare_digest(expected, supplied):
        raise PermissionDeniedError(
            "The sign-in form has expired.", hint="Reload the sign-in page and try again."
        )

"""Browser sessions: sign in, recognise the cookie, sign out.

The cookie carries a random token; the app DB keeps only its SHA-256 digest, the session's
anti-forgery (CSRF) token and its expiry, so a copy of the database cannot be replayed as a
cookie and signing out (or a password change) ends the session everywhere. This module must
not set cookies itself; the web layer does.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from centric.access.errors import AuthenticationError
from centric.access.roles import Principal, Role
from centric.access.tables import User, UserSession
from centric.access.users import authenticate
from centric.store import record_audit_event

SESSION_LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class SignedIn:
    """The result of signing in: the cookie value (secret) and who it identifies."""

    token: str
    principal: Principal
    expires_at: datetime


def sign_in(
    app_db: Engine, username: str, password: str, *, now: datetime | None = None
) -> SignedIn:
    """Check the password and start a session.

    Args:
        app_db: The app-DB engine.
        username: Login name.
        password: Password.
        now: The current time (tests pass one).

    Returns:
        The session token for the cookie and the principal it identifies.

    Raises:
        AuthenticationError: Wrong credentials, disabled or locked account.
    """
    now = now or datetime.now(UTC)
    user = authenticate(app_db, username, password, now=now)
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    expires = now + SESSION_LIFETIME
    with Session(app_db) as session, session.begin():
        session.execute(delete(UserSession).where(UserSession.expires_at <= now))
        session.add(
            UserSession(
                token_hash=digest(token),
                user_id=user.id,
                csrf_token=csrf,
                created_at=now,
                expires_at=expires,
            )
        )
    record_audit_event(
        app_db,
        actor=user.username,
        action="user.login",
        target=f"user:{user.username}",
        summary=f"{user.username} signed in.",
    )
    principal = Principal(
        user.id, user.username, user.display_name, user.role, user.team_id, "session", csrf
    )
    return SignedIn(token, principal, expires)


def principal_for_session(app_db: Engine, token: str, *, now: datetime | None = None) -> Principal:
    """Who a session cookie belongs to.

    Raises:
        AuthenticationError: The session is unknown, expired, or its user disabled.
    """
    now = now or datetime.now(UTC)
    with Session(app_db) as session:
        row = session.execute(
            select(UserSession, User)
            .join(User, User.id == UserSession.user_id)
            .where(UserSession.token_hash == digest(token))
        ).first()
    if row is None or row[0].expires_at <= now or not row[1].is_active:
        raise AuthenticationError("Your session has ended or is not valid.", hint="Sign in again.")
    user_session, user = row
    return Principal(
        user.id,
        user.username,
        user.display_name,
        Role(user.role),
        user.team_id,
        "session",
        user_session.csrf_token,
    )


def sign_out(app_db: Engine, token: str) -> None:
    """End the session of a cookie (nothing happens if it has already ended)."""
    with Session(app_db) as session, session.begin():
        found = session.execute(
            select(User.username)
            .join(UserSession, UserSession.user_id == User.id)
            .where(UserSession.token_hash == digest(token))
        ).scalar()
        session.execute(delete(UserSession).where(UserSession.token_hash == digest(token)))
    if found is not None:
        record_audit_event(
            app_db,
            actor=found,
            action="user.logout",
            target=f"user:{found}",
            summary=f"{found} signed out.",
        )


def digest(token: str) -> str:
    """The SHA-256 hex digest under which a session or API token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()

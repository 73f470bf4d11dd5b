"""API tokens: bearer secrets for scripts and integrations, acting as their user.

A token is shown once when issued; the app DB keeps its SHA-256 digest (tokens are 256-bit
random values, so a fast digest is enough) and a short prefix to recognise it in lists. A token
carries its user's role and team at the moment of use, so changing a user changes their tokens.
This module must not know about HTTP.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from centric.access.errors import AuthenticationError
from centric.access.roles import Permission, Principal, Role
from centric.access.schemas import IssuedToken, TokenPublic
from centric.access.sessions import digest
from centric.access.tables import ApiToken, User
from centric.errors import InvalidInputError, NotFoundError
from centric.store import record_audit_event

TOKEN_PREFIX = "ctk_"  # noqa: S105  # a public marker that makes leaked tokens recognisable, not a secret
_TOUCH_EVERY = timedelta(minutes=1)


def issue_api_token(
    app_db: Engine,
    principal: Principal,
    *,
    name: str,
    user_id: int | None = None,
    expires_in_days: int | None = None,
) -> IssuedToken:
    """Create an API token for the principal (or, for administrators, for another user).

    Args:
        app_db: The app-DB engine.
        principal: Who asks for it.
        name: What the token is for, e.g. ``"nightly export"``.
        user_id: The user it acts as; default the principal.
        expires_in_days: Lifetime; default no expiry.

    Returns:
        The token (secret shown this once) and its public details.

    Raises:
        PermissionDeniedError: Asking for someone else's token without managing users.
        InvalidInputError: Empty name or a non-positive lifetime.
        NotFoundError: No such user.
    """
    principal.require(Permission.MANAGE_OWN_TOKENS)
    owner = user_id if user_id is not None else principal.user_id
    if owner is None:
        raise InvalidInputError(
            "A token needs a user to act as.", hint="Pass the user (centric user token NAME)."
        )
    if owner != principal.user_id:
        principal.require(Permission.MANAGE_USERS)
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInputError(
            f"Token name {name!r} must be 1-100 characters.", hint="Say what the token is for."
        )
    if expires_in_days is not None and expires_in_days < 1:
        raise InvalidInputError(
            f"Token lifetime {expires_in_days} days is not positive.",
            hint="Give a number of days of at least 1, or none for no expiry.",
        )
    now = datetime.now(UTC)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with Session(app_db) as session, session.begin():
        user = session.get(User, owner)
        if user is None:
            raise NotFoundError(f"No user with id {owner}.", hint="List users to find the id.")
        token = ApiToken(
            user_id=owner,
            name=name,
            prefix=secret[: len(TOKEN_PREFIX) + 6],
            token_hash=digest(secret),
            created_at=now,
            expires_at=now + timedelta(days=expires_in_days) if expires_in_days else None,
        )
        session.add(token)
        session.flush()
        details = TokenPublic.model_validate(token)
        username = user.username
    record_audit_event(
        app_db,
        actor=principal.username,
        action="token.issue",
        target=f"user:{username}",
        detail={"token_id": details.id, "name": name, "prefix": details.prefix},
        summary=f"Issued API token '{name}' for {username}.",
    )
    return IssuedToken(token=secret, details=details)


def list_api_tokens(app_db: Engine, principal: Principal) -> list[TokenPublic]:
    """The principal's own tokens, newest first."""
    with Session(app_db) as session:
        tokens = session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == principal.user_id)
            .order_by(ApiToken.id.desc())
        )
        return [TokenPublic.model_validate(token) for token in tokens]


def revoke_api_token(app_db: Engine, principal: Principal, token_id: int) -> TokenPublic:
    """Revoke a token; owners revoke their own, administrators any.

    Raises:
        NotFoundError: No such token (or not visible to the principal).
    """
    now = datetime.now(UTC)
    with Session(app_db) as session, session.begin():
        token = session.get(ApiToken, token_id)
        if token is None or (
            token.user_id != principal.user_id and not principal.can(Permission.MANAGE_USERS)
        ):
            raise NotFoundError(
                f"No API token with id {token_id}.", hint="List your tokens to find the id."
            )
        if token.revoked_at is None:
            token.revoked_at = now
        details = TokenPublic.model_validate(token)
    record_audit_event(
        app_db,
        actor=principal.username,
        action="token.revoke",
        target=f"token:{token_id}",
        detail={"name": details.name, "prefix": details.prefix},
        summary=f"Revoked API token '{details.name}'.",
    )
    return details


def principal_for_token(app_db: Engine, secret: str, *, now: datetime | None = None) -> Principal:
    """Who a bearer token acts as.

    Raises:
        AuthenticationError: Unknown, revoked or expired token, or a disabled user.
    """
    now = now or datetime.now(UTC)
    with Session(app_db) as session:
        row = session.execute(
            select(ApiToken, User)
            .join(User, User.id == ApiToken.user_id)
            .where(ApiToken.token_hash == digest(secret))
        ).first()
    if (
        row is None
        or row[0].revoked_at is not None
        or (row[0].expires_at is not None and row[0].expires_at <= now)
        or not row[1].is_active
    ):
        raise AuthenticationError(
            "The API token is not valid: unknown, revoked or expired.",
            hint="Issue a new token on your account page or with 'centric user token'.",
        )
    token, user = row
    if token.last_used_at is None or now - token.last_used_at > _TOUCH_EVERY:
        # Recorded at most once a minute so that API reads do not each cost a write.
        with Session(app_db) as session, session.begin():
            session.execute(
                update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now)
            )
    return Principal(
        user.id, user.username, user.display_name, Role(user.role), user.team_id, "token"
    )

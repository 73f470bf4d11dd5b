"""Users: create, change, list, and check a password at sign-in (with lock-out).

Every change is written to the audit log after it commits. A failed sign-in says nothing about
whether the user exists; five failures in a row lock the account for fifteen minutes. This
module must not know about HTTP, cookies or tokens.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from pydantic import ValidationError
from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from centric.access.errors import AuthenticationError
from centric.access.passwords import hash_password, needs_rehash, unusable_hash, verify_password
from centric.access.roles import TEAM_SCOPED_ROLES, Principal, Role
from centric.access.schemas import MIN_PASSWORD_LENGTH, UserCreate, UserPublic, UserUpdate
from centric.access.tables import User, UserSession
from centric.errors import InvalidInputError, NotFoundError
from centric.store import record_audit_event

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)


def create_user(app_db: Engine, spec: UserCreate, *, actor: str) -> UserPublic:
    """Create a user with an argon2-hashed password.

    Args:
        app_db: The app-DB engine.
        spec: The validated new user.
        actor: Who is creating it (for the audit log).

    Returns:
        The new user.

    Raises:
        InvalidInputError: The username is taken.

    Examples:
        >>> create_user(engine, UserCreate(username="ana", password="a long secret",
        ...             role="analyst"), actor="admin")  # doctest: +SKIP
    """
    now = datetime.now(UTC)
    user = User(
        username=spec.username,
        display_name=spec.display_name or spec.username,
        email=spec.email,
        password_hash=hash_password(spec.password),
        role=spec.role.value,
        team_id=spec.team_id,
        is_active=True,
        failed_logins=0,
        created_at=now,
        password_changed_at=now,
    )
    try:
        with Session(app_db) as session, session.begin():
            session.add(user)
            session.flush()
            public = UserPublic.model_validate(user)
    except IntegrityError as exc:
        raise InvalidInputError(
            f"A user called '{spec.username}' already exists.",
            hint="Choose another username, or change the existing user.",
        ) from exc
    record_audit_event(
        app_db,
        actor=actor,
        action="user.create",
        target=f"user:{public.username}",
        detail={"role": public.role.value, "team_id": public.team_id, "email": public.email},
        summary=f"Created user {public.username} ({public.role.value}).",
    )
    return public


def parse_user(
    *,
    username: str,
    password: str,
    role: str,
    team_id: str | None = None,
    email: str | None = None,
    display_name: str | None = None,
) -> UserCreate:
    """Validate loose input (CLI flags, form fields) into a :class:`UserCreate`.

    Raises:
        InvalidInputError: A value is not acceptable; the message names it.
    """
    try:
        return UserCreate.model_validate(
            {
                "username": username,
                "password": password,
                "role": role,
                "team_id": team_id,
                "email": email,
                "display_name": display_name,
            }
        )
    except ValidationError as exc:
        raise InvalidInputError(
            "Invalid user: " + _describe(exc),
            hint=f"Usernames are 2-100 letters, digits or ._@-; passwords at least "
            f"{MIN_PASSWORD_LENGTH} characters; roles: {', '.join(r.value for r in Role)}; "
            "team_lead and agent need a team.",
        ) from exc


def list_users(app_db: Engine, *, team_id: str | None = None) -> list[UserPublic]:
    """All users by username, or those of one team."""
    statement = select(User).order_by(User.username)
    if team_id is not None:
        statement = statement.where(User.team_id == team_id)
    with Session(app_db) as session:
        return [UserPublic.model_validate(user) for user in session.scalars(statement)]


def get_user(app_db: Engine, user_id: int) -> UserPublic:
    """One user by id.

    Raises:
        NotFoundError: No such user.
    """
    with Session(app_db) as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFoundError(f"No user with id {user_id}.", hint="List users to find the id.")
        return UserPublic.model_validate(user)


def find_user(app_db: Engine, username: str) -> UserPublic:
    """One user by username.

    Raises:
        NotFoundError: No such user.
    """
    with Session(app_db) as session:
        user = session.scalars(select(User).where(User.username == username)).first()
        if user is None:
            raise NotFoundError(
                f"No user called '{username}'.", hint="Run 'centric user list' to see the users."
            )
        return UserPublic.model_validate(user)


def update_user(app_db: Engine, user_id: int, changes: UserUpdate, *, actor: str) -> UserPublic:
    """Change a user's role, team, e-mail, name or whether they may sign in.

    Deactivating a user ends their sessions at once.

    Raises:
        NotFoundError: No such user.
        InvalidInputError: The change would leave a team role without a team.
    """
    given = changes.model_dump(exclude_unset=True)
    with Session(app_db) as session, session.begin():
        user = session.get(User, user_id)
        if user is None:
            raise NotFoundError(f"No user with id {user_id}.", hint="List users to find the id.")
        for field, value in given.items():
            if field == "role" and value is not None:
                user.role = Role(value).value
            elif field in {"team_id", "email"}:
                setattr(user, field, value or None)
            elif value is not None:
                setattr(user, field, value)
        if Role(user.role) in TEAM_SCOPED_ROLES and not user.team_id:
            raise InvalidInputError(
                f"User '{user.username}' would be {user.role} without a team.",
                hint="Give a team_id, or choose another role.",
            )
        if not user.is_active:
            session.execute(delete(UserSession).where(UserSession.user_id == user.id))
        public = UserPublic.model_validate(user)
    record_audit_event(
        app_db,
        actor=actor,
        action="user.update",
        target=f"user:{public.username}",
        detail={key: str(value) if value is not None else None for key, value in given.items()},
        summary=f"Changed user {public.username}: {', '.join(sorted(given)) or 'nothing'}.",
    )
    return public


def set_password(app_db: Engine, username: str, password: str, *, actor: str) -> None:
    """Give a user a new password, ending their sessions and any lock-out.

    Raises:
        NotFoundError: No such user.
        InvalidInputError: The password is too short.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInputError(
            f"The new password for '{username}' has {len(password)} characters.",
            hint=f"Use at least {MIN_PASSWORD_LENGTH} characters.",
        )
    with Session(app_db) as session, session.begin():
        user = session.scalars(select(User).where(User.username == username)).first()
        if user is None:
            raise NotFoundError(
                f"No user called '{username}'.", hint="Run 'centric user list' to see the users."
            )
        user.password_hash = hash_password(password)
        user.password_changed_at = datetime.now(UTC)
        user.failed_logins = 0
        user.locked_until = None
        session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    record_audit_event(
        app_db,
        actor=actor,
        action="user.password",
        target=f"user:{username}",
        summary=f"Set a new password for {username}; their sessions were ended.",
    )


def authenticate(
    app_db: Engine, username: str, password: str, *, now: datetime | None = None
) -> UserPublic:
    """Check a username and password.

    Args:
        app_db: The app-DB engine.
        username: Login name as typed.
        password: Password as typed.
        now: The current time (tests pass one).

    Returns:
        The user, when the password matches and the account is active and not locked.

    Raises:
        AuthenticationError: Anything else; the message does not reveal which.
    """
    now = now or datetime.now(UTC)
    refused = AuthenticationError(
        "Sign-in failed: unknown user, wrong password, or the account is disabled.",
        hint="Check the username and password; after five failures the account locks for "
        "fifteen minutes.",
    )
    outcome = "unknown"
    with Session(app_db) as session, session.begin():
        user = session.scalars(select(User).where(User.username == username)).first()
        if user is None or (user.locked_until is not None and user.locked_until > now):
            # Verify anyway so that unknown and locked names take as long as known ones.
            verify_password(unusable_hash(), password)
            outcome = "unknown" if user is None else "locked"
        elif verify_password(user.password_hash, password) and user.is_active:
            user.failed_logins = 0
            user.locked_until = None
            user.last_login_at = now
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            return UserPublic.model_validate(user)
        else:
            user.failed_logins += 1
            outcome = "failed"
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.locked_until = now + LOCKOUT
                user.failed_logins = 0
                outcome = "locked now"
    record_audit_event(
        app_db,
        actor=username,
        action="user.lockout" if outcome == "locked now" else "user.login_failed",
        target=f"user:{username}",
        detail={"outcome": outcome},
        summary=f"Sign-in refused for {username} ({outcome}).",
    )
    raise refused


def team_contacts(app_db: Engine, team_id: str | None, roles: set[Role]) -> list[UserPublic]:
    """Active users with an e-mail address, in ``roles``, of ``team_id`` (any team if ``None``)."""
    statement = select(User).where(
        User.is_active.is_(True),
        User.email.is_not(None),
        User.role.in_([role.value for role in roles]),
    )
    if team_id is not None:
        statement = statement.where(User.team_id == team_id)
    with Session(app_db) as session:
        return [UserPublic.model_validate(user) for user in session.scalars(statement)]


def _describe(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(part) for part in error['loc']) or 'value'}: {error['msg']}"
        for error in exc.errors()
    )


def change_own_password(app_db: Engine, principal: Principal, current: str, new: str) -> None:
    """Let a signed-in user change their password, proving they know the current one.

    Raises:
        AuthenticationError: The current password is wrong.
        InvalidInputError: The new password is too short.
    """
    authenticate(app_db, principal.username, current)
    set_password(app_db, principal.username, new, actor=principal.username)


def ensure_admin(app_db: Engine, username: str, *, actor: str) -> str:
    """Create an administrator, or give an existing one a new password; return the password.

    For demos and first start: the generated password is printed once and never stored.

    Raises:
        InvalidInputError: The user exists but is not an administrator.
    """
    password = secrets.token_urlsafe(12)
    try:
        user = find_user(app_db, username)
    except NotFoundError:
        create_user(
            app_db,
            UserCreate(username=username, password=password, role=Role.ADMIN),
            actor=actor,
        )
        return password
    if user.role is not Role.ADMIN:
        raise InvalidInputError(
            f"User '{username}' exists and is {user.role.value}, not admin.",
            hint="Choose another name for the administrator.",
        )
    if not user.is_active:
        update_user(app_db, user.id, UserUpdate(is_active=True), actor=actor)
    set_password(app_db, username, password, actor=actor)
    return password

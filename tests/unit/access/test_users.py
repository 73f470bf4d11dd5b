"""Users, passwords, sessions and API tokens in the app DB (SQLite, and PostgreSQL in CI)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from centric.access import (
    AuthenticationError,
    PermissionDeniedError,
    Principal,
    Role,
    UserUpdate,
    create_user,
    issue_api_token,
    list_api_tokens,
    parse_user,
    principal_for_session,
    principal_for_token,
    revoke_api_token,
    set_password,
    sign_in,
    sign_out,
    update_user,
)
from centric.config import Settings
from centric.errors import InvalidInputError
from centric.runtime import open_app_db
from centric.store import list_audit_events

PASSWORD = "correct horse battery"  # noqa: S105  # test users only


@pytest.fixture
def app_db(app_db_workspace: Settings) -> Iterator[Engine]:
    with open_app_db(app_db_workspace) as engine:
        yield engine


def _add(app_db: Engine, name: str, role: str = "analyst", team: str | None = None) -> int:
    spec = parse_user(username=name, password=PASSWORD, role=role, team_id=team)
    return create_user(app_db, spec, actor="admin").id


def test_create_user_stores_an_argon2_hash_not_the_password(app_db: Engine) -> None:
    _add(app_db, "ana")
    with app_db.connect() as connection:
        stored = connection.exec_driver_sql("SELECT password_hash FROM users").scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert list_audit_events(app_db, action="user.create")[0].target == "user:ana"


def test_create_user_refuses_a_taken_username(app_db: Engine) -> None:
    _add(app_db, "ana")
    with pytest.raises(InvalidInputError, match="already exists"):
        _add(app_db, "ana")


def test_parse_user_refuses_team_role_without_team() -> None:
    with pytest.raises(InvalidInputError, match="needs a team"):
        parse_user(username="lee", password=PASSWORD, role="team_lead")


def test_parse_user_refuses_short_password_and_unknown_role() -> None:
    with pytest.raises(InvalidInputError, match="password"):
        parse_user(username="lee", password="short", role="analyst")  # noqa: S106  # a test value
    with pytest.raises(InvalidInputError, match="role"):
        parse_user(username="lee", password=PASSWORD, role="boss")


def test_sign_in_returns_a_session_that_identifies_the_user(app_db: Engine) -> None:
    _add(app_db, "lee", "team_lead", "T1")
    signed = sign_in(app_db, "lee", PASSWORD)
    principal = principal_for_session(app_db, signed.token)
    assert (principal.username, principal.role, principal.team_id) == ("lee", Role.TEAM_LEAD, "T1")
    assert principal.csrf_token == signed.principal.csrf_token
    assert len(principal.csrf_token or "") >= 32


def test_sign_in_refuses_wrong_password_and_unknown_user_alike(app_db: Engine) -> None:
    _add(app_db, "ana")
    with pytest.raises(AuthenticationError) as wrong:
        sign_in(app_db, "ana", "not the password")
    with pytest.raises(AuthenticationError) as unknown:
        sign_in(app_db, "nobody", PASSWORD)
    assert wrong.value.message == unknown.value.message


def test_sign_in_locks_the_account_after_five_failures(app_db: Engine) -> None:
    _add(app_db, "ana")
    now = datetime.now(UTC)
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            sign_in(app_db, "ana", "wrong password!", now=now)
    with pytest.raises(AuthenticationError):
        sign_in(app_db, "ana", PASSWORD, now=now + timedelta(minutes=1))
    assert sign_in(app_db, "ana", PASSWORD, now=now + timedelta(minutes=16)).principal.username
    assert list_audit_events(app_db, action="user.lockout")


def test_session_ends_on_sign_out_expiry_and_password_change(app_db: Engine) -> None:
    _add(app_db, "ana")
    first = sign_in(app_db, "ana", PASSWORD)
    sign_out(app_db, first.token)
    with pytest.raises(AuthenticationError):
        principal_for_session(app_db, first.token)
    second = sign_in(app_db, "ana", PASSWORD)
    with pytest.raises(AuthenticationError):
        principal_for_session(app_db, second.token, now=second.expires_at + timedelta(seconds=1))
    set_password(app_db, "ana", "another long password", actor="admin")
    with pytest.raises(AuthenticationError):
        principal_for_session(app_db, second.token)


def test_deactivating_a_user_ends_sessions_and_tokens(app_db: Engine) -> None:
    user_id = _add(app_db, "ana")
    signed = sign_in(app_db, "ana", PASSWORD)
    token = issue_api_token(app_db, signed.principal, name="export").token
    update_user(app_db, user_id, UserUpdate(is_active=False), actor="admin")
    with pytest.raises(AuthenticationError):
        principal_for_session(app_db, signed.token)
    with pytest.raises(AuthenticationError):
        principal_for_token(app_db, token)


def test_api_token_is_stored_hashed_and_acts_as_its_user(app_db: Engine) -> None:
    _add(app_db, "ana")
    principal = sign_in(app_db, "ana", PASSWORD).principal
    issued = issue_api_token(app_db, principal, name="nightly export", expires_in_days=7)
    assert issued.token.startswith("ctk_")
    with app_db.connect() as connection:
        stored = connection.exec_driver_sql("SELECT token_hash, prefix FROM api_tokens").one()
    assert issued.token not in stored[0]
    assert issued.token.startswith(stored[1])
    acting = principal_for_token(app_db, issued.token)
    assert (acting.username, acting.authenticated_by) == ("ana", "token")
    assert [t.name for t in list_api_tokens(app_db, principal)] == ["nightly export"]


def test_revoked_and_expired_tokens_are_refused(app_db: Engine) -> None:
    _add(app_db, "ana")
    principal = sign_in(app_db, "ana", PASSWORD).principal
    revoked = issue_api_token(app_db, principal, name="a")
    revoke_api_token(app_db, principal, revoked.details.id)
    with pytest.raises(AuthenticationError):
        principal_for_token(app_db, revoked.token)
    expiring = issue_api_token(app_db, principal, name="b", expires_in_days=1)
    with pytest.raises(AuthenticationError):
        principal_for_token(app_db, expiring.token, now=datetime.now(UTC) + timedelta(days=2))


def test_only_administrators_issue_tokens_for_others(app_db: Engine) -> None:
    ana = _add(app_db, "ana")
    _add(app_db, "bob", "agent", "T1")
    bob = sign_in(app_db, "bob", PASSWORD).principal
    with pytest.raises(PermissionDeniedError):
        issue_api_token(app_db, bob, name="x", user_id=ana)
    admin = Principal.system("root")
    assert issue_api_token(app_db, admin, name="x", user_id=ana).details.name == "x"


def test_update_user_refuses_team_role_without_team(app_db: Engine) -> None:
    user_id = _add(app_db, "ana")
    with pytest.raises(InvalidInputError, match="without a team"):
        update_user(app_db, user_id, UserUpdate(role=Role.AGENT), actor="admin")

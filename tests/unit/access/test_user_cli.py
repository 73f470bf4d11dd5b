"""``centric user``: add, list, set a password, disable, issue a token."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from centric.access import AuthenticationError, principal_for_token, sign_in
from centric.cli.main import app
from centric.config import Settings
from centric.runtime import open_app_db

PASSWORD = "a long cli password"  # noqa: S105  # test users only


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def _run(cli: CliRunner, workspace: Path, *args: str, stdin: str | None = None) -> str:
    result = cli.invoke(app, ["-w", str(workspace), "user", *args], input=stdin)
    assert result.exit_code == 0, result.output
    return result.output


def test_user_add_list_token_and_disable(cli: CliRunner, workspace: Settings) -> None:
    folder = workspace.workspace
    added = _run(
        cli,
        folder,
        "add",
        "lee",
        "--role",
        "team_lead",
        "--team",
        "T1",
        "--email",
        "lee@example.com",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert "Added lee (team_lead, team T1)" in added
    assert "lee@example.com" in _run(cli, folder, "list")
    token = _run(cli, folder, "token", "lee", "--name", "script").strip().splitlines()[-1]
    with open_app_db(workspace) as app_db:
        assert sign_in(app_db, "lee", PASSWORD).principal.team_id == "T1"
        assert principal_for_token(app_db, token).username == "lee"
    _run(cli, folder, "disable", "lee")
    with open_app_db(workspace) as app_db, pytest.raises(AuthenticationError):
        principal_for_token(app_db, token)


def test_user_add_reports_bad_input_with_a_hint(cli: CliRunner, workspace: Settings) -> None:
    result = cli.invoke(
        app,
        ["-w", str(workspace.workspace), "user", "add", "x", "--role", "agent", "--password-stdin"],
        input="short\n",
    )
    assert result.exit_code == 1
    assert "Invalid user" in result.output
    assert "What to do" in result.output


def test_set_password_prompts_twice(cli: CliRunner, workspace: Settings) -> None:
    folder = workspace.workspace
    _run(cli, folder, "add", "ana", "--role", "analyst", "--password-stdin", stdin=PASSWORD + "\n")
    new = "another long password"
    _run(cli, folder, "set-password", "ana", stdin=f"{new}\n{new}\n")
    with open_app_db(workspace) as app_db:
        assert sign_in(app_db, "ana", new).principal.username == "ana"

"""``centric user``: add, list and change users, and issue API tokens.

These commands open only the app DB, so they work while the web server is running.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from centric.access import Role
from centric.cli.context import handles_errors, state

app = typer.Typer(help="Users, roles and API tokens.", no_args_is_help=True)
ROLES = ", ".join(role.value for role in Role)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@app.command("add")
@handles_errors
def add(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Option("--role", help=f"One of: {ROLES}.")],
    team: Annotated[
        str | None, typer.Option("--team", help="Team id (teams.source_key); team roles need one.")
    ] = None,
    email: Annotated[
        str | None, typer.Option("--email", help="E-mail address, for case notifications.")
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="Name shown in the app.")] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Add a user (the password is asked for, or read with --password-stdin)."""
    from centric.access import create_user, parse_user
    from centric.runtime import open_app_db

    cli = state(ctx)
    spec = parse_user(
        username=username,
        password=_read_password(password_stdin),
        role=role,
        team_id=team,
        email=email,
        display_name=name,
    )
    with open_app_db(cli.settings()) as app_db:
        user = create_user(app_db, spec, actor=cli.settings().actor)
    cli.console.print(
        f"Added [bold]{user.username}[/] ({user.role.value}"
        f"{', team ' + user.team_id if user.team_id else ''})."
    )


@app.command("list")
@handles_errors
def list_(ctx: typer.Context) -> None:
    """List the users."""
    from centric.access import list_users
    from centric.runtime import open_app_db

    cli = state(ctx)
    with open_app_db(cli.settings()) as app_db:
        users = list_users(app_db)
    table = Table("user", "name", "role", "team", "e-mail", "active", "last sign-in", title="Users")
    for user in users:
        table.add_row(
            user.username,
            user.display_name,
            user.role.value,
            user.team_id or "",
            user.email or "",
            "yes" if user.is_active else "no",
            f"{user.last_login_at:%Y-%m-%d %H:%M}" if user.last_login_at else "never",
        )
    cli.console.print(table)


@app.command("set-password")
@handles_errors
def set_password_(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Login name.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Set a user's password (their sessions end)."""
    from centric.access import set_password
    from centric.runtime import open_app_db

    cli = state(ctx)
    password = _read_password(password_stdin)
    with open_app_db(cli.settings()) as app_db:
        set_password(app_db, username, password, actor=cli.settings().actor)
    cli.console.print(f"New password set for [bold]{username}[/].")


@app.command("disable")
@handles_errors
def disable(
    ctx: typer.Context, username: Annotated[str, typer.Argument(help="Login name.")]
) -> None:
    """Stop a user from signing in (their sessions and tokens stop working)."""
    from centric.access import UserUpdate, find_user, update_user
    from centric.runtime import open_app_db

    cli = state(ctx)
    with open_app_db(cli.settings()) as app_db:
        user = find_user(app_db, username)
        update_user(app_db, user.id, UserUpdate(is_active=False), actor=cli.settings().actor)
    cli.console.print(f"Disabled [bold]{username}[/].")


@app.command("token")
@handles_errors
def token(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="The user the token acts as.")],
    name: Annotated[str, typer.Option("--name", help="What the token is for.")],
    days: Annotated[
        int | None, typer.Option("--days", help="Lifetime in days; default no expiry.")
    ] = None,
) -> None:
    """Issue an API token acting as a user; it is printed once."""
    from centric.access import Principal, find_user, issue_api_token
    from centric.runtime import open_app_db

    cli = state(ctx)
    settings = cli.settings()
    with open_app_db(settings) as app_db:
        user = find_user(app_db, username)
        issued = issue_api_token(
            app_db,
            Principal.system(settings.actor),
            name=name,
            user_id=user.id,
            expires_in_days=days,
        )
    cli.console.print(f"API token '{name}' for {username} (shown once):")
    typer.echo(issued.token)

"""``centric init`` and ``centric status``: create a workspace and show what it holds."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from centric.cli.context import handles_errors, state


@handles_errors
def init(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Folder to create the workspace in.")],
    app_db: Annotated[
        str | None,
        typer.Option(
            "--app-db",
            help="SQLAlchemy URL of the app DB, e.g. postgresql+psycopg://user@host/db. "
            "Default: SQLite file app.db in the workspace.",
        ),
    ] = None,
) -> None:
    """Create a workspace: centric.toml, a DuckDB warehouse and a migrated app DB."""
    from centric.runtime import init_workspace

    settings = init_workspace(directory, app_db_url=app_db)
    console = state(ctx).console
    console.print(f"Workspace ready at [bold]{settings.workspace}[/]")
    console.print(f"  warehouse: {settings.resolved_warehouse_path}")
    console.print(f"  app DB:    {_redacted(settings.resolved_app_db_url)}")
    console.print(
        f"Next: declare sources in {settings.workspace / 'centric.toml'}, then run "
        "'centric ingest', or try 'centric demo'."
    )


@handles_errors
def status(ctx: typer.Context) -> None:
    """Show the row count of every warehouse table."""
    from centric.ingest import count_tables
    from centric.runtime import open_runtime

    cli = state(ctx)
    with open_runtime(cli.settings()) as runtime:
        counts = count_tables(runtime)
    table = Table("table", "rows", title=f"Warehouse {runtime.settings.resolved_warehouse_path}")
    for name, rows in counts.items():
        table.add_row(name, f"{rows:,}")
    cli.console.print(table)


def _redacted(url: str) -> str:
    if "@" in url and "://" in url and ":" in url.split("://", 1)[1].rsplit("@", 1)[0]:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        return f"{scheme}://{credentials.split(':', 1)[0]}:***@{host}"
    return url

"""The ``centric`` command: the app, its global options and its sub-commands.

Each command parses its input, calls one domain service and renders the result; the shared
error boundary lives in :mod:`centric.cli.context`. Nothing here holds domain logic.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from centric import __version__
from centric.cli import cases as cases_commands
from centric.cli import customer as customer_commands
from centric.cli import demo as demo_commands
from centric.cli import identity as identity_commands
from centric.cli import ingest as ingest_commands
from centric.cli import metrics as metrics_commands
from centric.cli import run as run_commands
from centric.cli import serve as serve_commands
from centric.cli import text as text_commands
from centric.cli import user as user_commands
from centric.cli import workspace as workspace_commands
from centric.cli.context import CliState

app = typer.Typer(
    name="centric",
    help="Centric: one view of every customer, the voice of every customer and employee.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"centric {__version__}")
        raise typer.Exit


@app.callback()
def root(
    ctx: typer.Context,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            "-w",
            help="Workspace folder. Default: $CENTRIC_WORKSPACE, else the current folder.",
            show_default=False,
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show tracebacks of errors.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Centric: one view of every customer, the voice of every customer and employee."""
    del version
    chosen = workspace or Path(os.environ.get("CENTRIC_WORKSPACE") or ".")
    ctx.obj = CliState(workspace=chosen, verbose=verbose)


app.command("init")(workspace_commands.init)
app.command("status")(workspace_commands.status)
app.command("ingest")(ingest_commands.ingest)
app.command("batches")(ingest_commands.batches)
app.command("quarantine")(ingest_commands.quarantine)
app.command("demo")(demo_commands.demo)
app.command("run")(run_commands.run)
app.add_typer(metrics_commands.app, name="metrics")
app.command("serve")(serve_commands.serve)
app.add_typer(user_commands.app, name="user")
app.add_typer(cases_commands.app, name="cases")
app.add_typer(text_commands.app, name="text")
app.command("resolve")(identity_commands.resolve)
app.add_typer(customer_commands.app, name="customer")
app.add_typer(identity_commands.app, name="identity")


def run() -> None:
    """Entry point of the ``centric`` script."""
    app()

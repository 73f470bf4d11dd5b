"""``centric serve``: the web app (pages and JSON API) on a workspace."""

from __future__ import annotations

from typing import Annotated

import typer

from centric.cli.context import handles_errors, state


@handles_errors
def serve(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option(help="Interface to listen on; 0.0.0.0 for every interface.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Serve the web app: dashboards, cases, customers, feedback, and the API under /api/v1."""
    from centric.web import serve as serve_app

    cli = state(ctx)
    settings = cli.settings()
    cli.console.print(f"Serving {settings.workspace} on http://{host}:{port}/ (Ctrl+C stops).")
    serve_app(settings, host=host, port=port)

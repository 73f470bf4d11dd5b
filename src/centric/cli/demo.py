"""``centric demo``: build a realistic demo workspace (filled in by the demo package)."""

from __future__ import annotations

import typer

from centric.cli.context import handles_errors


@handles_errors
def demo(ctx: typer.Context) -> None:
    """Generate a demo retailer's data and ingest it."""
    del ctx

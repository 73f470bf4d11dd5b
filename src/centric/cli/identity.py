"""``centric resolve`` and ``centric identity export``: build and export the single customer
view."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from centric.cli.context import handles_errors, progress_reporter, state
from centric.identity import export_links, resolve_identities
from centric.runtime import open_runtime

app = typer.Typer(help="The single customer view: export and inspect it.", no_args_is_help=True)


@handles_errors
def resolve(
    ctx: typer.Context,
    retrain: Annotated[
        bool, typer.Option("--retrain", help="Train a new matching model (implies --full).")
    ] = False,
    full: Annotated[
        bool, typer.Option("--full", help="Score and cluster every record, not only changes.")
    ] = False,
) -> None:
    """Resolve customer records into customers with stable IDs (incremental by default)."""
    cli = state(ctx)
    with open_runtime(cli.settings()) as runtime, progress_reporter(cli.console) as report:
        result = resolve_identities(runtime, retrain=retrain, full=full, progress=report)
    if result.mode == "nothing":
        cli.console.print(
            f"Nothing changed since the last run: {result.records:,} records, "
            f"{result.customers:,} customers."
        )
        return
    trained = " (model trained)" if result.trained else ""
    cli.console.print(
        f"Resolved {result.records:,} records into {result.customers:,} customers in "
        f"{result.seconds:.1f}s, {result.mode} run{trained}.",
        highlight=False,
    )
    cli.console.print(
        f"  records: {result.records_new:,} new, {result.records_changed:,} changed, "
        f"{result.records_removed:,} removed; {result.pairs_scored:,} pairs kept",
        highlight=False,
    )
    cli.console.print(
        f"  customers: {result.customers_created:,} new IDs, {result.customers_merged:,} "
        f"merged into older IDs, {result.customers_split:,} split",
        highlight=False,
    )


@app.command("export")
@handles_errors
def export(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write. Default: customer_links.<format>."),
    ] = None,
    fmt: Annotated[
        Literal["csv", "parquet"], typer.Option("--format", help="csv or parquet.")
    ] = "csv",
) -> None:
    """Write source, source_key, customer_id and match_probability for every record."""
    cli = state(ctx)
    path = output or Path(f"customer_links.{fmt}")
    with open_runtime(cli.settings()) as runtime:
        rows = export_links(runtime, path.absolute(), fmt=fmt)
    cli.console.print(f"Wrote {rows:,} records to {path}.", highlight=False)

"""``centric ingest``, ``centric batches`` and ``centric quarantine``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from centric.cli.context import handles_errors, progress_reporter, state
from centric.errors import InvalidInputError
from centric.warehouse import INGESTIBLE_KINDS

if TYPE_CHECKING:
    from centric.ingest import BatchResult


@handles_errors
def ingest(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(help="File (or glob) to ingest. Omit to ingest every declared source."),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--as", help="Canonical table the file feeds: " + ", ".join(INGESTIBLE_KINDS)),
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Source system name, e.g. crm.")
    ] = None,
    map_file: Annotated[
        Path | None, typer.Option("--map", help="TOML file with [mapping] (and [options]).")
    ] = None,
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help="With no PATH: ingest only this declared source (repeatable)."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Process files even if their content was already ingested."),
    ] = False,
    skip_rows: Annotated[
        int | None,
        typer.Option(
            "--skip-rows",
            min=0,
            help="CSV: note lines above the header to skip (default: detect plain notes).",
        ),
    ] = None,
) -> None:
    """Ingest a file, or every source declared in centric.toml."""
    from centric.ingest import ingest_declared, ingest_source, source_for_file
    from centric.runtime import open_runtime

    cli = state(ctx)
    with open_runtime(cli.settings()) as runtime, progress_reporter(cli.console) as report:
        if path is None:
            if skip_rows is not None:
                raise InvalidInputError(
                    "--skip-rows applies to a file named on the command line.",
                    hint="For a declared source, set options = { skip_rows = N } in centric.toml.",
                )
            results = ingest_declared(runtime, names=only or (), force=force, progress=report)
        else:
            if not kind or not source:
                raise InvalidInputError(
                    "Ingesting a file needs --as KIND and --source NAME.",
                    hint="e.g. centric ingest customers.csv --as customer_records --source crm",
                )
            spec = source_for_file(
                path.absolute(), kind=kind, source=source, map_file=map_file, skip_rows=skip_rows
            )
            results = ingest_source(runtime, spec, force=force, progress=report)
    render_results(cli.console, results)


def render_results(console: Console, results: list[BatchResult]) -> None:
    """Print one line per batch and the reasons of the first quarantined rows."""
    table = Table(
        "source", "file", "batch", "read", "new", "changed", "same", "quarantined", title="Ingest"
    )
    for result in results:
        if result.status == "skipped":
            table.add_row(
                result.source,
                result.source_file,
                str(result.batch_id),
                "-",
                "-",
                "-",
                "-",
                "-",
                end_section=False,
            )
            continue
        table.add_row(
            result.source,
            result.source_file,
            str(result.batch_id),
            f"{result.rows_read:,}",
            f"{result.inserted:,}",
            f"{result.updated:,}",
            f"{result.unchanged:,}",
            f"{result.quarantined:,}",
        )
    console.print(table)
    skipped = [r for r in results if r.status == "skipped"]
    if skipped:
        console.print(
            f"{len(skipped)} file(s) already ingested with the same content and mapping:"
            " nothing to do (use --force to process them again)."
        )
    for result in results:
        for row, reason in result.sample_reasons:
            console.print(
                f"  quarantined {result.source_file} row {row}: {reason}",
                highlight=False,
                markup=False,
            )
    total = sum(r.quarantined for r in results)
    if total:
        console.print(f"{total:,} row(s) quarantined; see them with 'centric quarantine'.")
    for result in results:
        if result.missing:
            console.print(
                f"{result.source}: {result.missing:,} row(s) no longer in the full extract "
                f"{result.source_file}; flagged in missing_since_batch, not deleted."
            )


@handles_errors
def batches(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many batches to show.")] = 20,
) -> None:
    """List the newest ingest batches with their counts."""
    from centric.ingest import list_batches
    from centric.runtime import open_runtime

    cli = state(ctx)
    with open_runtime(cli.settings()) as runtime:
        rows = list_batches(runtime, limit=limit)
    table = Table(
        "batch",
        "source",
        "kind",
        "file",
        "read",
        "new",
        "changed",
        "same",
        "quarantined",
        "committed (UTC)",
        title="Batches",
    )
    for row in rows:
        table.add_row(
            str(row["batch_id"]),
            row["source"],
            row["kind"],
            row["source_file"],
            *(
                f"{row[k]:,}"
                for k in (
                    "rows_read",
                    "rows_inserted",
                    "rows_updated",
                    "rows_unchanged",
                    "rows_quarantined",
                )
            ),
            f"{row['committed_at']:%Y-%m-%d %H:%M:%S}",
        )
    cli.console.print(table)


@handles_errors
def quarantine(
    ctx: typer.Context,
    batch: Annotated[int | None, typer.Option(help="Only this batch.")] = None,
    source: Annotated[str | None, typer.Option(help="Only this source.")] = None,
    limit: Annotated[int, typer.Option(help="How many rows to show.")] = 50,
) -> None:
    """Show quarantined rows with the reason each was set aside."""
    from centric.ingest import list_quarantine
    from centric.runtime import open_runtime

    cli = state(ctx)
    with open_runtime(cli.settings()) as runtime:
        rows = list_quarantine(runtime, batch_id=batch, source=source, limit=limit)
    table = Table("batch", "source", "file", "row", "reason", "original", title="Quarantine")
    for row in rows:
        table.add_row(
            str(row["batch_id"]),
            row["source"],
            row["source_file"],
            str(row["source_row"]),
            row["reason"],
            (row["original"] or "")[:120],
        )
    cli.console.print(table, markup=False)

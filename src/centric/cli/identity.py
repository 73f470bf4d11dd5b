"""``centric resolve``, ``centric identity export`` and ``centric identity review``: build,
export and review the single customer view.

Review only lists the uncertain matches; a steward decides each with the command it prints
(``centric customer merge`` to confirm, ``centric customer separate`` to reject)."""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from centric.cli.context import handles_errors, progress_reporter, state

if TYPE_CHECKING:
    from centric.identity import UncertainMatch

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
    from centric.identity import resolve_identities
    from centric.runtime import open_runtime

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
    from centric.identity import export_links
    from centric.runtime import open_runtime

    cli = state(ctx)
    path = output or Path(f"customer_links.{fmt}")
    with open_runtime(cli.settings()) as runtime:
        rows = export_links(runtime, path.absolute(), fmt=fmt)
    cli.console.print(f"Wrote {rows:,} records to {path}.", highlight=False)


@app.command("review")
@handles_errors
def review(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many pairs to show (1-200).")] = 10,
    offset: Annotated[int, typer.Option(help="Pairs to skip (the next page).")] = 0,
    order: Annotated[
        Literal["uncertainty", "probability"],
        typer.Option(help="uncertainty (closest to the threshold first) or probability."),
    ] = "uncertainty",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List uncertain matches for a data steward, with the commands that decide them."""
    from centric.identity import uncertain_matches
    from centric.runtime import open_runtime

    cli = state(ctx)
    with open_runtime(cli.settings()) as runtime:
        page = uncertain_matches(runtime, limit=limit, offset=offset, order=order)
    if as_json:
        typer.echo(json.dumps(page.model_dump(mode="json"), indent=2))
        return
    cli.console.print(
        f"{page.total:,} undecided pair(s) between {page.lower:.1%} and {page.upper:.1%} "
        f"(threshold {page.threshold:.1%}); showing {len(page.items)} from {page.offset + 1}.",
        highlight=False,
    )
    for number, match in enumerate(page.items, start=page.offset + 1):
        _render_match(cli.console, number, match)


_SIDE_BY_SIDE = (
    ("customer", "customer_id"),
    ("name", "full_name"),
    ("e-mail", "email"),
    ("phone", "phone"),
    ("date of birth", "date_of_birth"),
    ("address", "address"),
    ("postcode", "postcode"),
    ("town", "city"),
)


def _render_match(console: Console, number: int, match: UncertainMatch) -> None:
    a, b = match.record_a, match.record_b
    table = Table(title=escape(f"{number}. {match.summary}"), title_justify="left")
    table.add_column("")
    table.add_column(escape(a.reference), overflow="fold")
    table.add_column(escape(b.reference), overflow="fold")
    for label, name in _SIDE_BY_SIDE:
        table.add_row(label, escape(getattr(a, name) or ""), escape(getattr(b, name) or ""))
    console.print(table)
    for evidence in match.evidence:
        if evidence.direction != "neutral":
            console.print(f"  {evidence.sentence}", highlight=False, markup=False)
    pair = f'{shlex.quote(a.reference)} {shlex.quote(b.reference)} --reason "..."'
    for verb, command in (("confirm", "merge"), ("reject", "separate")):
        console.print(
            f"  {verb}: centric customer {command} {pair}",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )

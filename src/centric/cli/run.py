"""``centric run``: ingest, resolve, annotate and close the loop, incrementally."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from centric.cli.context import handles_errors, progress_reporter, state
from centric.cli.ingest import render_results
from centric.errors import InvalidInputError
from centric.pipeline import STEPS


@handles_errors
def run(
    ctx: typer.Context,
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help="Run only this step (repeatable): " + ", ".join(STEPS)),
    ] = None,
    skip: Annotated[
        list[str] | None,
        typer.Option("--skip", help="Leave out this step (repeatable)."),
    ] = None,
) -> None:
    """Run the pipeline: ingest declared sources, resolve identities, annotate verbatims,
    bring metric summaries up to date, evaluate alert rules into cases and escalate overdue
    ones. Each step does only new work."""
    from centric.pipeline import run_pipeline
    from centric.runtime import open_runtime

    chosen = tuple(only or STEPS)
    unknown = sorted((set(chosen) | set(skip or ())) - set(STEPS))
    if unknown:
        raise InvalidInputError(
            f"Unknown step(s): {', '.join(unknown)}.", hint=f"Steps: {', '.join(STEPS)}."
        )
    steps = tuple(step for step in STEPS if step in chosen and step not in (skip or ()))
    cli = state(ctx)
    with open_runtime(cli.settings()) as runtime, progress_reporter(cli.console) as report:
        result = run_pipeline(runtime, steps=steps, progress=report)
    if result.batches:
        render_results(cli.console, result.batches)
    table = Table("step", "what happened", "seconds", title="Pipeline")
    if result.resolution is not None:
        r = result.resolution
        table.add_row(
            "resolve",
            f"{r.records:,} records → {r.customers:,} customers "
            f"({r.customers_created:,} new, {r.customers_merged:,} merged, "
            f"{r.customers_split:,} split)",
            f"{result.seconds['resolve']:.1f}",
        )
    if result.annotation is not None:
        a = result.annotation
        table.add_row(
            "annotate",
            f"{a.annotated:,} verbatims annotated, {a.up_to_date:,} up to date, "
            f"{len(a.new_themes)} new theme(s)",
            f"{result.seconds['annotate']:.1f}",
        )
    for summary in result.summaries:
        table.add_row(
            "summarise",
            f"{summary.table}: {summary.action}"
            + (
                f" ({summary.base_rows:,} rows → {summary.summary_rows:,} daily groups)"
                if summary.summary_rows
                else f" ({summary.base_rows:,} rows, below metrics_summary_min_rows)"
            ),
            f"{summary.seconds:.1f}",
        )
    if result.loop is not None:
        loop = result.loop
        table.add_row(
            "cases",
            f"{loop.evaluation.opened:,} case(s) opened, {loop.escalated:,} escalated, "
            f"{loop.delivered:,} notification(s) sent, {loop.failed:,} failed",
            f"{result.seconds['cases']:.1f}",
        )
    for step, why in result.skipped.items():
        table.add_row(step, f"skipped: {why}", f"{result.seconds.get(step, 0.0):.1f}")
    cli.console.print(table)

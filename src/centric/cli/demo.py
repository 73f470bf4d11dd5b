"""``centric demo``: build a demo workspace from a synthetic retailer's source systems."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from centric.cli.context import handles_errors, state
from centric.config import load_settings
from centric.demo import DEFAULT_CUSTOMERS, DEFAULT_SEED

if TYPE_CHECKING:
    from centric.demo import DemoResult

DEFAULT_WORKSPACE = Path("centric-demo")


@handles_errors
def demo(
    ctx: typer.Context,
    customers: Annotated[
        int, typer.Option("--customers", help="How many customers the retailer has.")
    ] = DEFAULT_CUSTOMERS,
    seed: Annotated[
        int, typer.Option("--seed", help="Seed: the same seed and size give the same data.")
    ] = DEFAULT_SEED,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            help=f"Folder of the demo workspace. Default: the global -w, else {DEFAULT_WORKSPACE}.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace a demo made in that folder with other arguments."),
    ] = False,
    serve: Annotated[
        bool,
        typer.Option(
            "--serve",
            help="Then serve the web app on the demo, with a demo administrator and starter "
            "alert rules.",
        ),
    ] = False,
    port: Annotated[int, typer.Option("--port", help="Port of the web app with --serve.")] = 8000,
) -> None:
    """Generate a retailer's data in seven source systems and ingest it, with ground truth."""
    from centric.demo import build_demo

    cli = state(ctx)
    chosen = workspace or ctx.find_root().params.get("workspace") or DEFAULT_WORKSPACE
    with _progress(cli.console) as report:
        result = build_demo(
            Path(chosen), customers=customers, seed=seed, force=force, progress=report
        )
    render_demo(cli.console, result)
    if serve:
        _serve_demo(cli.console, result.workspace, port)


def _serve_demo(console: Console, workspace: Path, port: int) -> None:
    from centric.web import prepare_demo
    from centric.web import serve as serve_app

    settings = load_settings(workspace)
    access = prepare_demo(settings, progress=lambda step: console.print(f"Preparing: {step}..."))
    added = f" (starter rules added: {', '.join(access.rules_added)})" if access.rules_added else ""
    console.print(
        f"{access.customers:,} customers resolved, {access.verbatims_annotated:,} verbatims "
        f"newly annotated; alert rules opened {access.sweep.evaluation.opened:,} case(s){added}."
    )
    console.print(
        f"Open http://127.0.0.1:{port}/ and sign in as [bold]{access.username}[/] with password "
        f"[bold]{access.password}[/] (new on every start; Ctrl+C stops the server)."
    )
    serve_app(settings, port=port)


@contextmanager
def _progress(console: Console) -> Iterator[Callable[[str, float], None] | None]:
    # A progress bar on a terminal; nothing when output is redirected.
    if not console.is_terminal:
        yield None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("starting", total=1.0)
        yield lambda message, done: progress.update(task, description=message, completed=done)


def render_demo(console: Console, result: DemoResult) -> None:
    """Print what the demo generated and ingested, where the ground truth is, and what next."""
    where = result.workspace
    made = (
        f"generated in {result.generation_seconds:.1f} s"
        if result.generated
        else "files already there, unchanged"
    )
    console.print(
        f"Demo of {result.customers:,} customers (seed {result.seed}) in [bold]{where}[/]: "
        f"{made}; ingested in {result.ingest_seconds:.1f} s."
    )
    sources = Table("source", "feeds", "files", "read", "accepted", "quarantined", title="Sources")
    for s in result.sources:
        unchanged = s.skipped_files == s.files
        sources.add_row(
            s.name,
            s.kind,
            str(s.files),
            *(("already ingested", "-", "-") if unchanged else (
                f"{s.rows_read:,}", f"{s.accepted:,}", f"{s.quarantined:,}"
            )),
        )  # fmt: skip
    console.print(sources)
    tables = Table("table", "rows", title="Warehouse")
    for name, rows in result.tables.items():
        tables.add_row(name, f"{rows:,}")
    console.print(tables)
    if result.changed_nothing:
        console.print("Nothing changed: every file was already ingested with the same content.")
    else:
        console.print(
            f"{result.quarantined:,} row(s) quarantined; {result.expected_quarantine:,} were "
            "broken on purpose (see ground_truth/quarantine_expected.csv)."
        )
    console.print(f"Ground truth: {result.ground_truth}")
    console.print("Try next:", highlight=False)
    for command in ("status", "batches", "quarantine --source crm"):
        console.print(f"  centric -w {where} {command}", highlight=False, markup=False)

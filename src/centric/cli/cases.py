"""``centric cases``: run the closed loop's periodic work, and list cases.

``sweep`` synchronises the alert rules of centric.toml, opens cases for new feedback, escalates
overdue cases and delivers notifications; run it after ``centric ingest`` (the web server also
runs it on a timer).
"""

from __future__ import annotations

from typing import Annotated, Literal

import typer
from rich.table import Table

from centric.cli.context import handles_errors, state

app = typer.Typer(help="Alert rules and cases: the closed loop.", no_args_is_help=True)


@app.command("sweep")
@handles_errors
def sweep_(ctx: typer.Context) -> None:
    """Evaluate the alert rules, escalate overdue cases and send notifications, once."""
    from centric.cases import sweep
    from centric.runtime import open_runtime

    cli = state(ctx)
    settings = cli.settings()
    with open_runtime(settings) as runtime:
        result = sweep(runtime, actor=settings.actor)
    evaluation = result.evaluation
    cli.console.print(
        f"{evaluation.rules} rule(s) evaluated: {evaluation.matched:,} match(es), "
        f"{evaluation.opened:,} case(s) opened; {result.escalated:,} escalated; "
        f"{result.delivered:,} notification(s) sent, {result.failed:,} failed."
    )
    for name, opened in evaluation.opened_by_rule.items():
        cli.console.print(f"  {name}: {opened:,} opened")
    for name, why in evaluation.skipped_rules.items():
        cli.console.print(f"  {name}: skipped, {why}", highlight=False)


@app.command("list")
@handles_errors
def list_(
    ctx: typer.Context,
    status: Annotated[
        Literal["active", "open", "in_progress", "resolved", "overdue", "all"],
        typer.Option(help="Which cases: active, open, in_progress, resolved, overdue or all."),
    ] = "active",
    team: Annotated[str | None, typer.Option(help="Only this team.")] = None,
    limit: Annotated[int, typer.Option(help="How many to show.")] = 50,
) -> None:
    """List cases, soonest due first."""
    from centric.access import Principal
    from centric.cases import CaseFilter, list_cases
    from centric.runtime import open_runtime

    cli = state(ctx)
    settings = cli.settings()
    with open_runtime(settings) as runtime:
        page = list_cases(
            runtime,
            Principal.system(settings.actor),
            CaseFilter(status=status, team_id=team, limit=min(limit, 500)),
        )
    table = Table(
        "case", "priority", "status", "team", "due (UTC)", "title", title=f"{page.total:,} case(s)"
    )
    for case in page.items:
        table.add_row(
            case.reference,
            case.priority,
            "overdue" if case.overdue else case.status,
            case.team_id or "",
            f"{case.due_at:%Y-%m-%d %H:%M}",
            case.title,
        )
    cli.console.print(table, markup=False)


@app.command("starter-rules")
@handles_errors
def starter_rules_(ctx: typer.Context) -> None:
    """Create the starter alert rules (detractor, high-value detractor, warning signal) when the
    workspace has none; edit them on the rules page."""
    from centric.access import Principal
    from centric.cases import install_starter_rules
    from centric.runtime import open_runtime

    cli = state(ctx)
    settings = cli.settings()
    with open_runtime(settings) as runtime:
        added = install_starter_rules(runtime, Principal.system(settings.actor))
    if not added:
        cli.console.print("The workspace already has alert rules; nothing added.")
    for rule in added:
        cli.console.print(f"Added rule [bold]{rule.spec.name}[/]: {rule.summary}.")

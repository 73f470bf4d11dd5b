"""``centric customer``: show a customer 360, explain a match, and data-steward overrides."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from centric.cli.context import handles_errors, state

if TYPE_CHECKING:
    from centric.identity import CustomerView, Explanation, OverrideResult

app = typer.Typer(
    help="One customer: 360 view, match explanations, merge / unmerge / separate.",
    no_args_is_help=True,
)

Reason = Annotated[str, typer.Option("--reason", "-r", help="Why (kept in the audit trail).")]


@app.command("show")
@handles_errors
def show(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="Customer ID, e-mail, phone or source:key.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    limit: Annotated[int, typer.Option(help="Timeline rows to show.")] = 30,
) -> None:
    """Show a customer's golden record, source records and timeline."""
    from centric.access import Principal
    from centric.cases import cases_for_customer
    from centric.identity import customer_360
    from centric.runtime import open_runtime

    cli = state(ctx)
    settings = cli.settings()
    with open_runtime(settings) as runtime:
        view = customer_360(runtime, query)
        cases = cases_for_customer(
            runtime,
            Principal.system(settings.actor),
            view.record_refs,
            customer_id=view.customer_id,
        )
    if as_json:
        document = view.as_dict() | {"cases": [c.model_dump(mode="json") for c in cases]}
        typer.echo(json.dumps(document, indent=2, default=str))
        return
    _render_view(cli.console, view, [c.model_dump() for c in cases], limit)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _render_view(
    console: Console, view: CustomerView, cases: list[dict[str, Any]], limit: int
) -> None:
    golden = Table("field", "value", "rule", "from record", title=f"Customer {view.customer_id}")
    for field, value in view.golden.items():
        if value is None or field == "customer_id":
            continue
        origin = view.provenance.get(field) or {}
        golden.add_row(field, escape(str(value)), origin.get("rule", ""), origin.get("record", ""))
    console.print(golden)
    records = Table("record", "linked by", "probability", "via", "name", "e-mail", title="Records")
    for row in view.records.to_dict(orient="records"):
        probability = row.get("match_probability")
        name = " ".join(str(row[k]) for k in ("first_name", "last_name") if row.get(k))
        records.add_row(
            f"{row['source']}:{row['source_key']}",
            str(row.get("linked_by") or ""),
            f"{probability:.3f}"
            if isinstance(probability, float) and not math.isnan(probability)
            else "",
            str(row.get("linked_via") or ""),
            escape(name or _text(row.get("full_name"))),
            escape(_text(row.get("email"))),
        )
    console.print(records)
    timeline = Table("when", "what", "area", "source", "channel", "summary", title="Timeline")
    rows = view.timeline.head(limit).to_dict(orient="records")
    for row in rows:
        timeline.add_row(
            str(row.get("at") or ""),
            str(row.get("kind") or ""),
            str(row.get("area") or ""),
            str(row.get("source") or ""),
            str(row.get("channel") or ""),
            escape(str(row.get("summary") or ""))[:100],
        )
    console.print(timeline)
    if len(view.timeline) > limit:
        console.print(f"{len(view.timeline) - limit:,} older event(s) not shown (--limit).")
    if cases:
        table = Table("case", "status", "priority", "opened", "title", title="Cases")
        for case in cases:
            table.add_row(
                str(case.get("id")),
                str(case.get("status")),
                str(case.get("priority")),
                str(case.get("opened_at")),
                escape(str(case.get("title"))),
            )
        console.print(table)


@app.command("explain")
@handles_errors
def explain(
    ctx: typer.Context,
    record_a: Annotated[str, typer.Argument(help="A record, source:source_key.")],
    record_b: Annotated[str, typer.Argument(help="Another record, source:source_key.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Explain, field by field, why two records are (or are not) the same customer."""
    from centric.identity import explain_pair
    from centric.runtime import open_runtime

    cli = state(ctx)
    with open_runtime(cli.settings()) as runtime:
        explanation = explain_pair(runtime, record_a, record_b)
    if as_json:
        typer.echo(json.dumps(_explanation_dict(explanation), indent=2))
        return
    cli.console.print(explanation.summary, highlight=False, markup=False, soft_wrap=True)
    for evidence in explanation.evidence:
        cli.console.print(f"  {evidence.sentence}", highlight=False, markup=False)
    cli.console.print(
        f"  (before any evidence, two records match with odds of 1 in "
        f"{2**-explanation.prior_weight:,.0f})",
        highlight=False,
    )


def _explanation_dict(explanation: Explanation) -> dict[str, Any]:
    return {
        "record_a": explanation.record_a,
        "record_b": explanation.record_b,
        "match_probability": explanation.match_probability,
        "match_weight": explanation.match_weight,
        "prior_weight": explanation.prior_weight,
        "same_customer": explanation.same_customer,
        "customer_a": explanation.customer_a,
        "customer_b": explanation.customer_b,
        "rule": explanation.rule,
        "override": explanation.override,
        "evidence": [
            {
                "field": e.field,
                "level": e.label,
                "weight": e.weight,
                "strength": e.strength,
                "direction": e.direction,
                "sentence": e.sentence,
            }
            for e in explanation.evidence
        ],
    }


@app.command("merge")
@handles_errors
def merge(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(help="Customer ID or source:source_key.")],
    second: Annotated[str, typer.Argument(help="Customer ID or source:source_key.")],
    reason: Reason,
) -> None:
    """Make two customers (or records) one customer, now and in every later run."""
    from centric.identity import merge_customers
    from centric.runtime import open_runtime

    cli = state(ctx)
    settings = cli.settings()
    with open_runtime(settings) as runtime:
        result = merge_customers(runtime, first, second, reason=reason, actor=settings.actor)
    _render_override(cli.console, result)


@app.command("separate")
@handles_errors
def separate(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(help="A record (source:source_key) or customer ID.")],
    second: Annotated[str, typer.Argument(help="Another record or customer ID.")],
    reason: Reason,
) -> None:
    """Keep two records (or customers) apart, now and in every later run."""
    from centric.identity import separate_records
    from centric.runtime import open_runtime

    cli = state(ctx)
    settings = cli.settings()
    with open_runtime(settings) as runtime:
        result = separate_records(runtime, first, second, reason=reason, actor=settings.actor)
    _render_override(cli.console, result)


@app.command("unmerge")
@handles_errors
def unmerge(
    ctx: typer.Context,
    customer: Annotated[str, typer.Argument(help="The customer ID.")],
    records: Annotated[
        list[str], typer.Argument(help="Records (source:source_key) to take out of it.")
    ],
    reason: Reason,
) -> None:
    """Split a customer: take records out; they never rejoin the ones that stay."""
    from centric.identity import unmerge_records
    from centric.runtime import open_runtime

    cli = state(ctx)
    settings = cli.settings()
    with open_runtime(settings) as runtime:
        result = unmerge_records(runtime, customer, records, reason=reason, actor=settings.actor)
    _render_override(cli.console, result)


def _render_override(console: Console, result: OverrideResult) -> None:
    console.print(result.summary, highlight=False, markup=False, soft_wrap=True)

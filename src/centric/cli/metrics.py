"""``centric metrics NAME``: VoC metrics with intervals, suppression and change labels.

One sub-command per metric of the registry (``nps``, ``csat``, ``ces``, ``enps``, ``fcr``,
``aht``, ``frt``, ``containment``, ``response-rate``) plus ``list``. Each parses its options into
a :class:`~centric.voc.MetricRequest`, calls :func:`~centric.voc.report_metric` and renders the
result as a table, CSV or JSON. Nothing here computes a figure.
"""

# No `from __future__ import annotations`: Typer evaluates each metric command's annotations,
# and their help texts are built from the metric in the enclosing function.

import json
import math
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer
from rich.console import Console
from rich.table import Table

from centric.cli.context import handles_errors, state
from centric.errors import InvalidInputError
from centric.voc import GRAINS, METRICS

if TYPE_CHECKING:
    from centric.voc import Metric, MetricResult, PostStratification
    from centric.voc.registry import Grain
    from centric.voc.schemas import Weights

app = typer.Typer(
    help="Voice-of-customer metrics: every figure with n, a 95% interval, suppression of small "
    "groups, and whether a change is real.",
    no_args_is_help=True,
)
FORMATS = ("table", "csv", "json")


def _metric_command(metric: "Metric") -> Callable[..., None]:
    def command(
        ctx: typer.Context,
        by: Annotated[
            str | None,
            typer.Option("--by", help="Dimensions to break down by, comma-separated."),
        ] = None,
        period: Annotated[
            str,
            typer.Option(help=f"Time grain: {', '.join(GRAINS)}, or total for the whole range."),
        ] = "month",
        since: Annotated[
            str | None, typer.Option(help="First day included, YYYY-MM-DD (UTC).")
        ] = None,
        until: Annotated[
            str | None, typer.Option(help="Last day included, YYYY-MM-DD (UTC).")
        ] = None,
        output: Annotated[
            str, typer.Option("--format", help="Output: table, csv or json.")
        ] = "table",
        measure: Annotated[
            list[str] | None,
            typer.Option(
                help="Measure to show (repeatable): "
                + ", ".join(m.name for m in metric.measures)
                + ". Default: all."
            ),
        ] = None,
        where: Annotated[
            list[str] | None,
            typer.Option(help="Only rows with these values, e.g. channel=web,app (repeatable)."),
        ] = None,
        weights: Annotated[
            str, typer.Option(help="survey: use the feedback weight column; none: equal weights.")
        ] = "none",
        post_stratify: Annotated[
            str | None,
            typer.Option(
                help="Re-weight to a target mix, e.g. channel=web:0.5,store:0.3,phone:0.2."
            ),
        ] = None,
        confidence: Annotated[float, typer.Option(help="Confidence level of intervals.")] = 0.95,
        engine: Annotated[
            str | None,
            typer.Option(
                help="Engine that aggregates the rows: duckdb or spark. Default: the engine "
                "setting.",
                show_default=False,
            ),
        ] = None,
    ) -> None:
        from centric.runtime import open_runtime
        from centric.voc import MetricRequest, report_metric

        cli = state(ctx)
        if output not in FORMATS:
            raise InvalidInputError(
                f"Unknown format '{output}'.", hint=f"Use one of: {', '.join(FORMATS)}."
            )
        request = MetricRequest(
            metric=metric.name,
            by=_split(by),
            period=_grain(period),
            since=_day(since, "--since"),
            until=_day(until, "--until"),
            measures=tuple(measure or ()),
            where=dict(_filter(item) for item in where or ()),
            weights=_weights(weights),
            post_stratify=_post_stratification(post_stratify),
            confidence=confidence,
        )
        with open_runtime(cli.settings(engine=engine)) as runtime:
            result = report_metric(runtime, request)
        render_result(cli.console, result, output)

    command.__doc__ = f"{metric.title}: {metric.summary}"
    return handles_errors(command)


for _metric in METRICS:
    app.command(_metric.name)(_metric_command(_metric))


@app.command("list")
@handles_errors
def list_metrics(ctx: typer.Context) -> None:
    """List the metrics, their measures and the dimensions they break down by."""
    from centric.voc import describe_metrics

    table = Table("metric", "measures", "dimensions", title="Metrics")
    for info in describe_metrics():
        measures = "\n".join(f"{name} ({unit})" for name, unit, _ in info.measures)
        table.add_row(f"{info.name}\n{info.title}", measures, ", ".join(info.dimensions))
    state(ctx).console.print(table)


def render_result(console: Console, result: "MetricResult", output: str) -> None:
    """Print a metric result as a Rich table, CSV or JSON."""
    if output == "csv":
        typer.echo(result.table.to_csv(index=False), nl=False)
        return
    if output == "json":
        typer.echo(json.dumps(result.to_dict(), indent=2))
        return
    metric = result.metric
    if result.table.empty:
        console.print(f"No {metric.title} data in {metric.table} for this selection.")
        return
    dims = list(result.dimensions)
    level = f"{result.request.confidence:.0%}"
    several = len(result.table["measure"].unique()) > 1
    headings = [*(["measure"] if several else []), *dims, "period", "n", "value"]
    table = Table(*headings, f"{level} interval", "vs previous period", "vs rest",
                  title=f"{metric.title} ({metric.name})")  # fmt: skip
    for measure in metric.measures:
        rows = result.table[result.table["measure"] == measure.name]
        for index, row in enumerate(rows.to_dict(orient="records")):
            cells = _row({str(k): v for k, v in row.items()}, dims, measure.unit, result.min_n)
            label = [measure.label if index == 0 else ""] if several else []
            table.add_row(*label, *cells, end_section=index == len(rows) - 1)
    console.print(table)
    trends = result.trends[result.trends["label"] != "within noise"]
    for row in trends.to_dict(orient="records"):
        group = ", ".join(str(row[d]) for d in dims) or "all"
        console.print(
            f"Trend {row['measure']} {group}: {row['label']}, "
            f"{_number(row['slope'], '')} per {result.request.period} "
            f"[{_number(row['slope_low'], '')}, {_number(row['slope_high'], '')}]"
        )
    console.print(
        f"[dim]{level} intervals. Changes are called real when the Benjamini-Hochberg adjusted "
        f"p-value is below {1 - result.request.confidence:.2f}; groups under {result.min_n} "
        "responses are suppressed.[/]"
    )


def _row(row: dict[str, Any], dims: list[str], unit: str, min_n: int) -> list[str]:
    period = row["period"].isoformat() if isinstance(row["period"], date) else "all"
    cells = [str(row[d]) for d in dims] + [period, f"{row['n']:,}"]
    if row["suppressed"]:
        reason = row["suppression"] or "small group"
        why = f"n < {min_n}" if reason == "small group" else reason
        return [*cells, f"[dim]suppressed ({why})[/]", "", "", ""]
    cells.append(_number(row["estimate"], unit))
    cells.append(f"{_number(row['ci_low'], unit)} to {_number(row['ci_high'], unit)}")
    cells.append(_comparison(row, "change", unit))
    cells.append(_comparison(row, "vs_rest", unit))
    return cells


def _comparison(row: dict[str, Any], prefix: str, unit: str) -> str:
    label = row[f"{prefix}_label"]
    if label is None:
        return ""
    if label == "suppressed":
        return "[dim]suppressed[/]"
    colour = "bold" if label.startswith("real") else "dim"
    # Differences of shares are in percentage points, not percent.
    unit = "pp" if unit.startswith("%") else unit
    p = row[f"{prefix}_p"]
    return (
        f"{_number(row[prefix], unit, signed=True)} "
        f"({_number(row[f'{prefix}_low'], unit, signed=True)} to "
        f"{_number(row[f'{prefix}_high'], unit, signed=True)}), "
        f"{'p<0.001' if p < 0.001 else f'p={p:.3f}'} [{colour}]{label}[/]"
    )


def _number(value: Any, unit: str, *, signed: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    sign = "+" if signed else ""
    if unit.startswith("%"):
        return f"{value:{sign}.1f}%"
    if unit == "pp":
        return f"{value:{sign}.1f} pp"
    if unit == "seconds":
        return f"{value:{sign}.0f}s"
    if unit.startswith("points"):
        return f"{value:{sign}.1f}"
    return f"{value:{sign}.2f}"


def _grain(value: str) -> "Grain | None":
    if value in ("total", "none"):
        return None
    if value not in GRAINS:
        raise InvalidInputError(
            f"Unknown period '{value}'.", hint=f"Use one of: {', '.join(GRAINS)}, total."
        )
    return value


def _weights(value: str) -> "Weights":
    if value not in ("none", "survey"):
        raise InvalidInputError(f"Unknown weighting '{value}'.", hint="Use survey or none.")
    return cast("Weights", value)


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInputError(
            f"{option} {value!r} is not a date.", hint="Write dates as YYYY-MM-DD."
        ) from exc


def _filter(item: str) -> tuple[str, tuple[str, ...]]:
    name, _, values = item.partition("=")
    if not name.strip() or not _split(values):
        raise InvalidInputError(
            f"--where {item!r} is not DIMENSION=VALUE[,VALUE...].", hint="e.g. --where channel=web"
        )
    return name.strip(), _split(values)


def _post_stratification(value: str | None) -> "PostStratification | None":
    from centric.voc import PostStratification

    if value is None:
        return None
    name, _, pairs = value.partition("=")
    targets: dict[str, float] = {}
    for pair in _split(pairs):
        key, _, share = pair.rpartition(":")
        try:
            targets[key.strip()] = float(share)
        except ValueError as exc:
            raise InvalidInputError(
                f"--post-stratify {value!r}: {pair!r} is not VALUE:SHARE.",
                hint="e.g. --post-stratify channel=web:0.5,store:0.3,phone:0.2",
            ) from exc
    if not name.strip() or not targets or "" in targets:
        raise InvalidInputError(
            f"--post-stratify {value!r} is not DIMENSION=VALUE:SHARE,...",
            hint="e.g. --post-stratify channel=web:0.5,store:0.3,phone:0.2",
        )
    return PostStratification(name.strip(), targets)

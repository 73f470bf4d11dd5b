"""``centric text``: annotate verbatims, list and edit themes, show what is emerging."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from centric.cli.context import handles_errors, state

app = typer.Typer(
    help="Text analytics of verbatims: sentiment, themes, needs, warnings, what is new.",
    no_args_is_help=True,
)
themes_app = typer.Typer(
    help="List themes (no sub-command) or edit the taxonomy.", invoke_without_command=True
)
app.add_typer(themes_app, name="themes")

Audience = Annotated[str, typer.Option(help="customer or employee.")]


@app.command("annotate")
@handles_errors
def annotate(
    ctx: typer.Context,
    full: Annotated[bool, typer.Option("--full", help="Annotate every verbatim again.")] = False,
) -> None:
    """Annotate verbatims that are new or whose text changed."""
    from centric.runtime import open_runtime
    from centric.text import annotate_verbatims

    cli = state(ctx)
    with open_runtime(cli.settings()) as runtime:
        run = annotate_verbatims(runtime, full=full)
    cli.console.print(
        f"Annotated {run.annotated:,} verbatim(s) in {run.seconds:.1f} s; "
        f"{run.up_to_date:,} already up to date; {run.removed:,} removed."
    )
    for kind, count in sorted(run.by_kind.items()):
        cli.console.print(f"  {kind}: {count:,}")
    if run.new_themes:
        cli.console.print(f"New themes: {', '.join(run.new_themes)}")
    for language, info in sorted(run.sentiment.items()):
        if "macro_f1_adapted" in info:
            cli.console.print(
                f"Sentiment {language}: {info['method']} (held-out macro-F1 adapted "
                f"{info['macro_f1_adapted']:.3f} vs lexicon {info['macro_f1_lexicon']:.3f}, "
                f"{info['train']:,} scored texts)"
            )


@app.command("embeddings")
@handles_errors
def embeddings(ctx: typer.Context) -> None:
    """Distil the optional static embedding model (needs the text-embeddings extra)."""
    from centric.runtime import open_runtime
    from centric.text import build_embeddings

    cli = state(ctx)
    with open_runtime(cli.settings()) as runtime:
        folder = build_embeddings(runtime)
    cli.console.print(f"Static embeddings ready in {folder}; theme discovery now uses them.")


@themes_app.callback()
@handles_errors
def themes(
    ctx: typer.Context,
    audience: Audience = "customer",
    quotes: Annotated[int, typer.Option(help="Quotes per theme.")] = 1,
) -> None:
    """List themes with volume, sentiment, NPS impact and a representative quote."""
    from centric.runtime import open_runtime
    from centric.text import list_themes

    if ctx.invoked_subcommand is not None:
        return
    cli = state(ctx)
    with open_runtime(cli.settings()) as runtime:
        summaries = list_themes(runtime, audience=audience, quotes=quotes)
    table = Table("id", "label", "volume", "share", "sentiment", "NPS", "NPS impact", "keywords",
                  "quote", title=f"Themes ({audience})")  # fmt: skip
    for s in summaries:
        table.add_row(
            s.theme_id, s.label, f"{s.volume:,}", f"{s.share:.1%}",
            "-" if s.sentiment is None else f"{s.sentiment:+.2f}",
            "-" if s.nps is None else f"{s.nps:+.0f}",
            "-" if s.nps_impact is None else f"{s.nps_impact:+.2f}",
            ", ".join(s.keywords[:5]), (s.quotes[0][:90] if s.quotes else ""),
        )  # fmt: skip
    cli.console.print(table)


@themes_app.command("rename")
@handles_errors
def rename(ctx: typer.Context, theme_id: str, label: str) -> None:
    """Rename a theme."""
    from centric.runtime import open_runtime
    from centric.text import rename_theme

    cli = state(ctx)
    with open_runtime(cli.settings()) as runtime:
        edit = rename_theme(runtime, theme_id, label)
    cli.console.print(edit.message)


@themes_app.command("merge")
@handles_errors
def merge(
    ctx: typer.Context,
    theme_ids: Annotated[list[str], typer.Argument(help="Themes to merge.")],
    into: Annotated[str, typer.Option("--into", help="Theme that absorbs them.")],
) -> None:
    """Merge themes into one (the merged IDs then point at it)."""
    from centric.runtime import open_runtime
    from centric.text import merge_themes

    cli = state(ctx)
    with open_runtime(cli.settings()) as runtime:
        edit = merge_themes(runtime, theme_ids, into)
    cli.console.print(f"{edit.message} {edit.reassigned:,} verbatims re-assigned.")


@themes_app.command("split")
@handles_errors
def split(
    ctx: typer.Context,
    theme_id: str,
    keyword: Annotated[list[str], typer.Option("--keyword", "-k", help="Keyword (repeatable).")],
    label: Annotated[str | None, typer.Option(help="Label of the new theme.")] = None,
) -> None:
    """Split the verbatims about some keywords out of a theme into a new theme."""
    from centric.runtime import open_runtime
    from centric.text import split_theme

    cli = state(ctx)
    with open_runtime(cli.settings()) as runtime:
        edit = split_theme(runtime, theme_id, keyword, label=label)
    cli.console.print(f"{edit.message} {edit.reassigned:,} verbatims re-assigned.")


@themes_app.command("pin")
@handles_errors
def pin(
    ctx: typer.Context,
    theme_id: str,
    keyword: Annotated[list[str], typer.Option("--keyword", "-k", help="Keyword (repeatable).")],
    unpin: Annotated[bool, typer.Option("--unpin", help="Remove the keywords.")] = False,
) -> None:
    """Pin keywords to a theme: a verbatim containing one always mentions it."""
    from centric.runtime import open_runtime
    from centric.text import pin_keywords

    cli = state(ctx)
    with open_runtime(cli.settings()) as runtime:
        edit = pin_keywords(runtime, theme_id, keyword, unpin=unpin)
    cli.console.print(f"{edit.message} {edit.reassigned:,} verbatims re-assigned.")


@app.command("emerging")
@handles_errors
def emerging(
    ctx: typer.Context,
    period: Annotated[str, typer.Option(help="day, week, month, quarter or year.")] = "month",
    at: Annotated[str | None, typer.Option(help="A day in the period (YYYY-MM-DD).")] = None,
    baseline: Annotated[int, typer.Option(help="Periods before it forming the baseline.")] = 6,
    audience: Audience = "customer",
) -> None:
    """Show themes that are new or grew beyond their baseline, and which are steady."""
    from centric.runtime import open_runtime
    from centric.text import find_emerging_themes

    cli = state(ctx)
    day = date.fromisoformat(at) if at else None
    with open_runtime(cli.settings()) as runtime:
        report = find_emerging_themes(
            runtime, period=period, at=day, baseline_periods=baseline, audience=audience
        )
    cli.console.print(
        f"{report.period} {report.start} to {report.end}: {report.verbatims:,} verbatims; "
        f"baseline from {report.baseline_start}: {report.baseline_verbatims:,}."
    )
    for title, trends in (("Eye-opening", report.eye_opening), ("Declining", report.declining),
                          ("Steady", report.steady)):  # fmt: skip
        table = Table("id", "label", "status", "mentions", "share", "baseline share", "ratio",
                      "q", "quote", title=title)  # fmt: skip
        for t in trends:
            table.add_row(
                t.theme_id, t.label, t.status, f"{t.mentions:,}", f"{t.share:.1%}",
                f"{t.baseline_share:.1%}", f"{t.rate_ratio:.2f}", f"{t.q_value:.2g}",
                t.quotes[0][:80] if t.quotes else "",
            )  # fmt: skip
        cli.console.print(table)

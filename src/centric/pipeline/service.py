"""``centric run``: the whole pipeline, incrementally, in the documented order.

ingest declared sources → resolve identities → annotate verbatims → bring the daily summaries
of large metric tables up to date → sweep the closed loop (evaluate alert rules into cases,
escalate overdue cases, deliver notifications). Each step is the domain's own incremental
service: a run with no new data changes nothing. Metrics themselves are computed on demand from
what the steps leave. This module sequences the domain
services; it must not reach into their tables.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from centric.cases import SweepResult, sweep
from centric.identity import ResolveResult, resolve_identities
from centric.ingest import BatchResult, declared_sources, ingest_declared
from centric.pipeline.steps import STEPS
from centric.runtime import Runtime
from centric.text import AnnotationRun, annotate_verbatims
from centric.voc import SummaryRefresh, refresh_summaries

Progress = Callable[[str], None]


@dataclass
class PipelineResult:
    """What each step of one run did; a step left out or with nothing to do is ``None``."""

    batches: list[BatchResult] = field(default_factory=list)
    resolution: ResolveResult | None = None
    annotation: AnnotationRun | None = None
    summaries: list[SummaryRefresh] = field(default_factory=list)
    loop: SweepResult | None = None
    skipped: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def run_pipeline(
    runtime: Runtime,
    *,
    steps: tuple[str, ...] = STEPS,
    progress: Progress | None = None,
) -> PipelineResult:
    """Run the pipeline steps in order, each incrementally.

    Args:
        runtime: Open stores of the workspace.
        steps: Which steps to run (a subset of :data:`STEPS`); order is always the pipeline's.
        progress: Called with a short description of each stage.

    Returns:
        What each step did, and why any step was skipped.

    Raises:
        CentricError: A step failed; steps before it have committed their work.
    """
    result = PipelineResult()
    report = progress or (lambda _message: None)
    if "ingest" in steps:
        with _timed(result, "ingest"):
            if declared_sources(runtime.workspace):
                result.batches = ingest_declared(runtime, progress=report)
            else:
                result.skipped["ingest"] = "centric.toml declares no sources"
    if "resolve" in steps:
        with _timed(result, "resolve"):
            if runtime.warehouse.scalar("SELECT count(*) FROM customer_records"):
                report("resolving identities")
                result.resolution = resolve_identities(runtime, progress=report)
            else:
                result.skipped["resolve"] = "no customer records yet"
    if "annotate" in steps:
        with _timed(result, "annotate"):
            report("annotating verbatims")
            result.annotation = annotate_verbatims(runtime, progress=report)
    if "summarise" in steps:
        with _timed(result, "summarise"):
            report("bringing metric summaries up to date")
            result.summaries = refresh_summaries(
                runtime.warehouse, min_rows=runtime.settings.metrics_summary_min_rows
            )
    if "cases" in steps:
        with _timed(result, "cases"):
            report("evaluating alert rules and escalating cases")
            result.loop = sweep(runtime, actor=runtime.settings.actor)
    return result


@contextmanager
def _timed(result: PipelineResult, step: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        result.seconds[step] = time.perf_counter() - started

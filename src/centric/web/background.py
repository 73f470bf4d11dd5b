"""The server's background worker: the closed loop's sweep and the pipeline on timers, the
pipeline on request, and prompt delivery of notifications after a change.

While the server runs it holds the warehouse, so no other process can load data into it; this
worker is how new data arrive. One daemon thread runs :func:`centric.cases.sweep` at start and
every ``sweep_seconds``. When ``pipeline_seconds`` is set it also runs
:func:`centric.pipeline.run_pipeline` (ingest the declared sources, resolve, annotate, summarise,
cases; each step does only new work) at start and every ``pipeline_seconds``, and at once whenever
an administrator asks (:meth:`Sweeper.run_pipeline_soon`), whatever the setting. It delivers due
notifications whenever :meth:`Sweeper.wake` is called (after each case change) or every fifteen
seconds. Everything runs in this one thread, so the server's background writes never overlap.
Failures are logged and retried on the next round; they never stop the server. It must not hold
closed-loop or pipeline logic itself.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from centric.cases import deliver_notifications, sweep
from centric.errors import CentricError
from centric.pipeline import PipelineResult, run_pipeline
from centric.runtime import Runtime
from centric.store import record_audit_event

log = logging.getLogger("centric.web")
_DELIVERY_SECONDS = 15.0


@dataclass(frozen=True)
class PipelineRound:
    """The outcome of the worker's latest pipeline run.

    Attributes:
        finished_at: When it ended (UTC).
        succeeded: Whether every step ran without error.
        summary: What the steps did, or why the run failed.
    """

    finished_at: datetime
    succeeded: bool
    summary: str


class Sweeper:
    """Runs the periodic work of a server (sweep, pipeline, notifications) in one thread."""

    def __init__(
        self,
        runtime: Runtime,
        every_seconds: float,
        *,
        pipeline_seconds: float = 0,
        on_data_change: Callable[[], None] | None = None,
    ) -> None:
        """Prepare the worker (it starts with :meth:`start`).

        Args:
            runtime: The server's open stores.
            every_seconds: Seconds between sweeps of the closed loop.
            pipeline_seconds: Seconds between pipeline runs; 0 runs it only when asked.
            on_data_change: Called after a pipeline run that changed data (e.g. to drop cached
                page data).
        """
        self._runtime = runtime
        self._every = every_seconds
        self._pipeline_every = pipeline_seconds
        self._on_data_change = on_data_change
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._pipeline_asked = threading.Event()
        self._last_round: PipelineRound | None = None
        self._thread = threading.Thread(target=self._run, name="centric-sweeper", daemon=True)

    @property
    def last_pipeline_round(self) -> PipelineRound | None:
        """The latest pipeline run of this worker, if any."""
        return self._last_round

    def start(self) -> None:
        """Start the thread (the first sweep, and the first pipeline run when it is on a timer,
        run at once)."""
        self._thread.start()

    def stop(self) -> None:
        """Ask the thread to finish and wait for it."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def wake(self) -> None:
        """Deliver pending notifications soon (after a case changed)."""
        self._wake.set()

    def run_pipeline_soon(self, actor: str) -> None:
        """Run the pipeline in the worker as soon as it is free, and audit who asked.

        Args:
            actor: User name of whoever asked, for the audit log.
        """
        record_audit_event(
            self._runtime.app_db,
            actor=actor,
            action="pipeline.requested",
            target="pipeline",
            summary="Asked the server to run the pipeline now.",
        )
        self._pipeline_asked.set()
        self._wake.set()

    def run_pipeline(self) -> str:
        """Run the pipeline once in the calling thread (the worker's, or any thread while the
        worker is not running), and drop cached page data when it changed anything.

        Returns:
            One line saying what each step did.

        Raises:
            CentricError: A step failed; steps before it have committed their work.
        """
        result = run_pipeline(self._runtime)
        if _changed_data(result) and self._on_data_change is not None:
            self._on_data_change()
        return _summary(result)

    def _run(self) -> None:
        next_sweep = time.monotonic()
        next_pipeline = next_sweep if self._pipeline_every > 0 else math.inf
        while not self._stop.is_set():
            if self._pipeline_asked.is_set() or time.monotonic() >= next_pipeline:
                self._pipeline_asked.clear()
                if self._pipeline_round():
                    # The pipeline's last step is the sweep, so the next one can wait.
                    next_sweep = time.monotonic() + self._every
                if self._pipeline_every > 0:
                    next_pipeline = time.monotonic() + self._pipeline_every
            elif time.monotonic() >= next_sweep:
                self._attempt("sweep", lambda: sweep(self._runtime))
                next_sweep = time.monotonic() + self._every
            else:
                self._attempt("delivery", lambda: deliver_notifications(self._runtime))
            due = min(next_sweep, next_pipeline) - time.monotonic()
            self._wake.wait(timeout=min(_DELIVERY_SECONDS, max(0.0, due)))
            self._wake.clear()

    def _pipeline_round(self) -> bool:
        succeeded, outcome = self._attempt("pipeline", self.run_pipeline)
        self._last_round = PipelineRound(datetime.now(UTC), succeeded, outcome)
        return succeeded

    def _attempt(self, what: str, work: Callable[[], object]) -> tuple[bool, str]:
        try:
            result = work()
        except CentricError as exc:
            log.error("background %s failed: %s (%s)", what, exc.message, exc.hint or "")
            return False, f"{exc.message} {exc.hint or ''}".strip()
        except Exception as exc:  # keep the server alive whatever a round hits; the log has it
            log.exception("background %s failed", what)
            return False, f"{type(exc).__name__}: {exc}"
        log.info("background %s: %s", what, result)
        return True, str(result)


def _changed_data(result: PipelineResult) -> bool:
    resolution, annotation, loop = result.resolution, result.annotation, result.loop
    return (
        any(batch.status == "committed" for batch in result.batches)
        or (
            resolution is not None
            and (resolution.records_new + resolution.records_changed + resolution.records_removed)
            > 0
        )
        or (annotation is not None and (annotation.annotated + annotation.removed) > 0)
        or (loop is not None and (loop.evaluation.opened + loop.escalated) > 0)
    )


def _summary(result: PipelineResult) -> str:
    parts: list[str] = []
    committed = [batch for batch in result.batches if batch.status == "committed"]
    if result.batches:
        parts.append(
            f"ingest: {len(committed)} batch(es), "
            f"{sum(b.inserted for b in committed):,} new row(s), "
            f"{sum(b.updated for b in committed):,} changed, "
            f"{sum(b.quarantined for b in committed):,} quarantined"
        )
    if result.resolution is not None:
        r = result.resolution
        parts.append(
            f"resolve: {r.records:,} records → {r.customers:,} customers "
            f"({r.customers_created:,} new)"
        )
    if result.annotation is not None:
        parts.append(f"annotate: {result.annotation.annotated:,} verbatims")
    parts += [
        f"summarise: {s.table} {s.action}"
        for s in result.summaries
        if s.action in ("built", "extended", "removed")
    ]
    if result.loop is not None:
        parts.append(
            f"cases: {result.loop.evaluation.opened:,} opened, {result.loop.escalated:,} escalated"
        )
    parts += [f"{step}: skipped ({why})" for step, why in result.skipped.items()]
    return "; ".join(parts) or "nothing to do"

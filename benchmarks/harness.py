"""Measures benchmark cases in child processes and reports them side by side.

Each case runs in a fresh process so that its peak memory (max RSS) is its own; wall time is
measured inside the child around the work only. A benchmark module exposes ``run(out: Path) ->
list[Result]`` and prints nothing itself; this module prints the table and writes the JSON.
Nothing here asserts a time: benchmarks measure, tests check behaviour.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import platform
import resource
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

RESULTS = Path("bench-results")


@dataclass
class Result:
    """One measured case."""

    benchmark: str
    case: str
    seconds: float
    peak_rss_mb: float
    metrics: dict[str, Any] = field(default_factory=dict)
    baseline: str | None = None  # the case this one is compared with


def _child(queue: Any, fn: Callable[..., dict[str, Any]], args: tuple[Any, ...]) -> None:
    try:
        started = time.perf_counter()
        metrics = fn(*args) or {}
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        queue.put(("ok", seconds, peak, metrics))
    except BaseException as exc:  # report any failure to the parent, which re-raises
        queue.put(("error", 0.0, 0.0, {"error": repr(exc)}))


def measure(
    benchmark: str,
    case: str,
    fn: Callable[..., dict[str, Any]],
    *args: Any,
    baseline: str | None = None,
) -> Result:
    """Run ``fn(*args)`` in a fresh process and measure it.

    ``fn`` must be importable (a module-level function) and return a dict of extra metrics
    (e.g. ``{"rows": 1_000_000}``); a ``seconds`` key in it replaces the measured wall time
    (for cases that exclude their own set-up).
    """
    context = mp.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(queue, fn, args))
    process.start()
    status, seconds, peak, metrics = queue.get()
    process.join()
    if status != "ok":
        raise RuntimeError(f"benchmark {benchmark}/{case} failed: {metrics['error']}")
    seconds = float(metrics.pop("seconds", seconds))
    return Result(benchmark, case, seconds, peak, metrics, baseline)


def report(name: str, results: list[Result], notes: dict[str, Any] | None = None) -> Path:
    """Print results side by side (with ratios to their baselines) and write JSON."""
    by_case = {r.case: r for r in results}
    print(f"\n== {name} ==")
    header = f"{'case':<44} {'seconds':>9} {'peak MB':>9} {'vs baseline':>12}  metrics"
    print(header)
    print("-" * len(header))
    for result in results:
        ratio = ""
        if result.baseline and result.baseline in by_case:
            base = by_case[result.baseline].seconds
            ratio = f"{result.seconds / base:.2f}x" if base else "n/a"
        metrics = ", ".join(f"{k}={_fmt(v)}" for k, v in result.metrics.items())
        print(
            f"{result.case:<44} {result.seconds:>9.3f} {result.peak_rss_mb:>9.0f} "
            f"{ratio:>12}  {metrics}"
        )
    for key, value in (notes or {}).items():
        print(f"  {key}: {_fmt(value)}")
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(
        json.dumps(
            {
                "benchmark": name,
                "machine": {
                    "python": platform.python_version(),
                    "cpus": mp.cpu_count(),
                    "platform": platform.platform(),
                },
                "results": [asdict(r) for r in results],
                "notes": notes or {},
            },
            indent=2,
            default=str,
        ),
        encoding="utf-8",
    )
    print(f"  written: {path}")
    return path


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)

"""Run every benchmark (``python -m benchmarks``) or those named on the command line."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

BENCHMARKS = ("ingest", "metrics", "web", "identity", "text")


def main(argv: list[str]) -> int:
    """Run the named benchmarks (default all), each writing its JSON under bench-results/."""
    names = argv or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
        return 2
    for name in names:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        module.run(Path("bench-results"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

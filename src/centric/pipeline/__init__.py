"""The pipeline: every domain step of ``centric run`` in order, each incremental."""

from __future__ import annotations

from typing import TYPE_CHECKING

from centric.lazy import lazy_exports

if TYPE_CHECKING:
    from centric.pipeline.service import PipelineResult, run_pipeline
    from centric.pipeline.steps import STEPS

# Each name loads its module on first use (see centric.lazy).
_HOME: dict[str, str] = {
    "PipelineResult": "centric.pipeline.service",
    "run_pipeline": "centric.pipeline.service",
    "STEPS": "centric.pipeline.steps",
}

__all__ = ["STEPS", "PipelineResult", "run_pipeline"]

__getattr__ = lazy_exports(__name__, _HOME)

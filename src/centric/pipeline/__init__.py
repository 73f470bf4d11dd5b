"""The pipeline: every domain step of ``centric run`` in order, each incremental."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from centric.pipeline.service import PipelineResult, run_pipeline
    from centric.pipeline.steps import STEPS

# Each name loads its module on first use, so a command that needs one enum or constant
# does not import the whole package (and its database and web dependencies).
_HOME: dict[str, str] = {
    "PipelineResult": "centric.pipeline.service",
    "run_pipeline": "centric.pipeline.service",
    "STEPS": "centric.pipeline.steps",
}

__all__ = ["STEPS", "PipelineResult", "run_pipeline"]


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value

"""The pipeline: every domain step of ``centric run`` in order, each incremental."""

from centric.pipeline.service import STEPS, PipelineResult, run_pipeline

__all__ = ["STEPS", "PipelineResult", "run_pipeline"]

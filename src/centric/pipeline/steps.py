"""The steps of ``centric run``, in the order they run."""

from __future__ import annotations

STEPS = ("ingest", "resolve", "annotate", "summarise", "cases")

"""The demo's size and seed defaults and limits, kept apart so the CLI can show them cheaply."""

from __future__ import annotations

DEFAULT_CUSTOMERS = 5_000
DEFAULT_SEED = 42
MIN_CUSTOMERS = 100
MAX_CUSTOMERS = 2_000_000

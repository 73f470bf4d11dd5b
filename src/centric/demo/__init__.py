"""The demo: a deterministic synthetic retailer (stores, web shop, contact centre) whose
customers, orders, interactions, feedback and employees arrive through several overlapping
source systems, with ground truth for evaluation. It writes files and ingests them through the
same path a user would; it must not write warehouse tables directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from centric.lazy import lazy_exports

if TYPE_CHECKING:
    from centric.demo.generator import GENERATOR_VERSION, GeneratedDemo, generate_demo
    from centric.demo.service import DemoResult, SourceSummary, build_demo
    from centric.demo.sizes import DEFAULT_CUSTOMERS, DEFAULT_SEED, MAX_CUSTOMERS, MIN_CUSTOMERS

# Each name loads its module on first use (see centric.lazy).
_HOME: dict[str, str] = {
    "GENERATOR_VERSION": "centric.demo.generator",
    "GeneratedDemo": "centric.demo.generator",
    "generate_demo": "centric.demo.generator",
    "DEFAULT_CUSTOMERS": "centric.demo.sizes",
    "DEFAULT_SEED": "centric.demo.sizes",
    "MAX_CUSTOMERS": "centric.demo.sizes",
    "MIN_CUSTOMERS": "centric.demo.sizes",
    "DemoResult": "centric.demo.service",
    "SourceSummary": "centric.demo.service",
    "build_demo": "centric.demo.service",
}

__all__ = [
    "DEFAULT_CUSTOMERS",
    "DEFAULT_SEED",
    "GENERATOR_VERSION",
    "MAX_CUSTOMERS",
    "MIN_CUSTOMERS",
    "DemoResult",
    "GeneratedDemo",
    "SourceSummary",
    "build_demo",
    "generate_demo",
]

__getattr__ = lazy_exports(__name__, _HOME)

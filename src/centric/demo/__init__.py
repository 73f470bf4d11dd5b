"""The demo: a deterministic synthetic retailer (stores, web shop, contact centre) whose
customers, orders, interactions, feedback and employees arrive through several overlapping
source systems, with ground truth for evaluation. It writes files and ingests them through the
same path a user would; it must not write warehouse tables directly.
"""

from centric.demo.generator import GENERATOR_VERSION, GeneratedDemo, generate_demo
from centric.demo.service import (
    DEFAULT_CUSTOMERS,
    DEFAULT_SEED,
    MAX_CUSTOMERS,
    MIN_CUSTOMERS,
    DemoResult,
    SourceSummary,
    build_demo,
)

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

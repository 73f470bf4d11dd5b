"""Independent, reproducible random streams for the demo generator, one per named purpose.

Each part of the generator draws from its own stream derived from the demo seed and a fixed
name, so that changing how one part draws never shifts the numbers another part sees, and the
same seed always yields the same data. Nothing here may read the clock, the environment or the
global ``random`` state.
"""

from __future__ import annotations

import random
import zlib

import numpy as np


def numbers(seed: int, purpose: str) -> np.random.Generator:
    """A numpy generator for vectorised draws, unique to ``(seed, purpose)``.

    Args:
        seed: The demo seed.
        purpose: A fixed name for the part of the generator that draws, e.g. ``"people"``.

    Returns:
        A PCG64 generator.
    """
    return np.random.default_rng(np.random.SeedSequence([seed, zlib.crc32(purpose.encode())]))


def texts(seed: int, purpose: str) -> random.Random:
    """A ``random.Random`` for text composition, unique to ``(seed, purpose)``.

    Args:
        seed: The demo seed.
        purpose: A fixed name for the part of the generator that draws.

    Returns:
        A seeded ``random.Random``.
    """
    return random.Random(f"centric-demo/{seed}/{purpose}")  # noqa: S311  # synthetic data, not crypto

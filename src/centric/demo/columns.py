"""Column-building primitives of the demo generator: shared labels, optional and unique values.

Exports hold millions of rows, so a column of repeated labels must reference a few shared string
objects rather than millions of copies, and keys must be distinct without a lookup per row.
Functions take numpy arrays and a generator and return new arrays; nothing here knows a source
system.
"""

from __future__ import annotations

import numpy as np


def constant(value: object, count: int) -> np.ndarray:
    """An object array of ``count`` references to one ``value``.

    ``np.full(count, "text", dtype=object)`` would make a new string per element.
    """
    out = np.empty(count, dtype=object)
    out.fill(value)
    return out


def label(condition: np.ndarray, yes: str, no: str) -> np.ndarray:
    """``yes`` where ``condition`` holds, else ``no``, as one shared string object per label.

    Millions of rows then hold two string objects, not millions of copies.
    """
    return np.array([no, yes], dtype=object)[condition.astype(np.intp)]


def shared_strings(values: np.ndarray) -> np.ndarray:
    """The same strings as an object array holding one object per distinct value."""
    uniques, inverse = np.unique(values, return_inverse=True)
    shared: np.ndarray = uniques.astype(object)[inverse.reshape(values.shape)]
    return shared


def only_where(condition: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values`` where ``condition`` holds, None elsewhere (an object array)."""
    out = np.full(condition.size, None, dtype=object)
    out[condition] = np.asarray(values, dtype=object)[condition]
    return out


def blank(values: np.ndarray, rng: np.random.Generator, share: float) -> np.ndarray:
    """Values with ``share`` of them left empty (None)."""
    out = values.copy()
    out[rng.random(values.size) < share] = None
    return out


def unique_numbers(rng: np.random.Generator, count: int, start: int) -> np.ndarray:
    """``count`` distinct, unordered, random-looking integers from ``start`` upwards."""
    numbers = start + np.cumsum(rng.integers(1, 60, count))
    return rng.permutation(numbers)

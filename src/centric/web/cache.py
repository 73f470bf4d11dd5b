"""A small cache of page data that is expensive to compute and changes only with the data.

Board figures over millions of rows take seconds to compute and change only when the warehouse
does, so they are kept per key until the warehouse's data version changes or a time limit
passes; concurrent requests for a missing entry wait for one computation instead of repeating
it. Case data (the app DB) is never cached here. This module must not know what it caches.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from centric.runtime import Runtime

T = TypeVar("T")
DEFAULT_SECONDS = 600.0


@dataclass
class _Entry:
    version: Hashable
    stored_at: float
    value: Any


class PageCache:
    """Values by key, valid while the data version is unchanged and for ``seconds`` at most."""

    def __init__(self, seconds: float = DEFAULT_SECONDS, capacity: int = 256) -> None:
        self._seconds = seconds
        self._capacity = capacity
        self._entries: dict[Hashable, _Entry] = {}
        self._guard = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, version: Hashable, compute: Callable[[], T]) -> T:
        """The cached value of ``key`` for ``version``, computing it (once) when missing."""
        found = self._fresh(key, version)
        if found is not None:
            return found.value  # type: ignore[no-any-return]  # stored by this same call site
        with self._guard:
            lock = self._computing.setdefault(key, threading.Lock())
        with lock:
            found = self._fresh(key, version)
            if found is not None:
                return found.value  # type: ignore[no-any-return]  # computed by another thread
            value = compute()
            with self._guard:
                if len(self._entries) >= self._capacity:
                    oldest = min(self._entries, key=lambda k: self._entries[k].stored_at)
                    del self._entries[oldest]
                self._entries[key] = _Entry(version, time.monotonic(), value)
            return value

    def clear(self) -> None:
        """Forget everything (after a change made through the server)."""
        with self._guard:
            self._entries.clear()

    def _fresh(self, key: Hashable, version: Hashable) -> _Entry | None:
        with self._guard:
            entry = self._entries.get(key)
        if entry is None or entry.version != version:
            return None
        if time.monotonic() - entry.stored_at > self._seconds:
            return None
        return entry


def data_version(runtime: Runtime) -> Hashable:
    """What changes whenever new data is ingested: the newest batch number.

    Other processes cannot write the warehouse while the server holds it, so the only other
    changes are made through the server itself, which clears the cache after making them.
    """
    newest: Hashable = runtime.warehouse.scalar("SELECT max(batch_id) FROM source_batches")
    return newest

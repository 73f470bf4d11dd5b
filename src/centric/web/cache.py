"""A small cache of page data that is expensive to compute and changes only with the data.

Board figures over millions of rows take seconds to compute and change only when the warehouse
does. While the server runs no other process can write the warehouse (it holds the file's
lock), so entries are kept for a time limit and dropped at once when the server itself changes
warehouse data; concurrent requests for a missing entry wait for one computation instead of
repeating it. The board's case figures are kept for seconds only; pages that work on cases never
read from here. This module must not know what it caches.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")
DEFAULT_SECONDS = 600.0


@dataclass
class _Entry:
    stored_at: float
    value: Any


class PageCache:
    """Values by key, valid for ``seconds`` at most (or until :meth:`clear`)."""

    def __init__(self, seconds: float = DEFAULT_SECONDS, capacity: int = 256) -> None:
        self._seconds = seconds
        self._capacity = capacity
        self._entries: dict[Hashable, _Entry] = {}
        self._guard = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, compute: Callable[[], T], *, seconds: float | None = None) -> T:
        """The cached value of ``key``, computing it (once) when missing or older than
        ``seconds`` (default the cache's limit)."""
        limit = self._seconds if seconds is None else seconds
        found = self._fresh(key, limit)
        if found is not None:
            return found.value  # type: ignore[no-any-return]  # stored by this same call site
        with self._guard:
            lock = self._computing.setdefault(key, threading.Lock())
        with lock:
            found = self._fresh(key, limit)
            if found is not None:
                return found.value  # type: ignore[no-any-return]  # computed by another thread
            value = compute()
            with self._guard:
                if len(self._entries) >= self._capacity:
                    oldest = min(self._entries, key=lambda k: self._entries[k].stored_at)
                    del self._entries[oldest]
                self._entries[key] = _Entry(time.monotonic(), value)
            return value

    def clear(self) -> None:
        """Forget everything (after a change made through the server)."""
        with self._guard:
            self._entries.clear()

    def _fresh(self, key: Hashable, limit: float) -> _Entry | None:
        with self._guard:
            entry = self._entries.get(key)
        if entry is None:
            return None
        if time.monotonic() - entry.stored_at > limit:
            return None
        return entry

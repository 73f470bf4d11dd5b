"""One open identity resolver for the server's requests.

Opening a resolver reads the resolved population into memory (seconds at a million records);
an answer then takes milliseconds. The server keeps one open: it opens at the first request and
again after a resolution run has changed the population (a new or changed record, a retrained
model). Its temporary tables belong to one warehouse cursor, and the warehouse gives every
thread a cursor of its own, so all of its work runs on one thread of its own; requests take
turns, milliseconds each. This module must not change what an answer is, only where it runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from typing import Any

from centric.identity import IdentityResolver, open_resolver
from centric.identity.online import population_version
from centric.identity.schemas import OnlineMatch
from centric.runtime import Runtime


class SharedResolver:
    """:meth:`IdentityResolver.resolve` for many threads, on a resolver kept open and current."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="centric-resolver")
        self._open = ExitStack()
        self._resolver: IdentityResolver | None = None
        self._version: int | None = None

    def resolve(self, fields: Mapping[str, Any]) -> OnlineMatch:
        """The customer of one record, as :meth:`IdentityResolver.resolve` answers it.

        Raises:
            NotFoundError: Identities have not been resolved yet.
            InvalidInputError: A field is unknown or a value unreadable.
        """
        return self._thread.submit(self._resolve, dict(fields)).result()

    def close(self) -> None:
        """Close the resolver (its temporary tables go) and stop its thread."""
        self._thread.submit(self._close).result()
        self._thread.shutdown()

    def _resolve(self, fields: dict[str, Any]) -> OnlineMatch:
        version = population_version(self._runtime)
        if self._resolver is None or version != self._version:
            self._close()
            self._resolver = self._open.enter_context(open_resolver(self._runtime))
            self._version = version
        return self._resolver.resolve(fields)

    def _close(self) -> None:
        self._resolver = None
        self._version = None
        self._open.close()

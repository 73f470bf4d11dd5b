"""What handlers reach through the request: the server's runtime and its background worker."""

from __future__ import annotations

from fastapi import HTTPException, Request

from centric.access import Principal
from centric.runtime import Runtime
from centric.web.cache import PageCache
from centric.web.resolver import SharedResolver


def runtime_of(request: Request) -> Runtime:
    """The server's open stores."""
    runtime: Runtime = request.app.state.runtime
    return runtime


def after_change(request: Request) -> None:
    """Tell the background worker that a case changed, so its notifications go out soon."""
    sweeper = getattr(request.app.state, "sweeper", None)
    if sweeper is not None:
        sweeper.wake()


def resolver_of(request: Request) -> SharedResolver:
    """The server's identity resolver (opened at its first use)."""
    resolver: SharedResolver = request.app.state.resolver
    return resolver


def page_cache(request: Request) -> PageCache | None:
    """The server's cache of expensive page data."""
    cache: PageCache | None = getattr(request.app.state, "page_cache", None)
    return cache


def ask_for_pipeline_run(request: Request, principal: Principal) -> None:
    """Have the background worker run the pipeline as soon as it is free (audited).

    Raises:
        HTTPException: 409 when this server runs no background worker.
    """
    sweeper = getattr(request.app.state, "sweeper", None)
    if sweeper is None:
        raise HTTPException(
            409,
            "This server runs no background worker, so it cannot run the pipeline; run "
            "'centric run' where the background work happens.",
        )
    sweeper.run_pipeline_soon(principal.username)

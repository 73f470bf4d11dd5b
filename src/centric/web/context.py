"""What handlers reach through the request: the server's runtime and its background worker."""

from __future__ import annotations

from fastapi import Request

from centric.runtime import Runtime
from centric.web.cache import PageCache


def runtime_of(request: Request) -> Runtime:
    """The server's open stores."""
    runtime: Runtime = request.app.state.runtime
    return runtime


def after_change(request: Request) -> None:
    """Tell the background worker that a case changed, so its notifications go out soon."""
    sweeper = getattr(request.app.state, "sweeper", None)
    if sweeper is not None:
        sweeper.wake()


def page_cache(request: Request) -> PageCache | None:
    """The server's cache of expensive page data."""
    cache: PageCache | None = getattr(request.app.state, "page_cache", None)
    return cache

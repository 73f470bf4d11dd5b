"""The ASGI application: :func:`create_app` builds it from settings; :func:`app_from_env` is the
entry point for ``uvicorn --factory``.

At start-up the app opens the workspace's stores (migrating the app DB), synchronises the alert
rules of ``centric.toml`` and starts the background worker; at shutdown it closes them. Routes
are the JSON API under ``/api/v1`` (OpenAPI at ``/api/v1/openapi.json``) and the pages; both
call the domain services and hold no logic. Settings are loaded only here (from the
environment) or by the CLI, and handed down.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from centric import __version__
from centric.cases import sync_workspace_rules
from centric.config import Settings, load_settings
from centric.runtime import Runtime, open_runtime
from centric.web import api, pages
from centric.web.background import Sweeper
from centric.web.cache import PageCache
from centric.web.concurrency import SerializedWarehouse
from centric.web.errors import install_error_handlers
from centric.web.rendering import STATIC
from centric.web.resolver import SharedResolver

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


def create_app(settings: Settings, *, background: bool = True) -> FastAPI:
    """Build the web app for a workspace.

    Args:
        settings: Effective settings of the workspace.
        background: Run the closed loop's sweep, notification delivery and the pipeline (every
            ``pipeline_seconds``, or when an administrator asks) in a background thread (turn
            off when another process does it).

    Returns:
        The ASGI application; its stores open when it starts serving.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with open_runtime(settings) as opened:
            runtime = Runtime(settings, SerializedWarehouse(opened.warehouse), opened.app_db)
            sync_workspace_rules(runtime, actor=settings.actor)
            app.state.runtime = runtime
            cache = PageCache()
            app.state.page_cache = cache
            resolver = SharedResolver(runtime)
            app.state.resolver = resolver
            sweeper = (
                Sweeper(
                    runtime,
                    settings.sweep_seconds,
                    pipeline_seconds=settings.pipeline_seconds,
                    on_data_change=cache.clear,
                )
                if background
                else None
            )
            app.state.sweeper = sweeper
            if sweeper is not None:
                sweeper.start()
            try:
                yield
            finally:
                if sweeper is not None:
                    sweeper.stop()
                resolver.close()

    app = FastAPI(
        title="Centric",
        version=__version__,
        summary="Customer-centricity platform: single customer view, voice of the customer, "
        "closed loop.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    install_error_handlers(app)
    for router in api.ROUTERS:
        app.include_router(router)
    for router in pages.ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(SecurityHeaders)
    return app


def app_from_env() -> FastAPI:
    """The app for ``uvicorn --factory centric.web:app_from_env``: the workspace is
    ``$CENTRIC_WORKSPACE`` (default the current folder), other settings as usual."""
    return create_app(load_settings(Path(os.environ.get("CENTRIC_WORKSPACE") or ".")))


class SecurityHeaders:
    """Adds the security headers to every response; pages and API answers are not cached."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")
        https = scope.get("scheme") == "https"

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Any] = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                ]
                if https:
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                if static:
                    headers.append((b"cache-control", b"public, max-age=86400"))
                else:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)

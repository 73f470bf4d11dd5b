"""Serving the web app with uvicorn: ``centric serve`` and ``centric demo --serve`` call
:func:`serve`; the demo first calls :func:`prepare_demo`. It must not hold application logic."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import uvicorn

from centric.access import Principal, ensure_admin
from centric.cases import SweepResult, install_starter_rules
from centric.config import Settings
from centric.pipeline import run_pipeline
from centric.runtime import open_runtime
from centric.web.app import create_app


def serve(settings: Settings, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the workspace's web app until interrupted.

    Args:
        settings: Effective settings of the workspace.
        host: Interface to listen on; ``0.0.0.0`` for every interface.
        port: TCP port.
    """
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        proxy_headers=True,
        server_header=False,
        log_level="info",
        access_log=False,
    )


DEMO_ADMIN = "demo-admin"


@dataclass(frozen=True)
class DemoAccess:
    """How to get into a freshly prepared demo server, and what preparing it did."""

    username: str
    password: str
    customers: int
    verbatims_annotated: int
    rules_added: list[str]
    sweep: SweepResult


def prepare_demo(
    settings: Settings,
    *,
    admin: str = DEMO_ADMIN,
    progress: Callable[[str], None] | None = None,
) -> DemoAccess:
    """Make a demo workspace ready to serve: an administrator with a new password, the starter
    alert rules (when there are none), then the pipeline's resolve, annotate and closed-loop
    steps (all incremental, so quick when done before) so that customers, themes and cases
    exist.

    Args:
        settings: Effective settings of the demo workspace.
        admin: Name of the administrator to create or reset.
        progress: Called with a short message at each step.

    Returns:
        The administrator's credentials (the password is not stored anywhere) and what the
        preparation did.
    """
    with open_runtime(settings) as runtime:
        password = ensure_admin(runtime.app_db, admin, actor=settings.actor)
        added = install_starter_rules(runtime, Principal.system(settings.actor))
        done = run_pipeline(
            runtime, steps=("resolve", "annotate", "summarise", "cases"), progress=progress
        )
    if done.loop is None:  # pragma: no cover - the cases step always runs when asked for
        raise RuntimeError("the closed-loop step did not run")
    return DemoAccess(
        username=admin,
        password=password,
        customers=done.resolution.customers if done.resolution else 0,
        verbatims_annotated=done.annotation.annotated if done.annotation else 0,
        rules_added=[rule.spec.name for rule in added],
        sweep=done.loop,
    )

"""Serving the web app with uvicorn: ``centric serve`` and ``centric demo --serve`` call
:func:`serve`; the demo first calls :func:`prepare_demo`. It must not hold application logic."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import uvicorn

from centric.access import Principal, ensure_admin
from centric.cases import SweepResult, install_starter_rules, sweep
from centric.config import Settings
from centric.identity import resolve_identities
from centric.runtime import open_runtime
from centric.text import annotate_verbatims
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
    """Make a demo workspace ready to serve: identities resolved and verbatims annotated (both
    incremental, so quick when done before), an administrator with a new password, the starter
    alert rules (when there are none) and a sweep so that cases exist.

    Args:
        settings: Effective settings of the demo workspace.
        admin: Name of the administrator to create or reset.
        progress: Called with a short message at each step.

    Returns:
        The administrator's credentials (the password is not stored anywhere) and what the
        preparation did.
    """

    def tell(step: str) -> None:
        if progress is not None:
            progress(step)

    with open_runtime(settings) as runtime:
        tell("resolving customer identities")
        resolved = resolve_identities(runtime)
        tell("annotating verbatims")
        annotated = annotate_verbatims(runtime)
        tell("opening cases")
        password = ensure_admin(runtime.app_db, admin, actor=settings.actor)
        added = install_starter_rules(runtime, Principal.system(settings.actor))
        result = sweep(runtime, actor=settings.actor)
    return DemoAccess(
        username=admin,
        password=password,
        customers=resolved.customers,
        verbatims_annotated=annotated.annotated,
        rules_added=[rule.spec.name for rule in added],
        sweep=result,
    )

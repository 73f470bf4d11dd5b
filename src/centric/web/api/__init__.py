"""The JSON API under ``/api/v1``: one router per domain, listed in :data:`ROUTERS`."""

from __future__ import annotations

from fastapi import APIRouter

from centric.web.api import (
    access,
    audit,
    cases,
    customers,
    dashboard,
    data_health,
    feedback,
    identity,
    online,
    rules,
    surveys,
)

ROUTERS: tuple[APIRouter, ...] = (
    access.router,
    dashboard.router,
    cases.router,
    customers.router,
    identity.router,
    online.router,
    feedback.router,
    rules.router,
    audit.router,
    data_health.router,
    surveys.router,
)

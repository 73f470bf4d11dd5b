"""Server-rendered HTML: the Jinja2 environment, its filters, and the page context.

Autoescaping is on for every template, so customer text (verbatims, names, comments) always
renders as text, never as markup; nothing marks user content safe. Chart specifications reach
the browser as JSON inside ``<script type="application/json">`` (escaped by ``tojson``). This
module formats; it must not fetch data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from centric import __version__
from centric.access import Permission, Principal
from centric.cases import PRIORITIES, RESOLUTIONS, ROOT_CAUSES, STATUSES

TEMPLATES = Path(__file__).parent / "templates"
MISSING = "\u2013"  # en dash: shown where there is no value
MINUS = "\u2212"  # typographic minus sign
STATIC = Path(__file__).parent / "static"


@dataclass(frozen=True)
class NavItem:
    """One entry of the top navigation."""

    label: str
    href: str
    permission: Permission


NAVIGATION = (
    NavItem("Dashboard", "/", Permission.VIEW_DASHBOARD),
    NavItem("Cases", "/cases", Permission.VIEW_CASES),
    NavItem("Customers", "/customers", Permission.VIEW_CUSTOMERS),
    NavItem("Identity review", "/identity/review", Permission.VIEW_IDENTITY),
    NavItem("Feedback", "/feedback", Permission.VIEW_FEEDBACK),
    NavItem("Data health", "/data-health", Permission.VIEW_DATA_HEALTH),
    NavItem("Rules", "/rules", Permission.VIEW_RULES),
    NavItem("Audit log", "/audit", Permission.VIEW_AUDIT),
    NavItem("Users", "/users", Permission.MANAGE_USERS),
)


@cache
def environment() -> Environment:
    """The template environment (built once per process)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        when=format_when,
        day=format_day,
        relative=format_relative,
        num=format_number,
        pct=format_percent,
        signed=format_signed,
        hours=format_hours,
        label=lambda value: str(value or "").replace("_", " "),
    )
    env.globals.update(
        static=static_url,
        query=query_string,
        Permission=Permission,
        ROOT_CAUSES=ROOT_CAUSES,
        RESOLUTIONS=RESOLUTIONS,
        PRIORITIES=PRIORITIES,
        STATUSES=STATUSES,
        version=__version__,
    )
    return env


def render(
    request: Request,
    template: str,
    *,
    principal: Principal | None = None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render a page (or, for htmx requests of a fragment, just the fragment)."""
    principal = principal or getattr(request.state, "principal", None)
    page = (
        environment()
        .get_template(template)
        .render(
            request=request,
            principal=principal,
            csrf_token=principal.csrf_token if principal else None,
            navigation=[
                item for item in NAVIGATION if principal and principal.can(item.permission)
            ],
            path=request.url.path,
            now=datetime.now(UTC),
            **context,
        )
    )
    return HTMLResponse(page, status_code=status_code)


def is_htmx(request: Request) -> bool:
    """Whether htmx sent the request (and so wants a fragment, not a page)."""
    return request.headers.get("HX-Request") == "true" and "HX-Boosted" not in request.headers


def static_url(path: str) -> str:
    """Address of a bundled static file, versioned so browsers refetch after an upgrade."""
    return f"/static/{path}?v={__version__}"


def query_string(current: dict[str, Any], **changes: Any) -> str:
    """The current filters with some changed, as ``?a=1&b=2`` (empty values dropped)."""
    merged = {**current, **changes}
    kept = {key: value for key, value in merged.items() if value not in (None, "", [])}
    return "?" + urlencode(kept, doseq=True) if kept else ""


def format_when(value: datetime | date | None) -> str:
    """``2026-03-02 09:00 UTC`` (or the date alone)."""
    if value is None:
        return MISSING
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def format_day(value: datetime | date | str | None) -> str:
    """``2 Mar 2026``."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.day} {value:%b %Y}"


def format_relative(value: datetime | None, now: datetime | None = None) -> str:
    """``in 3 h`` or ``2 d ago``."""
    if value is None:
        return MISSING
    moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    seconds = (moment - (now or datetime.now(UTC))).total_seconds()
    span = abs(seconds)
    if span < 3600:
        text = f"{max(1, round(span / 60))} min"
    elif span < 48 * 3600:
        text = f"{span / 3600:.0f} h"
    else:
        text = f"{span / 86400:.0f} d"
    return f"in {text}" if seconds >= 0 else f"{text} ago"


def format_number(value: float | int | None, digits: int = 0) -> str:
    """``1,234`` or ``12.5`` (a dash when missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    return f"{value:,.{digits}f}"


def format_signed(value: float | None, digits: int = 1) -> str:
    """``+2.5`` or ``-1.0`` with a typographic minus."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    return f"{value:+.{digits}f}".replace("-", MINUS)


def format_percent(value: float | None, digits: int = 0) -> str:
    """``87%`` from 0.87."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    return f"{value * 100:.{digits}f}%"


def format_hours(value: float | None) -> str:
    """``5.5 h`` or ``3.2 d``."""
    if value is None:
        return MISSING
    return f"{value:.1f} h" if value < 48 else f"{value / 24:.1f} d"

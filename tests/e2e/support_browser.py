"""Helpers of the browser tests: the seeded workspace, Chromium's launch options, signing in,
and screenshots (saved under ``test-artifacts/`` at the repository root)."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
from playwright.sync_api import Page
from sqlalchemy.orm import Session

from centric.access import Principal, Role
from centric.access.passwords import hash_password
from centric.access.tables import User
from centric.cases import create_rule, evaluate_rules, parse_rule
from centric.runtime import Runtime
from centric.warehouse import Warehouse

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "browser tests password"  # noqa: S105  # test users only
HOSTILE = '<script>window.owned = 1; alert("owned")</script><img src=x onerror="window.owned=2">'
USERS = {
    "admin": (Role.ADMIN, None),
    "lead": (Role.TEAM_LEAD, "T1"),
    "viewer": (Role.VIEWER, None),
}


def _insert(warehouse: Warehouse, table: str, rows: list[dict[str, Any]]) -> None:
    columns = sorted({key for row in rows for key in row})
    data = {column: [row.get(column) for row in rows] for column in columns}
    staged = warehouse.stage_arrow(
        f"stage_{table}", pa.table({**data, "_row": list(range(1, len(rows) + 1))})
    )
    names = ", ".join(f'"{c}"' for c in staged.columns)
    warehouse.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM "stage_{table}"')
    warehouse.drop_staging(f"stage_{table}")


def seed(runtime: Runtime) -> None:
    """Two teams, two years of NPS answers, three detractors (one hostile, one personal), a rule,
    its cases and three users."""
    now = datetime.now(UTC)
    _insert(
        runtime.warehouse,
        "teams",
        [
            {"source": "hr", "source_key": "T1", "name": "Leeds store"},
            {"source": "hr", "source_key": "T2", "name": "York store"},
        ],
    )
    rows = []
    # Two years of NPS answers so that the board has trends, intervals and breakdowns.
    for day in range(0, 720, 3):
        for i, score in enumerate((10, 9, 8, 3, 10, 6, 9, 2)):
            rows.append(
                {
                    "source": "survey",
                    "source_key": f"h{day}-{i}",
                    "survey": "post-purchase",
                    "survey_type": "nps",
                    "score": float(score),
                    "scale_min": 0.0,
                    "scale_max": 10.0,
                    "responded_at": (now - timedelta(days=day + 30)).replace(tzinfo=None),
                    "channel": ("web", "store")[i % 2],
                    "team_id": ("T1", "T2")[i % 2],
                }
            )
    for key, score, verbatim in (
        ("d1", 2.0, "The parcel arrived broken and nobody answered my emails."),
        ("d2", 1.0, HOSTILE),
        ("d3", 4.0, "Write to me at ana@example.com or call +44 7700 900123."),
    ):
        rows.append(
            {
                "source": "survey",
                "source_key": key,
                "customer_source": "crm",
                "customer_key": f"c-{key}",
                "survey": "post-purchase",
                "survey_type": "nps",
                "score": score,
                "scale_min": 0.0,
                "scale_max": 10.0,
                "verbatim": verbatim,
                "responded_at": (now - timedelta(days=1)).replace(tzinfo=None),
                "channel": "web",
                "team_id": "T1",
            }
        )
    _insert(runtime.warehouse, "feedback", rows)
    create_rule(
        runtime,
        Principal.system("setup"),
        parse_rule(
            {
                "name": "detractor",
                "description": "NPS detractor",
                "survey_type": "nps",
                "score_at_most": 6,
                "within_days": 7,
            }
        ),
    )
    evaluate_rules(runtime)
    password_hash = hash_password(PASSWORD)
    with Session(runtime.app_db) as session, session.begin():
        for name, (role, team) in USERS.items():
            session.add(
                User(
                    username=name,
                    display_name=name.capitalize(),
                    email=None,
                    password_hash=password_hash,
                    role=role.value,
                    team_id=team,
                    is_active=True,
                    failed_logins=0,
                    created_at=now,
                    password_changed_at=now,
                )
            )


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def sign_in(page: Page, server: str, username: str) -> None:
    """Sign in through the form."""
    page.goto(f"{server}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/")


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

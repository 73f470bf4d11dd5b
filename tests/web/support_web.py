"""Helpers of the web tests: the seeded workspace (teams, a customer, feedback of which some is
hostile, users of every role, an alert rule and its cases), the :class:`Site` that acts as each
role, and serving the app in-process (Starlette's TestClient over httpx).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from centric.access import Principal, Role, issue_api_token, principal_for_session, sign_in
from centric.access.passwords import hash_password
from centric.access.tables import User
from centric.cases import create_rule, evaluate_rules, parse_rule
from centric.config import Settings, load_settings
from centric.identity import create_identity_tables
from centric.runtime import Runtime
from centric.warehouse import Warehouse
from centric.web import create_app

PASSWORD = "web tests password"  # noqa: S105  # test users only
HOSTILE = '<script>alert("owned")</script><b>bold</b> & <img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example","click")'
ROLES = {
    "admin": (Role.ADMIN, None),
    "analyst": (Role.ANALYST, None),
    "lead": (Role.TEAM_LEAD, "T1"),
    "agent": (Role.AGENT, "T1"),
    "viewer": (Role.VIEWER, None),
    "lead2": (Role.TEAM_LEAD, "T2"),
}


def insert_rows(warehouse: Warehouse, table: str, rows: list[dict[str, Any]]) -> None:
    """Append rows to a canonical table through the warehouse seam."""
    columns = sorted({key for row in rows for key in row})
    data = {column: [row.get(column) for row in rows] for column in columns}
    staged = warehouse.stage_arrow(
        f"stage_{table}", pa.table({**data, "_row": list(range(1, len(rows) + 1))})
    )
    names = ", ".join(f'"{c}"' for c in staged.columns)
    warehouse.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM "stage_{table}"')
    warehouse.drop_staging(f"stage_{table}")


def _feedback(key: str, score: float, team: str, verbatim: str, days_ago: float) -> dict[str, Any]:
    return {
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
        "responded_at": (datetime.now(UTC) - timedelta(days=days_ago)).replace(tzinfo=None),
        "channel": "web",
        "team_id": team,
    }


def seed(runtime: Runtime) -> None:
    """Teams, a customer, four NPS answers (hostile, personal, formula, kind), a rule, its cases
    and one user per role."""
    warehouse = runtime.warehouse
    insert_rows(
        warehouse,
        "teams",
        [
            {"source": "hr", "source_key": "T1", "name": "Leeds store"},
            {"source": "hr", "source_key": "T2", "name": "York store"},
        ],
    )
    insert_rows(
        warehouse,
        "customer_records",
        [
            {
                "source": "crm",
                "source_key": "c-f1",
                "first_name": "Ana",
                "last_name": "López",
                "email": "ana@example.com",
            },
        ],
    )
    insert_rows(
        warehouse,
        "feedback",
        [
            _feedback("f1", 2, "T1", HOSTILE, 1),
            _feedback("f2", 3, "T2", "Call me on +44 7700 900123 or ana@example.com", 2),
            _feedback("f3", 1, "T1", FORMULA, 3),
            _feedback("f4", 10, "T1", "Lovely staff", 4),
        ],
    )
    # One resolved customer behind the records of both teams' detractors (f1 in T1, f2 in T2).
    create_identity_tables(warehouse)
    insert_rows(
        warehouse,
        "customers",
        [
            {
                "customer_id": "C000000001",
                "full_name": "Ana López",
                "first_name": "Ana",
                "last_name": "López",
                "email": "ana@example.com",
                "provenance": '{"email": {"rule": "most recent", "record": "crm:c-f1"}}',
                "record_count": 2,
                "sources": ["crm"],
            }
        ],
    )
    insert_rows(
        warehouse,
        "identity_records",
        [
            {"record_id": 1, "source": "crm", "source_key": "c-f1", "email": "ana@example.com"},
            {"record_id": 2, "source": "crm", "source_key": "c-f2"},
        ],
    )
    insert_rows(
        warehouse,
        "customer_links",
        [
            {"source": "crm", "source_key": "c-f1", "record_id": 1, "customer_id": "C000000001"},
            {"source": "crm", "source_key": "c-f2", "record_id": 2, "customer_id": "C000000001"},
        ],
    )
    create_rule(
        runtime,
        Principal.system("setup"),
        parse_rule(
            {
                "name": "detractor",
                "survey_type": "nps",
                "score_at_most": 6,
                "recovery_survey": True,
            }
        ),
    )
    evaluate_rules(runtime)
    password_hash = hash_password(PASSWORD)
    now = datetime.now(UTC)
    with Session(runtime.app_db) as session, session.begin():
        for name, (role, team) in ROLES.items():
            session.add(
                User(
                    username=name,
                    display_name=name.capitalize(),
                    email=f"{name}@example.com",
                    password_hash=password_hash,
                    role=role.value,
                    team_id=team,
                    is_active=True,
                    failed_logins=0,
                    created_at=now,
                    password_changed_at=now,
                )
            )


@dataclass
class Site:
    """A running app and how to act as each role on it (sessions and tokens made on first use,
    since checking a password takes a fifth of a second on purpose)."""

    client: TestClient
    runtime: Runtime
    cases: dict[str, int] = field(default_factory=dict)
    _signed: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    _tokens: dict[str, str] = field(default_factory=dict)

    def _sign_in(self, role: str) -> tuple[str, str, int]:
        if role not in self._signed:
            signed = sign_in(self.runtime.app_db, role, PASSWORD)
            principal = signed.principal
            self._signed[role] = (signed.token, principal.csrf_token or "", principal.user_id or 0)
        return self._signed[role]

    def user_id(self, role: str) -> int:
        """The user id of ``role`` (0 for anonymous)."""
        return self._sign_in(role)[2] if role in ROLES else 0

    def csrf(self, role: str) -> str:
        """The anti-forgery token of ``role``'s session."""
        return self._sign_in(role)[1]

    def as_role(self, role: str, *, bearer: bool = False) -> dict[str, str]:
        """Headers that make a request come from ``role`` (cookie and anti-forgery token, or
        bearer token)."""
        if bearer:
            if role not in self._tokens:
                principal = principal_for_session(self.runtime.app_db, self._sign_in(role)[0])
                issued = issue_api_token(self.runtime.app_db, principal, name="tests")
                self._tokens[role] = issued.token
            return {"Authorization": f"Bearer {self._tokens[role]}"}
        token, csrf, _ = self._sign_in(role)
        return {"Cookie": f"centric_session={token}", "X-CSRF-Token": csrf}

    def new_session(self, role: str) -> dict[str, str]:
        """Headers of a new session of ``role`` (for requests that end the session)."""
        signed = sign_in(self.runtime.app_db, role, PASSWORD)
        return {
            "Cookie": f"centric_session={signed.token}",
            "X-CSRF-Token": signed.principal.csrf_token or "",
        }

    def cookie_only(self, role: str) -> dict[str, str]:
        """A session cookie without the anti-forgery token."""
        return {"Cookie": f"centric_session={self._sign_in(role)[0]}"}


def open_site(folder: Path, base_url: str = "http://testserver") -> Iterator[Site]:
    """Serve the workspace in ``folder`` in-process and yield the :class:`Site`."""
    settings: Settings = load_settings(folder)
    app = create_app(settings, background=False)
    with TestClient(app, base_url=base_url, follow_redirects=False) as client:
        runtime: Runtime = app.state.runtime
        site = Site(client=client, runtime=runtime)
        with runtime.app_db.connect() as connection:
            rows = connection.exec_driver_sql("SELECT feedback_key, id FROM cases").all()
        site.cases = {str(key): int(case_id) for key, case_id in rows}
        yield site

"""Helpers of the closed-loop tests: a fixed "now", rows written through the warehouse seam,
users inserted directly, and the :class:`Loop` the tests share.

"now" is fixed so that rule windows and SLA timers are exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow as pa
from sqlalchemy.orm import Session

from centric.access import Principal, Role
from centric.access.tables import User
from centric.runtime import Runtime
from centric.warehouse import Warehouse

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PASSWORD = "a long enough password"  # noqa: S105  # test users only


def naive(moment: datetime) -> datetime:
    """A UTC time as the warehouse stores it."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def insert_rows(warehouse: Warehouse, table: str, rows: list[dict[str, Any]]) -> None:
    """Append rows to a canonical table through the warehouse seam."""
    columns = sorted({key for row in rows for key in row})
    data = {column: [row.get(column) for row in rows] for column in columns}
    arrow = pa.table({**data, "_row": list(range(1, len(rows) + 1))})
    staged = warehouse.stage_arrow(f"stage_{table}", arrow)
    names = ", ".join(f'"{c}"' for c in staged.columns)
    warehouse.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM "stage_{table}"')
    warehouse.drop_staging(f"stage_{table}")


def feedback_row(
    key: str, score: float, team: str = "T1", days_ago: float = 1, **extra: Any
) -> dict[str, Any]:
    """One NPS answer of customer ``c-<key>`` in the ``crm`` source."""
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
        "verbatim": f"comment {key}",
        "responded_at": naive(NOW - timedelta(days=days_ago)),
        "channel": "web",
        "team_id": team,
        **extra,
    }


@dataclass
class Loop:
    """The runtime and the principals of the closed-loop tests, with data helpers."""

    runtime: Runtime
    admin: Principal
    lead_t1: Principal
    agent_t1: Principal
    lead_t2: Principal
    viewer: Principal
    analyst: Principal
    now: datetime = NOW

    def add(self, table: str, *rows: dict[str, Any]) -> None:
        """Append rows to a canonical table."""
        insert_rows(self.runtime.warehouse, table, list(rows))

    def feedback(
        self, key: str, score: float, team: str = "T1", days_ago: float = 1, **extra: Any
    ) -> dict[str, Any]:
        """One NPS answer of customer ``c-<key>`` (source ``crm``)."""
        return feedback_row(key, score, team, days_ago, **extra)

    def add_feedback(self, *rows: dict[str, Any]) -> None:
        """Append feedback rows."""
        self.add("feedback", *rows)


def add_user(
    runtime: Runtime,
    name: str,
    role: Role,
    team: str | None,
    email: str | None,
    password_hash: str,
) -> Principal:
    """A user inserted directly (create_user's own tests cover the service)."""
    now = datetime.now(UTC)
    with Session(runtime.app_db) as session, session.begin():
        user = User(
            username=name,
            display_name=name.capitalize(),
            email=email,
            password_hash=password_hash,
            role=role.value,
            team_id=team,
            is_active=True,
            failed_logins=0,
            created_at=now,
            password_changed_at=now,
        )
        session.add(user)
        session.flush()
        return Principal(user.id, name, name.capitalize(), role, team)

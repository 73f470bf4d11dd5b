"""The audit log: an append-only record of every change made through Centric.

Domains call :func:`record_audit_event` after their own change has committed; it must never be
the only record of a change (the warehouse keeps its own lineage), and nothing here deletes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from centric.store.tables import AuditEvent


def record_audit_event(
    engine: Engine,
    *,
    actor: str,
    action: str,
    target: str,
    detail: dict[str, Any] | None = None,
    summary: str = "",
) -> int:
    """Append one event to the audit log.

    Args:
        engine: The app-DB engine.
        actor: Who made the change (user name or process).
        action: What kind of change, e.g. ``"ingest.batch"``.
        target: What was changed, e.g. ``"crm:data/crm.csv"``.
        detail: Structured facts about the change (JSON-serialisable).
        summary: One human sentence.

    Returns:
        The new event's id.
    """
    with Session(engine) as session, session.begin():
        event = AuditEvent(
            occurred_at=datetime.now(UTC),
            actor=actor,
            action=action,
            target=target,
            detail=detail or {},
            summary=summary,
        )
        session.add(event)
        session.flush()
        return event.id


def list_audit_events(
    engine: Engine, *, action: str | None = None, limit: int = 100
) -> list[AuditEvent]:
    """The newest audit events first, optionally of one action."""
    statement = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if action:
        statement = statement.where(AuditEvent.action == action)
    with Session(engine) as session:
        return list(session.scalars(statement))

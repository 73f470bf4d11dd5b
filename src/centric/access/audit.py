"""Reading the audit log: who changed what, when, filtered for the people allowed to see it.

Writing stays with :func:`centric.store.record_audit_event` (and the domains' own transactions);
this module only reads, newest first, with keyset paging so that a long log pages cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from centric.access.roles import Permission, Principal
from centric.store import AuditEvent


@dataclass(frozen=True)
class AuditEntry:
    """One audit event as shown to people."""

    id: int
    occurred_at: datetime
    actor: str
    action: str
    target: str
    summary: str
    detail: dict[str, Any]


def search_audit_events(
    app_db: Engine,
    principal: Principal,
    *,
    action: str | None = None,
    actor: str | None = None,
    target: str | None = None,
    before_id: int | None = None,
    limit: int = 100,
) -> list[AuditEntry]:
    """Audit events, newest first.

    Args:
        app_db: The app-DB engine.
        principal: Who asks; needs the audit permission.
        action: Only actions starting with this, e.g. ``case.`` or ``user.login``.
        actor: Only this actor.
        target: Only this target, e.g. ``case:12``.
        before_id: Only events older than this id (the next page).
        limit: At most this many (1-500).

    Raises:
        PermissionDeniedError: The principal may not read the audit log.
    """
    principal.require(Permission.VIEW_AUDIT)
    statement = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(max(1, min(limit, 500)))
    if action:
        statement = statement.where(AuditEvent.action.startswith(action, autoescape=True))
    if actor:
        statement = statement.where(AuditEvent.actor == actor)
    if target:
        statement = statement.where(AuditEvent.target == target)
    if before_id is not None:
        statement = statement.where(AuditEvent.id < before_id)
    with Session(app_db) as session:
        return [
            AuditEntry(
                id=event.id,
                occurred_at=_aware(event.occurred_at),
                actor=event.actor,
                action=event.action,
                target=event.target,
                summary=event.summary,
                detail=dict(event.detail or {}),
            )
            for event in session.scalars(statement)
        ]


def _aware(moment: datetime) -> datetime:
    # The store's column keeps the zone on PostgreSQL; SQLite hands back naive UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

"""The trail of a case: its own timeline and the audit log, written in the change's transaction.

Each change to a case adds a case event (what the case page shows) and an audit event (what the
audit log shows) in the same transaction as the change itself, so neither can be lost or exist
without the other. This module writes history only; it must not change a case.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from centric.cases.codes import reference
from centric.cases.tables import Case, CaseEvent
from centric.store import AuditEvent


def record_case_change(
    session: Session,
    case: Case,
    *,
    kind: str,
    actor: str,
    at: datetime,
    summary: str,
    body: str = "",
    detail: dict[str, Any] | None = None,
) -> None:
    """Add a case event and the matching audit event to ``session`` (the case must have an id)."""
    facts = detail or {}
    session.add(
        CaseEvent(case_id=case.id, occurred_at=at, actor=actor, kind=kind, body=body, detail=facts)
    )
    session.add(
        AuditEvent(
            occurred_at=at,
            actor=actor,
            action=f"case.{kind}",
            target=f"case:{case.id}",
            detail={"reference": reference(case.id), **facts},
            summary=summary,
        )
    )


def record_audit(
    session: Session,
    *,
    actor: str,
    action: str,
    target: str,
    at: datetime,
    summary: str,
    detail: dict[str, Any] | None = None,
) -> None:
    """Add an audit event that is not about one case (rules, evaluations) to ``session``."""
    session.add(
        AuditEvent(
            occurred_at=at,
            actor=actor,
            action=action,
            target=target,
            detail=detail or {},
            summary=summary,
        )
    )

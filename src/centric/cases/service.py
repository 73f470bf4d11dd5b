"""The closed loop's periodic work in one call: synchronise rules, open cases for new
feedback, escalate overdue cases, deliver notifications.

The web server runs :func:`sweep` on a timer; ``centric cases sweep`` runs it once (e.g. from
cron after ``centric ingest``). It must stay a composition of the other modules, with no logic
of its own.
"""

from __future__ import annotations

from datetime import UTC, datetime

from centric.cases.evaluation import evaluate_rules
from centric.cases.notifications import deliver_notifications
from centric.cases.rules import sync_workspace_rules
from centric.cases.schemas import SweepResult
from centric.cases.sla import escalate_overdue_cases
from centric.runtime import Runtime


def sweep(runtime: Runtime, *, now: datetime | None = None, actor: str = "centric") -> SweepResult:
    """Synchronise rules from centric.toml, evaluate them, escalate, and deliver notifications.

    Args:
        runtime: The open stores.
        now: The current time (tests pass one).
        actor: Recorded as who made the changes.

    Returns:
        What was done.

    Raises:
        ConfigurationError: A rule in centric.toml is invalid.
    """
    now = now or datetime.now(UTC)
    sync_workspace_rules(runtime, actor=actor)
    evaluation = evaluate_rules(runtime, now=now, actor=actor)
    escalated = escalate_overdue_cases(runtime, now=now)
    delivery = deliver_notifications(runtime, now=now)
    return SweepResult(
        evaluation=evaluation,
        escalated=escalated,
        delivered=delivery.sent,
        failed=delivery.failed,
    )

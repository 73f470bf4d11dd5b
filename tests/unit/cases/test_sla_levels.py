"""Escalation levels from the SLA clock, and case references."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from centric.cases import reference
from centric.cases.sla import escalation_level
from centric.cases.tables import Case

OPENED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def _case(status: str = "open", sla_hours: float = 24) -> Case:
    return Case(status=status, sla_hours=sla_hours, due_at=OPENED + timedelta(hours=sla_hours))


@pytest.mark.parametrize(
    ("hours_after_opening", "level"),
    [(0, 0), (23.9, 0), (24, 1), (47.9, 1), (48, 2), (72, 3), (500, 3)],
)
def test_level_rises_once_per_breached_sla_period(hours_after_opening: float, level: int) -> None:
    assert escalation_level(_case(), OPENED + timedelta(hours=hours_after_opening)) == level


def test_resolved_case_never_escalates() -> None:
    assert escalation_level(_case("resolved"), OPENED + timedelta(days=30)) == 0


def test_reference_is_zero_padded() -> None:
    assert reference(42) == "C-000042"

"""Routing: which team owns a case, and the teams a case can be routed to.

A case goes to the team its rule names, else to the team that owns the touchpoint of the
feedback (``feedback.team_id``); with neither it stays unrouted, visible to administrators and
analysts for triage. Teams come from the canonical ``teams`` table. This module must not
change cases.
"""

from __future__ import annotations

from dataclasses import dataclass

from centric.cases.schemas import RuleSpec
from centric.runtime import Runtime


@dataclass(frozen=True)
class Team:
    """A team cases can be routed to."""

    team_id: str
    name: str
    parent_team_id: str | None


def route(spec: RuleSpec | None, feedback_team: str | None) -> str | None:
    """The team that owns a case opened by ``spec`` for feedback of ``feedback_team``."""
    if spec is not None and spec.team:
        return spec.team
    return feedback_team or None


def list_teams(runtime: Runtime) -> list[Team]:
    """Every team of the warehouse by name (the newest version of each)."""
    rows = runtime.warehouse.fetch_all(
        "SELECT source_key, any_value(name), any_value(parent_team_id) FROM teams "
        "GROUP BY source_key ORDER BY 2, 1"
    )
    return [Team(str(key), str(name or key), parent) for key, name, parent in rows]


def team_names(runtime: Runtime) -> dict[str, str]:
    """Team id to team name, for display."""
    return {team.team_id: team.name for team in list_teams(runtime)}

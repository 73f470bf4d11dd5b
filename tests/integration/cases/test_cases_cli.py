"""``centric cases``: starter rules, a sweep, the list."""

from __future__ import annotations

from support_cases import Loop
from typer.testing import CliRunner

from centric.cli.main import app


def test_starter_rules_sweep_and_list_from_the_command_line(loop: Loop) -> None:
    loop.add_feedback(loop.feedback("f1", 2, days_ago=0.5))
    folder = str(loop.runtime.workspace)
    loop.runtime.warehouse.checkpoint()
    cli = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
    # The command opens the workspace itself; the fixture's connection lets go of it first.
    loop.runtime.warehouse.close()
    rules = cli.invoke(app, ["-w", folder, "cases", "starter-rules"])
    assert rules.exit_code == 0, rules.output
    assert "Added rule detractor" in rules.output
    again = cli.invoke(app, ["-w", folder, "cases", "starter-rules"])
    assert "already has alert rules" in again.output
    swept = cli.invoke(app, ["-w", folder, "cases", "sweep"])
    assert swept.exit_code == 0, swept.output
    assert "1 case(s) opened" in swept.output
    listed = cli.invoke(app, ["-w", folder, "cases", "list", "--status", "all"])
    assert "C-000001" in listed.output

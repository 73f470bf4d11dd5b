"""``centric resolve``, ``centric customer ...`` and ``centric identity export`` from the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from tests.integration.identity.conftest import insert_records, people
from typer.testing import CliRunner

from centric.cli.main import app
from centric.config import Settings
from centric.runtime import open_runtime


def _workspace(workspace: Settings) -> Path:
    rows = [{k: v for k, v in r.items() if k != "person"} for r in people(40, seed=4)]
    rows += [
        {
            "source": "crm",
            "source_key": "k1",
            "first_name": "Kim",
            "last_name": "Ross",
            "date_of_birth": dt.date(1979, 2, 2),
            "email": "kim.ross@example.org",
        },
        {
            "source": "shop",
            "source_key": "k2",
            "first_name": "Kim",
            "last_name": "Ross",
            "date_of_birth": dt.date(1979, 2, 2),
            "email": "kim.ross@example.org",
            "phone": "07700 900777",
        },
        {
            "source": "crm",
            "source_key": "k3",
            "first_name": "Lou",
            "last_name": "Park",
            "date_of_birth": dt.date(1988, 8, 8),
        },
    ]
    with open_runtime(workspace) as runtime:
        insert_records(runtime, rows)
    (workspace.workspace / "centric.toml").write_text(
        "[settings]\n[identity]\nu_max_pairs = 200000\n", encoding="utf-8"
    )
    return workspace.workspace


def test_cli_resolves_shows_explains_and_exports(workspace: Settings, tmp_path: Path) -> None:
    folder = str(_workspace(workspace))
    runner = CliRunner()
    result = runner.invoke(app, ["-w", folder, "resolve"])
    assert result.exit_code == 0, result.output
    assert "full run (model trained)" in result.output
    again = runner.invoke(app, ["-w", folder, "resolve"])
    assert "Nothing changed" in again.output

    shown = runner.invoke(app, ["-w", folder, "customer", "show", "kim.ross@example.org", "--json"])
    assert shown.exit_code == 0, shown.output
    document = json.loads(shown.output)
    assert {r["source_key"] for r in document["records"]} == {"k1", "k2"}
    assert document["golden"]["phone"] == "+447700900777"

    table = runner.invoke(app, ["-w", folder, "customer", "show", document["customer_id"]])
    assert "Timeline" in table.output

    explained = runner.invoke(app, ["-w", folder, "customer", "explain", "crm:k1", "shop:k2"])
    assert explained.exit_code == 0, explained.output
    assert "same date of birth" in explained.output

    output = tmp_path / "links.parquet"
    exported = runner.invoke(
        app, ["-w", folder, "identity", "export", "--format", "parquet", "-o", str(output)]
    )
    assert exported.exit_code == 0, exported.output
    assert output.exists()


def test_cli_steward_commands_merge_separate_and_unmerge(workspace: Settings) -> None:
    folder = str(_workspace(workspace))
    runner = CliRunner()
    assert runner.invoke(app, ["-w", folder, "resolve"]).exit_code == 0
    merged = runner.invoke(
        app, ["-w", folder, "customer", "merge", "crm:k1", "crm:k3", "--reason", "same"]
    )
    assert merged.exit_code == 0, merged.output
    assert "Merged (override 1)" in merged.output
    customer = merged.output.split("customer(s) now: ")[1].split(".")[0]
    unmerged = runner.invoke(
        app, ["-w", folder, "customer", "unmerge", customer, "crm:k3", "--reason", "wrong"]
    )
    assert unmerged.exit_code == 0, unmerged.output
    assert "Replaces override(s) 1" in unmerged.output
    separated = runner.invoke(
        app, ["-w", folder, "customer", "separate", "crm:k1", "shop:k2", "-r", "twins"]
    )
    assert separated.exit_code == 0, separated.output
    missing = runner.invoke(app, ["-w", folder, "customer", "show", "crm:nobody"])
    assert missing.exit_code == 1
    assert "What to do" in missing.output

"""``centric demo`` through the real command-line app."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from centric.cli.main import app
from centric.config import load_settings
from centric.runtime import open_runtime


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner(env={"COLUMNS": "250", "NO_COLOR": "1"})


def test_demo_builds_a_workspace_and_prints_a_summary(cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "shop"
    result = cli.invoke(
        app, ["demo", "--customers", "150", "--seed", "3", "--workspace", str(folder)]
    )
    assert result.exit_code == 0, result.output
    for expected in ("Sources", "crm", "customer_records", "Warehouse", "Ground truth", "Try next"):
        assert expected in result.output
    assert f"centric -w {folder} quarantine" in result.output
    assert "broken on purpose" in result.output
    sources = tomllib.loads((folder / "centric.toml").read_text(encoding="utf-8"))["sources"]
    assert len(sources) == 15
    with open_runtime(load_settings(folder)) as runtime:
        assert runtime.warehouse.scalar("SELECT count(*) FROM feedback") > 0

    again = cli.invoke(
        app, ["demo", "--customers", "150", "--seed", "3", "--workspace", str(folder)]
    )
    assert again.exit_code == 0, again.output
    assert "Nothing changed" in again.output
    assert "already ingested" in again.output

    other = cli.invoke(
        app, ["demo", "--customers", "150", "--seed", "4", "--workspace", str(folder)]
    )
    assert other.exit_code == 1
    assert "holds a demo made with --customers 150 --seed 3" in other.output
    assert "--force" in other.output


def test_demo_uses_the_global_workspace_option_when_given(cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "global"
    result = cli.invoke(app, ["-w", str(folder), "demo", "--customers", "120"])
    assert result.exit_code == 0, result.output
    assert (folder / "demo.json").is_file()
    assert (folder / "ground_truth" / "persons.csv").is_file()


def test_demo_defaults_to_a_centric_demo_folder(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli.invoke(app, ["demo", "--customers", "100"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "centric-demo" / "centric.toml").is_file()


def test_demo_refuses_a_size_out_of_range(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(app, ["demo", "--customers", "5", "--workspace", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert "out of range" in result.output
    assert not (tmp_path / "x").exists()

"""While another process holds a workspace's warehouse (as a running ``centric serve`` does),
warehouse commands fail with a message that says who holds it and how new data get in."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from centric.cli.main import app

# Opens the workspace the way the server does and keeps it open until its input closes.
HOLDER = """
import sys
from pathlib import Path
from centric.config import load_settings
from centric.runtime import open_runtime
with open_runtime(load_settings(Path(sys.argv[1]))):
    print("holding", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner(env={"COLUMNS": "250", "NO_COLOR": "1"})


@pytest.fixture
def held_workspace(cli: CliRunner, tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "ws"
    result = cli.invoke(app, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        yield folder
    finally:
        holder.communicate(input="", timeout=60)


@pytest.mark.parametrize("command", [["run"], ["ingest"]])
def test_warehouse_command_explains_the_server_holds_the_warehouse(
    cli: CliRunner, held_workspace: Path, command: list[str]
) -> None:
    result = cli.invoke(app, ["-w", str(held_workspace), *command])
    assert result.exit_code == 1, result.output
    output = " ".join(result.output.split())
    assert "Cannot open the warehouse" in output
    assert "a running 'centric serve' holds it for as long as it runs" in output
    assert "pipeline_seconds" in output
    assert "Run the pipeline now" in output
    assert "stop the server first" in output

"""``centric run`` on a small demo: every step does its work once, and a second run adds
nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from centric.cli.main import app
from centric.config import load_settings
from centric.demo import build_demo
from centric.pipeline import run_pipeline
from centric.runtime import open_runtime


@pytest.mark.slow
def test_run_resolves_annotates_and_is_idempotent_when_repeated(tmp_path: Path) -> None:
    workspace = tmp_path / "demo"
    build_demo(workspace, customers=300, seed=7)
    settings = load_settings(workspace)
    with open_runtime(settings) as runtime:
        first = run_pipeline(runtime)
        assert first.resolution is not None and first.resolution.customers > 0
        assert first.annotation is not None and first.annotation.annotated > 0
        assert all(batch.status == "skipped" for batch in first.batches)
        second = run_pipeline(runtime)
        assert second.annotation is not None and second.annotation.annotated == 0
        assert second.resolution is not None
        assert second.resolution.customers == first.resolution.customers
        assert second.resolution.customers_created == 0


def test_run_rejects_an_unknown_step_with_the_list_of_steps(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["-w", str(tmp_path), "run", "--only", "dance"])
    assert result.exit_code == 1
    assert "Unknown step(s): dance" in result.output
    assert "ingest, resolve, annotate, summarise, cases" in result.output

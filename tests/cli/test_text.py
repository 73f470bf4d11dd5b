"""``centric text annotate|themes|emerging`` on a small workspace."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from centric.cli.main import app
from centric.config import Settings
from centric.runtime import open_runtime


def test_text_commands_annotate_list_edit_and_report(workspace: Settings) -> None:
    texts = ["the parcel delivery was late", "refund never arrived, want my money",
             "long queue at the till"]  # fmt: skip
    rows = [
        {"source": "s", "source_key": str(i), "survey": "nps", "survey_type": "nps",
         "score": float(i % 11), "scale_min": 0.0, "scale_max": 10.0,
         "verbatim": texts[i % 3], "responded_at": datetime(2026, 1, 1) + timedelta(days=i % 90)}
        for i in range(120)
    ]  # fmt: skip
    with open_runtime(workspace) as runtime:
        runtime.warehouse.stage_arrow("cli_rows", pa.Table.from_pylist(rows))
        runtime.warehouse.execute(
            "INSERT INTO feedback (source, source_key, survey, survey_type, score, scale_min, "
            "scale_max, verbatim, responded_at) SELECT source, source_key, survey, survey_type, "
            "score, scale_min, scale_max, verbatim, responded_at FROM cli_rows"
        )
    runner = CliRunner()
    base = ["--workspace", str(workspace.workspace), "text"]
    result = runner.invoke(app, [*base, "annotate"])
    assert result.exit_code == 0, result.output
    assert "Annotated 120 verbatim(s)" in result.output
    again = runner.invoke(app, [*base, "annotate"])
    assert "Annotated 0 verbatim(s)" in again.output
    listing = runner.invoke(app, [*base, "themes"])
    assert listing.exit_code == 0 and "T0001" in listing.output
    renamed = runner.invoke(app, [*base, "themes", "rename", "T0001", "Late parcels"])
    assert "T0001 is now 'Late parcels'" in renamed.output
    missing = runner.invoke(app, [*base, "themes", "rename", "T0999", "x"])
    assert missing.exit_code == 1 and "No theme 'T0999'" in missing.output
    emerging = runner.invoke(app, [*base, "emerging", "--period", "month"])
    assert emerging.exit_code == 0 and "baseline from" in emerging.output


def test_text_embeddings_explains_the_missing_extra(
    workspace: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "model2vec", None)
    monkeypatch.setitem(sys.modules, "model2vec.distill", None)
    result = CliRunner().invoke(
        app, ["--workspace", str(workspace.workspace), "text", "embeddings"]
    )
    assert result.exit_code == 1
    assert "text-embeddings" in result.output
    assert "pip install 'centric[text-embeddings]'" in result.output

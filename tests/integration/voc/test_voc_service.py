"""The service the CLI and web call: a workspace's warehouse, its settings, and survey send logs
ingested like any other source."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from centric.config import Settings, load_settings
from centric.ingest import ingest_source, source_for_file
from centric.runtime import Runtime, open_runtime
from centric.voc import MetricRequest, describe_metrics, report_metric
from centric.warehouse.schema import INGESTIBLE_KINDS


def _send_log(path: Path, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "survey", "sent", "bounced", "answered", "medium"])
        for i in range(rows):
            writer.writerow(
                [
                    f"inv-{i}",
                    "post-purchase",
                    f"2025-0{1 + i % 3}-1{i % 9} 09:00:00",
                    "yes" if i % 20 == 0 else "no",
                    f"2025-0{1 + i % 3}-2{i % 9} 10:00:00" if i % 4 == 0 else "",
                    "email" if i % 2 else "sms",
                ]
            )
    return path


def test_survey_invitations_are_an_ingestible_canonical_table() -> None:
    assert "survey_invitations" in INGESTIBLE_KINDS


def test_response_rate_from_an_ingested_send_log(runtime: Runtime, tmp_path: Path) -> None:
    mapping = tmp_path / "invitations.toml"
    mapping.write_text(
        "[mapping]\n"
        'source_key = "id"\n'
        'survey = "survey"\n'
        'sent_at = "sent"\n'
        'responded_at = "answered"\n'
        'sent_via = "medium"\n'
        'delivered = { column = "bounced", values = { yes = "false", no = "true" } }\n',
        encoding="utf-8",
    )
    path = _send_log(tmp_path / "sends.csv", 240)
    spec = source_for_file(path, kind="survey_invitations", source="mailer", map_file=mapping)
    results = ingest_source(runtime, spec)
    assert results[0].quarantined == 0
    result = report_metric(runtime, MetricRequest("response-rate", by=("sent_via",), period=None))
    table = result.table.set_index("sent_via")
    delivered = [i for i in range(240) if i % 20 != 0]
    for medium, parity in (("email", 1), ("sms", 0)):
        sent = [i for i in delivered if i % 2 == parity]
        answered = [i for i in sent if i % 4 == 0]
        assert table.loc[medium, "n"] == len(sent)
        assert table.loc[medium, "estimate"] == pytest.approx(100 * len(answered) / len(sent))


def test_report_metric_uses_the_workspace_thresholds(workspace: Settings) -> None:
    with open_runtime(workspace) as runtime:
        assert report_metric(runtime, MetricRequest("nps")).min_n == 30
        assert report_metric(runtime, MetricRequest("enps")).min_n == 5
    settings = load_settings(workspace.workspace, min_n_customer=50, min_n_employee=8)
    with open_runtime(settings) as runtime:
        assert report_metric(runtime, MetricRequest("nps")).min_n == 50
        assert report_metric(runtime, MetricRequest("enps")).min_n == 8


def test_describe_metrics_lists_measures_dimensions_and_references() -> None:
    infos = {info.name: info for info in describe_metrics()}
    assert infos["csat"].measures[0][0] == "top2box"
    assert "region" in infos["nps"].dimensions
    assert infos["enps"].population == "employee"
    assert all(info.references for info in infos.values())

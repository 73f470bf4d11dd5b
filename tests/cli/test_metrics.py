"""``centric metrics`` through the real command-line app, on a workspace fed by ingest."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from centric.cli.main import app

MAPPING = """\
[mapping]
source_key = "id"
survey = { constant = "relationship" }
survey_type = { constant = "nps" }
score = "likely"
responded_at = "answered"
channel = "channel"
"""


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner(env={"COLUMNS": "250", "NO_COLOR": "1"})


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with 160 web and 40 store NPS answers over two months, and 6 by phone."""
    cli = CliRunner(env={"COLUMNS": "250", "NO_COLOR": "1"})
    tmp_path = tmp_path_factory.mktemp("metrics")
    folder = tmp_path / "shop"
    assert cli.invoke(app, ["init", str(folder)]).exit_code == 0
    answers = tmp_path / "answers.csv"
    with answers.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "likely", "answered", "channel"])
        for i in range(206):
            channel = "web" if i < 160 else "store" if i < 200 else "phone"
            # web: half promoters, a fifth detractors; store: mostly detractors.
            score = (10 if i % 10 < 5 else 8 if i % 10 < 8 else 3) if channel == "web" else 2
            month = 1 + i % 2
            writer.writerow([f"r{i}", score, f"2025-0{month}-{10 + i % 15} 12:00:00", channel])
    (tmp_path / "answers.toml").write_text(MAPPING, encoding="utf-8")
    result = cli.invoke(
        app,
        ["-w", str(folder), "ingest", str(answers), "--as", "feedback", "--source", "survey",
         "--map", str(tmp_path / "answers.toml")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return folder


def test_metrics_nps_prints_figures_intervals_and_suppression(cli: CliRunner, shop: Path) -> None:
    monthly = cli.invoke(app, ["-w", str(shop), "metrics", "nps", "--by", "channel"])
    assert monthly.exit_code == 0, monthly.output
    assert "Net Promoter Score" in monthly.output
    assert "95% interval" in monthly.output
    assert "2025-02-01" in monthly.output
    assert "suppressed (n < 30)" in monthly.output  # store: 20 answers a month
    assert "Benjamini-Hochberg" in monthly.output
    total = cli.invoke(
        app, ["-w", str(shop), "metrics", "nps", "--by", "channel", "--period", "total"]
    )
    assert total.exit_code == 0, total.output
    assert "real difference" in total.output  # store's detractors stand out from the rest


def test_metrics_json_carries_every_figure(cli: CliRunner, shop: Path) -> None:
    result = cli.invoke(
        app,
        ["-w", str(shop), "metrics", "nps", "--by", "channel", "--period", "total",
         "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    rows = {row["channel"]: row for row in data["rows"]}
    assert data["min_n"] == 30
    assert rows["web"]["n"] == 160
    assert rows["web"]["estimate"] == pytest.approx(30.0)  # 50% promoters - 20% detractors
    assert rows["web"]["ci_low"] < 30.0 < rows["web"]["ci_high"]
    assert rows["store"]["estimate"] == pytest.approx(-100.0)
    assert rows["phone"]["suppressed"] is True
    assert rows["phone"]["estimate"] is None


def test_metrics_csv_has_a_header_and_one_line_per_group_and_period(
    cli: CliRunner, shop: Path
) -> None:
    result = cli.invoke(
        app,
        ["-w", str(shop), "metrics", "nps", "--by", "channel", "--period", "month",
         "--since", "2025-01-01", "--until", "2025-01-31", "--format", "csv"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = list(csv.DictReader(result.output.splitlines()))
    assert {line["channel"] for line in lines} == {"web", "store", "phone"}
    assert {line["period"] for line in lines} == {"2025-01-01"}


def test_metrics_accepts_a_column_name_for_a_dimension(cli: CliRunner, shop: Path) -> None:
    result = cli.invoke(
        app, ["-w", str(shop), "metrics", "nps", "--by", "journey-stage", "--period", "quarter"]
    )
    assert result.exit_code == 0, result.output
    assert "(none)" in result.output  # the answers carry no journey stage


def test_metrics_rejects_an_unknown_dimension_with_a_hint(cli: CliRunner, shop: Path) -> None:
    result = cli.invoke(app, ["-w", str(shop), "metrics", "nps", "--by", "colour"])
    assert result.exit_code == 1
    assert "'colour' is not a dimension" in result.output
    assert "What to do" in result.output


def test_metrics_rejects_a_malformed_date(cli: CliRunner, shop: Path) -> None:
    result = cli.invoke(app, ["-w", str(shop), "metrics", "nps", "--since", "01/02/2025"])
    assert result.exit_code == 1
    assert "YYYY-MM-DD" in result.output


def test_metrics_post_stratify_parses_targets(cli: CliRunner, shop: Path) -> None:
    result = cli.invoke(
        app,
        ["-w", str(shop), "metrics", "nps", "--period", "total", "--format", "json",
         "--post-stratify", "channel=web:0.5,store:0.4,phone:0.1"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)["rows"][0]
    # 0.5 x 30 + 0.4 x (-100) + 0.1 x (-100): each channel counts by its target share.
    assert row["estimate"] == pytest.approx(-35.0)
    assert row["n_effective"] < row["n"]


def test_metrics_list_names_every_metric(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(app, ["metrics", "list"])
    assert result.exit_code == 0, result.output
    for name in ("nps", "csat", "ces", "enps", "fcr", "aht", "frt", "containment", "response-rate"):
        assert name in result.output


def _rows(output: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads(output)["rows"]
    return rows


@pytest.mark.spark
def test_metrics_run_on_spark_when_the_engine_setting_says_so(cli: CliRunner, shop: Path) -> None:
    command = ["-w", str(shop), "metrics", "nps", "--by", "channel", "--format", "json"]
    on_duckdb = cli.invoke(app, command)
    assert on_duckdb.exit_code == 0, on_duckdb.output
    on_spark = cli.invoke(app, command, env={"CENTRIC_ENGINE": "spark"})
    assert on_spark.exit_code == 0, on_spark.output  # selected Spark must work: fail otherwise
    assert json.loads(on_spark.output)["engine"] == "spark"
    assert json.loads(on_duckdb.output)["engine"] == "duckdb"
    duck, spark = _rows(on_duckdb.output), _rows(on_spark.output)
    assert len(duck) == len(spark) > 0
    for one, two in zip(duck, spark, strict=True):
        assert one.keys() == two.keys()
        for key, value in one.items():
            if isinstance(value, float):
                assert two[key] == pytest.approx(value, rel=1e-9), key
            else:
                assert two[key] == value, key
    copy = shop / "spark"
    assert (copy / "feedback.parquet").exists()
    marker = copy / ".centric-copy"
    written = marker.stat().st_mtime_ns
    again = cli.invoke(app, [*command[:3], "nps", "--engine", "spark", "--period", "total"])
    assert again.exit_code == 0, again.output
    assert marker.stat().st_mtime_ns == written  # unchanged warehouse: the copy is reused


def test_metrics_on_spark_without_java_fail_with_a_hint(shop: Path, tmp_path: Path) -> None:
    # A separate process, so that no Spark session of this one is reused.
    env = {k: v for k, v in os.environ.items() if not k.startswith("CENTRIC_")}
    env["JAVA_HOME"] = str(tmp_path / "no-java")
    result = subprocess.run(
        [sys.executable, "-m", "centric", "-w", str(shop), "metrics", "nps", "--engine", "spark"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 1
    assert "Cannot start Spark" in result.stderr
    assert "Java 17" in result.stderr


def test_metrics_reject_an_unknown_engine(cli: CliRunner, shop: Path) -> None:
    result = cli.invoke(app, ["-w", str(shop), "metrics", "nps", "--engine", "oracle"])
    assert result.exit_code == 1
    assert "engine='oracle'" in result.output

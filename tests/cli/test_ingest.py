"""``centric ingest``, ``batches`` and ``quarantine`` through the real command-line app."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from centric.cli.main import app
from centric.config import load_settings
from centric.runtime import init_workspace, open_runtime
from centric.store import list_audit_events

PEOPLE = (
    "Ref;Name;E-mail;Born\n"
    "c1;Ann Lee;ann@example.com;02/01/1980\n"
    "c2;Smith, Bo;bo-at-example;31/12/1975\n"
)
MAPPING = """\
[options]
delimiter = ";"

[mapping]
source_key = "Ref"
first_name = { column = "Name", split = "first" }
last_name = { column = "Name", split = "last" }
email = "E-mail"
date_of_birth = { column = "Born", format = "%d/%m/%Y" }
"""


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner(env={"COLUMNS": "250", "NO_COLOR": "1"})


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    workspace = tmp_path / "ws"
    init_workspace(workspace)
    return workspace


@pytest.fixture
def people(tmp_path: Path) -> Path:
    path = tmp_path / "crm.csv"
    path.write_text(PEOPLE, encoding="utf-8")
    return path


@pytest.fixture
def mapping(tmp_path: Path) -> Path:
    path = tmp_path / "crm-map.toml"
    path.write_text(MAPPING, encoding="utf-8")
    return path


def _ingest(cli: CliRunner, folder: Path, *args: str):
    return cli.invoke(app, ["-w", str(folder), "ingest", *args])


def _rows(folder: Path, sql: str) -> list[tuple]:
    with open_runtime(load_settings(folder)) as runtime:
        return runtime.warehouse.fetch_all(sql)


def test_ingest_a_file_with_a_mapping_file(cli, folder, people, mapping):
    result = _ingest(
        cli,
        folder,
        str(people),
        "--as",
        "customer_records",
        "--source",
        "crm",
        "--map",
        str(mapping),
    )
    assert result.exit_code == 0, result.output
    [row] = [line for line in result.stdout.splitlines() if "│ crm " in line]
    cells = [cell.strip() for cell in row.split("│")[1:-1]]
    assert cells[0] == "crm"
    assert cells[2:] == ["1", "2", "1", "0", "0", "1"]
    assert "quarantined" in result.stdout
    assert "row 2: email: 'bo-at-example' is not an e-mail address" in result.stdout
    assert "1 row(s) quarantined; see them with 'centric quarantine'." in result.stdout
    assert _rows(
        folder,
        "SELECT source_key, first_name, last_name, date_of_birth::VARCHAR FROM customer_records",
    ) == [("c1", "Ann", "Lee", "1980-01-02")]


def test_ingest_records_an_audit_event(cli, folder, people, mapping):
    _ingest(
        cli,
        folder,
        str(people),
        "--as",
        "customer_records",
        "--source",
        "crm",
        "--map",
        str(mapping),
    )
    with open_runtime(load_settings(folder)) as runtime:
        [event] = list_audit_events(runtime.app_db, action="ingest.batch")
    assert event.detail["inserted"] == 1
    assert event.detail["quarantined"] == 1
    assert event.target.startswith("crm:")


def test_ingest_the_same_file_again_says_there_is_nothing_to_do(cli, folder, people, mapping):
    args = [str(people), "--as", "customer_records", "--source", "crm", "--map", str(mapping)]
    _ingest(cli, folder, *args)
    result = _ingest(cli, folder, *args)
    assert result.exit_code == 0, result.output
    assert "already ingested with the same content and mapping" in result.stdout
    assert _rows(folder, "SELECT count(*) FROM source_batches") == [(1,)]


def test_ingest_output_has_no_progress_when_not_a_terminal(cli, folder, people, mapping):
    result = _ingest(
        cli,
        folder,
        str(people),
        "--as",
        "customer_records",
        "--source",
        "crm",
        "--map",
        str(mapping),
    )
    assert "reading" not in result.output
    assert "\x1b[" not in result.output


def test_ingest_with_no_arguments_reads_the_declared_sources(cli, folder, tmp_path):
    (folder / "in").mkdir()
    (folder / "in" / "a.csv").write_text("id,first_name\n1,Ann\n", encoding="utf-8")
    (folder / "in" / "b.csv").write_text("id,first_name\n2,Bo\n", encoding="utf-8")
    (folder / "orders.csv").write_text("id,ordered_at,amount\no1,2024-01-01,5\n", encoding="utf-8")
    config = folder / "centric.toml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + '\n[[sources]]\nname = "crm"\nkind = "customer_records"\npath = "in/*.csv"\n'
        + '\n[[sources]]\nname = "shop"\nkind = "orders"\npath = "orders.csv"\n',
        encoding="utf-8",
    )
    result = _ingest(cli, folder, "--only", "crm")
    assert result.exit_code == 0, result.output
    assert "in/a.csv" in result.stdout
    assert "in/b.csv" in result.stdout
    assert _rows(folder, "SELECT count(*) FROM orders") == [(0,)]
    result = _ingest(cli, folder)
    assert result.exit_code == 0, result.output
    assert _rows(folder, "SELECT source, count(*) FROM source_batches GROUP BY 1 ORDER BY 1") == [
        ("crm", 2),
        ("shop", 1),
    ]


def test_ingest_a_file_without_kind_and_source_is_refused(cli, folder, people):
    result = _ingest(cli, folder, str(people))
    assert result.exit_code == 1
    assert "Error: Ingesting a file needs --as KIND and --source NAME." in result.stderr
    assert (
        "What to do: e.g. centric ingest customers.csv --as customer_records --source crm"
        in result.stderr
    )


def test_unusable_file_fails_with_the_file_the_problem_and_the_fix(cli, folder, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = _ingest(cli, folder, str(empty), "--as", "customer_records", "--source", "crm")
    assert result.exit_code == 1
    assert f"Error: '{empty}' is empty" in result.stderr
    assert "What to do: Export the data again" in result.stderr
    assert "Traceback" not in result.output
    assert _rows(folder, "SELECT count(*) FROM source_batches") == [(0,)]


def test_verbose_shows_the_traceback_of_an_error(cli, folder, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = cli.invoke(
        app,
        [
            "-w",
            str(folder),
            "--verbose",
            "ingest",
            str(empty),
            "--as",
            "orders",
            "--source",
            "shop",
        ],
    )
    assert result.exit_code == 1
    assert "Traceback" in result.stderr
    assert "InvalidInputError" in result.stderr
    assert "Error: " in result.stderr


def test_unknown_kind_is_a_clean_error(cli, folder, people):
    result = _ingest(cli, folder, str(people), "--as", "customers", "--source", "crm")
    assert result.exit_code == 1
    assert "kind 'customers' is not a canonical table" in result.stderr
    assert "What to do: See docs/ingest.md" in result.stderr


def test_batches_lists_the_newest_batch_first(cli, folder, people, mapping, tmp_path):
    _ingest(
        cli,
        folder,
        str(people),
        "--as",
        "customer_records",
        "--source",
        "crm",
        "--map",
        str(mapping),
    )
    orders = tmp_path / "orders.csv"
    orders.write_text("id,ordered_at,amount\no1,2024-01-01,5\n", encoding="utf-8")
    _ingest(cli, folder, str(orders), "--as", "orders", "--source", "shop")
    result = cli.invoke(app, ["-w", str(folder), "batches"])
    assert result.exit_code == 0, result.output
    rows = [
        [cell.strip() for cell in line.split("│")[1:-1]]
        for line in result.stdout.splitlines()
        if line.startswith("│")
    ]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("2", "shop", "orders"),
        ("1", "crm", "customer_records"),
    ]
    assert rows[1][4:9] == ["2", "1", "0", "0", "1"]


def test_quarantine_shows_rows_with_their_reasons(cli, folder, people, mapping, tmp_path):
    _ingest(
        cli,
        folder,
        str(people),
        "--as",
        "customer_records",
        "--source",
        "crm",
        "--map",
        str(mapping),
    )
    orders = tmp_path / "orders.csv"
    orders.write_text("id,ordered_at,amount\no1,soon,5\n", encoding="utf-8")
    _ingest(cli, folder, str(orders), "--as", "orders", "--source", "shop")
    result = cli.invoke(app, ["-w", str(folder), "quarantine"])
    assert result.exit_code == 0, result.output
    assert "'bo-at-example' is not an e-mail" in result.stdout
    assert "ordered_at: 'soon'" in result.stdout
    only_crm = cli.invoke(app, ["-w", str(folder), "quarantine", "--source", "crm"])
    assert "bo-at-example" in only_crm.stdout
    assert "soon" not in only_crm.stdout
    only_batch = cli.invoke(app, ["-w", str(folder), "quarantine", "--batch", "2"])
    assert "soon" in only_batch.stdout
    assert "bo-at-example" not in only_batch.stdout


def test_skip_rows_option_skips_notes_above_the_header(cli, folder, tmp_path, mapping):
    path = tmp_path / "crm.csv"
    path.write_text("Export; 3 May\nrun by; ops\n" + PEOPLE, encoding="utf-8")
    result = _ingest(
        cli,
        folder,
        str(path),
        "--as",
        "customer_records",
        "--source",
        "crm",
        "--map",
        str(mapping),
        "--skip-rows",
        "2",
    )
    assert result.exit_code == 0, result.output
    assert _rows(folder, "SELECT source_key, source_row FROM customer_records ORDER BY 2") == [
        ("c1", 1)
    ]
    assert "1 row(s) quarantined" in result.output


def test_skip_rows_without_a_file_is_refused(cli, folder):
    result = _ingest(cli, folder, "--skip-rows", "2")
    assert result.exit_code == 1
    assert "--skip-rows applies to a file" in result.output


def test_full_extract_in_a_mapping_file_reports_missing_rows(cli, folder, tmp_path, people):
    full = tmp_path / "full-map.toml"
    full.write_text("full_extract = true\n" + MAPPING, encoding="utf-8")
    args = ("--as", "customer_records", "--source", "crm", "--map", str(full))
    assert _ingest(cli, folder, str(people), *args).exit_code == 0
    smaller = tmp_path / "crm-today.csv"
    smaller.write_text(PEOPLE.splitlines()[0] + "\n" + PEOPLE.splitlines()[2] + "\n")
    result = _ingest(cli, folder, str(smaller), *args)
    assert result.exit_code == 0, result.output
    assert "1 row(s) no longer in the full extract" in result.output
    assert _rows(
        folder, "SELECT source_key FROM customer_records WHERE missing_since_batch = 2"
    ) == [("c1",)]

"""``centric init`` and ``centric status`` through the real command-line app."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from typer.testing import CliRunner

from centric.cli.main import app
from centric.store import head_revision


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def test_init_creates_the_workspace_on_the_embedded_defaults(cli, tmp_path: Path):
    folder = tmp_path / "ws"
    result = cli.invoke(app, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    assert "Workspace ready" in result.stdout
    assert {p.name for p in folder.iterdir()} >= {"centric.toml", "warehouse.duckdb", "app.db"}
    engine = create_engine(f"sqlite:///{folder / 'app.db'}")
    with engine.connect() as connection:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert revision == head_revision()
        assert "audit_events" in inspect(connection).get_table_names()
    engine.dispose()


def test_init_again_keeps_the_workspace_file(cli, tmp_path: Path):
    folder = tmp_path / "ws"
    cli.invoke(app, ["init", str(folder)])
    config = folder / "centric.toml"
    config.write_text("[settings]\nthreads = 1\n", encoding="utf-8")
    result = cli.invoke(app, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    assert config.read_text(encoding="utf-8") == "[settings]\nthreads = 1\n"


def test_init_on_a_file_fails_with_a_message_and_what_to_do(cli, tmp_path: Path):
    target = tmp_path / "taken"
    target.write_text("x", encoding="utf-8")
    result = cli.invoke(app, ["init", str(target)])
    assert result.exit_code == 1
    assert f"Error: Cannot create a workspace at '{target}': it is a file." in result.stderr
    assert "What to do: Choose a new folder name." in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.postgres
def test_init_with_a_postgresql_app_db_migrates_it(cli, tmp_path: Path, postgres_url: str):
    folder = tmp_path / "ws"
    result = cli.invoke(app, ["init", str(folder), "--app-db", postgres_url])
    assert result.exit_code == 0, result.output
    assert not (folder / "app.db").exists()
    assert postgres_url in (folder / "centric.toml").read_text(encoding="utf-8")
    engine = create_engine(postgres_url)
    with engine.connect() as connection:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert revision == head_revision()
        assert "audit_events" in inspect(connection).get_table_names()
    engine.dispose()


def test_status_shows_every_table_with_its_row_count(cli, tmp_path: Path):
    folder = tmp_path / "ws"
    cli.invoke(app, ["init", str(folder)])
    data = tmp_path / "people.csv"
    data.write_text("id,first_name\n1,Ann\n2,Bo\n", encoding="utf-8")
    cli.invoke(
        app, ["-w", str(folder), "ingest", str(data), "--as", "customer_records", "--source", "crm"]
    )
    result = cli.invoke(app, ["-w", str(folder), "status"])
    assert result.exit_code == 0, result.output
    lines = {
        line.split("│")[1].strip(): line
        for line in result.stdout.splitlines()
        if line.count("│") >= 3
    }
    assert "│ 2 " in lines["customer_records"]
    assert "│ 1 " in lines["source_batches"]
    assert "│ 0 " in lines["orders"]


def test_status_outside_a_workspace_says_how_to_create_one(cli, tmp_path: Path):
    result = cli.invoke(app, ["-w", str(tmp_path), "status"])
    assert result.exit_code == 1
    assert "Error: No workspace at" in result.stderr
    assert f"What to do: Run 'centric init {tmp_path}' first" in result.stderr
    assert "Traceback" not in result.output


def test_workspace_can_come_from_the_environment(cli, tmp_path: Path):
    folder = tmp_path / "ws"
    cli.invoke(app, ["init", str(folder)])
    result = cli.invoke(app, ["status"], env={"CENTRIC_WORKSPACE": str(folder), "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "customer_records" in result.stdout


def test_invalid_setting_in_the_environment_is_a_clean_error(cli, tmp_path: Path):
    folder = tmp_path / "ws"
    cli.invoke(app, ["init", str(folder)])
    result = cli.invoke(app, ["-w", str(folder), "status"], env={"CENTRIC_THREADS": "zero"})
    assert result.exit_code == 1
    assert "Error: Invalid setting" in result.stderr
    assert "threads='zero'" in result.stderr
    assert "What to do:" in result.stderr


def test_version_is_printed(cli):
    result = cli.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("centric ")

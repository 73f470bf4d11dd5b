"""Settings: precedence (CLI > CENTRIC_* environment > centric.toml > defaults) and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from centric.config import CONFIG_FILE, load_settings, read_workspace_file
from centric.errors import ConfigurationError, NotFoundError


def _workspace(tmp_path: Path, settings: str = "", extra: str = "") -> Path:
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / CONFIG_FILE).write_text(f"[settings]\n{settings}\n{extra}", encoding="utf-8")
    return folder


def test_default_applies_when_nothing_sets_a_value(tmp_path: Path):
    settings = load_settings(_workspace(tmp_path))
    assert settings.threads is None
    assert settings.default_region == "GB"
    assert settings.resolved_warehouse_path == (tmp_path / "ws" / "warehouse.duckdb").resolve()
    assert settings.resolved_app_db_url == f"sqlite:///{(tmp_path / 'ws' / 'app.db').resolve()}"


def test_workspace_file_overrides_the_default(tmp_path: Path):
    settings = load_settings(_workspace(tmp_path, 'threads = 3\ndefault_region = "ES"'))
    assert (settings.threads, settings.default_region) == (3, "ES")


def test_environment_overrides_the_workspace_file(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("CENTRIC_THREADS", "5")
    settings = load_settings(_workspace(tmp_path, "threads = 3"))
    assert settings.threads == 5


def test_cli_override_beats_environment_and_file(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("CENTRIC_THREADS", "5")
    settings = load_settings(_workspace(tmp_path, "threads = 3"), threads=7)
    assert settings.threads == 7


def test_none_override_leaves_lower_levels_in_force(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("CENTRIC_MEMORY_LIMIT", "2GB")
    settings = load_settings(_workspace(tmp_path, "threads = 3"), threads=None, memory_limit=None)
    assert (settings.threads, settings.memory_limit) == (3, "2GB")


def test_relative_warehouse_path_is_inside_the_workspace(tmp_path: Path):
    settings = load_settings(_workspace(tmp_path, 'warehouse_path = "data/wh.duckdb"'))
    assert settings.resolved_warehouse_path == (tmp_path / "ws" / "data" / "wh.duckdb").resolve()


def test_app_db_url_from_the_file_is_used(tmp_path: Path):
    url = "postgresql+psycopg://centric@db.internal:5432/centric"
    settings = load_settings(_workspace(tmp_path, f'app_db_url = "{url}"'))
    assert settings.resolved_app_db_url == url


def test_invalid_value_names_the_setting_and_the_value(tmp_path: Path):
    with pytest.raises(ConfigurationError) as caught:
        load_settings(_workspace(tmp_path, "threads = 0"))
    assert "threads=0" in caught.value.message
    assert caught.value.hint is not None


def test_invalid_environment_value_is_reported(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("CENTRIC_THREADS", "many")
    with pytest.raises(ConfigurationError) as caught:
        load_settings(_workspace(tmp_path))
    assert "threads='many'" in caught.value.message


def test_unknown_setting_in_the_file_is_refused(tmp_path: Path):
    with pytest.raises(ConfigurationError) as caught:
        load_settings(_workspace(tmp_path, "colour = 'red'"))
    assert "colour" in caught.value.message


def test_unknown_table_in_the_file_is_refused(tmp_path: Path):
    with pytest.raises(ConfigurationError) as caught:
        read_workspace_file(_workspace(tmp_path, extra="[colours]\nx = 1\n"))
    assert "unknown table(s): colours" in caught.value.message


def test_sources_written_as_a_single_table_are_refused_with_the_fix(tmp_path: Path):
    with pytest.raises(ConfigurationError) as caught:
        read_workspace_file(_workspace(tmp_path, extra='[sources]\nname = "crm"\n'))
    assert "sources has the wrong shape" in caught.value.message
    assert "[[sources]]" in (caught.value.hint or "")


def test_invalid_toml_names_the_file(tmp_path: Path):
    with pytest.raises(ConfigurationError) as caught:
        read_workspace_file(_workspace(tmp_path, "threads = = 3"))
    assert CONFIG_FILE in caught.value.message
    assert "not valid TOML" in caught.value.message


def test_folder_without_a_workspace_file_is_not_found(tmp_path: Path):
    with pytest.raises(NotFoundError) as caught:
        load_settings(tmp_path)
    assert CONFIG_FILE in caught.value.message
    assert caught.value.hint is not None
    assert "centric init" in caught.value.hint


def test_declared_sources_are_read_as_tables(tmp_path: Path):
    extra = '[[sources]]\nname = "crm"\nkind = "customer_records"\npath = "crm/*.csv"\n'
    file = read_workspace_file(_workspace(tmp_path, extra=extra))
    assert file.sources == [{"name": "crm", "kind": "customer_records", "path": "crm/*.csv"}]

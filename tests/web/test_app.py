"""The ASGI entry points and the server's background worker."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from centric.config import CONFIG_FILE, load_settings
from centric.web import app_from_env, create_app


def test_app_from_env_serves_the_workspace_named_by_the_environment(
    _site_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(_site_template, tmp_path / "ws")
    monkeypatch.setenv("CENTRIC_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.setenv("CENTRIC_SWEEP_SECONDS", "3600")
    with TestClient(app_from_env(), follow_redirects=False) as client:
        assert client.get("/login").status_code == 200
        assert client.app.state.runtime.workspace == (tmp_path / "ws").resolve()  # type: ignore[attr-defined]


def test_background_worker_applies_rules_from_the_workspace_file(
    _site_template: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "ws"
    shutil.copytree(_site_template, folder)
    config = folder / CONFIG_FILE
    config.write_text(
        config.read_text(encoding="utf-8")
        + '\n[[rules]]\nname = "promoter"\nsurvey_type = "nps"\nscore_at_least = 10\n',
        encoding="utf-8",
    )
    with TestClient(create_app(load_settings(folder))) as client:
        runtime = client.app.state.runtime  # type: ignore[attr-defined]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with runtime.app_db.connect() as connection:
                opened = connection.exec_driver_sql(
                    "SELECT count(*) FROM cases WHERE rule_name = 'promoter'"
                ).scalar()
            if opened:
                break
            time.sleep(0.2)
        assert opened == 1

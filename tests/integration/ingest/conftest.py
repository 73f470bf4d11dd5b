"""Fixtures for ingest integration tests: real workspaces, and a one-call ingest of a file.

Creating and migrating a workspace takes a noticeable fraction of a second, so a migrated
template is made once per session and each test gets its own copy of it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from centric.config import Settings, load_settings
from centric.ingest import BatchResult, ingest_source, parse_source_spec
from centric.runtime import Runtime, init_workspace, open_runtime

Ingest = Callable[..., list[BatchResult]]
Fetch = Callable[..., list[dict[str, Any]]]


@pytest.fixture(scope="session")
def _workspace_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template") / "ws"
    init_workspace(folder)
    return folder


@pytest.fixture
def workspace(tmp_path: Path, _workspace_template: Path) -> Settings:
    """A fresh, migrated workspace with SQLite and DuckDB (a copy of the session template)."""
    folder = tmp_path / "ws"
    shutil.copytree(_workspace_template, folder)
    return load_settings(folder)


def run_ingest(
    runtime: Runtime,
    path: Path | str | None,
    *,
    kind: str = "customer_records",
    source: str = "crm",
    mapping: dict[str, Any] | None = None,
    options: dict[str, Any] | None = None,
    fmt: str | None = None,
    url: str | None = None,
    query: str | None = None,
    force: bool = False,
    full_extract: bool = False,
) -> list[BatchResult]:
    """Ingest a file or glob (or a SQL query) as a source declared with these settings."""
    raw: dict[str, Any] = {"name": source, "kind": kind, "full_extract": full_extract}
    if path is not None:
        raw["path"] = str(path)
    if url is not None:
        raw["url"] = url
    if query is not None:
        raw["query"] = query
    if mapping is not None:
        raw["mapping"] = mapping
    if options is not None:
        raw["options"] = options
    if fmt is not None:
        raw["format"] = fmt
    return ingest_source(runtime, parse_source_spec(raw, origin="test source"), force=force)


@pytest.fixture
def ingest(runtime: Runtime) -> Ingest:
    """``ingest(path, kind=..., source=..., mapping=..., options=..., fmt=..., force=...,
    full_extract=...)``."""

    def call(path: Path | str, **kwargs: Any) -> list[BatchResult]:
        return run_ingest(runtime, path, **kwargs)

    return call


def fetch_rows(runtime: Runtime, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    """Rows of a query as dicts."""
    return list(runtime.warehouse.fetch_arrow(sql, params).to_pylist())


@pytest.fixture
def fetch(runtime: Runtime) -> Fetch:
    """``fetch(sql, params=None)``: rows of a warehouse query as dicts."""

    def call(sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        return fetch_rows(runtime, sql, params)

    return call


@pytest.fixture(scope="module")
def shared_runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    """One workspace for a whole module whose tests each use their own source name."""
    settings = init_workspace(tmp_path_factory.mktemp("shared") / "ws")
    with open_runtime(settings) as opened:
        yield opened


@pytest.fixture
def shared_ingest(shared_runtime: Runtime) -> Ingest:
    """Like ``ingest``, on the module's shared workspace."""

    def call(path: Path | str, **kwargs: Any) -> list[BatchResult]:
        return run_ingest(shared_runtime, path, **kwargs)

    return call


@pytest.fixture
def shared_fetch(shared_runtime: Runtime) -> Fetch:
    """Like ``fetch``, on the module's shared workspace."""

    def call(sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        return fetch_rows(shared_runtime, sql, params)

    return call

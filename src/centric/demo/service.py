"""The demo use case: make (or refresh) a demo workspace and ingest it the way a user would.

:func:`build_demo` creates the workspace, generates every source system's exports and the
ground truth (skipped when the files of the same demo are already there, intact), declares the
sources in ``centric.toml`` and ingests them with :func:`centric.ingest.ingest_declared`, so a
second run with the same arguments changes nothing. A folder holding a demo made with other
arguments is refused unless ``force`` asks to replace it; a folder holding anything else is
never touched. It must not write warehouse tables except through ingest.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from centric.config import CONFIG_FILE, load_settings, read_workspace_file
from centric.demo.declarations import (
    BEGIN_MARKER,
    SourceDeclaration,
    remove_block,
    render_block,
    splice_block,
)
from centric.demo.generator import GENERATOR_VERSION, generate_demo
from centric.demo.sizes import DEFAULT_CUSTOMERS, DEFAULT_SEED, MAX_CUSTOMERS, MIN_CUSTOMERS
from centric.demo.truth import TRUTH_FOLDER
from centric.errors import ConfigurationError, InvalidInputError
from centric.ingest import BatchResult, count_tables, ingest_declared
from centric.runtime import init_workspace, open_runtime
from centric.store import record_audit_event

MANIFEST = "demo.json"
# Share of the progress bar spent generating; ingesting takes the rest.
_GENERATION_SHARE = 0.55
Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class SourceSummary:
    """What ingest did with one demo source."""

    name: str
    kind: str
    files: int
    rows_read: int
    accepted: int
    quarantined: int
    skipped_files: int  # files already ingested with the same content: nothing to do


@dataclass(frozen=True)
class DemoResult:
    """The outcome of :func:`build_demo`."""

    workspace: Path
    customers: int
    seed: int
    generated: bool  # False when the demo's files were already there, unchanged
    generation_seconds: float
    ingest_seconds: float
    sources: list[SourceSummary]
    tables: dict[str, int]
    expected_quarantine: int
    ground_truth: Path
    data_files: list[str] = field(default_factory=list)

    @property
    def quarantined(self) -> int:
        """Rows set aside by this run's ingest."""
        return sum(s.quarantined for s in self.sources)

    @property
    def changed_nothing(self) -> bool:
        """Whether every file was already ingested (a repeat run)."""
        return not self.generated and all(s.skipped_files == s.files for s in self.sources)


def build_demo(
    directory: Path,
    *,
    customers: int = DEFAULT_CUSTOMERS,
    seed: int = DEFAULT_SEED,
    force: bool = False,
    progress: Progress | None = None,
) -> DemoResult:
    """Create or refresh a demo workspace and ingest its sources.

    Args:
        directory: The workspace folder (created when absent).
        customers: Number of customers to generate.
        seed: Seed of the generator; the same seed and size give the same files.
        force: Replace a demo made with other arguments (its data files, ground truth and
            warehouse are deleted first).
        progress: Called with a description and the share of the work done.

    Returns:
        What was generated and ingested.

    Raises:
        InvalidInputError: The arguments are out of range, or the folder holds something that
            is not this demo (another demo without ``force``, a workspace with its own sources,
            or unrelated files).
        ConfigurationError: ``force`` would have to delete a warehouse outside the folder.
    """
    _check_arguments(customers, seed)
    directory = directory.expanduser().absolute()
    previous = _previous_demo(directory, customers=customers, seed=seed, force=force)
    if previous is not None and not _same_demo(previous, customers, seed):
        _remove_demo(directory, previous)
        previous = None
    settings = init_workspace(directory)
    generation_clock = time.perf_counter()
    generated = previous is None or not _files_intact(directory, previous)
    if generated:
        _write_manifest(directory, customers, seed, complete=False)
        demo = generate_demo(
            directory,
            customers=customers,
            seed=seed,
            progress=_scaled(progress, 0.0, _GENERATION_SHARE),
        )
        files = {path: _digest(directory / path) for path in (*demo.files, *demo.truth_files)}
        declarations = [d.as_dict() for d in demo.declarations]
        _write_manifest(
            directory,
            customers,
            seed,
            complete=True,
            files=files,
            data_files=list(demo.files),
            declarations=declarations,
            expected_quarantine=demo.expected_quarantine,
        )
        manifest = _read_manifest(directory)
        assert manifest is not None  # noqa: S101  # just written
    else:
        assert previous is not None  # noqa: S101  # intact files imply a previous demo
        manifest = previous
    generation_seconds = time.perf_counter() - generation_clock
    _declare_sources(directory, manifest, customers, seed)
    names = [d["name"] for d in manifest["declarations"]]
    ingest_clock = time.perf_counter()
    with open_runtime(load_settings(settings.workspace)) as runtime:
        results = ingest_declared(
            runtime,
            names=names,
            progress=_ingest_progress(progress, len(manifest["data_files"])),
        )
        tables = count_tables(runtime)
        if generated:
            record_audit_event(
                runtime.app_db,
                actor=runtime.settings.actor,
                action="demo.generate",
                target=str(directory),
                detail={"customers": customers, "seed": seed, "version": GENERATOR_VERSION},
                summary=f"Generated the demo ({customers:,} customers, seed {seed}).",
            )
    return DemoResult(
        workspace=directory,
        customers=customers,
        seed=seed,
        generated=generated,
        generation_seconds=generation_seconds,
        ingest_seconds=time.perf_counter() - ingest_clock,
        sources=_summaries(names, manifest["declarations"], results),
        tables=tables,
        expected_quarantine=int(manifest["expected_quarantine"]),
        ground_truth=directory / TRUTH_FOLDER,
        data_files=list(manifest["data_files"]),
    )


def _check_arguments(customers: int, seed: int) -> None:
    if not MIN_CUSTOMERS <= customers <= MAX_CUSTOMERS:
        raise InvalidInputError(
            f"--customers {customers:,} is out of range.",
            hint=f"Choose between {MIN_CUSTOMERS:,} and {MAX_CUSTOMERS:,} customers.",
        )
    if seed < 0:
        raise InvalidInputError(f"--seed {seed} is negative.", hint="Use a seed of 0 or more.")


def _previous_demo(
    directory: Path, *, customers: int, seed: int, force: bool
) -> dict[str, Any] | None:
    """The manifest of the demo in ``directory``, after checking the folder may be used."""
    if directory.exists() and not directory.is_dir():
        raise InvalidInputError(
            f"Cannot make a demo at '{directory}': it is a file.",
            hint="Choose a folder name with --workspace.",
        )
    manifest = _read_manifest(directory)
    if manifest is not None:
        if _same_demo(manifest, customers, seed) or force:
            return manifest
        raise InvalidInputError(
            f"'{directory}' holds a demo made with --customers {manifest['customers']} "
            f"--seed {manifest['seed']} (generator version {manifest['version']}); this run "
            f"asks for --customers {customers} --seed {seed} (version {GENERATOR_VERSION}). "
            "Two demos are never mixed in one warehouse.",
            hint="Run again with the same arguments, choose another --workspace, or add --force "
            "to replace that demo (its files, ground truth and warehouse are deleted).",
        )
    if not directory.exists() or not any(directory.iterdir()):
        return None
    if (directory / CONFIG_FILE).is_file():
        declared = read_workspace_file(directory).sources
        if declared or (directory / "data").exists():
            raise InvalidInputError(
                f"'{directory}' is a Centric workspace with its own sources or data, not a demo.",
                hint="Choose another folder with --workspace; the demo never writes into a "
                "workspace it did not make.",
            )
        return None
    raise InvalidInputError(
        f"'{directory}' is not empty and is not a Centric workspace.",
        hint="Choose a new or empty folder with --workspace.",
    )


def _same_demo(manifest: dict[str, Any], customers: int, seed: int) -> bool:
    return (
        manifest.get("customers") == customers
        and manifest.get("seed") == seed
        and manifest.get("version") == GENERATOR_VERSION
    )


def _remove_demo(directory: Path, manifest: dict[str, Any]) -> None:
    # Only what the demo made: its data files, the ground truth, the warehouse, the manifest.
    settings = load_settings(directory) if (directory / CONFIG_FILE).is_file() else None
    warehouse = settings.resolved_warehouse_path if settings else None
    if warehouse is not None and not warehouse.is_relative_to(directory):
        raise ConfigurationError(
            f"Replacing the demo would delete its warehouse '{warehouse}', which is outside "
            f"'{directory}'.",
            hint="Delete that warehouse yourself, or make the demo in another folder.",
        )
    for path in manifest.get("data_files", []):
        (directory / path).unlink(missing_ok=True)
    shutil.rmtree(directory / TRUTH_FOLDER, ignore_errors=True)
    if warehouse is not None:
        for stale in (warehouse, warehouse.with_name(warehouse.name + ".wal")):
            stale.unlink(missing_ok=True)
    config = directory / CONFIG_FILE
    if config.is_file():
        config.write_text(remove_block(config.read_text(encoding="utf-8")), encoding="utf-8")
    (directory / MANIFEST).unlink(missing_ok=True)


def _files_intact(directory: Path, manifest: dict[str, Any]) -> bool:
    if not manifest.get("complete"):
        return False
    files: dict[str, str] = manifest.get("files", {})
    return bool(files) and all(
        (directory / path).is_file() and _digest(directory / path) == digest
        for path, digest in files.items()
    )


def _declare_sources(directory: Path, manifest: dict[str, Any], customers: int, seed: int) -> None:
    declarations = [SourceDeclaration(**d) for d in manifest["declarations"]]
    block = render_block(declarations, header=f"centric demo --customers {customers} --seed {seed}")
    config = directory / CONFIG_FILE
    text = config.read_text(encoding="utf-8")
    if BEGIN_MARKER not in text:
        clash = {d.name for d in declarations} & {
            s.get("name") for s in read_workspace_file(directory).sources
        }
        if clash:
            raise InvalidInputError(
                f"{config} already declares source(s) named {', '.join(sorted(clash))}.",
                hint="Rename or remove them; the demo declares sources under those names.",
            )
    updated = splice_block(text, block)
    if updated != text:
        partial = config.with_name(config.name + ".partial")
        partial.write_text(updated, encoding="utf-8")
        partial.replace(config)


def _read_manifest(directory: Path) -> dict[str, Any] | None:
    path = directory / MANIFEST
    if not path.is_file():
        return None
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInputError(
            f"The demo manifest '{path}' is damaged: {exc}.",
            hint="Delete the folder and run 'centric demo' again.",
        ) from exc
    if not isinstance(loaded, dict):
        raise InvalidInputError(
            f"The demo manifest '{path}' is damaged.",
            hint="Delete the folder and run 'centric demo' again.",
        )
    return loaded


def _write_manifest(
    directory: Path, customers: int, seed: int, *, complete: bool, **extra: Any
) -> None:
    content = {
        "generator": "centric demo",
        "version": GENERATOR_VERSION,
        "customers": customers,
        "seed": seed,
        "complete": complete,
        **extra,
    }
    path = directory / MANIFEST
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
    partial.replace(path)


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


def _scaled(progress: Progress | None, start: float, share: float) -> Progress | None:
    if progress is None:
        return None
    report = progress
    return lambda message, done: report(message, start + share * done)


def _ingest_progress(progress: Progress | None, files: int) -> Callable[[str], None] | None:
    if progress is None:
        return None
    report = progress
    started = [0]

    def on_step(message: str) -> None:
        # Ingest announces each file with a "checking" step; count files to advance the bar.
        if ": checking " in message:
            started[0] += 1
        done = min(1.0, max(0, started[0] - 1) / max(files, 1))
        report(f"ingesting {message}", _GENERATION_SHARE + (1 - _GENERATION_SHARE) * done)

    return on_step


def _summaries(
    names: list[str], declarations: list[dict[str, Any]], results: list[BatchResult]
) -> list[SourceSummary]:
    kinds = {d["name"]: d["kind"] for d in declarations}
    summaries: list[SourceSummary] = []
    for name in names:
        mine = [r for r in results if r.source == name]
        summaries.append(
            SourceSummary(
                name=name,
                kind=kinds[name],
                files=len(mine),
                rows_read=sum(r.rows_read for r in mine),
                accepted=sum(r.accepted for r in mine),
                quarantined=sum(r.quarantined for r in mine),
                skipped_files=sum(r.status == "skipped" for r in mine),
            )
        )
    return summaries


__all__ = ["DemoResult", "SourceSummary", "build_demo"]

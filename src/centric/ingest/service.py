"""Ingest use cases: read a source's files (or query), validate, land, and report.

The CLI and, later, the web layer call these functions and only render their results. A whole
input that cannot be used raises :class:`~centric.errors.InvalidInputError` naming the file, the
problem and the fix; anything less quarantines rows and carries on. This module orchestrates; the
reading, SQL compilation and landing live in their own modules.
"""

from __future__ import annotations

import glob
import hashlib
import json
import time
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from centric import __version__
from centric.config import read_workspace_file
from centric.errors import ConfigurationError, InvalidInputError, NotFoundError
from centric.ingest.landing import BatchMeta, land_batch, scratch_tables
from centric.ingest.mapping import compile_mapping
from centric.ingest.readers import Staged, detect_format, file_digest, stage_file, stage_query
from centric.ingest.schemas import SourceSpec, parse_source_spec
from centric.ingest.validation import compile_validation
from centric.runtime import Runtime
from centric.store import record_audit_event
from centric.warehouse.schema import TABLES_BY_NAME

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BatchResult:
    """The outcome of ingesting one file or query."""

    source: str
    kind: str
    source_file: str
    status: str  # "committed" or "skipped" (already ingested, nothing to do)
    batch_id: int
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    seconds: float = 0.0
    sample_reasons: tuple[tuple[int, str], ...] = ()
    missing: int | None = None  # rows of a full-extract source this batch no longer carried

    @property
    def accepted(self) -> int:
        """Rows that reached the canonical table (new, changed or identical)."""
        return self.inserted + self.updated + self.unchanged


def declared_sources(workspace: Path) -> list[SourceSpec]:
    """The sources declared in a workspace's ``centric.toml``, validated.

    Raises:
        ConfigurationError: A declaration is invalid or two share a name.
    """
    file = read_workspace_file(workspace)
    specs = [
        parse_source_spec(raw, origin=f"{file.path} (source {raw.get('name', index + 1)!r})")
        for index, raw in enumerate(file.sources)
    ]
    names = [spec.name for spec in specs]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigurationError(
            f"{file.path} declares source(s) {', '.join(duplicates)} more than once.",
            hint="Give every [[sources]] entry its own name.",
        )
    return specs


def source_for_file(
    path: Path,
    *,
    kind: str,
    source: str,
    map_file: Path | None = None,
    skip_rows: int | None = None,
) -> SourceSpec:
    """Build a source for a file named on the command line, optionally with a mapping file.

    The mapping file is TOML with a ``[mapping]`` table and optionally ``[options]``,
    ``format`` and ``full_extract``, exactly as under ``[[sources]]`` in ``centric.toml``.
    ``skip_rows`` (lines above a CSV header) overrides the mapping file's option.

    Raises:
        NotFoundError: The mapping file does not exist.
        ConfigurationError: The mapping file is invalid.
    """
    raw: dict[str, Any] = {"name": source, "kind": kind, "path": str(path)}
    if map_file is not None:
        if not map_file.is_file():
            raise NotFoundError(
                f"Mapping file '{map_file}' does not exist.", hint="Check the --map path."
            )
        try:
            declared = tomllib.loads(map_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigurationError(
                f"Mapping file '{map_file}' is not valid TOML: {exc}",
                hint="Fix the line named above.",
            ) from exc
        extra = set(declared) - {"mapping", "options", "format", "full_extract"}
        if extra:
            raise ConfigurationError(
                f"Mapping file '{map_file}' has unknown key(s) {', '.join(sorted(extra))}.",
                hint="A mapping file holds [mapping], and optionally [options], format and "
                "full_extract.",
            )
        raw.update(declared)
    if skip_rows is not None:
        raw["options"] = {**raw.get("options", {}), "skip_rows": skip_rows}
    return parse_source_spec(raw, origin=f"--map {map_file}" if map_file else "command line")


def ingest_declared(
    runtime: Runtime,
    *,
    names: Iterable[str] = (),
    force: bool = False,
    progress: Progress | None = None,
) -> list[BatchResult]:
    """Ingest every source declared in the workspace (or only those named).

    Raises:
        NotFoundError: A named source is not declared, or no source is declared at all.
    """
    specs = declared_sources(runtime.workspace)
    wanted = list(names)
    if wanted:
        known = {spec.name for spec in specs}
        missing = [n for n in wanted if n not in known]
        if missing:
            raise NotFoundError(
                f"No source named {', '.join(missing)} in centric.toml.",
                hint=f"Declared sources: {', '.join(sorted(known)) or 'none'}.",
            )
        specs = [spec for spec in specs if spec.name in wanted]
    if not specs:
        raise NotFoundError(
            "centric.toml declares no sources.",
            hint="Add [[sources]] entries, or run 'centric ingest PATH --as KIND --source NAME'.",
        )
    results: list[BatchResult] = []
    for spec in specs:
        results.extend(ingest_source(runtime, spec, force=force, progress=progress))
    return results


def ingest_source(
    runtime: Runtime, spec: SourceSpec, *, force: bool = False, progress: Progress | None = None
) -> list[BatchResult]:
    """Ingest every file a source's path or glob matches (in name order), or its query.

    Raises:
        NotFoundError: The path matches no file.
        InvalidInputError: A file cannot be used at all.
    """
    if spec.query is not None and spec.url is not None:
        return [_ingest_query(runtime, spec, force=force, progress=progress)]
    assert spec.path is not None  # noqa: S101  # SourceSpec requires path or url and query
    return [
        ingest_file(runtime, spec, path, force=force, progress=progress)
        for path in resolve_paths(runtime.workspace, spec.path)
    ]


def resolve_paths(workspace: Path, pattern: str) -> list[Path]:
    """Files matched by a source path or glob, relative to the workspace when not absolute."""
    base = Path(pattern).expanduser()
    full = base if base.is_absolute() else workspace / base
    if glob.has_magic(str(full)):
        # glob.glob takes absolute patterns with ** across folders; Path.glob needs a base.
        found = glob.glob(str(full), recursive=True)  # noqa: PTH207  # see above
        matches = sorted(Path(p) for p in found if Path(p).is_file())
    else:
        matches = [full] if full.exists() else []
    if not matches:
        raise NotFoundError(
            f"No file matches '{pattern}' (looked in {full.parent}).",
            hint="Check the path; relative paths are read from the workspace folder.",
        )
    for match in matches:
        if match.is_dir():
            raise InvalidInputError(
                f"'{match}' is a folder, not a file.", hint="Use a glob such as 'folder/*.csv'."
            )
    return matches


def ingest_file(
    runtime: Runtime,
    spec: SourceSpec,
    path: Path,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> BatchResult:
    """Ingest one file for a source.

    Args:
        runtime: Open stores.
        spec: The source.
        path: The file.
        force: Process the file even if this exact content was already ingested with this
            mapping (rows identical to their canonical version still change nothing).
        progress: Called with a short description of each step.

    Returns:
        What happened.

    Raises:
        NotFoundError: The file does not exist.
        InvalidInputError: The file cannot be used at all.
    """
    if not path.is_file():
        raise NotFoundError(f"File '{path}' does not exist.", hint="Check the path.")
    label = _label(runtime.workspace, path)
    fmt = spec.format or detect_format(path)
    _notify(progress, f"{spec.name}: checking {label}")
    mapping_digest = _mapping_digest(spec)
    digest = None
    if not force and _seen_size(runtime, spec, path.stat().st_size, mapping_digest):
        # Probably a file read before: hash it first, so that a repeat costs no read.
        digest = file_digest(path)
        if previous := _already_ingested(runtime, spec, digest, mapping_digest):
            return BatchResult(spec.name, spec.kind, label, "skipped", previous)
    started = datetime.now(UTC)
    clock = time.perf_counter()
    name = _staging_name()
    try:
        _notify(progress, f"{spec.name}: reading {label}")
        staged = stage_file(runtime.warehouse, name, path, fmt, dict(spec.options), digest=digest)
        if (
            digest is None
            and not force
            and (previous := _already_ingested(runtime, spec, staged.digest, mapping_digest))
        ):
            return BatchResult(spec.name, spec.kind, label, "skipped", previous)
        return _land(runtime, spec, staged, label, mapping_digest, started, clock, progress)
    finally:
        _drop_staging(runtime, name)


def _ingest_query(
    runtime: Runtime, spec: SourceSpec, *, force: bool, progress: Progress | None
) -> BatchResult:
    assert spec.url is not None and spec.query is not None  # noqa: S101  # checked by caller
    label = f"sql:{_redact_url(spec.url)}#{hashlib.sha256(spec.query.encode()).hexdigest()[:12]}"
    started = datetime.now(UTC)
    clock = time.perf_counter()
    name = _staging_name()
    try:
        _notify(progress, f"{spec.name}: querying {label}")
        staged = stage_query(runtime.warehouse, name, spec.url, spec.query)
        mapping_digest = _mapping_digest(spec)
        if not force and (
            previous := _already_ingested(runtime, spec, staged.digest, mapping_digest)
        ):
            return BatchResult(spec.name, spec.kind, label, "skipped", previous)
        return _land(runtime, spec, staged, label, mapping_digest, started, clock, progress)
    finally:
        _drop_staging(runtime, name)


def _drop_staging(runtime: Runtime, name: str) -> None:
    for table in (name, *scratch_tables(name)):
        runtime.warehouse.drop_staging(table)


def _land(
    runtime: Runtime,
    spec: SourceSpec,
    staged: Staged,
    label: str,
    mapping_digest: str,
    started: datetime,
    clock: float,
    progress: Progress | None,
) -> BatchResult:
    table = TABLES_BY_NAME[spec.kind]
    mapping = compile_mapping(
        table, dict(spec.mapping), staged.file.columns, source=spec.name, file_label=label
    )
    validation = compile_validation(table, mapping.texts, mapping.formats)
    _notify(progress, f"{spec.name}: validating and writing {staged.file.rows:,} rows of {label}")
    meta = BatchMeta(
        source=spec.name,
        source_file=label,
        digest=staged.digest,
        size=staged.size,
        format=staged.format,
        reader_options_json=json.dumps(staged.options, default=str),
        mapping_digest=mapping_digest,
        started_at_iso=started.replace(tzinfo=None).isoformat(sep=" "),
        version=__version__,
        full_extract=spec.full_extract,
    )
    counts = land_batch(runtime.warehouse, table, staged.file, mapping, validation, meta)
    sample = tuple(
        (int(row), str(reason))
        for row, reason in runtime.warehouse.fetch_all(
            "SELECT source_row, reason FROM quarantine WHERE batch_id = ? ORDER BY source_row "
            "LIMIT 5",
            [counts.batch_id],
        )
    )
    result = BatchResult(
        spec.name,
        spec.kind,
        label,
        "committed",
        counts.batch_id,
        counts.rows_read,
        counts.inserted,
        counts.updated,
        counts.unchanged,
        counts.quarantined,
        time.perf_counter() - clock,
        sample,
        counts.missing,
    )
    record_audit_event(
        runtime.app_db,
        actor=runtime.settings.actor,
        action="ingest.batch",
        target=f"{spec.name}:{label}",
        detail={
            "batch_id": result.batch_id,
            "kind": spec.kind,
            "rows_read": result.rows_read,
            "inserted": result.inserted,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "quarantined": result.quarantined,
            **({"missing": result.missing} if result.missing is not None else {}),
        },
        summary=f"Ingested {label} into {spec.kind} as batch {result.batch_id}.",
    )
    return result


def list_batches(runtime: Runtime, *, limit: int = 50) -> list[dict[str, Any]]:
    """The newest committed batches first."""
    rows = runtime.warehouse.fetch_arrow(
        "SELECT batch_id, source, kind, source_file, rows_read, rows_inserted, rows_updated, "
        "rows_unchanged, rows_quarantined, rows_missing, committed_at FROM source_batches "
        "ORDER BY batch_id DESC LIMIT ?",
        [limit],
    )
    return list(rows.to_pylist())


def list_quarantine(
    runtime: Runtime, *, batch_id: int | None = None, source: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """Quarantined rows with their reasons, newest batch first."""
    conditions: list[str] = []
    params: list[Any] = []
    if batch_id is not None:
        conditions.append("batch_id = ?")
        params.append(batch_id)
    if source is not None:
        conditions.append("source = ?")
        params.append(source)
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    table = runtime.warehouse.fetch_arrow(
        f"SELECT batch_id, source, kind, source_file, source_row, source_key, reason, "
        f"CAST(original AS VARCHAR) AS original FROM quarantine {where} "
        f"ORDER BY batch_id DESC, source_row LIMIT ?",
        [*params, limit],
    )
    return list(table.to_pylist())


def count_tables(runtime: Runtime) -> dict[str, int]:
    """Row counts of every canonical and bookkeeping table."""
    return {
        name: int(runtime.warehouse.scalar(f'SELECT count(*) FROM "{name}"'))
        for name in TABLES_BY_NAME
    }


def _already_ingested(
    runtime: Runtime, spec: SourceSpec, digest: str, mapping_digest: str
) -> int | None:
    # A full extract says what the source holds now: an earlier extract sent again is read
    # again (it may bring back rows flagged missing since); only a repeat of the latest is not.
    latest = (
        " AND batch_id = (SELECT max(batch_id) FROM source_batches WHERE source = ? AND kind = ?)"
        if spec.full_extract
        else ""
    )
    found = runtime.warehouse.scalar(
        "SELECT max(batch_id) FROM source_batches WHERE source = ? AND kind = ? "
        f"AND file_sha256 = ? AND mapping_sha256 = ?{latest}",
        [spec.name, spec.kind, digest, mapping_digest]
        + ([spec.name, spec.kind] if spec.full_extract else []),
    )
    return int(found) if found is not None else None


def _seen_size(runtime: Runtime, spec: SourceSpec, size: int, mapping_digest: str) -> bool:
    return bool(
        runtime.warehouse.scalar(
            "SELECT count(*) FROM source_batches WHERE source = ? AND kind = ? "
            "AND file_bytes = ? AND mapping_sha256 = ?",
            [spec.name, spec.kind, size, mapping_digest],
        )
    )


def _mapping_digest(spec: SourceSpec) -> str:
    payload = spec.model_dump(mode="json", include={"kind", "format", "options", "mapping"})
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _staging_name() -> str:
    return f"_stage_{time.time_ns()}"


def _label(workspace: Path, path: Path) -> str:
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(workspace.resolve()))
    except ValueError:
        return str(resolved)


def _redact_url(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        return f"{scheme}://{credentials.split(':', 1)[0]}@{host}"
    return url


def _notify(progress: Progress | None, message: str) -> None:
    if progress is not None:
        progress(message)

"""Lands a staged input in its canonical table, all or nothing.

Within one warehouse transaction it types and validates every row, sets aside the rows with
problems (and within-file duplicate keys) in ``quarantine``, inserts new rows, replaces changed
ones by source key after copying their previous version to ``record_history``, flags the rows a
full extract no longer carries, and records the batch in ``source_batches``. A process killed at
any point leaves the warehouse as before the batch or after it. It must not read files; readers
have staged them already.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from centric.ingest.mapping import CompiledMapping
from centric.ingest.validation import CompiledValidation, text_alias, typed_alias
from centric.warehouse.engine import StagedFile, Warehouse, quote_identifier, quote_literal
from centric.warehouse.schema import LINEAGE_COLUMNS, Table

NOW = "CAST(now() AS TIMESTAMP)"
# The lineage columns written with every version of a row (missing_since_batch is set later).
WRITTEN_LINEAGE = tuple(column.name for column in LINEAGE_COLUMNS)


@dataclass(frozen=True)
class BatchMeta:
    """Facts about the batch recorded in ``source_batches``."""

    source: str
    source_file: str
    digest: str
    size: int
    format: str
    reader_options_json: str
    mapping_digest: str
    started_at_iso: str
    version: str
    full_extract: bool = False


@dataclass(frozen=True)
class LandingCounts:
    """What landing did with the rows of one batch."""

    batch_id: int
    rows_read: int
    inserted: int
    updated: int
    unchanged: int
    quarantined: int
    missing: int | None = None  # None when the batch is not a full extract (or not checked)


def validate_staged(
    warehouse: Warehouse,
    table: Table,
    staged: StagedFile,
    mapping: CompiledMapping,
    validation: CompiledValidation,
) -> str:
    """Type and check every staged row into a temporary table; returns its name.

    The table has every business column typed, ``_row`` and ``_reason`` (NULL when the row is
    acceptable). Within-file duplicate keys are marked there too: the last occurrence wins.
    """
    checked = staged.table + "_checked"
    warehouse.execute(
        f"CREATE OR REPLACE TEMP TABLE {quote_identifier(checked)} AS "
        f"SELECT {_typed_columns(table)}, _row, {validation.reason} AS _reason "
        f"FROM {_typed_rows(table, staged, mapping, validation)}"
    )
    _mark_duplicate_keys(warehouse, checked)
    return checked


def _typed_rows(
    table: Table,
    staged: StagedFile,
    mapping: CompiledMapping,
    validation: CompiledValidation,
    *,
    where: str = "true",
) -> str:
    # Staged rows with the mapped text (t_*) and the typed value (v_*) of every canonical column:
    # the checks and the written columns read each typed value computed once here.
    empty = "CAST(NULL AS VARCHAR)"
    texts = ", ".join(
        f"{mapping.texts.get(c.name, empty)} AS {quote_identifier(text_alias(c.name))}"
        for c in table.business_columns
    )
    typed = ", ".join(
        f"{validation.typed[c.name]} AS {quote_identifier(typed_alias(c.name))}"
        for c in table.business_columns
    )
    return (
        f"(SELECT *, {typed} FROM (SELECT {texts}, _row "
        f"FROM {quote_identifier(staged.table)} r WHERE {where}))"
    )


def _typed_columns(table: Table) -> str:
    return ", ".join(
        f"{quote_identifier(typed_alias(c.name))} AS {quote_identifier(c.name)}"
        for c in table.business_columns
    )


def _mark_duplicate_keys(warehouse: Warehouse, checked: str) -> None:
    name = quote_identifier(checked)
    duplicated = warehouse.scalar(
        f"SELECT count(*) FROM (SELECT source_key FROM {name} WHERE _reason IS NULL "
        f"GROUP BY source_key HAVING count(*) > 1)"
    )
    if not duplicated:
        return
    warehouse.execute(
        f"UPDATE {name} AS c SET _reason = 'source_key ''' || c.source_key || "
        f"''' appears again at row ' || d.last_row || ' of this file; "
        f"the last occurrence was kept' "
        f"FROM (SELECT source_key, max(_row) AS last_row FROM {name} WHERE _reason IS NULL "
        f"GROUP BY source_key HAVING count(*) > 1) AS d "
        f"WHERE c.source_key = d.source_key AND c._reason IS NULL AND c._row < d.last_row"
    )


def scratch_tables(staging: str) -> tuple[str, ...]:
    """Temporary tables that landing may create beside a staging table, for the caller to drop."""
    return tuple(staging + suffix for suffix in ("_checked", "_checked_actions", "_duplicates"))


def land_batch(
    warehouse: Warehouse,
    table: Table,
    staged: StagedFile,
    mapping: CompiledMapping,
    validation: CompiledValidation,
    meta: BatchMeta,
) -> LandingCounts:
    """Type, check and write a staged batch to the warehouse in one transaction.

    The first batch of a source goes straight from the staging table to the canonical table in
    one pass (rows with a reason are left behind and quarantined afterwards); later batches are
    typed into a temporary table first, because each row is compared with its canonical version.

    Args:
        warehouse: The warehouse.
        table: The canonical table fed.
        staged: The staged input (also the original values of quarantined rows).
        mapping: The compiled mapping of the source.
        validation: The compiled typing and checks of the table.
        meta: Facts recorded about the batch.

    Returns:
        What happened to the rows.
    """
    target = quote_identifier(table.name)
    with warehouse.transaction():
        batch_id = int(
            warehouse.scalar("SELECT coalesce(max(batch_id), 0) + 1 FROM source_batches")
        )
        existing = warehouse.scalar(
            f"SELECT count(*) FROM (SELECT 1 FROM {target} WHERE source = ? LIMIT 1)",
            [meta.source],
        )
        if not existing:
            inserted, quarantined = _insert_first(
                warehouse, table, staged, mapping, validation, batch_id, meta
            )
            updated = unchanged = 0
        else:
            checked = validate_staged(warehouse, table, staged, mapping, validation)
            quarantined = _quarantine(warehouse, table, staged, checked, batch_id, meta)
            inserted, updated, unchanged = _merge(
                warehouse, table, checked, batch_id, meta.source, meta.source_file
            )
        quarantined += _quarantine_structural(warehouse, table, staged, batch_id, meta)
        missing: int | None = None
        if meta.full_extract and not staged.rejects:
            missing = _flag_missing(warehouse, table, staged, mapping, batch_id, meta.source)
        rows_read = staged.rows + len(staged.rejects)
        warehouse.execute(
            f"INSERT INTO source_batches ({_BATCH_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, "
            f"CAST(? AS JSON), ?, ?, ?, ?, ?, ?, ?, CAST(? AS TIMESTAMP), {NOW}, ?)",
            [
                batch_id,
                meta.source,
                table.name,
                meta.source_file,
                meta.digest,
                meta.size,
                meta.format,
                meta.reader_options_json,
                meta.mapping_digest,
                rows_read,
                inserted,
                updated,
                unchanged,
                quarantined,
                missing,
                meta.started_at_iso,
                meta.version,
            ],
        )
    return LandingCounts(batch_id, rows_read, inserted, updated, unchanged, quarantined, missing)


_BATCH_COLUMNS = (
    "batch_id, source, kind, source_file, file_sha256, file_bytes, format, reader_options, "
    "mapping_sha256, rows_read, rows_inserted, rows_updated, rows_unchanged, rows_quarantined, "
    "rows_missing, started_at, committed_at, centric_version"
)


def _lineage(batch_id: int, source_file: str, row: str) -> str:
    return (
        f"{batch_id} AS batch_id, {quote_literal(source_file)} AS source_file, "
        f"{row} AS source_row, {NOW} AS ingested_at"
    )


def _written_columns(table: Table) -> str:
    # Named, because a flag set later (missing_since_batch) starts empty and older workspaces
    # may hold the columns in another order.
    names = [c.name for c in table.business_columns] + list(WRITTEN_LINEAGE)
    return ", ".join(quote_identifier(name) for name in names)


def _insert_first(
    warehouse: Warehouse,
    table: Table,
    staged: StagedFile,
    mapping: CompiledMapping,
    validation: CompiledValidation,
    batch_id: int,
    meta: BatchMeta,
) -> tuple[int, int]:
    # One pass types, checks and writes every acceptable row; the few rows left behind are
    # found by their record number and explained afterwards, so the reason text is built only
    # for them and no typed copy of the whole file is ever made.
    target = quote_identifier(table.name)
    # Every row carries its record number, so the write need not keep the staging order.
    with warehouse.unordered_writes():
        warehouse.execute(
            f"INSERT INTO {target} ({_written_columns(table)}) "
            f"SELECT {_typed_columns(table)}, {_lineage(batch_id, meta.source_file, '_row')} "
            f"FROM {_typed_rows(table, staged, mapping, validation)} "
            f"WHERE ({validation.reason}) IS NULL"
        )
    accepted = int(
        warehouse.scalar(f"SELECT count(*) FROM {target} WHERE batch_id = ?", [batch_id])
    )
    rejected = 0
    if accepted < staged.rows:
        rejected = staged.rows - accepted
        # Only the rows left behind are mapped and typed again, to build their reasons.
        left_out = _typed_rows(
            table,
            staged,
            mapping,
            validation,
            where=f"NOT EXISTS (SELECT 1 FROM {target} t "
            f"WHERE t.batch_id = {batch_id} AND t.source_row = r._row)",
        )
        _insert_quarantine(
            warehouse,
            table,
            staged,
            batch_id,
            meta,
            f"SELECT _row, {quote_identifier(typed_alias('source_key'))} AS source_key, "
            f"{validation.reason} AS _reason FROM {left_out}",
        )
    duplicates = _remove_duplicate_keys(warehouse, table, staged, batch_id, meta)
    return accepted - duplicates, rejected + duplicates


def _remove_duplicate_keys(
    warehouse: Warehouse, table: Table, staged: StagedFile, batch_id: int, meta: BatchMeta
) -> int:
    # Within one file the last occurrence of a key wins; the earlier ones are quarantined.
    target = quote_identifier(table.name)
    repeated = (
        f"SELECT source_key, max(source_row) AS last_row FROM {target} WHERE batch_id = {batch_id} "
        f"GROUP BY source_key HAVING count(*) > 1"
    )
    if not warehouse.scalar(f"SELECT count(*) FROM ({repeated})"):
        return 0
    duplicates = quote_identifier(staged.table + "_duplicates")
    warehouse.execute(
        f"CREATE OR REPLACE TEMP TABLE {duplicates} AS "
        f"SELECT t.source_row AS _row, t.source_key, d.last_row FROM {target} t "
        f"JOIN ({repeated}) d ON t.source_key = d.source_key "
        f"WHERE t.batch_id = {batch_id} AND t.source_row < d.last_row"
    )
    _insert_quarantine(
        warehouse,
        table,
        staged,
        batch_id,
        meta,
        f"SELECT _row, source_key, {_DUPLICATE_REASON} AS _reason FROM {duplicates}",
    )
    warehouse.execute(
        f"DELETE FROM {target} WHERE batch_id = {batch_id} "
        f"AND source_row IN (SELECT _row FROM {duplicates})"
    )
    return int(warehouse.scalar(f"SELECT count(*) FROM {duplicates}"))


_DUPLICATE_REASON = (
    "'source_key ''' || source_key || ''' appears again at row ' || last_row || "
    "' of this file; the last occurrence was kept'"
)


def _insert_quarantine(
    warehouse: Warehouse,
    table: Table,
    staged: StagedFile,
    batch_id: int,
    meta: BatchMeta,
    rejected: str,
) -> None:
    # ``rejected`` yields _row, source_key and _reason; the original values come from staging.
    original = (
        "json_object("
        + ", ".join(f"{quote_literal(c)}, s.{quote_identifier(c)}" for c in staged.columns)
        + ")"
        if staged.columns
        else "json_object()"
    )
    warehouse.execute(
        f"INSERT INTO quarantine SELECT {_quarantine_common(table, batch_id, meta)}, c._row, "
        f"c.source_key, c._reason, {original}, {NOW} FROM ({rejected}) c "
        f"JOIN {quote_identifier(staged.table)} s ON s._row = c._row ORDER BY c._row"
    )


def _quarantine_common(table: Table, batch_id: int, meta: BatchMeta) -> str:
    return (
        f"{batch_id}, {quote_literal(meta.source)}, {quote_literal(table.name)}, "
        f"{quote_literal(meta.source_file)}"
    )


def _quarantine(
    warehouse: Warehouse,
    table: Table,
    staged: StagedFile,
    checked: str,
    batch_id: int,
    meta: BatchMeta,
) -> int:
    checked_q = quote_identifier(checked)
    _insert_quarantine(
        warehouse,
        table,
        staged,
        batch_id,
        meta,
        f"SELECT _row, source_key, _reason FROM {checked_q} WHERE _reason IS NOT NULL",
    )
    return int(warehouse.scalar(f"SELECT count(*) FROM {checked_q} WHERE _reason IS NOT NULL"))


def _quarantine_structural(
    warehouse: Warehouse, table: Table, staged: StagedFile, batch_id: int, meta: BatchMeta
) -> int:
    if not staged.rejects:
        return 0
    rejects = pa.table(
        {
            "_row": pa.array([r.source_row for r in staged.rejects], pa.int64()),
            "reason": pa.array([r.reason for r in staged.rejects], pa.string()),
            "raw": pa.array([r.raw for r in staged.rejects], pa.string()),
        }
    )
    holding = warehouse.stage_arrow(staged.table + "_structural", rejects)
    warehouse.execute(
        f"INSERT INTO quarantine SELECT {_quarantine_common(table, batch_id, meta)}, _row, NULL, "
        f"reason, json_object('raw', raw), {NOW} FROM {quote_identifier(holding.table)} "
        f"ORDER BY _row"
    )
    warehouse.drop_staging(holding.table)
    return len(staged.rejects)


def _flag_missing(
    warehouse: Warehouse,
    table: Table,
    staged: StagedFile,
    mapping: CompiledMapping,
    batch_id: int,
    source: str,
) -> int:
    # A full extract lists every record the source still has: canonical rows of the source
    # whose key it does not carry at all (not even in a quarantined record) are flagged, never
    # deleted. Rows already flagged keep the batch that first missed them.
    target = quote_identifier(table.name)
    key = mapping.texts["source_key"]
    warehouse.execute(
        f"UPDATE {target} SET missing_since_batch = {batch_id} "
        f"WHERE source = ? AND missing_since_batch IS NULL AND source_key NOT IN "
        f"(SELECT {key} FROM {quote_identifier(staged.table)} WHERE {key} IS NOT NULL)",
        [source],
    )
    return int(
        warehouse.scalar(
            f"SELECT count(*) FROM {target} WHERE source = ? AND missing_since_batch = ?",
            [source, batch_id],
        )
    )


def _merge(
    warehouse: Warehouse,
    table: Table,
    checked: str,
    batch_id: int,
    source: str,
    source_file: str,
) -> tuple[int, int, int]:
    target = quote_identifier(table.name)
    checked_q = quote_identifier(checked)
    actions = quote_identifier(checked + "_actions")
    compared = [c.name for c in table.business_columns if c.name not in ("source", "source_key")]
    differs = " OR ".join(
        f"t.{quote_identifier(c)} IS DISTINCT FROM n.{quote_identifier(c)}" for c in compared
    )
    changed_list = (
        "list_filter(["
        + ", ".join(
            f"CASE WHEN t.{quote_identifier(c)} IS DISTINCT FROM n.{quote_identifier(c)} "
            f"THEN {quote_literal(c)} END"
            for c in compared
        )
        + "], lambda x: x IS NOT NULL)"
    )
    warehouse.execute(
        f"CREATE OR REPLACE TEMP TABLE {actions} AS "
        f"SELECT n._row, n.source_key, CASE WHEN t.source_key IS NULL THEN 'insert' "
        f"WHEN {differs} THEN 'update' ELSE 'same' END AS action "
        f"FROM {checked_q} n LEFT JOIN (SELECT * FROM {target} WHERE source = ?) t "
        f"ON t.source_key = n.source_key WHERE n._reason IS NULL",
        [source],
    )
    counts = dict(warehouse.fetch_all(f"SELECT action, count(*) FROM {actions} GROUP BY action"))
    every = _written_columns(table)
    if counts.get("same") and warehouse.scalar(
        f"SELECT count(*) FROM (SELECT 1 FROM {target} WHERE source = ? "
        f"AND missing_since_batch IS NOT NULL LIMIT 1)",
        [source],
    ):
        # A row the source sends again is no longer missing, even when nothing else changed.
        warehouse.execute(
            f"UPDATE {target} SET missing_since_batch = NULL WHERE source = ? "
            f"AND missing_since_batch IS NOT NULL AND source_key IN "
            f"(SELECT source_key FROM {actions} WHERE action = 'same')",
            [source],
        )
    if counts.get("update"):
        warehouse.execute(
            f"INSERT INTO record_history SELECT {quote_literal(table.name)}, t.source, "
            f"t.source_key, to_json(struct_pack("
            + ", ".join(
                f"{quote_identifier(c.name)} := t.{quote_identifier(c.name)}"
                for c in table.all_columns
            )
            + f")), {changed_list}, {batch_id}, {NOW} "
            f"FROM {target} t JOIN {checked_q} n ON t.source_key = n.source_key "
            f"JOIN {actions} a ON a._row = n._row "
            f"WHERE t.source = ? AND a.action = 'update'",
            [source],
        )
        warehouse.execute(
            f"DELETE FROM {target} WHERE source = ? AND source_key IN "
            f"(SELECT source_key FROM {actions} WHERE action = 'update')",
            [source],
        )
    if counts.get("insert") or counts.get("update"):
        columns = ", ".join(f"n.{quote_identifier(c.name)}" for c in table.business_columns)
        lineage = _lineage(batch_id, source_file, "n._row")
        warehouse.execute(
            f"INSERT INTO {target} ({every}) SELECT {columns}, {lineage} "
            f"FROM {checked_q} n JOIN {actions} a ON a._row = n._row "
            f"WHERE a.action IN ('insert', 'update')"
        )
    return int(counts.get("insert", 0)), int(counts.get("update", 0)), int(counts.get("same", 0))

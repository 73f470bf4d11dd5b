"""Lands a staged input in its canonical table, all or nothing.

Within one warehouse transaction it types and validates every row, sets aside the rows with
problems (and within-file duplicate keys) in ``quarantine``, inserts new rows, replaces changed
ones by source key after copying their previous version to ``record_history``, and records the
batch in ``source_batches``. A process killed at any point leaves the warehouse as before the
batch or after it. It must not read files; readers have staged them already.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from centric.ingest.mapping import CompiledMapping
from centric.ingest.validation import CompiledValidation, text_alias
from centric.warehouse.engine import StagedFile, Warehouse, quote_identifier, quote_literal
from centric.warehouse.schema import Table

NOW = "CAST(now() AS TIMESTAMP)"


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


@dataclass(frozen=True)
class LandingCounts:
    """What landing did with the rows of one batch."""

    batch_id: int
    rows_read: int
    inserted: int
    updated: int
    unchanged: int
    quarantined: int


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
    stage = quote_identifier(staged.table)
    checked = staged.table + "_checked"
    empty = "CAST(NULL AS VARCHAR)"
    texts = ", ".join(
        f"{mapping.texts.get(c.name, empty)} AS {quote_identifier(text_alias(c.name))}"
        for c in table.business_columns
    )
    typed = ", ".join(
        f"{validation.typed[c.name]} AS {quote_identifier(c.name)}" for c in table.business_columns
    )
    warehouse.execute(
        f"CREATE OR REPLACE TEMP TABLE {quote_identifier(checked)} AS "
        f"SELECT {typed}, _row, {validation.reason} AS _reason "
        f"FROM (SELECT {texts}, _row FROM {stage})"
    )
    _mark_duplicate_keys(warehouse, checked)
    return checked


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


def land_batch(
    warehouse: Warehouse,
    table: Table,
    staged: StagedFile,
    checked: str,
    meta: BatchMeta,
) -> LandingCounts:
    """Write a validated batch to the warehouse in one transaction.

    Args:
        warehouse: The warehouse.
        table: The canonical table fed.
        staged: The staged input (for original values of quarantined rows).
        checked: Name of the table made by :func:`validate_staged`.
        meta: Facts recorded about the batch.

    Returns:
        What happened to the rows.
    """
    target = quote_identifier(table.name)
    checked_q = quote_identifier(checked)
    business = [c.name for c in table.business_columns]
    with warehouse.transaction():
        batch_id = int(
            warehouse.scalar("SELECT coalesce(max(batch_id), 0) + 1 FROM source_batches")
        )
        quarantined = _quarantine(warehouse, table, staged, checked, batch_id, meta)
        existing = warehouse.scalar(
            f"SELECT count(*) FROM (SELECT 1 FROM {target} WHERE source = ? LIMIT 1)",
            [meta.source],
        )
        columns = ", ".join(quote_identifier(c) for c in business)
        if not existing:
            inserted = int(
                warehouse.scalar(f"SELECT count(*) FROM {checked_q} WHERE _reason IS NULL")
            )
            warehouse.execute(
                f"INSERT INTO {target} SELECT {columns}, "
                f"{_lineage(batch_id, meta.source_file, '_row')} "
                f"FROM {checked_q} WHERE _reason IS NULL"
            )
            updated = unchanged = 0
        else:
            inserted, updated, unchanged = _merge(
                warehouse, table, checked, batch_id, meta.source, meta.source_file
            )
        rows_read = staged.rows + len(staged.rejects)
        warehouse.execute(
            "INSERT INTO source_batches VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS JSON), ?, ?, ?, ?, "
            f"?, ?, CAST(? AS TIMESTAMP), {NOW}, ?)",
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
                meta.started_at_iso,
                meta.version,
            ],
        )
    return LandingCounts(batch_id, rows_read, inserted, updated, unchanged, quarantined)


def _lineage(batch_id: int, source_file: str, row: str) -> str:
    return (
        f"{batch_id} AS batch_id, {quote_literal(source_file)} AS source_file, "
        f"{row} AS source_row, {NOW} AS ingested_at"
    )


def _quarantine(
    warehouse: Warehouse,
    table: Table,
    staged: StagedFile,
    checked: str,
    batch_id: int,
    meta: BatchMeta,
) -> int:
    common = f"{batch_id}, {quote_literal(meta.source)}, {quote_literal(table.name)}, " + (
        f"{quote_literal(meta.source_file)}"
    )
    original = (
        "json_object("
        + ", ".join(f"{quote_literal(c)}, s.{quote_identifier(c)}" for c in staged.columns)
        + ")"
        if staged.columns
        else "json_object()"
    )
    warehouse.execute(
        f"INSERT INTO quarantine SELECT {common}, c._row, c.source_key, c._reason, {original}, "
        f"{NOW} FROM {quote_identifier(checked)} c JOIN {quote_identifier(staged.table)} s "
        f"ON s._row = c._row WHERE c._reason IS NOT NULL ORDER BY c._row"
    )
    if staged.rejects:
        rejects = pa.table(
            {
                "_row": pa.array([r.source_row for r in staged.rejects], pa.int64()),
                "reason": pa.array([r.reason for r in staged.rejects], pa.string()),
                "raw": pa.array([r.raw for r in staged.rejects], pa.string()),
            }
        )
        holding = warehouse.stage_arrow(staged.table + "_structural", rejects)
        warehouse.execute(
            f"INSERT INTO quarantine SELECT {common}, _row, NULL, reason, "
            f"json_object('raw', raw), {NOW} FROM {quote_identifier(holding.table)} ORDER BY _row"
        )
        warehouse.drop_staging(holding.table)
    return int(
        warehouse.scalar(
            f"SELECT count(*) FROM {quote_identifier(checked)} WHERE _reason IS NOT NULL"
        )
    ) + len(staged.rejects)


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
    every = ", ".join(quote_identifier(c.name) for c in table.all_columns)
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

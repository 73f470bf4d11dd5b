"""Finds which customer records are new, changed or gone since the last run, and standardises
the new and changed ones.

Only records whose identity fields changed (by fingerprint) are standardised again, so an
incremental run does work proportional to the batch, not to the population. Everything is
written to temporary tables; the persistent identity tables are changed only when a run
commits (see :mod:`centric.identity.service`). This module must not score or cluster.
"""

from __future__ import annotations

from dataclasses import dataclass

from centric.identity.standardise import input_hash_sql, standardise_into
from centric.warehouse import Warehouse

# Temporary tables of a run.
DELTA = "identity_delta"  # standardised new and changed records
DELTA_SOURCE = "identity_delta_source"
STALE = "identity_stale"  # record_id of changed and removed records (their pairs are stale)
REMOVED = "identity_removed"  # record_id of records no longer in customer_records


@dataclass(frozen=True)
class RecordDelta:
    """How the population changed since the last run."""

    new: int
    changed: int
    removed: int
    population: int

    @property
    def touched(self) -> int:
        """Records that need (re)scoring or removal."""
        return self.new + self.changed + self.removed


def find_delta(warehouse: Warehouse, *, default_region: str, everything: bool) -> RecordDelta:
    """Standardise new and changed customer records into the temporary table ``identity_delta``.

    Args:
        warehouse: The warehouse.
        default_region: Region for phones written without a country code.
        everything: Standardise every record again (after the standardiser changed).

    Returns:
        Counts of new, changed and removed records and of the population after the run.
    """
    fingerprint = input_hash_sql("cr")
    changed_test = "true" if everything else f"ir.input_hash IS DISTINCT FROM {fingerprint}"
    highest = int(warehouse.scalar("SELECT coalesce(max(record_id), 0) FROM identity_records"))
    warehouse.execute(
        f"""CREATE OR REPLACE TEMP TABLE {DELTA_SOURCE} AS
SELECT cr.*,
    {fingerprint} AS input_hash,
    CAST(coalesce(cr.updated_at, cr.created_at, cr.ingested_at) AS TIMESTAMP) AS record_time,
    coalesce(ir.record_id, {highest} + row_number() OVER (
        PARTITION BY ir.record_id IS NULL ORDER BY cr.source, cr.source_key)) AS record_id,
    ir.record_id IS NOT NULL AS is_changed
FROM customer_records cr
LEFT JOIN identity_records ir USING (source, source_key)
WHERE ir.record_id IS NULL OR {changed_test}"""
    )
    warehouse.execute(
        f"""CREATE OR REPLACE TEMP TABLE {REMOVED} AS
SELECT ir.record_id FROM identity_records ir
ANTI JOIN customer_records cr USING (source, source_key)"""
    )
    warehouse.execute(
        f"""CREATE OR REPLACE TEMP TABLE {STALE} AS
SELECT record_id FROM {DELTA_SOURCE} WHERE is_changed
UNION SELECT record_id FROM {REMOVED}"""
    )
    standardise_into(warehouse, source=DELTA_SOURCE, target=DELTA, default_region=default_region)
    new, changed = warehouse.fetch_all(
        f"SELECT count(*) FILTER (WHERE NOT is_changed), count(*) FILTER (WHERE is_changed) "
        f"FROM {DELTA_SOURCE}"
    )[0]
    removed = int(warehouse.scalar(f"SELECT count(*) FROM {REMOVED}"))
    population = int(warehouse.scalar("SELECT count(*) FROM customer_records"))
    warehouse.drop_staging(DELTA_SOURCE)
    return RecordDelta(int(new), int(changed), removed, population)


def population_sql(columns: str) -> str:
    """SQL for the population after the run: unchanged stored records plus the delta."""
    return (
        f"SELECT {columns} FROM identity_records WHERE record_id NOT IN "
        f"(SELECT record_id FROM {STALE}) UNION ALL SELECT {columns} FROM {DELTA}"
    )


def unchanged_sql(columns: str) -> str:
    """SQL for the stored records that stay as they are."""
    return (
        f"SELECT {columns} FROM identity_records WHERE record_id NOT IN "
        f"(SELECT record_id FROM {STALE})"
    )


def commit_records(warehouse: Warehouse) -> None:
    """Replace changed and removed records by the delta (inside the run's transaction)."""
    warehouse.execute(
        f"DELETE FROM identity_records WHERE record_id IN (SELECT record_id FROM {STALE})"
    )
    warehouse.execute(f"INSERT INTO identity_records BY NAME SELECT * FROM {DELTA}")

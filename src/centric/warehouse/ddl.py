"""Creates and evolves the warehouse's tables from the declared schema.

Creation is idempotent: missing tables are created and missing columns added, never dropped, so
an older workspace opens with a newer Centric. It also maintains ``source_rows``, the view that
lists the lineage of every canonical row. It must not hold any table definition itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from centric.warehouse.engine import Warehouse, quote_identifier
from centric.warehouse.schema import ALL_TABLES, CANONICAL_TABLES, Table

SCHEMA_VERSION = 1


def create_warehouse_tables(warehouse: Warehouse) -> None:
    """Create every missing table and column of the canonical model, and the lineage view.

    Args:
        warehouse: The warehouse to prepare.
    """
    with warehouse.transaction():
        for table in ALL_TABLES:
            _create_or_extend(warehouse, table)
        warehouse.execute(
            "CREATE TABLE IF NOT EXISTS centric_meta (key VARCHAR PRIMARY KEY, value VARCHAR)"
        )
        warehouse.execute(
            "INSERT OR REPLACE INTO centric_meta VALUES ('schema_version', ?)",
            [str(SCHEMA_VERSION)],
        )
        lineage = " UNION ALL ".join(
            f"SELECT '{table.name}' AS kind, source, source_key, batch_id, source_file, "
            f"source_row, ingested_at FROM {quote_identifier(table.name)}"
            for table in CANONICAL_TABLES
        )
        warehouse.execute(f"CREATE OR REPLACE VIEW source_rows AS {lineage}")


def create_tables(warehouse: Warehouse, tables: Iterable[Table]) -> None:
    """Create missing tables and add missing columns of tables a domain declares.

    Domains that keep derived data in the warehouse (identity, text) declare their tables with
    :class:`~centric.warehouse.schema.Table` and call this; existing data are kept.

    Args:
        warehouse: The warehouse to prepare.
        tables: The declared tables.
    """
    with warehouse.transaction():
        for table in tables:
            _create_or_extend(warehouse, table)


def _create_or_extend(warehouse: Warehouse, table: Table) -> None:
    name = quote_identifier(table.name)
    if not warehouse.table_exists(table.name):
        columns = ", ".join(f"{quote_identifier(c.name)} {c.type}" for c in table.all_columns)
        warehouse.execute(f"CREATE TABLE {name} ({columns})")
        return
    present = {row[0] for row in warehouse.fetch_all(f"DESCRIBE {name}")}
    for column in table.all_columns:
        if column.name not in present:
            warehouse.execute(
                f"ALTER TABLE {name} ADD COLUMN {quote_identifier(column.name)} {column.type}"
            )

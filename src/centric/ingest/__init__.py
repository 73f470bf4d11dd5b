"""Ingest: customer data from any silo into the canonical warehouse tables, with lineage.

Files (CSV, Parquet, JSON/NDJSON, Excel) and SQL queries are read, mapped declaratively,
validated row by row (bad rows are quarantined with their reasons), and landed idempotently and
atomically, keeping the history of changed rows.
"""

from centric.ingest.schemas import FieldMapping, SourceSpec, parse_source_spec
from centric.ingest.service import (
    BatchResult,
    count_tables,
    declared_sources,
    ingest_declared,
    ingest_file,
    ingest_source,
    list_batches,
    list_quarantine,
    source_for_file,
)

__all__ = [
    "BatchResult",
    "FieldMapping",
    "SourceSpec",
    "count_tables",
    "declared_sources",
    "ingest_declared",
    "ingest_file",
    "ingest_source",
    "list_batches",
    "list_quarantine",
    "parse_source_spec",
    "source_for_file",
]

"""The analytical warehouse: the engine seam, the canonical schema and its creation.

Domains use :class:`Warehouse` and the schema declared in :mod:`centric.warehouse.schema`; the
DuckDB engine is opened by the composition root (:mod:`centric.runtime`), never at import time.
"""

from centric.warehouse.ddl import create_tables, create_warehouse_tables
from centric.warehouse.engine import (
    DelimitedOptions,
    StagedFile,
    StructuralReject,
    Warehouse,
    quote_identifier,
    quote_literal,
)
from centric.warehouse.schema import CANONICAL_TABLES, INGESTIBLE_KINDS, TABLES_BY_NAME

__all__ = [
    "CANONICAL_TABLES",
    "INGESTIBLE_KINDS",
    "TABLES_BY_NAME",
    "DelimitedOptions",
    "StagedFile",
    "StructuralReject",
    "Warehouse",
    "create_tables",
    "create_warehouse_tables",
    "quote_identifier",
    "quote_literal",
]

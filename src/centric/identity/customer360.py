"""Customer 360 and exports: everything known about one customer, and every record's customer.

A customer is found by ID (a retired ID leads to its successor), by e-mail, by phone (both
standardised first), or by one of its records. The view holds the golden record with its
provenance, the source records, and one timeline of orders, interactions, feedback and social
posts across marketing, sales and service, joined through the customer's links. The export
writes source, source_key, customer_id and match_probability for every record. This module
reads only (the export writes a file).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from centric.errors import InvalidInputError, NotFoundError
from centric.identity.overrides import resolve_reference
from centric.identity.standardise import standardise_record
from centric.identity.tables import GOLDEN_FIELDS, create_identity_tables
from centric.runtime import Runtime
from centric.warehouse import Warehouse

ExportFormat = Literal["csv", "parquet"]

_PHONE_LIKE = re.compile(r"\+?[0-9 ()\-.]{6,}")

# One timeline row per order, interaction, feedback answer and social post of the customer.
_TIMELINE_SQL = """
WITH links AS (
    SELECT source, source_key FROM customer_links WHERE customer_id = ?
)
SELECT o.ordered_at AS at, 'order' AS kind, 'sales' AS area, o.source, o.source_key,
    o.channel,
    concat_ws(' ', o.product, 'x' || o.quantity, CAST(o.amount AS VARCHAR) || ' '
        || coalesce(o.currency, ''), '(' || o.status || ')') AS summary,
    CAST(o.amount AS DOUBLE) AS amount, CAST(NULL AS DOUBLE) AS score, NULL AS team_id
FROM orders o JOIN links l
    ON l.source = coalesce(o.customer_source, o.source) AND l.source_key = o.customer_key
UNION ALL
SELECT i.occurred_at, 'interaction', 'service', i.source, i.source_key, i.channel,
    concat_ws(' - ', i.touchpoint, i.reason, i.subject),
    NULL, NULL, i.team_id
FROM interactions i JOIN links l
    ON l.source = coalesce(i.customer_source, i.source) AND l.source_key = i.customer_key
UNION ALL
SELECT f.responded_at, 'feedback', 'marketing', f.source, f.source_key, f.channel,
    concat_ws(' - ', f.survey, f.question, CAST(f.score AS VARCHAR), f.verbatim),
    NULL, f.score, f.team_id
FROM feedback f JOIN links l
    ON l.source = coalesce(f.customer_source, f.source) AND l.source_key = f.customer_key
UNION ALL
SELECT p.posted_at, 'social post', 'marketing', p.source, p.source_key, p.platform, p.text,
    NULL, p.rating, NULL
FROM social_posts p JOIN links l
    ON l.source = coalesce(p.customer_source, p.source) AND l.source_key = p.customer_key
ORDER BY 1 DESC NULLS LAST, 2, 4, 5
"""


@dataclass(frozen=True)
class CustomerView:
    """Everything known about one customer.

    Attributes:
        customer_id: The customer's current ID.
        asked_for: What was looked up (an ID, e-mail, phone or record).
        golden: The golden record, field -> value.
        provenance: Field -> {"rule": ..., "record": "source:source_key"}.
        records: The source records with how each was linked (DataFrame).
        timeline: Orders, interactions, feedback and social posts, newest first (DataFrame).
        history: ID changes that concern the customer (DataFrame).
    """

    customer_id: str
    asked_for: str
    golden: dict[str, Any]
    provenance: dict[str, Any]
    records: pd.DataFrame
    timeline: pd.DataFrame
    history: pd.DataFrame
    record_refs: tuple[tuple[str, str], ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form of the view."""
        return {
            "customer_id": self.customer_id,
            "asked_for": self.asked_for,
            "golden": self.golden,
            "provenance": self.provenance,
            "records": _records(self.records),
            "timeline": _records(self.timeline),
            "history": _records(self.history),
        }


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {str(k): (None if _missing(v) else v) for k, v in row.items()}
        for row in frame.to_dict(orient="records")
    ]


def _missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def find_customer(runtime: Runtime, query: str) -> str:
    """The current customer ID for an ID, e-mail, phone or record reference.

    Raises:
        NotFoundError: Nothing matches.
        InvalidInputError: An e-mail or phone matches several customers.
    """
    warehouse = runtime.warehouse
    create_identity_tables(warehouse)
    text = query.strip()
    region = runtime.settings.default_region
    if "@" in text and ":" not in text:
        email = standardise_record({"email": text}, default_region=region)["email"]
        return _single(warehouse, "email", email, text)
    if _PHONE_LIKE.fullmatch(text):
        phone = standardise_record({"phone": text}, default_region=region)["phone"]
        return _single(warehouse, "phone", phone, text)
    reference = resolve_reference(warehouse, text)
    if reference.customer_id is None:
        raise NotFoundError(
            f"Record '{text}' has no customer yet.", hint="Run 'centric resolve' first."
        )
    return reference.customer_id


def _single(warehouse: Warehouse, column: str, value: str | None, asked: str) -> str:
    if value is None:
        raise InvalidInputError(
            f"'{asked}' is not a valid {column.replace('_', ' ')}.",
            hint="Give a customer ID, an e-mail, a phone number or source:source_key.",
        )
    found = [
        str(row[0])
        for row in warehouse.fetch_all(
            f"SELECT DISTINCT l.customer_id FROM identity_records r "
            f"JOIN customer_links l USING (record_id) WHERE r.{column} = ? ORDER BY 1",
            [value],
        )
    ]
    if not found:
        raise NotFoundError(
            f"No customer with {column} '{asked}'.",
            hint="Check the value, or search by customer ID or source:source_key.",
        )
    if len(found) > 1:
        raise InvalidInputError(
            f"{len(found)} customers share {column} '{asked}': {', '.join(found[:10])}.",
            hint="Show one of them by its customer ID.",
        )
    return found[0]


def customer_360(runtime: Runtime, query: str) -> CustomerView:
    """Everything known about one customer: golden record, source records and timeline.

    Args:
        runtime: The open workspace, resolved.
        query: Customer ID (current or retired), e-mail, phone, or ``source:source_key``.

    Returns:
        The view; its tables are pandas DataFrames.

    Raises:
        NotFoundError: No such customer.
        InvalidInputError: An e-mail or phone is shared by several customers.
    """
    warehouse = runtime.warehouse
    customer_id = find_customer(runtime, query)
    golden_rows = warehouse.fetch_arrow(
        "SELECT * FROM customers WHERE customer_id = ?", [customer_id]
    ).to_pylist()
    if not golden_rows:
        raise NotFoundError(
            f"Customer {customer_id} has no golden record.", hint="Run 'centric resolve'."
        )
    golden = golden_rows[0]
    provenance = json.loads(golden.pop("provenance") or "{}")
    records = warehouse.fetch_arrow(
        """SELECT l.source, l.source_key, l.linked_by, l.match_probability,
    v.source || ':' || v.source_key AS linked_via,
    cr.first_name, cr.last_name, cr.full_name, cr.date_of_birth, cr.email, cr.phone,
    cr.address_line1, cr.city, cr.postcode, cr.customer_number, cr.loyalty_id,
    cr.updated_at, cr.ingested_at
FROM customer_links l
LEFT JOIN customer_records cr ON cr.source = l.source AND cr.source_key = l.source_key
LEFT JOIN identity_records v ON v.record_id = l.linked_via
WHERE l.customer_id = ? ORDER BY l.record_id""",
        [customer_id],
    )
    timeline = warehouse.fetch_arrow(_TIMELINE_SQL, [customer_id])
    history = warehouse.fetch_arrow(
        "SELECT changed_at, event, customer_id, successor_id, records, reason "
        "FROM customer_id_history WHERE customer_id = ? OR successor_id = ? "
        "ORDER BY changed_at DESC",
        [customer_id, customer_id],
    )
    refs = tuple(
        (str(s), str(k))
        for s, k in zip(
            records.column("source").to_pylist(),
            records.column("source_key").to_pylist(),
            strict=True,
        )
    )
    return CustomerView(
        customer_id=customer_id,
        asked_for=query,
        golden={k: golden.get(k) for k in ("customer_id", "full_name", *GOLDEN_FIELDS)}
        | {"record_count": golden.get("record_count"), "sources": golden.get("sources")},
        provenance=provenance,
        records=records.to_pandas(),
        timeline=timeline.to_pandas(),
        history=history.to_pandas(),
        record_refs=refs,
    )


def export_links(runtime: Runtime, path: Path, *, fmt: ExportFormat = "csv") -> int:
    """Write source, source_key, customer_id and match_probability of every record.

    Args:
        runtime: The open workspace, resolved.
        path: File to write (replaced if it exists).
        fmt: ``csv`` or ``parquet``.

    Returns:
        Rows written.

    Raises:
        InvalidInputError: Unknown format.
        NotFoundError: Nothing has been resolved yet.
    """
    if fmt not in ("csv", "parquet"):
        raise InvalidInputError(
            f"Unknown export format '{fmt}'.", hint="Use --format csv or --format parquet."
        )
    warehouse = runtime.warehouse
    create_identity_tables(warehouse)
    table: pa.Table = warehouse.fetch_arrow(
        "SELECT source, source_key, customer_id, match_probability FROM customer_links "
        "ORDER BY source, source_key"
    )
    if table.num_rows == 0:
        raise NotFoundError("No resolved records to export.", hint="Run 'centric resolve' first.")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        pa_csv.write_csv(table, path)
    else:
        pq.write_table(table, path)
    return int(table.num_rows)

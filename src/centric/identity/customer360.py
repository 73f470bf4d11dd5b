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
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from centric.errors import InvalidInputError, NotFoundError
from centric.identity.overrides import resolve_reference
from centric.identity.standardise import standardise_record
from centric.identity.tables import GOLDEN_FIELDS, require_identity_tables
from centric.runtime import Runtime
from centric.warehouse import Warehouse

ExportFormat = Literal["csv", "parquet"]

_PHONE_LIKE = re.compile(r"\+?[0-9 ()\-.]{6,}")

# The timeline's tables: (table, time, kind, area, channel, summary, amount, score, team), each
# aliased o. Each is read for the customer's own keys only (an IN list on customer_key alone,
# which the engine answers through the column's index), then matched on the full (source, key)
# pair with a row-value IN: a keyed lookup instead of a join over the whole table, which would
# make the engine scan it.
_TIMELINE_PARTS: tuple[tuple[str, ...], ...] = (
    (
        "orders",
        "o.ordered_at",
        "'order'",
        "'sales'",
        "o.channel",
        "concat_ws(' ', o.product, 'x' || o.quantity, CAST(o.amount AS VARCHAR) || ' ' "
        "|| coalesce(o.currency, ''), '(' || o.status || ')')",
        "CAST(o.amount AS DOUBLE)",
        "CAST(NULL AS DOUBLE)",
        "NULL",
    ),
    (
        "interactions",
        "o.occurred_at",
        "'interaction'",
        "'service'",
        "o.channel",
        "concat_ws(' - ', o.touchpoint, o.reason, o.subject)",
        "NULL",
        "NULL",
        "o.team_id",
    ),
    (
        "feedback",
        "o.responded_at",
        "'feedback'",
        "'marketing'",
        "o.channel",
        "concat_ws(' - ', o.survey, o.question, CAST(o.score AS VARCHAR), o.verbatim)",
        "NULL",
        "o.score",
        "o.team_id",
    ),
    (
        "social_posts",
        "o.posted_at",
        "'social post'",
        "'marketing'",
        "o.platform",
        "o.text",
        "NULL",
        "o.rating",
        "NULL",
    ),
)

_NO_RECORD = ((None, None),)


def _timeline_query(refs: tuple[tuple[str, str], ...]) -> tuple[str, list[Any]]:
    # One timeline row per order, interaction, feedback answer and social post whose customer
    # reference (customer_source, else the row's own source; customer_key) is one of refs.
    pairs: tuple[tuple[str | None, str | None], ...] = refs or _NO_RECORD
    keys: list[str | None] = [*sorted({key for _, key in pairs if key is not None})] or [None]
    links = ", ".join("(?, ?)" for _ in pairs)
    in_keys = _marks(keys)
    parts: list[str] = []
    params: list[Any] = []
    for table, at, kind, area, channel, summary, amount, score, team in _TIMELINE_PARTS:
        parts.append(
            f"SELECT {at} AS at, {kind} AS kind, {area} AS area, o.source, o.source_key, "
            f"{channel} AS channel, {summary} AS summary, {amount} AS amount, "
            f"{score} AS score, {team} AS team_id "
            f"FROM {table} o WHERE o.customer_key IN ({in_keys}) "
            f"AND (coalesce(o.customer_source, o.source), o.customer_key) IN ({links})"
        )
        params += keys
        params += [value for pair in pairs for value in pair]
    return " UNION ALL ".join(parts) + " ORDER BY 1 DESC NULLS LAST, 2, 4, 5", params


@dataclass(frozen=True)
class CustomerView:
    """Everything known about one customer.

    Attributes:
        customer_id: The customer's current ID.
        asked_for: What was looked up (an ID, e-mail, phone or record).
        golden: The golden record, field -> value.
        provenance: Field -> {"rule": ..., "record": "source:source_key"}.
        record_table: The source records with how each was linked (Arrow).
        timeline_table: Orders, interactions, feedback and social posts, newest first (Arrow).
        history_table: ID changes that concern the customer (Arrow).
        record_refs: ``(source, source_key)`` of every record of the customer.

    ``records``, ``timeline`` and ``history`` give the same tables as pandas DataFrames.
    """

    customer_id: str
    asked_for: str
    golden: dict[str, Any]
    provenance: dict[str, Any]
    record_table: pa.Table
    timeline_table: pa.Table
    history_table: pa.Table
    record_refs: tuple[tuple[str, str], ...] = field(default=())

    @cached_property
    def records(self) -> pd.DataFrame:
        """The source records with how each was linked."""
        frame: pd.DataFrame = self.record_table.to_pandas()
        return frame

    @cached_property
    def timeline(self) -> pd.DataFrame:
        """Orders, interactions, feedback and social posts, newest first."""
        frame: pd.DataFrame = self.timeline_table.to_pandas()
        return frame

    @cached_property
    def history(self) -> pd.DataFrame:
        """ID changes that concern the customer."""
        frame: pd.DataFrame = self.history_table.to_pandas()
        return frame

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form of the view (missing values are ``None``)."""
        return {
            "customer_id": self.customer_id,
            "asked_for": self.asked_for,
            "golden": self.golden,
            "provenance": self.provenance,
            "records": self.record_table.to_pylist(),
            "timeline": self.timeline_table.to_pylist(),
            "history": self.history_table.to_pylist(),
        }


def find_customer(runtime: Runtime, query: str) -> str:
    """The current customer ID for an ID, e-mail, phone or record reference.

    Raises:
        NotFoundError: Nothing matches, or nothing has been resolved yet.
        InvalidInputError: An e-mail or phone matches several customers.
    """
    warehouse = runtime.warehouse
    require_identity_tables(warehouse)
    text = query.strip()
    region = runtime.settings.default_region
    if "@" in text and ":" not in text:
        email = standardise_record({"email": text}, default_region=region)["email"]
        return _single(warehouse, "email", email, text)
    if _PHONE_LIKE.fullmatch(text):
        phone = standardise_record({"phone": text}, default_region=region)["phone"]
        return _single(warehouse, "phone", phone, text)
    current = _current_match(warehouse, text)
    if current is not None:
        return current
    # Retired IDs, records without a customer and unknown references take the long way.
    reference = resolve_reference(warehouse, text)
    if reference.customer_id is None:
        raise NotFoundError(
            f"Record '{text}' has no customer yet.", hint="Run 'centric resolve' first."
        )
    return reference.customer_id


def _current_match(warehouse: Warehouse, text: str) -> str | None:
    # The common lookups, a current customer ID or a linked record, answered by one keyed read.
    if ":" in text:
        source, key = text.split(":", 1)
        # Materialised so that the engine looks the key up in its index, then checks the source.
        found = warehouse.fetch_all(
            "WITH k AS MATERIALIZED (SELECT source, customer_id FROM customer_links "
            "WHERE source_key = ?) SELECT customer_id FROM k WHERE source = ?",
            [key, source],
        )
    else:
        found = warehouse.fetch_all(
            "SELECT customer_id FROM customers WHERE customer_id = ?", [text]
        )
    return str(found[0][0]) if found and found[0][0] is not None else None


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
        The view; its tables are Arrow tables, also given as pandas DataFrames.

    Raises:
        NotFoundError: No such customer.
        InvalidInputError: An e-mail or phone is shared by several customers.
    """
    warehouse = runtime.warehouse
    require_identity_tables(warehouse)
    # A current customer ID (the usual query) is its own golden record's key.
    golden_rows = warehouse.fetch_arrow(
        "SELECT * FROM customers WHERE customer_id = ?", [query.strip()]
    ).to_pylist()
    customer_id = str(golden_rows[0]["customer_id"]) if golden_rows else None
    if customer_id is None:
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
    records = _source_records(warehouse, customer_id)
    refs = tuple(
        (str(s), str(k))
        for s, k in zip(
            records.column("source").to_pylist(),
            records.column("source_key").to_pylist(),
            strict=True,
        )
    )
    timeline = warehouse.fetch_arrow(*_timeline_query(refs))
    history = warehouse.fetch_arrow(
        "SELECT changed_at, event, customer_id, successor_id, records, reason "
        "FROM customer_id_history WHERE customer_id = ? OR successor_id = ? "
        "ORDER BY changed_at DESC",
        [customer_id, customer_id],
    )
    return CustomerView(
        customer_id=customer_id,
        asked_for=query,
        golden={k: golden.get(k) for k in ("customer_id", "full_name", *GOLDEN_FIELDS)}
        | {"record_count": golden.get("record_count"), "sources": golden.get("sources")},
        provenance=provenance,
        record_table=records,
        timeline_table=timeline,
        history_table=history,
        record_refs=refs,
    )


def _source_records(warehouse: Warehouse, customer_id: str) -> pa.Table:
    # The customer's links first, then its source rows by key. Both are materialised so that
    # the engine reads each through its index instead of joining over the whole table. A link's
    # other end is always a record of the same customer, so it is found among these links.
    keys = [
        str(row[0])
        for row in warehouse.fetch_all(
            "SELECT DISTINCT source_key FROM customer_links WHERE customer_id = ?", [customer_id]
        )
    ]
    return warehouse.fetch_arrow(
        f"""WITH l AS MATERIALIZED (
    SELECT record_id, source, source_key, linked_by, match_probability, linked_via
    FROM customer_links WHERE customer_id = ?
), cr AS MATERIALIZED (
    SELECT source, source_key, first_name, last_name, full_name, date_of_birth, email, phone,
        address_line1, city, postcode, customer_number, loyalty_id, updated_at, ingested_at
    FROM customer_records WHERE source_key IN ({_marks(keys or [""])})
)
SELECT l.source, l.source_key, l.linked_by, l.match_probability,
    v.source || ':' || v.source_key AS linked_via,
    cr.first_name, cr.last_name, cr.full_name, cr.date_of_birth, cr.email, cr.phone,
    cr.address_line1, cr.city, cr.postcode, cr.customer_number, cr.loyalty_id,
    cr.updated_at, cr.ingested_at
FROM l
LEFT JOIN cr ON cr.source = l.source AND cr.source_key = l.source_key
LEFT JOIN l AS v ON v.record_id = l.linked_via
ORDER BY l.record_id""",
        [customer_id, *(keys or [""])],
    )


def _marks(values: list[Any]) -> str:
    return ", ".join("?" for _ in values)


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
    require_identity_tables(warehouse)
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

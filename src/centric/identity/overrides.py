"""Data-steward overrides: merge (must-link), separate (cannot-link) and unmerge.

Each decision is stored with who, when and why in ``identity_overrides`` (and in the audit
log), applied at once by re-clustering the customers concerned, and honoured by every later
run and retraining. The latest decision wins: an override that contradicts an earlier one
marks the earlier one inactive and names itself as its successor. Records are named
``source:source_key``; customers by their ID (a retired ID is followed to its successor).
This module must not score pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from centric.errors import InvalidInputError, NotFoundError
from centric.identity.service import recluster
from centric.identity.tables import require_identity_tables
from centric.runtime import Runtime
from centric.store import record_audit_event
from centric.warehouse import Warehouse, quote_literal

OverrideKind = Literal["must_link", "cannot_link", "unmerge"]


@dataclass(frozen=True)
class Reference:
    """What a steward named: a record or a customer, and the records it stands for."""

    text: str
    records: tuple[str, ...]
    customer_id: str | None
    followed_from: str | None = None


@dataclass(frozen=True)
class OverrideResult:
    """An applied override."""

    override_id: int
    kind: OverrideKind
    customer_ids: tuple[str, ...]
    superseded: tuple[int, ...]
    created: int
    merged: int
    split: int

    @property
    def summary(self) -> str:
        """One line for the steward."""
        after = ", ".join(self.customer_ids)
        verb = {"must_link": "Merged", "cannot_link": "Separated", "unmerge": "Unmerged"}[self.kind]
        text = f"{verb} (override {self.override_id}); customer(s) now: {after}."
        if self.superseded:
            text += " Replaces override(s) " + ", ".join(map(str, self.superseded)) + "."
        return text


def resolve_reference(warehouse: Warehouse, text: str) -> Reference:
    """The records a steward's reference stands for.

    Args:
        warehouse: The warehouse.
        text: ``source:source_key`` for a record, or a customer ID (current or retired).

    Raises:
        NotFoundError: No such record or customer, or nothing resolved yet.
    """
    require_identity_tables(warehouse)
    value = text.strip()
    customer = _current_customer(warehouse, value)
    if customer is not None:
        records = _records_of(warehouse, customer)
        return Reference(
            value, records, customer, followed_from=value if customer != value else None
        )
    if ":" in value:
        source, key = value.split(":", 1)
        found = warehouse.scalar(
            "SELECT count(*) FROM identity_records WHERE source = ? AND source_key = ?",
            [source, key],
        )
        if found:
            customer_id = warehouse.scalar(
                "SELECT customer_id FROM customer_links WHERE source = ? AND source_key = ?",
                [source, key],
            )
            return Reference(value, (value,), customer_id)
    raise NotFoundError(
        f"No customer or record '{value}'.",
        hint="Name a record as source:source_key (see 'centric customer show') or a "
        "customer by its ID, e.g. C000000042; run 'centric resolve' if records are new.",
    )


def _current_customer(warehouse: Warehouse, value: str) -> str | None:
    # Follow retired IDs to their successors (a merge may have been merged again).
    seen: set[str] = set()
    current = value
    while current not in seen:
        seen.add(current)
        if warehouse.scalar("SELECT count(*) FROM customers WHERE customer_id = ?", [current]):
            return current
        successor = warehouse.scalar(
            "SELECT successor_id FROM customer_id_history WHERE customer_id = ? "
            "AND event = 'merged' ORDER BY changed_at DESC LIMIT 1",
            [current],
        )
        if successor is None:
            return None
        current = str(successor)
    return None


def _records_of(warehouse: Warehouse, customer_id: str) -> tuple[str, ...]:
    return tuple(
        str(row[0])
        for row in warehouse.fetch_all(
            "SELECT source || ':' || source_key FROM customer_links WHERE customer_id = ? "
            "ORDER BY record_id",
            [customer_id],
        )
    )


def merge_customers(
    runtime: Runtime, first: str, second: str, *, reason: str, actor: str | None = None
) -> OverrideResult:
    """Make two records or customers one customer, now and in every later run.

    Args:
        runtime: The open workspace.
        first: A record (``source:source_key``) or customer ID.
        second: Another record or customer ID.
        reason: Why, in the steward's words (kept in the audit trail).
        actor: Who decided; default the runtime's actor.

    Raises:
        NotFoundError: A reference names nothing.
        InvalidInputError: The reason is empty, or both name the same record.
    """
    a = resolve_reference(runtime.warehouse, first)
    b = resolve_reference(runtime.warehouse, second)
    if set(a.records) == set(b.records):
        raise InvalidInputError(
            f"'{first}' and '{second}' are the same records: nothing to merge.",
            hint="Name two different records or customers.",
        )
    return _apply(runtime, "must_link", a, b, reason=reason, actor=actor, customer_id=None)


def separate_records(
    runtime: Runtime, first: str, second: str, *, reason: str, actor: str | None = None
) -> OverrideResult:
    """Keep two records (or customers) apart, now and in every later run.

    Raises:
        NotFoundError: A reference names nothing.
        InvalidInputError: The reason is empty, or the two overlap.
    """
    a = resolve_reference(runtime.warehouse, first)
    b = resolve_reference(runtime.warehouse, second)
    if set(a.records) & set(b.records):
        raise InvalidInputError(
            f"'{first}' and '{second}' share records, so they cannot be kept apart.",
            hint="Name two records, or use 'centric customer unmerge' to split a customer.",
        )
    return _apply(runtime, "cannot_link", a, b, reason=reason, actor=actor, customer_id=None)


def unmerge_records(
    runtime: Runtime,
    customer: str,
    records: list[str],
    *,
    reason: str,
    actor: str | None = None,
) -> OverrideResult:
    """Take records out of a customer; they never rejoin the records that remain.

    Args:
        runtime: The open workspace.
        customer: The customer ID.
        records: Records (``source:source_key``) of that customer to take out.
        reason: Why.
        actor: Who decided; default the runtime's actor.

    Raises:
        NotFoundError: The customer or a record does not exist.
        InvalidInputError: A record is not the customer's, or all of them were named.
    """
    whole = resolve_reference(runtime.warehouse, customer)
    if whole.customer_id is None or ":" in customer:
        raise InvalidInputError(
            f"'{customer}' is not a customer ID.",
            hint="Give the customer ID first, then the records to take out.",
        )
    taken = tuple(dict.fromkeys(r.strip() for r in records))
    foreign = [r for r in taken if r not in whole.records]
    if not taken or foreign:
        raise InvalidInputError(
            f"Record(s) {', '.join(foreign) or '(none)'} are not records of {whole.customer_id}.",
            hint=f"Its records are: {', '.join(whole.records)}.",
        )
    remaining = tuple(r for r in whole.records if r not in taken)
    if not remaining:
        raise InvalidInputError(
            f"Taking out every record of {whole.customer_id} leaves nothing to split from.",
            hint="Leave at least one record in the customer.",
        )
    a = Reference(customer, taken, whole.customer_id)
    b = Reference(customer, remaining, whole.customer_id)
    return _apply(
        runtime, "unmerge", a, b, reason=reason, actor=actor, customer_id=whole.customer_id
    )


def _apply(
    runtime: Runtime,
    kind: OverrideKind,
    a: Reference,
    b: Reference,
    *,
    reason: str,
    actor: str | None,
    customer_id: str | None,
) -> OverrideResult:
    if not reason.strip():
        raise InvalidInputError(
            "A reason is required for every override.",
            hint="Say why, e.g. --reason 'same person, confirmed by phone'.",
        )
    warehouse = runtime.warehouse
    who = actor or runtime.settings.actor
    together = sorted(set(a.records) | set(b.records))
    with warehouse.transaction():
        override_id = int(
            warehouse.scalar("SELECT coalesce(max(override_id), 0) + 1 FROM identity_overrides")
        )
        superseded = _contradicted(warehouse, kind, a.records, b.records)
        if superseded:
            listed = ", ".join(str(i) for i in superseded)
            warehouse.execute(
                f"UPDATE identity_overrides SET active = false, superseded_by = ? "
                f"WHERE override_id IN ({listed})",
                [override_id],
            )
        warehouse.execute(
            "INSERT INTO identity_overrides VALUES (?, ?, ?, ?, ?, ?, ?, "
            "CAST(now() AS TIMESTAMP), true, NULL)",
            [override_id, kind, list(a.records), list(b.records), customer_id, reason, who],
        )
    refs = ", ".join(quote_literal(r) for r in together)
    records_sql = (
        f"SELECT record_id FROM identity_records WHERE source || ':' || source_key IN ({refs})"
    )
    try:
        assignment = recluster(
            runtime, records_sql=records_sql, reason=f"override {override_id} ({kind})"
        )
    except BaseException:
        with warehouse.transaction():
            warehouse.execute("DELETE FROM identity_overrides WHERE override_id = ?", [override_id])
            if superseded:
                listed = ", ".join(str(i) for i in superseded)
                warehouse.execute(
                    f"UPDATE identity_overrides SET active = true, superseded_by = NULL "
                    f"WHERE override_id IN ({listed})"
                )
        raise
    customers = tuple(
        str(row[0])
        for row in warehouse.fetch_all(
            f"SELECT DISTINCT customer_id FROM customer_links WHERE source || ':' || source_key "
            f"IN ({refs}) ORDER BY 1"
        )
    )
    result = OverrideResult(
        override_id,
        kind,
        customers,
        tuple(superseded),
        assignment.created,
        assignment.merged,
        assignment.split,
    )
    record_audit_event(
        runtime.app_db,
        actor=who,
        action=f"identity.{kind}",
        target=", ".join(together),
        detail={
            "override_id": override_id,
            "records_a": list(a.records),
            "records_b": list(b.records),
            "reason": reason,
            "customers_after": list(customers),
            "superseded": list(superseded),
        },
        summary=result.summary,
    )
    return result


def _contradicted(
    warehouse: Warehouse, kind: OverrideKind, a: tuple[str, ...], b: tuple[str, ...]
) -> list[int]:
    # A must-link contradicts an active cannot-link/unmerge with one record on each side among
    # the merged records; a cannot-link or unmerge contradicts an active must-link that holds
    # records from both of its sides.
    rows = warehouse.fetch_all(
        "SELECT override_id, kind, records_a, records_b FROM identity_overrides WHERE active"
    )
    left, right, together = set(a), set(b), set(a) | set(b)
    contradicted = []
    for override_id, other_kind, records_a, records_b in rows:
        side_a, side_b = set(records_a or ()), set(records_b or ())
        if kind == "must_link" and other_kind in ("cannot_link", "unmerge"):
            if side_a & together and side_b & together:
                contradicted.append(int(override_id))
        elif kind != "must_link" and other_kind == "must_link":
            members = side_a | side_b
            if members & left and members & right:
                contradicted.append(int(override_id))
    return contradicted

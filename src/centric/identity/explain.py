"""Explains, field by field, why two records are (or are not) thought to be the same customer.

The evidence is recomputed with the saved model (so it is exact for the model in use) and set
beside what Centric decided: the stored link probability, a deterministic rule that linked
them, a steward's override, and the customers the records belong to. This module reads only.
"""

from __future__ import annotations

from centric.errors import InvalidInputError, NotFoundError
from centric.identity.schemas import Explanation
from centric.identity.scoring import open_scorer
from centric.runtime import Runtime
from centric.warehouse import Warehouse


def explain_pair(runtime: Runtime, record_a: str, record_b: str) -> Explanation:
    """Why two records are, or are not, the same customer.

    Args:
        runtime: The open workspace, resolved at least once.
        record_a: A record, ``source:source_key``.
        record_b: Another record.

    Returns:
        The evidence per field, the probability, and what Centric decided.

    Raises:
        NotFoundError: A record does not exist or no model is trained.
        InvalidInputError: Both name the same record.
    """
    warehouse = runtime.warehouse
    first = _record_id(warehouse, record_a)
    second = _record_id(warehouse, record_b)
    if first == second:
        raise InvalidInputError(
            f"'{record_a}' and '{record_b}' are the same record.",
            hint="Name two different records (source:source_key).",
        )
    with open_scorer(runtime, engine="duckdb") as scorer:
        row = scorer.score_stored(first, f"r.record_id = {int(second)}")[0]
        evidence = scorer.evidence(row)
        prior = scorer.prior_weight
    low, high = min(first, second), max(first, second)
    stored = warehouse.fetch_all(
        "SELECT rule FROM identity_pairs WHERE record_id_l = ? AND record_id_r = ?", [low, high]
    )
    rule = stored[0][0] if stored else None
    customers = dict(
        warehouse.fetch_all(
            "SELECT record_id, customer_id FROM customer_links WHERE record_id IN (?, ?)",
            [first, second],
        )
    )
    override = _override(warehouse, record_a.strip(), record_b.strip())
    customer_a, customer_b = customers.get(first), customers.get(second)
    return Explanation(
        record_a=record_a.strip(),
        record_b=record_b.strip(),
        match_probability=float(row["match_probability"]),
        match_weight=float(row["match_weight"]),
        prior_weight=round(prior, 2),
        evidence=evidence,
        rule=rule,
        override=override,
        same_customer=customer_a is not None and customer_a == customer_b,
        customer_a=customer_a,
        customer_b=customer_b,
    )


def _record_id(warehouse: Warehouse, reference: str) -> int:
    text = reference.strip()
    if ":" not in text:
        raise InvalidInputError(
            f"'{text}' is not a record reference.",
            hint="Name records as source:source_key, e.g. crm:10042.",
        )
    source, key = text.split(":", 1)
    found = warehouse.scalar(
        "SELECT record_id FROM identity_records WHERE source = ? AND source_key = ?", [source, key]
    )
    if found is None:
        raise NotFoundError(
            f"No resolved record '{text}'.",
            hint="Check the source and key, and run 'centric resolve' after ingesting.",
        )
    return int(found)


def _override(warehouse: Warehouse, record_a: str, record_b: str) -> str | None:
    rows = warehouse.fetch_all(
        "SELECT override_id, kind, reason, actor FROM identity_overrides WHERE active AND ("
        "(list_contains(records_a, ?) AND list_contains(records_b, ?)) OR "
        "(list_contains(records_a, ?) AND list_contains(records_b, ?)) OR "
        "(kind = 'must_link' AND list_contains(list_concat(records_a, records_b), ?) "
        "AND list_contains(list_concat(records_a, records_b), ?))) "
        "ORDER BY override_id DESC LIMIT 1",
        [record_a, record_b, record_b, record_a, record_a, record_b],
    )
    if not rows:
        return None
    override_id, kind, reason, actor = rows[0]
    verb = "merged" if kind == "must_link" else "kept apart"
    return f"{verb} by {actor} (override {override_id}: {reason})"

"""Identity review: the uncertain matches a data steward confirms or rejects.

Lists the scored record pairs whose match probability lies in the uncertain band around the
clustering threshold (``review_lower`` up to ``review_upper`` of ``[identity]``), leaving out
pairs a deterministic rule links and pairs a steward has already decided. Each pair comes with
both records side by side as their sources hold them, the customers they belong to now, and
the model's explanation in words. A decision is an ordinary override: confirming is a
must-link and rejecting a cannot-link (see :mod:`centric.identity.overrides`), so it is
audited, applied at once and honoured by every later run, and the pair leaves the list. This
module reads the stored scores; it must not store scores or cluster records itself.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from centric.errors import InvalidInputError
from centric.identity.overrides import OverrideResult, merge_customers, separate_records
from centric.identity.schemas import Explanation, FieldEvidence, IdentityConfig
from centric.identity.scoring import PairScorer, open_scorer
from centric.identity.service import identity_config
from centric.identity.tables import create_identity_tables
from centric.runtime import Runtime
from centric.warehouse import Warehouse

ReviewOrder = Literal["uncertainty", "probability"]

MAX_REVIEW_PAGE = 200

# Scored pairs in the band that no deterministic rule links and no active override decides. A
# must-link decides every pair among its records; a cannot-link or unmerge decides the pairs
# with one record on each of its sides.
_BAND_SQL = """
WITH decided AS (
    SELECT kind, records_a, records_b, list_concat(records_a, records_b) AS members
    FROM identity_overrides WHERE active
),
band AS (
    SELECT p.record_id_l, p.record_id_r, p.match_probability, p.match_weight,
        a.source || ':' || a.source_key AS reference_l,
        b.source || ':' || b.source_key AS reference_r,
        la.customer_id AS customer_l, lb.customer_id AS customer_r
    FROM identity_pairs p
    JOIN identity_records a ON a.record_id = p.record_id_l
    JOIN identity_records b ON b.record_id = p.record_id_r
    LEFT JOIN customer_links la ON la.record_id = p.record_id_l
    LEFT JOIN customer_links lb ON lb.record_id = p.record_id_r
    WHERE p.rule IS NULL AND p.match_probability >= ? AND p.match_probability < ?
)
SELECT record_id_l, record_id_r, match_probability, match_weight, reference_l, reference_r,
    customer_l, customer_r, count(*) OVER () AS total
FROM band
WHERE NOT EXISTS (
    SELECT 1 FROM decided d
    WHERE (d.kind = 'must_link' AND list_contains(d.members, band.reference_l)
            AND list_contains(d.members, band.reference_r))
        OR (d.kind <> 'must_link' AND (
            (list_contains(d.records_a, band.reference_l)
                AND list_contains(d.records_b, band.reference_r))
            OR (list_contains(d.records_a, band.reference_r)
                AND list_contains(d.records_b, band.reference_l))))
)
ORDER BY {order}, record_id_l, record_id_r
LIMIT ? OFFSET ?
"""

_ORDERS: dict[ReviewOrder, str] = {
    # Closest to the threshold in match weight (log2 odds) first: the model's hardest calls.
    "uncertainty": "abs(match_weight - ?)",
    "probability": "match_probability DESC",
}

# The records as their sources hold them (the latest version of each).
_RECORDS_SQL = """
SELECT i.record_id, c.source, c.source_key,
    coalesce(nullif(concat_ws(' ', c.first_name, c.middle_name, c.last_name), ''), c.full_name)
        AS full_name,
    c.email, c.phone, CAST(c.date_of_birth AS VARCHAR) AS date_of_birth,
    nullif(concat_ws(', ', c.address_line1, c.address_line2), '') AS address,
    c.postcode, c.city
FROM identity_records i
JOIN customer_records c ON c.source = i.source AND c.source_key = i.source_key
WHERE i.record_id IN ({ids})
QUALIFY row_number() OVER (PARTITION BY c.source, c.source_key ORDER BY c.ingested_at DESC) = 1
"""


class ReviewRecord(BaseModel):
    """One side of an uncertain match: the record as its source holds it."""

    model_config = ConfigDict(frozen=True)

    reference: str
    source: str
    source_key: str
    customer_id: str | None
    full_name: str | None = None
    email: str | None = None
    phone: str | None = None
    date_of_birth: str | None = None
    address: str | None = None
    postcode: str | None = None
    city: str | None = None


class ReviewEvidence(BaseModel):
    """How one field of the two records compares, and how strongly that speaks."""

    model_config = ConfigDict(frozen=True)

    field: str
    level: str
    weight: float
    strength: str
    direction: str
    sentence: str

    @classmethod
    def of(cls, evidence: FieldEvidence) -> ReviewEvidence:
        """The evidence of one field, as the review and the API give it."""
        return cls(
            field=evidence.field,
            level=evidence.label,
            weight=evidence.weight,
            strength=evidence.strength,
            direction=evidence.direction,
            sentence=evidence.sentence,
        )


class UncertainMatch(BaseModel):
    """A pair of records the model is unsure about, for a steward to decide."""

    model_config = ConfigDict(frozen=True)

    record_a: ReviewRecord
    record_b: ReviewRecord
    match_probability: float
    match_weight: float
    same_customer: bool
    summary: str
    evidence: list[ReviewEvidence]


class ReviewPage(BaseModel):
    """One page of uncertain matches, with the band and order that chose them."""

    model_config = ConfigDict(frozen=True)

    items: list[UncertainMatch]
    total: int
    offset: int
    limit: int
    lower: float
    upper: float
    threshold: float
    order: ReviewOrder


def uncertain_matches(
    runtime: Runtime,
    *,
    lower: float | None = None,
    upper: float | None = None,
    order: ReviewOrder = "uncertainty",
    limit: int = 20,
    offset: int = 0,
    explain: bool = True,
    config: IdentityConfig | None = None,
) -> ReviewPage:
    """The matches a data steward should look at, most uncertain first.

    Args:
        runtime: The open workspace, resolved at least once.
        lower: Lowest match probability listed; default the configured band (``review_lower``).
        upper: Probabilities from this one up are not listed; default ``review_upper``.
        order: ``uncertainty`` (closest to the threshold in match weight first) or
            ``probability`` (most likely first); ties fall to the record numbers.
        limit: Pairs per page (1-200).
        offset: Pairs to skip (the next page).
        explain: Recompute each pair's field-by-field evidence with the saved model.
        config: Options; default the workspace's ``[identity]``.

    Returns:
        The page, with the total number of undecided pairs in the band.

    Raises:
        InvalidInputError: The band is empty or the paging is out of range.
        NotFoundError: ``explain`` was asked for and no model is trained.

    Examples:
        >>> page = uncertain_matches(runtime, limit=10)  # doctest: +SKIP
        >>> page.items[0].summary  # doctest: +SKIP
        'crm:C1016243 and webshop:W10024570: 50.7% likely to be the same person; ...'
    """
    options = config or identity_config(runtime.workspace)
    default_lower, default_upper = options.review_band
    low = default_lower if lower is None else lower
    high = default_upper if upper is None else upper
    _check_request(low, high, order, limit, offset)
    warehouse = runtime.warehouse
    create_identity_tables(warehouse)
    pivot = math.log2(options.threshold / (1 - options.threshold))
    ordering = [pivot] if order == "uncertainty" else []
    rows = warehouse.fetch_all(
        _BAND_SQL.format(order=_ORDERS[order]), [low, high, *ordering, limit, offset]
    )
    total = int(rows[0][8]) if rows else _count(warehouse, low, high, offset)
    records = _records(warehouse, [int(r[0]) for r in rows] + [int(r[1]) for r in rows])
    evidence = _evidence(runtime, rows) if explain and rows else {}
    items = [_match(row, records, evidence.get((int(row[0]), int(row[1])), ())) for row in rows]
    return ReviewPage(
        items=items,
        total=total,
        offset=offset,
        limit=limit,
        lower=low,
        upper=high,
        threshold=options.threshold,
        order=order,
    )


def confirm_match(
    runtime: Runtime, record_a: str, record_b: str, *, reason: str, actor: str | None = None
) -> OverrideResult:
    """Confirm that two records are the same customer (a must-link, kept by every later run).

    Args:
        runtime: The open workspace.
        record_a: A record, ``source:source_key``.
        record_b: The other record.
        reason: Why, in the steward's words (kept in the audit trail).
        actor: Who decided; default the runtime's actor.

    Returns:
        The applied override, with the customer the records now share.

    Raises:
        InvalidInputError: A reference is not a record, or the reason is empty.
        NotFoundError: A record does not exist.
    """
    _check_records(record_a, record_b)
    return merge_customers(runtime, record_a, record_b, reason=reason, actor=actor)


def reject_match(
    runtime: Runtime, record_a: str, record_b: str, *, reason: str, actor: str | None = None
) -> OverrideResult:
    """Reject a match: the two records are different customers (a cannot-link).

    Args:
        runtime: The open workspace.
        record_a: A record, ``source:source_key``.
        record_b: The other record.
        reason: Why, in the steward's words (kept in the audit trail).
        actor: Who decided; default the runtime's actor.

    Returns:
        The applied override, with the customers the records now belong to.

    Raises:
        InvalidInputError: A reference is not a record, or the reason is empty.
        NotFoundError: A record does not exist.
    """
    _check_records(record_a, record_b)
    return separate_records(runtime, record_a, record_b, reason=reason, actor=actor)


def _check_request(low: float, high: float, order: str, limit: int, offset: int) -> None:
    if not 0 <= low < high <= 1:
        raise InvalidInputError(
            f"The review band from {low} up to {high} is empty or outside 0-1.",
            hint="Give a lower probability below the upper one, both between 0 and 1.",
        )
    if order not in _ORDERS:
        raise InvalidInputError(
            f"Unknown review order '{order}'.", hint="Use 'uncertainty' or 'probability'."
        )
    if not 1 <= limit <= MAX_REVIEW_PAGE or offset < 0:
        raise InvalidInputError(
            f"Cannot list {limit} pairs from position {offset}.",
            hint=f"Ask for 1 to {MAX_REVIEW_PAGE} pairs from position 0 or later.",
        )


def _check_records(record_a: str, record_b: str) -> None:
    for reference in (record_a, record_b):
        if ":" not in reference:
            raise InvalidInputError(
                f"'{reference}' is not a record reference.",
                hint="Name records as source:source_key, as the review list shows them; use "
                "'centric customer merge' or 'separate' for whole customers.",
            )


def _count(warehouse: Warehouse, low: float, high: float, offset: int) -> int:
    # A page past the end has no rows to carry the total.
    if offset == 0:
        return 0
    counted = warehouse.fetch_all(
        f"SELECT count(*) FROM ({_BAND_SQL.format(order='record_id_l')})",
        [low, high, 1_000_000_000, 0],
    )
    return int(counted[0][0])


def _records(warehouse: Warehouse, record_ids: list[int]) -> dict[int, dict[str, Any]]:
    if not record_ids:
        return {}
    ids = ", ".join(str(i) for i in sorted(set(record_ids)))
    table = warehouse.fetch_arrow(_RECORDS_SQL.format(ids=ids))
    return {int(row.pop("record_id")): row for row in table.to_pylist()}


def _evidence(
    runtime: Runtime, rows: list[tuple[Any, ...]]
) -> dict[tuple[int, int], tuple[FieldEvidence, ...]]:
    found: dict[tuple[int, int], tuple[FieldEvidence, ...]] = {}
    with open_scorer(runtime, engine="duckdb") as scorer:
        for row in rows:
            left, right = int(row[0]), int(row[1])
            found[(left, right)] = _pair_evidence(scorer, left, right)
    return found


def _pair_evidence(scorer: PairScorer, left: int, right: int) -> tuple[FieldEvidence, ...]:
    scored = scorer.score_stored(left, f"r.record_id = {right}")
    return scorer.evidence(scored[0]) if scored else ()


def _match(
    row: tuple[Any, ...],
    records: dict[int, dict[str, Any]],
    evidence: tuple[FieldEvidence, ...],
) -> UncertainMatch:
    left, right, probability, weight, reference_l, reference_r, customer_l, customer_r = row[:8]
    same = customer_l is not None and customer_l == customer_r
    explanation = Explanation(
        record_a=reference_l,
        record_b=reference_r,
        match_probability=float(probability),
        match_weight=float(weight),
        prior_weight=0.0,
        evidence=evidence,
        rule=None,
        override=None,
        same_customer=same,
        customer_a=customer_l,
        customer_b=customer_r,
    )
    return UncertainMatch(
        record_a=_side(reference_l, customer_l, records.get(int(left))),
        record_b=_side(reference_r, customer_r, records.get(int(right))),
        match_probability=float(probability),
        match_weight=float(weight),
        same_customer=same,
        summary=explanation.summary,
        evidence=[ReviewEvidence.of(e) for e in evidence],
    )


def _side(reference: str, customer_id: str | None, fields: dict[str, Any] | None) -> ReviewRecord:
    source, key = reference.split(":", 1)
    values = dict(fields or {})
    values.pop("source", None)
    values.pop("source_key", None)
    return ReviewRecord(
        reference=reference, source=source, source_key=key, customer_id=customer_id, **values
    )

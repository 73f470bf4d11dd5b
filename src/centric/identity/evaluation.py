"""Measures how well the resolved customers agree with a known truth (labelled records).

Pairwise precision, recall and F1 after clustering: every pair of records in one customer is a
predicted match, every pair of records of one true person a true match. Counts come from
cluster sizes, so a million records are evaluated without listing pairs. This module reads
links and a truth table; it must not change anything.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from centric.errors import InvalidInputError
from centric.runtime import Runtime

_TRUTH = "identity_truth"


@dataclass(frozen=True)
class Accuracy:
    """Pairwise agreement between resolved customers and the truth."""

    records: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        """Share of predicted pairs that are true."""
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        """Share of true pairs that were found."""
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def evaluate_against_truth(runtime: Runtime, truth: pa.Table) -> Accuracy:
    """Compare the customers of the last resolution with the true persons of the records.

    Args:
        runtime: The open workspace, resolved.
        truth: Columns ``source``, ``source_key`` and ``person_id`` (any type) for the
            records whose person is known; other records are ignored.

    Returns:
        The pairwise accuracy over the records present in both.

    Raises:
        InvalidInputError: ``truth`` lacks a required column.
    """
    missing = {"source", "source_key", "person_id"} - set(truth.column_names)
    if missing:
        raise InvalidInputError(
            f"The truth table lacks column(s) {', '.join(sorted(missing))}.",
            hint="Give source, source_key and person_id for every labelled record.",
        )
    table = pa.table(
        {
            "source": truth.column("source").cast(pa.string()),
            "source_key": truth.column("source_key").cast(pa.string()),
            "person_id": truth.column("person_id").cast(pa.string()),
            "_row": pa.array(range(truth.num_rows), pa.int64()),
        }
    )
    warehouse = runtime.warehouse
    warehouse.stage_arrow(_TRUTH, table)
    try:
        row = warehouse.fetch_all(
            f"""WITH joined AS (
    SELECT l.customer_id, t.person_id FROM customer_links l
    JOIN {_TRUTH} t USING (source, source_key)
)
SELECT
    (SELECT count(*) FROM joined),
    (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM
        (SELECT count(*) AS n FROM joined GROUP BY person_id)),
    (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM
        (SELECT count(*) AS n FROM joined GROUP BY customer_id)),
    (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM
        (SELECT count(*) AS n FROM joined GROUP BY customer_id, person_id))"""
        )[0]
    finally:
        warehouse.drop_staging(_TRUTH)
    return Accuracy(int(row[0]), int(row[1]), int(row[2]), int(row[3]))

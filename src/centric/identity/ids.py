"""Stable customer IDs: clusters the affected records and decides which ID each cluster carries.

The rules, applied to every run and every steward override:

* Same data, same IDs: a cluster keeps the ID its records already had.
* A cluster that gathers records of several customers (a merge) keeps the **oldest** ID (the
  lowest number); the others are retired and ``customer_id_history`` maps each to its successor.
* A customer whose records fall apart (a split) keeps its ID on the part holding most of its
  records (ties: the part holding its earliest record); the other parts get new IDs, recorded as
  ``split`` in the history.
* A cluster of records never seen before gets a new ID, numbered in the order of its first
  record, so that the same data loaded the same way get the same numbers.
* An ID is never reused.

Only records touched by the run (new, changed, removed, linked to those, or named by an
override) and the customers they belong to are re-clustered. Results go to temporary tables;
:func:`write_assignment` commits them inside the caller's transaction. This module must not
score pairs or compute golden records.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from centric.identity.clustering import cluster_records
from centric.identity.pairs import NEW_PAIRS
from centric.identity.records import DELTA, REMOVED, STALE
from centric.warehouse import Warehouse

AFFECTED = "identity_affected"  # record_id of records to re-cluster
CLUSTERS = "identity_clusters"  # record_id -> cluster (smallest record_id of the cluster)
EDGES = "identity_edges"  # links used for clustering, with their strength and kind
FINAL = "identity_final"  # cluster -> customer_id
HISTORY = "identity_history_new"
SCOPE = "identity_scope"  # previous customer IDs of the affected records

ID_PREFIX = "C"
ID_DIGITS = 9

# Strengths order the links when a cannot-link forces a choice: steward > rule > model.
MUST_LINK_STRENGTH = 3.0
RULE_STRENGTH = 2.0


@dataclass(frozen=True)
class Assignment:
    """What ID assignment changed."""

    records: int
    customers: int
    created: int
    merged: int
    split: int


def format_customer_id(number: int) -> str:
    """The customer ID with a number, e.g. ``C000000042``."""
    return f"{ID_PREFIX}{number:0{ID_DIGITS}d}"


def current_pairs_sql() -> str:
    """Stored pairs that stay valid, plus the pairs scored in this run."""
    return (
        f"SELECT * FROM identity_pairs WHERE record_id_l NOT IN (SELECT record_id FROM {STALE}) "
        f"AND record_id_r NOT IN (SELECT record_id FROM {STALE}) "
        f"AND NOT EXISTS (SELECT 1 FROM {NEW_PAIRS} n WHERE n.record_id_l = identity_pairs"
        f".record_id_l AND n.record_id_r = identity_pairs.record_id_r) "
        f"UNION ALL BY NAME SELECT * FROM {NEW_PAIRS}"
    )


def select_affected(
    warehouse: Warehouse,
    *,
    threshold: float,
    full: bool,
    extra_records_sql: str | None = None,
) -> int:
    """Choose the records to re-cluster into the temporary table ``identity_affected``.

    A full run takes every record. Otherwise: the delta, records linked to it by a new pair at
    or above the threshold (or a rule), records of removed ones' customers, any extra records
    (named by an override), and then every record of the customers of all of these.
    """
    if full:
        warehouse.execute(
            f"CREATE OR REPLACE TEMP TABLE {AFFECTED} AS "
            f"SELECT record_id FROM identity_records WHERE record_id NOT IN "
            f"(SELECT record_id FROM {REMOVED}) UNION SELECT record_id FROM {DELTA}"
        )
    else:
        extra = f" UNION SELECT record_id FROM ({extra_records_sql})" if extra_records_sql else ""
        warehouse.execute(
            f"""CREATE OR REPLACE TEMP TABLE {AFFECTED} AS
WITH seeds AS (
    SELECT record_id FROM {DELTA}
    UNION SELECT record_id FROM {REMOVED}
    UNION SELECT record_id_l FROM {NEW_PAIRS}
        WHERE match_probability >= {threshold} OR rule IS NOT NULL
    UNION SELECT record_id_r FROM {NEW_PAIRS}
        WHERE match_probability >= {threshold} OR rule IS NOT NULL
    {extra}
), customers AS (
    SELECT DISTINCT l.customer_id FROM customer_links l JOIN seeds USING (record_id)
)
SELECT record_id FROM seeds
UNION SELECT l.record_id FROM customer_links l JOIN customers USING (customer_id)"""
        )
        warehouse.execute(
            f"DELETE FROM {AFFECTED} WHERE record_id IN (SELECT record_id FROM {REMOVED})"
        )
    warehouse.execute(
        f"""CREATE OR REPLACE TEMP TABLE {SCOPE} AS
SELECT DISTINCT customer_id FROM customer_links
WHERE record_id IN (SELECT record_id FROM {AFFECTED})
    OR record_id IN (SELECT record_id FROM {REMOVED})"""
    )
    return int(warehouse.scalar(f"SELECT count(*) FROM {AFFECTED}"))


def cluster_affected(warehouse: Warehouse, *, threshold: float) -> int:
    """Cluster the affected records into ``identity_clusters``, honouring overrides.

    Returns:
        Number of clusters.
    """
    ref = "source || ':' || source_key"
    warehouse.execute(
        f"""CREATE OR REPLACE TEMP TABLE {EDGES} AS
WITH pairs AS ({current_pairs_sql()}),
overrides AS (
    SELECT override_id, kind, records_a, records_b FROM identity_overrides WHERE active
),
refs AS (
    SELECT record_id, {ref} AS ref FROM identity_records
    WHERE record_id NOT IN (SELECT record_id FROM {STALE})
    UNION ALL SELECT record_id, {ref} FROM {DELTA}
),
must AS (
    SELECT o.override_id, r.record_id
    FROM overrides o, unnest(list_concat(o.records_a, o.records_b)) AS u(ref)
    JOIN refs r ON r.ref = u.ref
    WHERE o.kind = 'must_link'
)
SELECT p.record_id_l AS l, p.record_id_r AS r,
    CASE WHEN p.rule IS NOT NULL THEN {RULE_STRENGTH} ELSE p.match_probability END AS strength,
    p.match_probability AS probability,
    coalesce(p.rule, 'model') AS kind
FROM pairs p
WHERE (p.match_probability >= {threshold} OR p.rule IS NOT NULL)
    AND p.record_id_l IN (SELECT record_id FROM {AFFECTED})
    AND p.record_id_r IN (SELECT record_id FROM {AFFECTED})
UNION ALL
SELECT first.record_id, m.record_id, {MUST_LINK_STRENGTH}, 1.0, 'must_link'
FROM must m
JOIN (SELECT override_id, min(record_id) AS record_id FROM must GROUP BY override_id) first
    USING (override_id)
WHERE m.record_id <> first.record_id
    AND m.record_id IN (SELECT record_id FROM {AFFECTED})
    AND first.record_id IN (SELECT record_id FROM {AFFECTED})"""
    )
    cannot = warehouse.fetch_all(
        f"""WITH refs AS (
    SELECT record_id, {ref} AS ref FROM identity_records
    WHERE record_id NOT IN (SELECT record_id FROM {STALE})
    UNION ALL SELECT record_id, {ref} FROM {DELTA}
), sides AS (
    SELECT o.override_id, 'a' AS side, r.record_id
    FROM identity_overrides o, unnest(o.records_a) AS u(ref) JOIN refs r ON r.ref = u.ref
    WHERE o.active AND o.kind IN ('cannot_link', 'unmerge')
    UNION ALL
    SELECT o.override_id, 'b', r.record_id
    FROM identity_overrides o, unnest(o.records_b) AS u(ref) JOIN refs r ON r.ref = u.ref
    WHERE o.active AND o.kind IN ('cannot_link', 'unmerge')
)
SELECT a.record_id, b.record_id FROM sides a JOIN sides b
    ON a.override_id = b.override_id AND a.side = 'a' AND b.side = 'b'
WHERE a.record_id IN (SELECT record_id FROM {AFFECTED})
    AND b.record_id IN (SELECT record_id FROM {AFFECTED})"""
    )
    records = warehouse.fetch_arrow(f"SELECT record_id FROM {AFFECTED} ORDER BY record_id")
    edges = warehouse.fetch_arrow(f"SELECT l, r, strength FROM {EDGES}")
    ids = records.column("record_id").to_numpy().astype(np.int64)
    labels = cluster_records(
        ids,
        edges.column("l").to_numpy().astype(np.int64),
        edges.column("r").to_numpy().astype(np.int64),
        edges.column("strength").to_numpy().astype(np.float64),
        [(int(a), int(b)) for a, b in cannot],
    )
    table = pa.table(
        {"record_id": ids, "cluster": labels, "_row": np.arange(len(ids), dtype=np.int64)}
    )
    warehouse.stage_arrow(CLUSTERS, table)
    return len(np.unique(labels))


def assign_ids(warehouse: Warehouse, *, run_id: int, reason: str) -> Assignment:
    """Decide the customer ID of every cluster and the history rows (temporary tables)."""
    warehouse.execute(
        f"""CREATE OR REPLACE TEMP TABLE identity_overlap AS
SELECT l.customer_id, c.cluster, count(*) AS n, min(c.record_id) AS first_record
FROM {CLUSTERS} c JOIN customer_links l USING (record_id)
GROUP BY ALL"""
    )
    warehouse.execute(
        """CREATE OR REPLACE TEMP TABLE identity_home AS
SELECT customer_id, cluster, n FROM (
    SELECT *, row_number() OVER (PARTITION BY customer_id ORDER BY n DESC, first_record) AS k
    FROM identity_overlap
) WHERE k = 1"""
    )
    next_number = _next_customer_number(warehouse)
    warehouse.execute(
        f"""CREATE OR REPLACE TEMP TABLE {FINAL} AS
WITH clusters AS (SELECT cluster, count(*) AS size FROM {CLUSTERS} GROUP BY cluster),
keep AS (
    SELECT cluster, arg_min(customer_id, CAST(substr(customer_id, 2) AS BIGINT)) AS customer_id
    FROM identity_home GROUP BY cluster
),
fresh AS (
    SELECT cluster, row_number() OVER (ORDER BY cluster) - 1 AS k
    FROM clusters ANTI JOIN keep USING (cluster)
)
SELECT c.cluster, c.size,
    coalesce(keep.customer_id,
        '{ID_PREFIX}' || lpad(CAST({next_number} + fresh.k AS VARCHAR), {ID_DIGITS}, '0'))
        AS customer_id,
    keep.customer_id IS NULL AS is_new
FROM clusters c LEFT JOIN keep USING (cluster) LEFT JOIN fresh USING (cluster)"""
    )
    warehouse.execute(
        f"""CREATE OR REPLACE TEMP TABLE {HISTORY} AS
SELECT h.customer_id, f.customer_id AS successor_id, 'merged' AS event, h.n AS records
FROM identity_home h JOIN {FINAL} f USING (cluster)
WHERE f.customer_id <> h.customer_id
UNION ALL
SELECT o.customer_id, f.customer_id, 'split', o.n
FROM identity_overlap o JOIN identity_home h USING (customer_id)
JOIN {FINAL} f ON f.cluster = o.cluster
WHERE o.cluster <> h.cluster AND f.customer_id <> o.customer_id
UNION ALL
SELECT s.customer_id, NULL, 'removed', 0
FROM {SCOPE} s ANTI JOIN identity_overlap o USING (customer_id)"""
    )
    warehouse.execute(f"ALTER TABLE {HISTORY} ADD COLUMN reason VARCHAR DEFAULT '{reason}'")
    warehouse.execute(f"ALTER TABLE {HISTORY} ADD COLUMN run_id BIGINT DEFAULT {int(run_id)}")
    created = int(warehouse.scalar(f"SELECT count(*) FROM {FINAL} WHERE is_new"))
    merged, split = warehouse.fetch_all(
        f"SELECT count(*) FILTER (WHERE event = 'merged'), "
        f"count(DISTINCT customer_id) FILTER (WHERE event = 'split') FROM {HISTORY}"
    )[0]
    records = int(warehouse.scalar(f"SELECT count(*) FROM {CLUSTERS}"))
    customers = int(warehouse.scalar(f"SELECT count(*) FROM {FINAL}"))
    return Assignment(records, customers, created, int(merged), int(split))


def _next_customer_number(warehouse: Warehouse) -> int:
    stored = warehouse.scalar("SELECT value FROM identity_state WHERE key = 'next_customer_number'")
    return int(stored) if stored is not None else 1


def write_assignment(warehouse: Warehouse, *, run_id: int, created: int) -> None:
    """Write links and history of the assignment (inside the caller's transaction)."""
    warehouse.execute(
        f"""CREATE OR REPLACE TEMP TABLE identity_best_link AS
WITH ends AS (
    SELECT l AS record_id, r AS other, strength, probability, kind FROM {EDGES}
    UNION ALL SELECT r, l, strength, probability, kind FROM {EDGES}
)
SELECT e.record_id,
    arg_max(e.other, e.strength) AS linked_via,
    arg_max(e.probability, e.strength) AS match_probability,
    arg_max(e.kind, e.strength) AS linked_by
FROM ends e
JOIN {CLUSTERS} a ON a.record_id = e.record_id
JOIN {CLUSTERS} b ON b.record_id = e.other AND b.cluster = a.cluster
GROUP BY e.record_id"""
    )
    warehouse.execute(
        f"DELETE FROM customer_links WHERE record_id IN (SELECT record_id FROM {AFFECTED}) "
        f"OR record_id IN (SELECT record_id FROM {REMOVED})"
    )
    warehouse.execute(
        f"""INSERT INTO customer_links BY NAME
SELECT r.source, r.source_key, c.record_id, f.customer_id,
    b.match_probability,
    coalesce(b.linked_by, 'alone') AS linked_by,
    b.linked_via,
    CAST(now() AS TIMESTAMP) AS linked_at,
    {int(run_id)} AS run_id
FROM {CLUSTERS} c
JOIN {FINAL} f USING (cluster)
JOIN identity_records r USING (record_id)
LEFT JOIN identity_best_link b USING (record_id)"""
    )
    warehouse.execute(
        f"""INSERT INTO customer_id_history BY NAME
SELECT customer_id, successor_id, event, records, reason, run_id,
    CAST(now() AS TIMESTAMP) AS changed_at
FROM {HISTORY}"""
    )
    if created:
        next_number = _next_customer_number(warehouse) + created
        warehouse.execute("DELETE FROM identity_state WHERE key = 'next_customer_number'")
        warehouse.execute(
            "INSERT INTO identity_state VALUES ('next_customer_number', ?)", [str(next_number)]
        )
    warehouse.execute("DROP TABLE IF EXISTS identity_best_link")


def drop_temporary(warehouse: Warehouse) -> None:
    """Remove the temporary tables of an assignment."""
    for name in (
        AFFECTED,
        CLUSTERS,
        EDGES,
        FINAL,
        HISTORY,
        SCOPE,
        "identity_overlap",
        "identity_home",
    ):
        warehouse.drop_staging(name)

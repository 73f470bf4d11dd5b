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

Clustering keeps records that are plainly different people apart when only other records link
them (:func:`find_conflicts`), when the model holds that evidence to be strong.

Only records touched by the run (new, changed, removed, linked to those, or named by an
override) and the customers they belong to are re-clustered. Results go to temporary tables;
:func:`write_assignment` commits them inside the caller's transaction. This module must not
score pairs or compute golden records.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from centric.identity.clustering import cluster_records
from centric.identity.model import FIRST_NAME_EDITS, TrainedModel, within_edits_sql
from centric.identity.pairs import NEW_PAIRS, same_name_sql
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

# Two records in conflict (see find_conflicts) are kept apart unless the model scored their own
# pair at least this likely: evidence elsewhere (address, identifiers) outweighs the conflict.
CONFLICT_BELOW = 0.5
# Conflicts are constraints only when the model itself holds different first names and different
# dates of birth to be this strong evidence against a match (bits; -10 is odds of 1:1,000). Data
# where one person's records often disagree on both (heavily keyed or corrupted data) train a
# model that weighs them less, and then links are trusted as they are.
CONFLICT_WEIGHT = -10.0


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


def current_pairs_sql(*, full: bool = False) -> str:
    """The pairs a run clusters with.

    A full run (a new model, a new threshold, or asked for) scored every candidate pair, so only
    its own pairs count: a stored pair may come from an older model and must not survive it.
    Otherwise: the stored pairs that stay valid, plus the pairs scored in this run.
    """
    if full:
        return f"SELECT * FROM {NEW_PAIRS}"
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
    or above ``threshold`` (the lower of the clustering and attach thresholds) or by a rule,
    records of removed ones' customers, any extra records (named by an override), the records
    any of these is linked to at or above ``threshold`` by a stored pair, and then every record
    of the customers of all of these.
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
), likely AS (
    SELECT record_id_l, record_id_r FROM ({current_pairs_sql()})
    WHERE match_probability >= {threshold} OR rule IS NOT NULL
), partners AS (
    -- Records these are likely enough to join or attach to, by any stored pair.
    SELECT p.record_id_r AS record_id FROM likely p JOIN seeds s ON s.record_id = p.record_id_l
    UNION SELECT p.record_id_l FROM likely p JOIN seeds s ON s.record_id = p.record_id_r
), customers AS (
    SELECT DISTINCT l.customer_id FROM customer_links l
    JOIN (SELECT record_id FROM seeds UNION SELECT record_id FROM partners) USING (record_id)
)
SELECT record_id FROM seeds
UNION SELECT record_id FROM partners
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


def conflict_weight(model: TrainedModel | None) -> float | None:
    """The model's evidence (bits) against records with different first names and different
    dates of birth: the sum of the weights of the two comparisons' last (``ELSE``) levels.

    Returns:
        ``None`` without a model, or when it does not compare both fields.
    """
    if model is None:
        return None
    weights = {}
    for comparison in model.settings["comparisons"]:
        name = str(comparison["output_column_name"])
        if name in ("first_name", "date_of_birth"):
            level = comparison["comparison_levels"][-1]
            m, u = level.get("m_probability"), level.get("u_probability")
            if m and u:
                weights[name] = math.log2(float(m) / float(u))
    return sum(weights.values()) if len(weights) == 2 else None


def separates_conflicts(model: TrainedModel | None) -> bool:
    """Whether clustering with ``model`` keeps conflicting records apart (see
    :func:`find_conflicts` and :data:`CONFLICT_WEIGHT`)."""
    weight = conflict_weight(model)
    return weight is not None and weight <= CONFLICT_WEIGHT


def cluster_affected(
    warehouse: Warehouse,
    *,
    threshold: float,
    full: bool = False,
    conflicts: bool = False,
    attach_threshold: float | None = None,
) -> int:
    """Cluster the affected records into ``identity_clusters``, honouring overrides.

    Args:
        warehouse: The warehouse holding the run's temporary tables.
        threshold: Model links at or above this probability join records.
        full: The run scored every pair; cluster with its pairs only (see
            :func:`current_pairs_sql`).
        conflicts: Keep plainly different people apart even when other records link them
            (see :func:`find_conflicts`).
        attach_threshold: Records left alone join the one customer they are linked to at
            least this likely (see :func:`attach_lone_records`); ``None`` or the threshold
            itself: they stay alone.

    Returns:
        Number of clusters.
    """
    ref = "source || ':' || source_key"
    warehouse.execute(
        f"""CREATE OR REPLACE TEMP TABLE {EDGES} AS
WITH pairs AS ({current_pairs_sql(full=full)}),
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
    # Ordered so that links of equal strength are always considered in the same order.
    edges = warehouse.fetch_arrow(f"SELECT l, r, strength FROM {EDGES} ORDER BY l, r, kind")
    ids = records.column("record_id").to_numpy().astype(np.int64)
    left = edges.column("l").to_numpy().astype(np.int64)
    right = edges.column("r").to_numpy().astype(np.int64)
    strength = edges.column("strength").to_numpy().astype(np.float64)
    constraints = [(int(a), int(b)) for a, b in cannot]
    labels = cluster_records(ids, left, right, strength, constraints)
    _stage_clusters(warehouse, ids, labels)
    found = find_conflicts(warehouse, full=full) if conflicts else []
    if found:
        labels = cluster_records(ids, left, right, strength, constraints + found)
        _stage_clusters(warehouse, ids, labels)
    if attach_threshold is not None and attach_threshold < threshold:
        labels = attach_lone_records(
            warehouse, ids, labels, attach_threshold=attach_threshold, full=full,
            cannot_link=constraints,
        )  # fmt: skip
    return len(np.unique(labels))


def attach_lone_records(
    warehouse: Warehouse,
    ids: npt.NDArray[np.int64],
    labels: npt.NDArray[np.int64],
    *,
    attach_threshold: float,
    full: bool,
    cannot_link: list[tuple[int, int]],
) -> npt.NDArray[np.int64]:
    """Join each record that clustering left alone to the one customer it most likely is.

    A record holding little (a contact-centre caller's name and a phone number no other system
    has, a social profile with a name and a town) often reaches its customer only by a link
    below the threshold. Left alone it counts as a customer of its own, although the model
    holds it more likely than not to be someone it already knows. It joins a cluster of two or
    more records when:

    * one of its links to that cluster reaches ``attach_threshold``;
    * it has no such link to any other record outside the cluster (a second candidate makes
      the call ambiguous; it stays alone, and the pairs wait in the review queue);
    * no record of the cluster is plainly another person (a different date of birth, or a
      different first name while the dates do not agree; see :func:`find_conflicts`), and
      no steward's cannot-link or unmerge keeps them apart.

    Attached records are linked by their strongest link to the cluster, stored in
    ``identity_edges`` with kind ``attached``, so ``customer_links`` says how each joined.
    Clusters are staged again in ``identity_clusters``.

    Returns:
        The new cluster of every record of ``ids``, in the same order.
    """
    rows = warehouse.fetch_all(
        f"""WITH clusters AS (
    SELECT record_id, cluster, count(*) OVER (PARTITION BY cluster) AS size FROM {CLUSTERS}
), pairs AS (
    SELECT record_id_l AS a, record_id_r AS b, coalesce(match_probability, 1.0) AS p
    FROM ({current_pairs_sql(full=full)})
    WHERE match_probability >= {attach_threshold} OR rule IS NOT NULL
), ends AS (
    SELECT a AS record_id, b AS other, p FROM pairs UNION ALL SELECT b, a, p FROM pairs
), candidates AS (
    -- Every customer a lone record is linked to: a cluster of this run, or the customer of
    -- a record this run does not re-cluster.
    SELECT e.record_id, coalesce('k' || CAST(c.cluster AS VARCHAR), 'c' || l.customer_id) AS target,
        any_value(c.cluster) AS cluster, any_value(c.size) AS size,
        max(e.p) AS p, arg_max(e.other, e.p) AS via
    FROM ends e
    JOIN clusters lone ON lone.record_id = e.record_id AND lone.size = 1
    LEFT JOIN clusters c ON c.record_id = e.other
    LEFT JOIN customer_links l ON l.record_id = e.other AND c.record_id IS NULL
    WHERE c.record_id IS NOT NULL OR l.customer_id IS NOT NULL
    GROUP BY ALL
), chosen AS (
    SELECT record_id, any_value(cluster) AS cluster, any_value(p) AS p, any_value(via) AS via
    FROM candidates GROUP BY record_id
    HAVING count(*) = 1 AND any_value(size) >= 2
), records AS ({_records_sql()})
SELECT ch.record_id, ch.cluster, ch.via, ch.p FROM chosen ch
JOIN records r ON r.record_id = ch.record_id
WHERE NOT EXISTS (
    SELECT 1 FROM clusters c JOIN records m ON m.record_id = c.record_id
    WHERE c.cluster = ch.cluster AND {plainly_different_sql("r", "m")}
)
ORDER BY ch.record_id"""
    )
    if not rows:
        return labels
    labels = labels.copy()
    forbidden: dict[int, set[int]] = {}
    for a, b in cannot_link:
        forbidden.setdefault(a, set()).add(b)
        forbidden.setdefault(b, set()).add(a)
    members: dict[int, set[int]] = {}
    if forbidden:  # only then are the members of the chosen clusters needed
        chosen = np.isin(labels, np.array([int(row[1]) for row in rows], dtype=np.int64))
        for record, cluster in zip(ids[chosen].tolist(), labels[chosen].tolist(), strict=True):
            members.setdefault(cluster, set()).add(record)
    attached: list[tuple[int, int, int, float]] = []  # record, cluster, via, probability
    names: dict[int, int] = {}  # cluster -> its smallest record id once records are attached
    for row in rows:
        record, cluster = int(row[0]), int(row[1])
        if forbidden.get(record, set()) & members.get(cluster, set()):
            continue
        attached.append((record, cluster, int(row[2]), float(row[3])))
        names[cluster] = min(names.get(cluster, cluster), record)
    if not attached:
        return labels
    # ids are sorted. Each attached record takes its cluster's label; then a cluster that
    # gained a smaller record id is named by it.
    records = np.array([row[0] for row in attached], dtype=np.int64)
    labels[np.searchsorted(ids, records)] = np.array([row[1] for row in attached], dtype=np.int64)
    renamed = sorted((old, new) for old, new in names.items() if new != old)
    if renamed:
        olds = np.array([old for old, _ in renamed], dtype=np.int64)
        news = np.array([new for _, new in renamed], dtype=np.int64)
        hit = np.isin(labels, olds)
        labels[hit] = news[np.searchsorted(olds, labels[hit])]
    _stage_clusters(warehouse, ids, labels)
    warehouse.stage_arrow(
        "identity_attached",
        pa.table(
            {
                "a": records,
                "b": np.array([row[2] for row in attached], dtype=np.int64),
                "p": np.array([row[3] for row in attached], dtype=np.float64),
                "_row": np.arange(len(attached), dtype=np.int64),
            }
        ),
    )
    warehouse.execute(
        f"INSERT INTO {EDGES} SELECT least(a, b), greatest(a, b), p, p, 'attached' "
        "FROM identity_attached"
    )
    warehouse.drop_staging("identity_attached")
    return labels


def find_conflicts(warehouse: Warehouse, *, full: bool) -> list[tuple[int, int]]:
    """Pairs of records that the clusters in ``identity_clusters`` join only through others,
    although they are plainly different people.

    A record that holds little (a surname and a household e-mail) can link to two members of a
    family, and the links would make them one customer. Two records are plainly different
    people when both give a date of birth and the dates differ (not one typo or a day/month
    swap apart), or when both give a first name and the names differ (not the same name as
    people write it, nor nicknames or short forms of each other) while their dates of birth,
    if both are given, do not agree. Such a pair is a cannot-link, like a data steward's;
    pairs linked directly (by the model, a rule or a steward) or scored at least
    :data:`CONFLICT_BELOW` are left alone, and so are clusters a steward has merged.

    Returns:
        The conflicting pairs (smaller record id first), sorted.
    """
    never = f"""WITH members AS (
    SELECT c.cluster, r.record_id, r.first_name, r.first_name_aliases, r.last_name,
        r.date_of_birth
    FROM {CLUSTERS} c JOIN ({_records_sql()}) r USING (record_id)
    WHERE (r.first_name IS NOT NULL OR r.date_of_birth IS NOT NULL)
        AND c.cluster IN (SELECT cluster FROM {CLUSTERS} GROUP BY cluster HAVING count(*) > 2)
        AND c.cluster NOT IN (
            SELECT c.cluster FROM {CLUSTERS} c JOIN {EDGES} e ON e.l = c.record_id
            WHERE e.kind = 'must_link'
        )
)
SELECT a.record_id, b.record_id
FROM members a JOIN members b ON a.cluster = b.cluster AND a.record_id < b.record_id
WHERE {plainly_different_sql("a", "b")}
    AND NOT EXISTS (SELECT 1 FROM {EDGES} e WHERE e.l = a.record_id AND e.r = b.record_id)
    AND NOT EXISTS (
        SELECT 1 FROM ({current_pairs_sql(full=full)}) p
        WHERE p.record_id_l = a.record_id AND p.record_id_r = b.record_id
            AND p.match_probability >= {CONFLICT_BELOW}
    )
ORDER BY 1, 2"""
    return [(int(a), int(b)) for a, b in warehouse.fetch_all(never)]


def _records_sql() -> str:
    # The standardised records as they will be after this run.
    return (
        f"SELECT * FROM identity_records WHERE record_id NOT IN (SELECT record_id FROM {STALE}) "
        f"UNION ALL BY NAME SELECT * FROM {DELTA}"
    )


def plainly_different_sql(a: str, b: str) -> str:
    """SQL true when records ``a`` and ``b`` (aliases of rows with ``first_name``,
    ``first_name_aliases``, ``last_name`` and ``date_of_birth``) are plainly different people:
    both give a date of birth and the dates differ beyond a typo, or both give a first name
    and the names differ beyond spelling, nicknames and short forms while the dates of birth,
    if both are given, do not agree."""
    dates_differ = _different_dates_sql(f"{a}.date_of_birth", f"{b}.date_of_birth")
    return (
        f"(coalesce({dates_differ}, false) "
        f"OR {_different_names_sql(a, b)} AND coalesce({dates_differ}, true))"
    )


def _different_names_sql(a: str, b: str) -> str:
    # Both give a first name, and they are not the same name as people write it, nor nicknames
    # of each other, nor one the start of the other (Fran and Francisco, Montse and
    # Montserrat), nor first and last name swapped.
    first_a, first_b = f"{a}.first_name", f"{b}.first_name"
    return (
        f"({first_a} IS NOT NULL AND {first_b} IS NOT NULL "
        f"AND NOT ({same_name_sql(first_a, first_b)}) "
        f"AND NOT ({within_edits_sql(first_a, first_b, *FIRST_NAME_EDITS)}) "
        f"AND NOT contains(coalesce({a}.first_name_aliases, ''), '|' || {first_b} || '|') "
        f"AND NOT contains(coalesce({b}.first_name_aliases, ''), '|' || {first_a} || '|') "
        f"AND NOT (least(length({first_a}), length({first_b})) >= 3 "
        f"AND (starts_with({first_a}, {first_b}) OR starts_with({first_b}, {first_a}))) "
        f"AND {first_a} IS DISTINCT FROM {b}.last_name "
        f"AND {first_b} IS DISTINCT FROM {a}.last_name)"
    )


def _different_dates_sql(left: str, right: str) -> str:
    # Different, and not one mistyped digit, two swapped digits or day and month swapped.
    text_l, text_r = f"strftime({left}, '%Y%m%d')", f"strftime({right}, '%Y%m%d')"
    return (
        f"({left} <> {right} AND damerau_levenshtein({text_l}, {text_r}) > 1 "
        f"AND NOT (year({left}) = year({right}) AND month({left}) = day({right}) "
        f"AND day({left}) = month({right})))"
    )


def _stage_clusters(
    warehouse: Warehouse, ids: npt.NDArray[np.int64], labels: npt.NDArray[np.int64]
) -> None:
    table = pa.table(
        {"record_id": ids, "cluster": labels, "_row": np.arange(len(ids), dtype=np.int64)}
    )
    warehouse.stage_arrow(CLUSTERS, table)


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

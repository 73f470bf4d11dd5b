"""Clusters records into customers from scored links, honouring data-steward constraints.

Records joined by a link at or above the threshold (or by a deterministic rule, or by a
steward's must-link) end up in one cluster: the connected components of the link graph, found
with vectorised label propagation. A cannot-link between two records that the links would join
splits their component again: its links are re-added strongest first, skipping any that would
put a cannot-link pair together, and then each record moves to the part it is linked to most
strongly in all. This module works on arrays only; it must not read or write tables, nor decide
customer IDs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

Int64Array = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

# Weight (bits) of a link that is certain (a deterministic rule or a steward's merge).
CERTAIN = 1e6
# Rounds of moving records between the parts of a split component, at most.
MAX_SETTLE_ROUNDS = 10
# Split components up to this many records are settled. Each move checks that the part left
# behind stays connected, which costs time in proportion to the component's size per record; a
# component this large is no one customer's records anyway (a placeholder e-mail or phone shared
# by thousands), and its parts stay as the strongest links made them.
MAX_SETTLE_RECORDS = 1_000


def cluster_records(
    records: Int64Array,
    left: Int64Array,
    right: Int64Array,
    strength: FloatArray,
    cannot_link: Iterable[tuple[int, int]] = (),
) -> Int64Array:
    """Cluster records by their links.

    Args:
        records: Every record to cluster (record ids; links to other ids are ignored).
        left: One end of each link.
        right: The other end of each link.
        strength: Each link's strength; stronger links are kept first when a constraint
            forces a choice (must-links should be strongest).
        cannot_link: Pairs of records that must not share a cluster.

    Returns:
        For each record, in the order given, its cluster: the smallest record id in it.
    """
    nodes = np.unique(records)
    inside = np.isin(left, nodes) & np.isin(right, nodes) & (left != right)
    left, right, strength = left[inside], right[inside], strength[inside]
    li = np.searchsorted(nodes, left)
    ri = np.searchsorted(nodes, right)
    labels = _components(len(nodes), li, ri)
    constraints = _index_pairs(nodes, cannot_link)
    broken = {
        int(labels[a]) for a, b in constraints if labels[a] == labels[b]
    }  # components that join a cannot-link pair
    for component in sorted(broken):
        _split_component(component, labels, li, ri, strength, constraints)
    # Name each cluster by its smallest record id (nodes are sorted, so the smallest index).
    smallest = np.full(len(nodes), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(smallest, labels, np.arange(len(nodes), dtype=np.int64))
    cluster_of_node = nodes[smallest[labels]]
    return np.asarray(cluster_of_node[np.searchsorted(nodes, records)], dtype=np.int64)


def _components(count: int, left: Int64Array, right: Int64Array) -> Int64Array:
    # Min-label propagation with pointer jumping: each pass pulls every edge's ends to the
    # smaller label, then flattens label chains; a few passes converge on large graphs.
    labels = np.arange(count, dtype=np.int64)
    if len(left) == 0:
        return labels
    while True:
        lowest = np.minimum(labels[left], labels[right])
        updated = labels.copy()
        np.minimum.at(updated, left, lowest)
        np.minimum.at(updated, right, lowest)
        while True:
            jumped = updated[updated]
            if np.array_equal(jumped, updated):
                break
            updated = jumped
        if np.array_equal(updated, labels):
            return labels
        labels = updated


def _index_pairs(nodes: Int64Array, pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    indexed = []
    for a, b in pairs:
        ia, ib = np.searchsorted(nodes, [a, b])
        if ia < len(nodes) and ib < len(nodes) and nodes[ia] == a and nodes[ib] == b and a != b:
            indexed.append((int(ia), int(ib)))
    return indexed


def _split_component(
    component: int,
    labels: Int64Array,
    left: Int64Array,
    right: Int64Array,
    strength: FloatArray,
    constraints: list[tuple[int, int]],
) -> None:
    members = np.flatnonzero(labels == component)
    member_set = set(members.tolist())
    forbidden: dict[int, set[int]] = {}
    for a, b in constraints:
        if a in member_set and b in member_set:
            forbidden.setdefault(a, set()).add(b)
            forbidden.setdefault(b, set()).add(a)
    in_component = labels[left] == component
    order = np.argsort(-strength[in_component], kind="stable")
    edges_l = left[in_component][order].tolist()
    edges_r = right[in_component][order].tolist()
    parent = {m: m for m in member_set}
    groups = {m: {m} for m in member_set}

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in zip(edges_l, edges_r, strict=True):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        small, large = (ra, rb) if len(groups[ra]) <= len(groups[rb]) else (rb, ra)
        if any(forbidden.get(node, set()) & groups[large] for node in groups[small]):
            continue
        parent[small] = large
        groups[large] |= groups.pop(small)
    if len(member_set) <= MAX_SETTLE_RECORDS:
        _settle(groups, forbidden, edges_l, edges_r, strength[in_component][order].tolist())
    for group in groups.values():
        labels[list(group)] = min(group)


def _evidence(strength: float) -> float:
    # A link's weight of evidence in bits; rules and steward links (strength >= 1) are certain.
    return CERTAIN if strength >= 1 else math.log2(strength / (1 - strength))


def _settle(
    groups: dict[int, set[int]],
    forbidden: dict[int, set[int]],
    left: list[int],
    right: list[int],
    strength: list[float],
) -> None:
    # Adding links strongest first decides a record's side by its single strongest link; a
    # record linked equally well to two sides (a survey answer with a household e-mail) may
    # land with the one it is linked to less. Each record moves to the part it is linked to most
    # strongly in all (sum of the evidence of its links), when none of that part's records is
    # forbidden to it and the part it leaves stays connected, until no record moves.
    links: dict[int, list[tuple[int, float]]] = {}
    for a, b, s in zip(left, right, strength, strict=True):
        links.setdefault(a, []).append((b, _evidence(s)))
        links.setdefault(b, []).append((a, _evidence(s)))
    part_of = {node: root for root, members in groups.items() for node in members}
    for _ in range(MAX_SETTLE_ROUNDS):
        moved = False
        for node in sorted(part_of):
            own = part_of[node]
            totals: dict[int, float] = {}
            for other, weight in links.get(node, []):
                totals[part_of[other]] = totals.get(part_of[other], 0.0) + weight
            allowed = [
                (total, -root)
                for root, total in totals.items()
                if root != own and not forbidden.get(node, set()) & groups[root]
            ]
            if not allowed:
                continue
            total, best = max(allowed)
            if total <= totals.get(own, 0.0) or not _connected(groups[own] - {node}, links):
                continue
            groups[own].discard(node)
            if not groups[own]:
                del groups[own]
            groups[-best].add(node)
            part_of[node] = -best
            moved = True
        if not moved:
            return


def _connected(members: set[int], links: dict[int, list[tuple[int, float]]]) -> bool:
    if len(members) <= 1:
        return True
    start = next(iter(members))
    seen, stack = {start}, [start]
    while stack:
        for other, _ in links.get(stack.pop(), []):
            if other in members and other not in seen:
                seen.add(other)
                stack.append(other)
    return len(seen) == len(members)

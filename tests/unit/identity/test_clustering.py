"""Clustering of records by links, with cannot-link constraints."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from centric.identity import clustering
from centric.identity.clustering import cluster_records


def _cluster(records: list[int], links: list[tuple[int, int, float]], cannot=()):  # type: ignore[no-untyped-def]  # test helper
    left = np.array([a for a, _, _ in links], dtype=np.int64)
    right = np.array([b for _, b, _ in links], dtype=np.int64)
    strength = np.array([s for _, _, s in links], dtype=np.float64)
    labels = cluster_records(np.array(records, dtype=np.int64), left, right, strength, cannot)
    return dict(zip(records, labels.tolist(), strict=True))


def test_cluster_records_joins_connected_records_under_their_smallest_id() -> None:
    assigned = _cluster([5, 1, 3, 9, 7], [(5, 3, 0.99), (3, 9, 0.97)])
    assert assigned == {1: 1, 3: 3, 5: 3, 7: 7, 9: 3}


def test_cluster_records_ignores_links_to_records_outside_the_set() -> None:
    assert _cluster([1, 2], [(1, 99, 1.0), (2, 98, 1.0)]) == {1: 1, 2: 2}


def test_cluster_records_splits_a_component_joining_a_cannot_link_pair() -> None:
    links = [(1, 2, 0.99), (2, 3, 0.96), (3, 4, 0.99)]
    assigned = _cluster([1, 2, 3, 4], links, cannot=[(1, 4)])
    assert assigned[1] == assigned[2]
    assert assigned[3] == assigned[4]
    assert assigned[1] != assigned[4]


def test_cluster_records_keeps_strongest_links_when_splitting() -> None:
    links = [(1, 2, 3.0), (2, 3, 0.96), (1, 3, 0.97)]
    assigned = _cluster([1, 2, 3], links, cannot=[(2, 3)])
    assert assigned[1] == assigned[2] != assigned[3]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=0, max_size=60))
def test_cluster_records_matches_a_reference_union_find(pairs: list[tuple[int, int]]) -> None:
    records = list(range(31))
    parent = list(range(31))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    expected = {}
    for r in records:
        root = find(r)
        expected[r] = min(x for x in records if find(x) == root)
    assert _cluster(records, [(a, b, 0.99) for a, b in pairs]) == expected


SETTLED_LINKS = [
    (1, 2, 0.999),
    (1, 5, 0.99),
    (3, 4, 0.999),
    (3, 6, 0.999),
    (3, 5, 0.99),
    (4, 5, 0.99),
    (5, 6, 0.99),
]


def test_split_record_joins_the_side_it_is_linked_to_most_in_all() -> None:
    # Record 5 (a survey answer with a household e-mail) links equally well to 1 and to 3, which
    # must stay apart; 4 and 6 share the e-mail with 3 as well, so 5 belongs with 3's side.
    assigned = _cluster([1, 2, 3, 4, 5, 6], SETTLED_LINKS, cannot=[(1, 3)])
    assert assigned[1] == assigned[2] != assigned[3]
    assert assigned[5] == assigned[3] == assigned[4] == assigned[6]


def test_a_component_too_large_to_settle_keeps_the_strongest_first_split(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Above the size limit records are not moved: 5 stays where its first link put it.
    monkeypatch.setattr(clustering, "MAX_SETTLE_RECORDS", 5)
    assigned = _cluster([1, 2, 3, 4, 5, 6], SETTLED_LINKS, cannot=[(1, 3)])
    assert assigned[5] == assigned[1] == assigned[2] != assigned[3]


def test_split_record_stays_where_a_rule_holds_it() -> None:
    links = [(1, 5, 2.0), (3, 4, 0.999), (3, 5, 0.99), (4, 5, 0.99)]
    assigned = _cluster([1, 3, 4, 5], links, cannot=[(1, 3)])
    assert assigned[5] == assigned[1] != assigned[3]

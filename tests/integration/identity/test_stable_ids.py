"""Customer IDs survive re-runs, new batches, merges and splits, as documented."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from tests.integration.identity.conftest import FAST, delete_records, insert_records, links, people

from centric.identity import resolve_identities
from centric.runtime import Runtime, init_workspace, open_runtime

Load = Callable[[Sequence[dict[str, Any]]], None]


def _ann(source: str, key: str, **fields: Any) -> dict[str, Any]:
    return {"source": source, "source_key": key, "first_name": "Ann", "last_name": "Lee"} | fields


def _background(load: Load) -> None:
    load(people(40, seed=3))


def test_resolve_gives_same_ids_when_data_are_unchanged(runtime: Runtime, load: Load) -> None:
    load(people(40, seed=3))
    first = resolve_identities(runtime, config=FAST)
    before = links(runtime)
    again = resolve_identities(runtime, config=FAST)
    full = resolve_identities(runtime, full=True, config=FAST)
    assert first.mode == "full"
    assert again.mode == "nothing"
    assert full.customers_created == 0
    assert full.customers_merged == 0
    assert links(runtime) == before


def test_resolve_gives_same_ids_in_a_fresh_workspace(tmp_path: Any) -> None:
    assignments = []
    for name in ("one", "two"):
        with open_runtime(init_workspace(tmp_path / name)) as runtime:
            insert_records(
                runtime, [{k: v for k, v in r.items() if k != "person"} for r in people(40, seed=3)]
            )
            resolve_identities(runtime, config=FAST)
            assignments.append(links(runtime))
    assert assignments[0] == assignments[1]


def test_resolve_keeps_ids_when_batch_adds_records(runtime: Runtime, load: Load) -> None:
    population = people(40, seed=3)
    truth = {f"{r['source']}:{r['source_key']}": r["person"] for r in population}
    load([r for r in population if r["source"] != "loyalty"])
    resolve_identities(runtime, config=FAST)
    before = links(runtime)
    load([r for r in population if r["source"] == "loyalty"])
    result = resolve_identities(runtime, config=FAST)
    after = links(runtime)
    assert result.mode == "incremental"
    assert result.records_new == len(after) - len(before)
    assert {ref: after[ref] for ref in before} == before
    customer_of_person = {truth[ref]: customer for ref, customer in before.items()}
    joined = [ref for ref in after if ref not in before and truth[ref] in customer_of_person]
    assert joined
    assert all(after[ref] == customer_of_person[truth[ref]] for ref in joined)


def test_resolve_merge_keeps_oldest_id_and_records_history(runtime: Runtime, load: Load) -> None:
    _background(load)
    load(
        [
            _ann("crm", "a1", email="ann.lee@example.org", date_of_birth=dt.date(1980, 5, 1)),
            _ann("crm", "a2", email="ann.lee@example.org", city="Leeds"),
            _ann(
                "shop", "b1", phone="07700 911911", city="York", date_of_birth=dt.date(1991, 9, 9)
            ),
        ]
    )
    resolve_identities(runtime, config=FAST)
    first = links(runtime)
    ann, other = first["crm:a1"], first["shop:b1"]
    assert ann != other
    load([_ann("web", "c1", email="ann.lee@example.org", phone="07700 911911")])
    result = resolve_identities(runtime, config=FAST)
    after = links(runtime)
    oldest = min(ann, other)
    retired = max(ann, other)
    assert {after["crm:a1"], after["shop:b1"], after["web:c1"]} == {oldest}
    assert result.customers_merged == 1
    history = runtime.warehouse.fetch_all(
        "SELECT customer_id, successor_id, event FROM customer_id_history"
    )
    assert (retired, oldest, "merged") in history
    assert not runtime.warehouse.scalar(
        "SELECT count(*) FROM customers WHERE customer_id = ?", [retired]
    )


def test_resolve_split_keeps_id_on_larger_part(runtime: Runtime, load: Load) -> None:
    # At 0.95 the name alone (Ann Lee, no shared birth date) does not link shop:b1; only the
    # phone of web:c1 does, until c1 loses it.
    config = FAST.model_copy(update={"threshold": 0.95})
    _background(load)
    load(
        [
            _ann("crm", "a1", email="ann.lee@example.org", date_of_birth=dt.date(1980, 5, 1)),
            _ann("crm", "a2", email="ann.lee@example.org", city="Leeds"),
            _ann(
                "shop", "b1", phone="07700 911911", city="York", date_of_birth=dt.date(1991, 9, 9)
            ),
            _ann("web", "c1", email="ann.lee@example.org", phone="07700 911911"),
        ]
    )
    resolve_identities(runtime, config=config)
    merged = links(runtime)
    customer = merged["crm:a1"]
    assert merged["shop:b1"] == customer
    load([_ann("web", "c1", email="ann.lee@example.org")])
    result = resolve_identities(runtime, config=config)
    after = links(runtime)
    assert result.mode == "incremental"
    assert result.records_changed == 1
    assert after["crm:a1"] == after["crm:a2"] == after["web:c1"] == customer
    assert after["shop:b1"] != customer
    history = runtime.warehouse.fetch_all(
        "SELECT customer_id, successor_id, event FROM customer_id_history"
    )
    assert (customer, after["shop:b1"], "split") in history


def test_resolve_retires_id_when_records_disappear(runtime: Runtime, load: Load) -> None:
    _background(load)
    load([_ann("crm", "gone", email="gone@example.org", date_of_birth=dt.date(1970, 1, 1))])
    resolve_identities(runtime, config=FAST)
    customer = links(runtime)["crm:gone"]
    delete_records(runtime, [("crm", "gone")])
    result = resolve_identities(runtime, config=FAST)
    assert result.records_removed == 1
    assert "crm:gone" not in links(runtime)
    assert (customer, None, "removed") in runtime.warehouse.fetch_all(
        "SELECT customer_id, successor_id, event FROM customer_id_history"
    )


def test_new_ids_are_never_reused(runtime: Runtime, load: Load) -> None:
    _background(load)
    load([_ann("crm", "x1", email="x@example.org", date_of_birth=dt.date(1971, 1, 1))])
    resolve_identities(runtime, config=FAST)
    retired = links(runtime)["crm:x1"]
    delete_records(runtime, [("crm", "x1")])
    resolve_identities(runtime, config=FAST)
    load([_ann("crm", "x2", email="y@example.org", date_of_birth=dt.date(1972, 2, 2))])
    resolve_identities(runtime, config=FAST)
    assert links(runtime)["crm:x2"] > retired


def test_retrain_clusters_only_with_the_new_models_pairs(runtime: Runtime, load: Load) -> None:
    # A strong pair left by an earlier model joins two different people; a run that scores
    # everything again (retrain or full) must not cluster with it, nor keep it.
    load(people(40, seed=3))
    resolve_identities(runtime, config=FAST)
    warehouse = runtime.warehouse
    left, right = (
        int(row[0])
        for row in warehouse.fetch_all(
            "SELECT min(record_id) FROM customer_links GROUP BY customer_id ORDER BY 1 LIMIT 2"
        )
    )
    before = links(runtime)
    for flags in ({"full": True}, {"retrain": True}):
        warehouse.execute(
            "INSERT INTO identity_pairs (record_id_l, record_id_r, match_weight, "
            "match_probability, model_id, scored_at) "
            "VALUES (?, ?, 20.0, 0.999999, 'earlier-model', now())",
            [left, right],
        )
        resolve_identities(runtime, config=FAST, **flags)
        assert links(runtime) == before
        stale = warehouse.scalar(
            "SELECT count(*) FROM identity_pairs WHERE model_id = 'earlier-model'"
        )
        assert stale == 0

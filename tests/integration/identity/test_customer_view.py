"""Golden records, customer 360, exports, explanations and online resolution."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
from tests.integration.identity.conftest import FAST, links, people

from centric.errors import InvalidInputError, NotFoundError
from centric.identity import (
    IdentityConfig,
    customer_360,
    explain_pair,
    export_links,
    open_resolver,
    resolve_identities,
    resolve_record,
)
from centric.identity.scoring import open_scorer
from centric.identity.tables import LOOKUP_INDEXES
from centric.runtime import Runtime
from centric.web.concurrency import SerializedWarehouse

Load = Callable[[Sequence[dict[str, Any]]], None]

JANE = [
    {
        "source": "crm",
        "source_key": "j1",
        "first_name": "Jane",
        "last_name": "Doe",
        "date_of_birth": dt.date(1985, 4, 12),
        "email": "jane.doe@example.org",
        "phone": "07700 900123",
        "address_line1": "1 Old Road",
        "city": "Leeds",
        "postcode": "LS1 1AA",
        "customer_number": "CN-1",
        "updated_at": dt.datetime(2024, 1, 1),
    },
    {
        "source": "shop",
        "source_key": "j2",
        "first_name": "Jane",
        "last_name": "Doe",
        "date_of_birth": dt.date(1985, 4, 12),
        "email": "Jane.Doe@Example.org",
        "phone": "+44 7700 900123",
        "address_line1": "22 New Street",
        "city": "York",
        "postcode": "YO1 2BB",
        "customer_number": "CN-2",
        "updated_at": dt.datetime(2025, 6, 1),
    },
    {
        "source": "loyalty",
        "source_key": "j3",
        "first_name": "Janey",
        "middle_name": "Mary Ann",
        "last_name": "Doe",
        "date_of_birth": dt.date(1985, 4, 12),
        "email": "jane.doe@example.org",
        "updated_at": dt.datetime(2023, 1, 1),
    },
]


@pytest.fixture
def resolved(runtime: Runtime, load: Load) -> Runtime:
    load(people(40, seed=9))
    load(JANE)
    config = FAST.model_copy(update={"source_priority": ("shop", "crm")})
    resolve_identities(runtime, config=config)
    return runtime


def test_golden_record_follows_survivorship_rules_with_provenance(resolved: Runtime) -> None:
    view = customer_360(resolved, "crm:j1")
    golden, provenance = view.golden, view.provenance
    assert golden["first_name"] == "Jane"  # most frequent
    assert provenance["first_name"]["rule"] == "most_frequent"
    assert golden["middle_name"] == "Mary Ann"  # longest
    assert golden["address_line1"] == "22 New Street"  # most recent, with its own town
    assert golden["city"] == "York"
    assert provenance["city"]["record"] == provenance["address_line1"]["record"] == "shop:j2"
    assert golden["phone"] == "+447700900123"
    assert golden["customer_number"] == "CN-2"  # source priority: shop first
    assert provenance["customer_number"] == {"rule": "source_priority", "record": "shop:j2"}
    assert golden["record_count"] == 3


def test_customer_360_finds_by_id_email_phone_and_record(resolved: Runtime) -> None:
    customer = links(resolved)["crm:j1"]
    for query in (customer, "JANE.DOE@example.org", "07700 900123", "loyalty:j3"):
        assert customer_360(resolved, query).customer_id == customer
    with pytest.raises(NotFoundError):
        customer_360(resolved, "nobody@example.org")


def test_customer_360_timeline_joins_every_source_record(resolved: Runtime) -> None:
    warehouse = resolved.warehouse
    warehouse.execute(
        "INSERT INTO orders (source, source_key, customer_source, customer_key, ordered_at, "
        "channel, product, quantity, amount, currency, status) VALUES "
        "('shop', 'o1', 'shop', 'j2', TIMESTAMP '2025-06-02 10:00', 'web', 'Kettle', 1, 30, "
        "'GBP', 'delivered')"
    )
    warehouse.execute(
        "INSERT INTO feedback (source, source_key, customer_source, customer_key, survey, "
        "survey_type, score, verbatim, responded_at) VALUES ('survey', 'f1', 'crm', 'j1', "
        "'NPS', 'nps', 9, 'Great service', TIMESTAMP '2025-07-01 09:00')"
    )
    warehouse.execute(
        "INSERT INTO interactions (source, source_key, customer_key, occurred_at, channel, "
        "reason) VALUES ('loyalty', 'i1', 'j3', TIMESTAMP '2025-01-05 12:00', 'phone', 'points')"
    )
    view = customer_360(resolved, "crm:j1")
    assert list(view.timeline["kind"]) == ["feedback", "order", "interaction"]
    assert json.dumps(view.as_dict(), default=str)


def test_export_writes_every_record_as_csv_and_parquet(resolved: Runtime, tmp_path: Path) -> None:
    total = int(resolved.warehouse.scalar("SELECT count(*) FROM customer_records"))
    assert export_links(resolved, tmp_path / "links.csv", fmt="csv") == total
    table = pa_csv.read_csv(tmp_path / "links.csv")
    assert table.column_names == ["source", "source_key", "customer_id", "match_probability"]
    assert export_links(resolved, tmp_path / "links.parquet", fmt="parquet") == total
    assert pq.read_table(tmp_path / "links.parquet").num_rows == total
    with pytest.raises(InvalidInputError):
        export_links(resolved, tmp_path / "x", fmt="xml")  # type: ignore[arg-type]  # wrong on purpose


def test_explain_pair_gives_evidence_in_words(resolved: Runtime) -> None:
    explanation = explain_pair(resolved, "crm:j1", "shop:j2")
    sentences = [e.sentence for e in explanation.evidence]
    assert "same date of birth: strong evidence for" in sentences or (
        "same date of birth: very strong evidence for" in sentences
    )
    assert any(s.startswith("different addresses") for s in sentences)
    assert explanation.same_customer
    assert explanation.match_probability > 0.95
    other = explain_pair(resolved, "crm:j1", "crm:c0001")
    assert not other.same_customer
    assert other.match_probability < 0.5


def test_scoring_one_pair_gives_the_weight_the_batch_run_stored(resolved: Runtime) -> None:
    # Explanations and online answers score records one small batch at a time (records passed
    # to a prepared statement as JSON); every stored pair must weigh what the batch run said.
    pairs = resolved.warehouse.fetch_all(
        "SELECT record_id_l, record_id_r, match_weight FROM identity_pairs"
    )
    assert len(pairs) > 50
    with open_scorer(resolved) as scorer:
        for left, right, weight in pairs:
            (row,) = scorer.score_stored(int(left), f"r.record_id = {int(right)}")
            assert row["record_id_l"] == left
            assert row["record_id_r"] == right
            assert row["match_weight"] == pytest.approx(weight, abs=1e-9)


def test_a_record_given_as_values_scores_as_the_stored_record(runtime: Runtime, load: Load) -> None:
    # Quotes, dates and term frequencies survive the trip into the scoring statement.
    load(people(30, seed=4))
    load(
        [
            {
                "source": "crm",
                "source_key": "o1",
                "first_name": "Zoë",
                "last_name": "O'Brien",
                "date_of_birth": dt.date(1990, 2, 28),
                "email": "zoe.o'brien@example.org",
                "city": "Cork",
                "postcode": "T12 X70A",
            },
            {
                "source": "shop",
                "source_key": "o2",
                "first_name": "Zoe",
                "last_name": "O'Brien",
                "date_of_birth": dt.date(1990, 2, 28),
                "email": "zoe.o'brien@example.org",
                "city": "Cork",
            },
        ]
    )
    resolve_identities(runtime, config=FAST)
    ids = dict(
        runtime.warehouse.fetch_all(
            "SELECT source_key, record_id FROM identity_records WHERE source_key IN ('o1', 'o2')"
        )
    )
    with open_scorer(runtime) as scorer:
        stored = scorer.warehouse.fetch_arrow(
            scorer.population_select(f"r.record_id = {int(ids['o1'])}")
        ).to_pylist()[0]
        assert "'" in stored["email"]
        values = {k: v for k, v in stored.items() if not k.startswith("tf_")}
        where = f"r.record_id = {int(ids['o2'])}"
        (by_values,) = scorer.score_stored(values, where)
        (by_id,) = scorer.score_stored(int(ids["o1"]), where)
    assert by_values == by_id
    assert by_id["match_probability"] > 0.9


def test_resolve_record_answers_online_without_writing(resolved: Runtime) -> None:
    customer = links(resolved)["crm:j1"]
    count = resolved.warehouse.scalar("SELECT count(*) FROM customer_links")
    with open_resolver(resolved) as resolver:
        match = resolver.resolve(
            {
                "first_name": "Jane",
                "last_name": "Doe",
                "date_of_birth": "1985-04-12",
                "email": "jane.doe@example.org",
            }
        )
        stranger = resolver.resolve(
            {"first_name": "Zed", "last_name": "Quill", "date_of_birth": "1999-09-09"}
        )
    assert match.customer_id == customer
    assert match.match_probability > 0.95
    assert match.explanation is not None and match.explanation.evidence
    assert stranger.customer_id is None
    assert resolved.warehouse.scalar("SELECT count(*) FROM customer_links") == count
    with pytest.raises(InvalidInputError):
        resolve_record(resolved, {"shoe_size": "9"})


def test_deterministic_rules_link_consistent_records_but_not_households(
    runtime: Runtime, load: Load
) -> None:
    load(people(30, seed=2))
    load(
        [
            {
                "source": "crm",
                "source_key": "h1",
                "first_name": "Tom",
                "last_name": "Hill",
                "email": "hills@example.org",
                "date_of_birth": dt.date(1970, 1, 1),
            },
            {
                "source": "shop",
                "source_key": "h2",
                "first_name": "Tess",
                "last_name": "Hill",
                "email": "hills@example.org",
                "date_of_birth": dt.date(1975, 7, 7),
            },
            {"source": "survey", "source_key": "s1", "email": "solo@example.org"},
            {
                "source": "crm",
                "source_key": "s2",
                "first_name": "Solo",
                "last_name": "Han",
                "email": "solo@example.org",
            },
        ]
    )
    resolve_identities(runtime, config=FAST)
    assigned = links(runtime)
    assert assigned["crm:h1"] != assigned["shop:h2"]
    assert assigned["survey:s1"] == assigned["crm:s2"]
    linked_by = runtime.warehouse.scalar(
        "SELECT linked_by FROM customer_links WHERE source = 'survey'"
    )
    assert linked_by == "email"


def test_resolve_rejects_too_little_data(runtime: Runtime, load: Load) -> None:
    load([{"source": "crm", "source_key": "1", "first_name": "A"}])
    with pytest.raises(InvalidInputError):
        resolve_identities(runtime, retrain=True, config=IdentityConfig(u_max_pairs=1e4))


def test_customer_360_says_to_resolve_when_nothing_is_resolved(runtime: Runtime) -> None:
    with pytest.raises(NotFoundError) as raised:
        customer_360(runtime, "C000000001")
    assert raised.value.hint is not None and "centric resolve" in raised.value.hint
    assert not runtime.warehouse.table_exists("customer_links")  # a read creates nothing


def test_resolve_indexes_the_columns_a_360_reads_by_key(resolved: Runtime) -> None:
    indexed = {
        (str(table), str(sql).split("(")[-1].strip(" );\"'"))
        for table, sql in resolved.warehouse.fetch_all(
            "SELECT table_name, sql FROM duckdb_indexes()"
        )
    }
    assert set(LOOKUP_INDEXES) <= indexed


def test_customer_360_by_retired_id_and_unlinked_record(resolved: Runtime, load: Load) -> None:
    customer = links(resolved)["crm:j1"]
    resolved.warehouse.execute(
        "INSERT INTO customer_id_history (customer_id, successor_id, event, records, reason, "
        "changed_at) VALUES ('C999999999', ?, 'merged', 1, 'test', TIMESTAMP '2025-01-01')",
        [customer],
    )
    assert customer_360(resolved, "C999999999").customer_id == customer
    load([{"source": "crm", "source_key": "late", "first_name": "Late", "last_name": "Comer"}])
    with pytest.raises(NotFoundError, match="crm:late"):
        customer_360(resolved, "crm:late")


def test_customer_360_answers_the_same_from_many_threads(resolved: Runtime) -> None:
    served = Runtime(resolved.settings, SerializedWarehouse(resolved.warehouse), resolved.app_db)
    customers = sorted(set(links(resolved).values()))
    alone = {c: customer_360(served, c).as_dict() for c in customers}
    with ThreadPoolExecutor(max_workers=8) as pool:
        views = list(pool.map(lambda c: customer_360(served, c).as_dict(), customers))
    together = dict(zip(customers, views, strict=True))
    assert together == alone
    assert sum(len(view["records"]) for view in together.values()) == len(links(resolved))

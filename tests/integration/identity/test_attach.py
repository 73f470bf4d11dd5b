"""A record left alone joins the one customer it most likely is, and only then."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from tests.integration.identity.conftest import FAST, links, people, score_pair

from centric.identity import IdentityConfig, open_resolver, resolve_identities, separate_records
from centric.identity.service import recluster
from centric.runtime import Runtime

Load = Callable[[Sequence[dict[str, Any]]], None]

ANN = {
    "first_name": "Ann",
    "last_name": "Okafor",
    "date_of_birth": dt.date(1980, 5, 1),
    "email": "ann.okafor@example.org",
}
CUSTOMER = [
    {"source": "crm", "source_key": "ann"} | ANN,
    {"source": "shop", "source_key": "ann2"} | ANN | {"phone": "07700 955123"},
]
# A contact-centre caller who gave a surname the model cannot place with certainty.
CALLER = {"source": "calls", "source_key": "c1", "last_name": "Okafor"}


@pytest.fixture
def resolved(runtime: Runtime, load: Load) -> Runtime:
    load(people(30, seed=5))
    load([*CUSTOMER, CALLER])
    resolve_identities(runtime, config=FAST)
    return runtime


def _recluster(runtime: Runtime, config: IdentityConfig = FAST) -> dict[str, str]:
    recluster(
        runtime,
        records_sql="SELECT record_id FROM identity_records WHERE source_key = 'c1'",
        reason="test",
        config=config,
    )
    return links(runtime)


def _link_row(runtime: Runtime, reference: str) -> tuple[Any, ...]:
    return tuple(
        runtime.warehouse.fetch_all(
            "SELECT l.linked_by, l.match_probability, v.source || ':' || v.source_key "
            "FROM customer_links l LEFT JOIN identity_records v ON v.record_id = l.linked_via "
            "WHERE l.source || ':' || l.source_key = ?",
            [reference],
        )[0]
    )


def test_lone_record_joins_the_only_customer_it_is_likely_to_be(resolved: Runtime) -> None:
    before = links(resolved)
    assert before["crm:ann"] == before["shop:ann2"] != before["calls:c1"]
    score_pair(resolved, "c1", "ann2", 0.7)
    after = _recluster(resolved)
    assert after["calls:c1"] == after["crm:ann"] == after["shop:ann2"]
    # A merge like any other: the older ID stays, the other maps to it in the history.
    assert after["crm:ann"] == min(before["crm:ann"], before["calls:c1"])
    assert _link_row(resolved, "calls:c1") == ("attached", 0.7, "shop:ann2")


def test_record_stays_alone_below_the_attach_threshold(resolved: Runtime) -> None:
    score_pair(resolved, "c1", "ann2", 0.45)
    after = _recluster(resolved)
    assert after["calls:c1"] != after["crm:ann"]
    assert _link_row(resolved, "calls:c1")[0] == "alone"


def test_attach_threshold_at_the_threshold_turns_attaching_off(resolved: Runtime) -> None:
    score_pair(resolved, "c1", "ann2", 0.7)
    after = _recluster(resolved, FAST.model_copy(update={"attach_threshold": FAST.threshold}))
    assert after["calls:c1"] != after["crm:ann"]


def test_two_likely_customers_leave_the_record_alone(resolved: Runtime) -> None:
    score_pair(resolved, "c1", "ann2", 0.8)
    score_pair(resolved, "c1", "c0007", 0.55)  # a stranger, likely enough to make it a toss-up
    after = _recluster(resolved)
    assert after["calls:c1"] not in (after["crm:ann"], after["crm:c0007"])


def test_plainly_different_person_is_not_attached(runtime: Runtime, load: Load) -> None:
    # The caller gave another first name and another date of birth: a family member.
    load(people(30, seed=5))
    load([*CUSTOMER, CALLER | {"first_name": "Tom", "date_of_birth": dt.date(1975, 2, 3)}])
    resolve_identities(runtime, config=FAST)
    score_pair(runtime, "c1", "ann2", 0.8)
    after = _recluster(runtime)
    assert after["calls:c1"] != after["crm:ann"]


def test_two_lone_records_are_not_paired_up(runtime: Runtime, load: Load) -> None:
    # Attaching joins a record to a customer of two or more records, never two lone records.
    load(people(30, seed=5))
    load([CALLER, {"source": "survey", "source_key": "s1", "last_name": "Okafor"}])
    resolve_identities(runtime, config=FAST)
    score_pair(runtime, "c1", "s1", 0.8)
    after = _recluster(runtime)
    assert after["calls:c1"] != after["survey:s1"]


def test_a_stewards_separation_is_honoured(resolved: Runtime) -> None:
    score_pair(resolved, "c1", "ann2", 0.7)
    assert _recluster(resolved)["calls:c1"] == links(resolved)["crm:ann"]
    separate_records(resolved, "calls:c1", "shop:ann2", reason="another Okafor, checked by phone")
    after = links(resolved)
    assert after["calls:c1"] != after["crm:ann"]
    assert _recluster(resolved)["calls:c1"] != after["crm:ann"]


def test_attachment_survives_an_incremental_run_that_changes_the_customer(
    resolved: Runtime, load: Load
) -> None:
    score_pair(resolved, "c1", "ann2", 0.7)
    attached = _recluster(resolved)
    # A third record of the customer re-clusters all of its records, the attached one too.
    load([{"source": "loyalty", "source_key": "ann3"} | ANN])
    result = resolve_identities(resolved, config=FAST)
    assert result.mode == "incremental"
    after = links(resolved)
    assert after["loyalty:ann3"] == after["calls:c1"] == after["crm:ann"] == attached["crm:ann"]
    assert _link_row(resolved, "calls:c1")[0] == "attached"


def _below_threshold(runtime: Runtime, probe: dict[str, Any]) -> IdentityConfig:
    # Settings whose threshold lies above the probe's probability (attach threshold 0.5 below).
    with open_resolver(runtime, config=FAST) as resolver:
        probability = resolver.resolve(probe).match_probability
    assert 0.5 < probability < 1
    return FAST.model_copy(update={"threshold": (1 + probability) / 2})


def test_online_resolution_attaches_as_a_batch_run_would(resolved: Runtime) -> None:
    # A name and a birth date: likely, not certain, to be Ann, and no one else is likely.
    probe = {"first_name": "Ann", "last_name": "Okafor", "date_of_birth": "1980-05-01"}
    config = _below_threshold(resolved, probe)
    with open_resolver(resolved, config=config) as resolver:
        match = resolver.resolve(probe)
    assert match.customer_id == links(resolved)["crm:ann"]
    assert match.explanation is not None and match.explanation.same_customer
    off = config.model_copy(update={"attach_threshold": config.threshold})
    with open_resolver(resolved, config=off) as resolver:
        assert resolver.resolve(probe).customer_id is None


def test_online_resolution_does_not_attach_a_plainly_different_person(resolved: Runtime) -> None:
    # Ann's name and e-mail, born ten years later: her daughter and namesake, on her account.
    probe = {
        "first_name": "Ann",
        "last_name": "Okafor",
        "email": "ann.okafor@example.org",
        "date_of_birth": "1990-09-09",
    }
    with open_resolver(resolved, config=_below_threshold(resolved, probe)) as resolver:
        match = resolver.resolve(probe)
    assert match.customer_id is None
    assert match.explanation is not None and not match.explanation.same_customer


def test_online_resolution_does_not_attach_when_two_customers_are_likely(
    runtime: Runtime, load: Load
) -> None:
    # Two Ann Okafors (mother and daughter, each with her own e-mail); the probe gives only
    # the name, which fits both.
    daughter = ANN | {"date_of_birth": dt.date(2004, 9, 12), "email": "ann.o04@example.org"}
    load(people(30, seed=5))
    load([*CUSTOMER, *({"source": s, "source_key": f"d{s}"} | daughter for s in ("crm", "shop"))])
    resolve_identities(runtime, config=FAST)
    assert len({links(runtime)[r] for r in ("crm:ann", "crm:dcrm", "shop:dshop")}) == 2
    probe = {"first_name": "Ann", "last_name": "Okafor"}
    with open_resolver(runtime, config=_below_threshold(runtime, probe)) as resolver:
        assert resolver.resolve(probe).customer_id is None

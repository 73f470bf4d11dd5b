"""Data-steward overrides: applied at once, audited, and honoured by later runs and retraining."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from tests.integration.identity.conftest import FAST, links, people

from centric.errors import InvalidInputError, NotFoundError
from centric.identity import (
    merge_customers,
    resolve_identities,
    separate_records,
    unmerge_records,
)
from centric.runtime import Runtime
from centric.store import list_audit_events

Load = Callable[[Sequence[dict[str, Any]]], None]

TWINS = [
    {
        "source": "crm",
        "source_key": "t1",
        "first_name": "Sam",
        "last_name": "Reed",
        "date_of_birth": dt.date(1990, 3, 3),
        "email": "sam.reed@example.org",
    },
    {
        "source": "shop",
        "source_key": "t2",
        "first_name": "Sam",
        "last_name": "Reed",
        "date_of_birth": dt.date(1990, 3, 3),
        "email": "sam.reed@example.org",
        "phone": "07700 900555",
    },
    {
        "source": "crm",
        "source_key": "u1",
        "first_name": "Una",
        "last_name": "Moss",
        "date_of_birth": dt.date(1960, 6, 6),
        "city": "Derby",
    },
]


@pytest.fixture
def resolved(runtime: Runtime, load: Load) -> Runtime:
    load(people(40, seed=5))
    load(TWINS)
    resolve_identities(runtime, config=FAST)
    return runtime


def test_merge_joins_two_customers_and_survives_retraining(resolved: Runtime) -> None:
    before = links(resolved)
    assert before["crm:t1"] != before["crm:u1"]
    result = merge_customers(resolved, "crm:t1", before["crm:u1"], reason="same person, phoned")
    after = links(resolved)
    assert after["crm:t1"] == after["crm:u1"] == after["shop:t2"]
    assert after["crm:t1"] == min(before["crm:t1"], before["crm:u1"])
    assert result.kind == "must_link"
    resolve_identities(resolved, retrain=True, config=FAST)
    assert links(resolved)["crm:u1"] == links(resolved)["crm:t1"]


def test_separate_splits_records_and_survives_a_full_run(resolved: Runtime) -> None:
    together = links(resolved)
    assert together["crm:t1"] == together["shop:t2"]
    separate_records(resolved, "crm:t1", "shop:t2", reason="two different people, twins")
    after = links(resolved)
    assert after["crm:t1"] != after["shop:t2"]
    assert together["crm:t1"] in (after["crm:t1"], after["shop:t2"])
    resolve_identities(resolved, full=True, config=FAST)
    final = links(resolved)
    assert final["crm:t1"] != final["shop:t2"]


def test_unmerge_takes_records_out_for_good(resolved: Runtime) -> None:
    customer = links(resolved)["crm:t1"]
    unmerge_records(resolved, customer, ["shop:t2"], reason="shop account is the brother's")
    after = links(resolved)
    assert after["crm:t1"] == customer
    assert after["shop:t2"] != customer
    resolve_identities(resolved, retrain=True, config=FAST)
    assert links(resolved)["shop:t2"] != links(resolved)["crm:t1"]


def test_later_override_supersedes_a_contradicting_one(resolved: Runtime) -> None:
    first = separate_records(resolved, "crm:t1", "shop:t2", reason="looked different")
    second = merge_customers(resolved, "crm:t1", "shop:t2", reason="confirmed same person")
    assert second.superseded == (first.override_id,)
    rows = resolved.warehouse.fetch_all(
        "SELECT override_id, active, superseded_by FROM identity_overrides ORDER BY 1"
    )
    assert rows == [
        (first.override_id, False, second.override_id),
        (second.override_id, True, None),
    ]
    assert links(resolved)["crm:t1"] == links(resolved)["shop:t2"]


def test_overrides_are_audited_with_who_when_and_why(resolved: Runtime) -> None:
    merge_customers(resolved, "crm:t1", "crm:u1", reason="call 42", actor="steward.ana")
    stored = resolved.warehouse.fetch_all(
        "SELECT kind, reason, actor, created_at IS NOT NULL FROM identity_overrides"
    )
    assert stored == [("must_link", "call 42", "steward.ana", True)]
    events = list_audit_events(resolved.app_db, action="identity.must_link")
    assert events[0].actor == "steward.ana"
    assert events[0].detail["reason"] == "call 42"


def test_merge_follows_a_retired_id_to_its_successor(resolved: Runtime) -> None:
    before = links(resolved)
    merge_customers(resolved, before["crm:t1"], before["crm:u1"], reason="same")
    retired = max(before["crm:t1"], before["crm:u1"])
    survivor = min(before["crm:t1"], before["crm:u1"])
    result = separate_records(resolved, retired, "crm:c0001", reason="not related")
    assert survivor in result.customer_ids


def test_overrides_reject_unknown_records_and_missing_reasons(resolved: Runtime) -> None:
    with pytest.raises(NotFoundError):
        merge_customers(resolved, "crm:nope", "crm:t1", reason="x")
    with pytest.raises(InvalidInputError):
        merge_customers(resolved, "crm:t1", "crm:u1", reason="  ")
    customer = links(resolved)["crm:t1"]
    with pytest.raises(InvalidInputError):
        unmerge_records(resolved, customer, ["crm:t1", "shop:t2"], reason="all of them")
    with pytest.raises(InvalidInputError):
        unmerge_records(resolved, customer, ["crm:u1"], reason="not its record")

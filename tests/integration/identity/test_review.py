"""Identity review: uncertain matches listed for a data steward, confirmed or rejected as
overrides that later runs keep."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from tests.integration.identity.conftest import FAST, insert_records, links, people
from typer.testing import CliRunner

from centric.cli.main import app
from centric.config import Settings
from centric.errors import ConfigurationError, InvalidInputError
from centric.identity import (
    IdentityConfig,
    confirm_match,
    reject_match,
    resolve_identities,
    uncertain_matches,
)
from centric.identity.schemas import parse_identity_config
from centric.runtime import Runtime, open_runtime
from centric.store import list_audit_events

Load = Callable[[Sequence[dict[str, Any]]], None]

# Pairs of records that share some fields and differ or lack others: the model's hard calls.
LOOKALIKES = [
    {
        "source": "crm",
        "source_key": "a1",
        "first_name": "Robin",
        "last_name": "Hale",
        "date_of_birth": dt.date(1980, 5, 17),
        "city": "Leeds",
        "postcode": "LS1 1AA",
    },
    {
        "source": "shop",
        "source_key": "a2",
        "first_name": "Robyn",
        "last_name": "Hale",
        "date_of_birth": dt.date(1980, 5, 17),
        "city": "York",
    },
    {
        "source": "crm",
        "source_key": "b1",
        "first_name": "Kim",
        "last_name": "Shaw",
        "date_of_birth": dt.date(1975, 2, 2),
        "email": "kim.shaw@example.net",
    },
    {
        "source": "shop",
        "source_key": "b2",
        "first_name": "Kim",
        "last_name": "Shaw",
        "date_of_birth": dt.date(1975, 2, 20),
        "email": "kshaw@example.org",
    },
    {
        "source": "crm",
        "source_key": "d1",
        "first_name": "Alex",
        "last_name": "Moore",
        "city": "Bath",
        "address_line1": "3 Mill Lane",
        "postcode": "BA1 2CD",
    },
    {
        "source": "loyalty",
        "source_key": "d2",
        "first_name": "Alex",
        "last_name": "Moore",
        "city": "Bath",
    },
    {
        "source": "crm",
        "source_key": "e1",
        "first_name": "Jo",
        "last_name": "Fenn",
        "date_of_birth": dt.date(1969, 9, 9),
    },
    {"source": "shop", "source_key": "e2", "first_name": "Jo", "last_name": "Fenn"},
    {
        "source": "crm",
        "source_key": "g1",
        "first_name": "Pat",
        "last_name": "Quinn",
        "city": "Derby",
    },
    {
        "source": "shop",
        "source_key": "g2",
        "first_name": "Pat",
        "last_name": "Quinn",
        "city": "Derby",
    },
    {
        "source": "crm",
        "source_key": "k1",
        "first_name": "Nina",
        "last_name": "Blake",
        "date_of_birth": dt.date(1984, 4, 4),
        "city": "Bath",
    },
    {
        "source": "shop",
        "source_key": "k2",
        "first_name": "Nora",
        "last_name": "Blake",
        "date_of_birth": dt.date(1984, 4, 4),
        "city": "Bath",
    },
    {
        "source": "crm",
        "source_key": "m1",
        "first_name": "Ian",
        "last_name": "Frost",
        "city": "York",
    },
    {
        "source": "shop",
        "source_key": "m2",
        "first_name": "Ian",
        "last_name": "Frost",
        "city": "Bath",
    },
    {
        "source": "crm",
        "source_key": "t1",
        "first_name": "Owen",
        "last_name": "Tate",
        "date_of_birth": dt.date(1988, 6, 6),
    },
    {
        "source": "shop",
        "source_key": "t2",
        "first_name": "Owen",
        "last_name": "Tait",
        "date_of_birth": dt.date(1989, 6, 6),
    },
    {
        "source": "crm",
        "source_key": "p1",
        "first_name": "Tom",
        "last_name": "Reeve",
        "city": "Leeds",
    },
    {
        "source": "shop",
        "source_key": "p2",
        "first_name": "Tim",
        "last_name": "Reeve",
        "city": "Leeds",
    },
    {
        "source": "crm",
        "source_key": "q1",
        "first_name": "Ann",
        "last_name": "Cole",
        "date_of_birth": dt.date(1990, 1, 2),
    },
    {
        "source": "shop",
        "source_key": "q2",
        "first_name": "Ann",
        "last_name": "Cole",
        "date_of_birth": dt.date(1990, 2, 1),
    },
    {
        "source": "crm",
        "source_key": "r1",
        "first_name": "Sue",
        "last_name": "Pike",
        "city": "York",
        "date_of_birth": dt.date(1955, 3, 3),
    },
    {
        "source": "shop",
        "source_key": "r2",
        "first_name": "Sue",
        "last_name": "Pike",
        "city": "Bath",
        "date_of_birth": dt.date(1957, 8, 9),
    },
    {
        "source": "crm",
        "source_key": "n1",
        "first_name": "Zoe",
        "last_name": "Marsh",
        "date_of_birth": dt.date(1972, 7, 7),
        "email": "zoe.m@example.net",
    },
    {
        "source": "shop",
        "source_key": "n2",
        "first_name": "Zoe",
        "last_name": "Marsh",
        "date_of_birth": dt.date(1972, 7, 7),
        "email": "zmarsh@example.org",
    },
]


@pytest.fixture
def resolved(runtime: Runtime, load: Load) -> Runtime:
    load(people(40, seed=5))
    load(LOOKALIKES)
    resolve_identities(runtime, config=FAST)
    return runtime


def _band_pairs(runtime: Runtime, lower: float, upper: float) -> set[tuple[str, str]]:
    # What the list must hold, computed independently: every scored pair in the band that no
    # rule links and no active override names.
    rows = runtime.warehouse.fetch_all(
        "SELECT a.source || ':' || a.source_key, b.source || ':' || b.source_key, "
        "p.match_probability, p.rule FROM identity_pairs p "
        "JOIN identity_records a ON a.record_id = p.record_id_l "
        "JOIN identity_records b ON b.record_id = p.record_id_r"
    )
    decided = runtime.warehouse.fetch_all(
        "SELECT kind, records_a, records_b FROM identity_overrides WHERE active"
    )

    def is_decided(first: str, second: str) -> bool:
        for kind, side_a, side_b in decided:
            if kind == "must_link" and {first, second} <= set(side_a) | set(side_b):
                return True
            if kind != "must_link" and (
                (first in side_a and second in side_b) or (first in side_b and second in side_a)
            ):
                return True
        return False

    return {
        (first, second)
        for first, second, probability, rule in rows
        if rule is None
        and probability is not None
        and lower <= probability < upper
        and not is_decided(first, second)
    }


def _listed(runtime: Runtime, **options: Any) -> list[tuple[str, str]]:
    page = uncertain_matches(runtime, limit=200, explain=False, **options)
    return [(m.record_a.reference, m.record_b.reference) for m in page.items]


def test_review_lists_every_undecided_pair_in_the_band_and_nothing_else(
    resolved: Runtime,
) -> None:
    lower, upper = IdentityConfig().review_band
    page = uncertain_matches(resolved, limit=200, explain=False)
    assert (page.lower, page.upper, page.threshold) == (lower, upper, IdentityConfig().threshold)
    probabilities = [
        p for (p,) in resolved.warehouse.fetch_all("SELECT match_probability FROM identity_pairs")
    ]
    assert any(p is not None and p >= upper for p in probabilities), "nothing above the band"
    expected = _band_pairs(resolved, lower, upper)
    assert set(_listed(resolved)) == expected
    assert page.total == len(expected) == len(page.items)
    assert all(lower <= m.match_probability < upper for m in page.items)
    assert {m.same_customer for m in page.items} == {True, False}


def test_review_band_follows_the_configuration_and_the_arguments(resolved: Runtime) -> None:
    narrow = IdentityConfig(threshold=0.95, review_lower=0.9, review_upper=0.99)
    page = uncertain_matches(resolved, limit=200, explain=False, config=narrow)
    assert (page.lower, page.upper) == (0.9, 0.99)
    wide = _band_pairs(resolved, 0.2, 1.0)
    assert len(wide) > len(_band_pairs(resolved, 0.2, 0.9)) > 0, "nothing below the band"
    assert len(wide) > len(_band_pairs(resolved, 0.99, 1.0)) > 0, "nothing above the band"
    assert {(m.record_a.reference, m.record_b.reference) for m in page.items} == _band_pairs(
        resolved, 0.9, 0.99
    )
    assert set(_listed(resolved, lower=0.6, upper=0.999)) == _band_pairs(resolved, 0.6, 0.999)
    rule_linked = resolved.warehouse.scalar(
        "SELECT count(*) FROM identity_pairs WHERE rule IS NOT NULL AND match_probability < 1"
    )
    assert rule_linked, "the data should hold scored pairs that a rule links"
    assert set(_listed(resolved, lower=0.2, upper=1.0)) == wide
    with pytest.raises(InvalidInputError, match="empty"):
        uncertain_matches(resolved, lower=0.9, upper=0.8)


def test_review_band_defaults_mirror_the_threshold_in_match_weight() -> None:
    for threshold in (0.8, 0.95, 0.99):
        lower, upper = IdentityConfig(threshold=threshold).review_band
        pivot = math.log2(threshold / (1 - threshold))
        assert lower == 0.5
        assert math.log2(upper / (1 - upper)) == pytest.approx(2 * pivot)
    band = IdentityConfig(threshold=0.95, review_upper=0.99).review_band
    assert band[0] == pytest.approx(0.7847, abs=1e-4)
    with pytest.raises(ConfigurationError, match="review_upper"):
        parse_identity_config({"review_lower": 0.97}, origin="centric.toml")


def test_review_orders_most_uncertain_first_deterministically(resolved: Runtime) -> None:
    threshold = IdentityConfig().threshold
    pivot = math.log2(threshold / (1 - threshold))
    page = uncertain_matches(resolved, limit=200, explain=False)
    distances = [abs(m.match_weight - pivot) for m in page.items]
    assert distances == sorted(distances)
    assert _listed(resolved) == _listed(resolved)
    likely = uncertain_matches(resolved, limit=200, explain=False, order="probability")
    chances = [m.match_probability for m in likely.items]
    assert chances == sorted(chances, reverse=True)
    whole = _listed(resolved)
    paged = [
        (m.record_a.reference, m.record_b.reference)
        for offset in range(0, len(whole), 2)
        for m in uncertain_matches(resolved, limit=2, offset=offset, explain=False).items
    ]
    assert paged == whole
    beyond = uncertain_matches(resolved, limit=2, offset=len(whole) + 5, explain=False)
    assert beyond.items == [] and beyond.total == len(whole)


def test_review_shows_both_records_their_customers_and_the_explanation(
    resolved: Runtime,
) -> None:
    page = uncertain_matches(resolved, limit=200)
    customers = links(resolved)
    originals = {
        f"{source}:{key}": (first, last, email, dob)
        for source, key, first, last, email, dob in resolved.warehouse.fetch_all(
            "SELECT source, source_key, first_name, last_name, email, date_of_birth "
            "FROM customer_records"
        )
    }
    for match in page.items:
        for side in (match.record_a, match.record_b):
            first, last, email, dob = originals[side.reference]
            assert side.full_name == " ".join(p for p in (first, last) if p)
            assert side.email == email
            assert side.date_of_birth == (dob.isoformat() if dob else None)
            assert side.customer_id == customers[side.reference]
        assert match.same_customer == (match.record_a.customer_id == match.record_b.customer_id)
        assert match.summary.startswith(
            f"{match.record_a.reference} and {match.record_b.reference}: "
            f"{match.match_probability:.1%} likely"
        )
        assert match.evidence, f"no evidence for {match.summary}"
        assert any(e.direction == "for" for e in match.evidence)
        assert all(e.sentence.startswith(e.level) for e in match.evidence)


def test_confirm_merges_the_customers_and_the_decision_survives_a_full_run(
    resolved: Runtime,
) -> None:
    apart = next(m for m in uncertain_matches(resolved, limit=200).items if not m.same_customer)
    a, b = apart.record_a.reference, apart.record_b.reference
    result = confirm_match(resolved, a, b, reason="same person, checked by phone", actor="sam")
    after = links(resolved)
    assert after[a] == after[b]
    assert result.kind == "must_link" and result.customer_ids == (after[a],)
    assert (a, b) not in _listed(resolved)
    event = list_audit_events(resolved.app_db, action="identity.must_link")[0]
    assert event.actor == "sam" and event.detail["reason"] == "same person, checked by phone"
    resolve_identities(resolved, full=True, config=FAST)
    assert links(resolved)[a] == links(resolved)[b]
    assert (a, b) not in _listed(resolved)


def test_reject_separates_the_records_and_the_decision_survives_a_full_run(
    resolved: Runtime,
) -> None:
    together = next(m for m in uncertain_matches(resolved, limit=200).items if m.same_customer)
    a, b = together.record_a.reference, together.record_b.reference
    before = _listed(resolved)
    result = reject_match(resolved, a, b, reason="different people, same street", actor="sam")
    after = links(resolved)
    assert after[a] != after[b]
    assert result.kind == "cannot_link"
    assert _listed(resolved) == [pair for pair in before if pair != (a, b)]
    event = list_audit_events(resolved.app_db, action="identity.cannot_link")[0]
    assert event.actor == "sam"
    resolve_identities(resolved, full=True, config=FAST)
    assert links(resolved)[a] != links(resolved)[b]
    assert (a, b) not in _listed(resolved)


def test_decisions_name_records_and_need_a_reason(resolved: Runtime) -> None:
    pair = uncertain_matches(resolved, limit=1, explain=False).items[0]
    a, b = pair.record_a.reference, pair.record_b.reference
    with pytest.raises(InvalidInputError, match="not a record reference"):
        confirm_match(resolved, a, str(pair.record_b.customer_id), reason="same")
    with pytest.raises(InvalidInputError, match="reason"):
        reject_match(resolved, a, b, reason="  ")
    assert (a, b) in _listed(resolved)


def test_cli_review_lists_the_pairs_with_the_commands_that_decide_them(
    workspace: Settings,
) -> None:
    rows = [{k: v for k, v in r.items() if k != "person"} for r in people(40, seed=5)]
    with open_runtime(workspace) as runtime:
        insert_records(runtime, rows + LOOKALIKES)
        resolve_identities(runtime, config=FAST)
        expected = _listed(runtime)[:3]
    folder = str(workspace.workspace)
    runner = CliRunner()
    listed = runner.invoke(app, ["-w", folder, "identity", "review", "--limit", "3", "--json"])
    assert listed.exit_code == 0, listed.output
    body = json.loads(listed.output)
    assert [(i["record_a"]["reference"], i["record_b"]["reference"]) for i in body["items"]] == (
        expected
    )
    shown = runner.invoke(app, ["-w", folder, "identity", "review", "--limit", "3"])
    assert shown.exit_code == 0, shown.output
    a, b = expected[0]
    assert f'centric customer merge {a} {b} --reason "..."' in shown.output
    assert f'centric customer separate {a} {b} --reason "..."' in shown.output
    assert f"{body['total']:,} undecided pair(s)" in shown.output
    refused = runner.invoke(app, ["-w", folder, "identity", "review", "--limit", "0"])
    assert refused.exit_code == 1
    assert "Ask for 1 to 200 pairs" in refused.output

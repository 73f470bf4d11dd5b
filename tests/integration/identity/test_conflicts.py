"""Records that are plainly different people never share a customer through a third record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from tests.integration.identity.conftest import FAST, links, people, score_pair

from centric.identity import model_path, resolve_identities
from centric.identity.ids import separates_conflicts
from centric.identity.model import load_model
from centric.identity.service import recluster
from centric.runtime import Runtime

Load = Callable[[Sequence[dict[str, Any]]], None]

FAMILY = [
    {
        "source": "crm",
        "source_key": "ann",
        "first_name": "Ann",
        "last_name": "Okafor",
        "date_of_birth": dt.date(1980, 5, 1),
        "email": "okafor.home@example.org",
    },
    {
        "source": "crm",
        "source_key": "tom",
        "first_name": "Tom",
        "last_name": "Okafor",
        "date_of_birth": dt.date(1975, 2, 3),
        "email": "okafor.home@example.org",
    },
    {"source": "survey", "source_key": "s1", "last_name": "Okafor"},
]


def _recluster(runtime: Runtime) -> dict[str, str]:
    recluster(
        runtime,
        records_sql="SELECT record_id FROM identity_records "
        "WHERE source_key IN ('ann', 'tom', 's1')",
        reason="test",
        config=FAST,
    )
    return links(runtime)


def _bridged(runtime: Runtime, load: Load, family: list[dict[str, Any]]) -> dict[str, str]:
    # The family among strangers, the survey answer linked to both members, clustered again.
    load(people(30, seed=5))
    load(family)
    resolve_identities(runtime, config=FAST)
    score_pair(runtime, "s1", "ann", 0.99)
    score_pair(runtime, "s1", "tom", 0.98)
    return _recluster(runtime)


def test_sparse_record_does_not_bridge_two_family_members(runtime: Runtime, load: Load) -> None:
    load(people(30, seed=5))
    load(FAMILY)
    resolve_identities(runtime, config=FAST)
    assert separates_conflicts(load_model(model_path(runtime)))
    score_pair(runtime, "s1", "ann", 0.99)
    score_pair(runtime, "s1", "tom", 0.98)
    after = _recluster(runtime)
    assert after["crm:ann"] != after["crm:tom"]
    assert after["survey:s1"] == after["crm:ann"]  # the stronger link wins


def test_records_with_a_typo_in_the_date_still_join(runtime: Runtime, load: Load) -> None:
    # Same first name as written by people, birth date with day and month swapped: not a
    # conflict, so the third record joins them as before.
    family = [dict(r) for r in FAMILY]
    family[1] |= {"first_name": "Anne", "date_of_birth": dt.date(1980, 1, 5)}
    after = _bridged(runtime, load, family)
    assert after["crm:ann"] == after["crm:tom"] == after["survey:s1"]


def test_family_member_without_a_birth_date_is_not_bridged(runtime: Runtime, load: Load) -> None:
    # Tom gave no date of birth: plainly different first names are enough to keep him apart.
    family = [dict(r) for r in FAMILY]
    del family[1]["date_of_birth"]
    after = _bridged(runtime, load, family)
    assert after["crm:ann"] != after["crm:tom"]
    assert after["survey:s1"] == after["crm:ann"]


def test_namesakes_born_years_apart_are_not_bridged(runtime: Runtime, load: Load) -> None:
    # Two people with one full name (mother and daughter, each with her own e-mail), dates of
    # birth decades apart.
    family = [dict(r) for r in FAMILY]
    family[1] |= {
        "first_name": "Ann",
        "date_of_birth": dt.date(2004, 9, 12),
        "email": "ann.okafor04@example.org",
    }
    after = _bridged(runtime, load, family)
    assert after["crm:ann"] != after["crm:tom"]


def test_short_form_of_a_first_name_still_joins(runtime: Runtime, load: Load) -> None:
    # Fran is the start of Francisca: the same name as people write it, not a conflict.
    family = [dict(r) for r in FAMILY]
    family[0] |= {"first_name": "Francisca"}
    family[1] |= {"first_name": "Fran"}
    del family[1]["date_of_birth"]
    after = _bridged(runtime, load, family)
    assert after["crm:ann"] == after["crm:tom"] == after["survey:s1"]

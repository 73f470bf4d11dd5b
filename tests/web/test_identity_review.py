"""Identity in the web app: the review page and API list the uncertain matches, stewards
(admins and analysts) confirm or reject them with a reason, and every change needs the
anti-forgery token; programs resolve a record to its customer through the API."""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from support_web import PASSWORD, ROLES, Site, open_site

from centric.access import UserCreate, create_user
from centric.identity import IdentityConfig, resolve_identities, resolve_record, uncertain_matches
from centric.runtime import Runtime, init_workspace, open_runtime
from centric.store import list_audit_events

SMALL_MODEL = IdentityConfig(u_max_pairs=5e4, max_training_records=20_000)
FIRST = ["Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Noah", "Mia", "Jack", "Ivy"]
FIRST += ["Leo", "Lily", "Oscar", "Rosie", "Lucía", "Mateo", "Sofía", "Hugo", "Julia", "Daniel"]
LAST = ["Smith", "Jones", "Taylor", "Brown", "Wilson", "Patel", "Wright", "García", "Hall", "Wood"]
LAST += [
    "López",
    "Ruiz",
    "Díaz",
    "O'Neill",
    "Clarke",
    "Hughes",
    "Green",
    "Harris",
    "Lewis",
    "Pérez",
]
TOWNS = ["Leeds", "York", "Bath", "Derby", "Madrid", "Sevilla", "Bristol", "Cardiff"]
# Pairs that share some fields and differ or lack others: the model's hard calls.
LOOKALIKES: list[dict[str, Any]] = [
    {
        "source_key": "k",
        "first_name": ("Nina", "Nora"),
        "last_name": "Blake",
        "date_of_birth": dt.date(1984, 4, 4),
        "city": "Bath",
    },
    {"source_key": "m", "first_name": "Ian", "last_name": "Frost", "city": ("York", "Bath")},
    {
        "source_key": "r",
        "first_name": "Sue",
        "last_name": "Pike",
        "city": ("York", "Bath"),
        "date_of_birth": (dt.date(1955, 3, 3), dt.date(1957, 8, 9)),
    },
    {
        "source_key": "e",
        "first_name": "Jo",
        "last_name": "Fenn",
        "date_of_birth": (dt.date(1969, 9, 9), None),
    },
    {"source_key": "g", "first_name": "Pat", "last_name": "Quinn", "city": "Derby"},
    {
        "source_key": "n",
        "first_name": "Zoe",
        "last_name": "Marsh",
        "date_of_birth": dt.date(1972, 7, 7),
        "email": ("zoe.m@example.net", "zmarsh@example.org"),
    },
]


def _records() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for pair in LOOKALIKES:
        for side, source in enumerate(("crm", "shop")):
            rows.append(
                {
                    name: value[side] if isinstance(value, tuple) else value
                    for name, value in pair.items()
                }
                | {"source": source, "source_key": f"{pair['source_key']}{side + 1}"}
            )
    rng = random.Random(3)  # noqa: S311  # seeded test data, not security
    for person in range(40):
        first, last = FIRST[person % len(FIRST)], LAST[(person * 7) % len(LAST)]
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20_000))
        email = f"{first}.{last}{person}@example.com".lower().replace("'", "")
        for copy in range(1 + rng.randrange(3)):
            source = ("crm", "shop", "loyalty")[copy]
            rows.append(
                {
                    "source": source,
                    "source_key": f"{source[0]}{person:04d}",
                    "first_name": first.upper() if copy == 1 else first,
                    "last_name": last,
                    "date_of_birth": None if copy == 2 else born,
                    "email": email.upper() if copy == 1 else email,
                    "phone": None if copy == 0 else f"07700 9{person:05d}",
                    "address_line1": None if copy == 2 else f"{person % 90 + 1} High Street",
                    "city": TOWNS[person % len(TOWNS)],
                    "postcode": f"LS{person % 9 + 1} {person % 7}AB",
                }
            )
    return rows


def _resolve(runtime: Runtime) -> None:
    rows = _records()
    names = ("source", "source_key", "first_name", "last_name", "email", "phone")
    names += ("address_line1", "city", "postcode")
    table = pa.table(
        {name: pa.array([row.get(name) for row in rows], pa.string()) for name in names}
        | {"date_of_birth": pa.array([row.get("date_of_birth") for row in rows], pa.date32())}
    )
    runtime.warehouse.stage_arrow("review_records", table)
    runtime.warehouse.execute(
        "INSERT INTO customer_records BY NAME SELECT *, CAST(now() AS TIMESTAMP) AS ingested_at "
        "FROM review_records"
    )
    runtime.warehouse.drop_staging("review_records")
    resolve_identities(runtime, config=SMALL_MODEL)


@pytest.fixture(scope="module")
def _review_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("review") / "ws"
    with open_runtime(init_workspace(folder)) as runtime:
        _resolve(runtime)
        for name, (role, team) in ROLES.items():
            spec = UserCreate(username=name, password=PASSWORD, role=role, team_id=team)
            create_user(runtime.app_db, spec, actor="setup")
    return folder


@pytest.fixture
def review_site(_review_template: Path, tmp_path: Path) -> Iterator[Site]:
    """A running app on a resolved workspace of its own (decisions change it)."""
    shutil.copytree(_review_template, tmp_path / "ws")
    yield from open_site(tmp_path / "ws")


def _pairs(site: Site) -> list[tuple[str, str, bool]]:
    page = uncertain_matches(site.runtime, limit=200, explain=False)
    return [(m.record_a.reference, m.record_b.reference, m.same_customer) for m in page.items]


def _page_pairs(html: str) -> list[tuple[str, str]]:
    found = re.findall(
        r'name="record_a" value="([^"]+)">\s*<input type="hidden" name="record_b" value="([^"]+)"',
        html,
    )
    return [(str(a), str(b)) for a, b in found]


def _customers(site: Site, *references: str) -> list[str]:
    return [
        str(
            site.runtime.warehouse.scalar(
                "SELECT customer_id FROM customer_links WHERE source || ':' || source_key = ?",
                [reference],
            )
        )
        for reference in references
    ]


def test_review_page_shows_pairs_side_by_side_with_explanation_and_forms(
    review_site: Site,
) -> None:
    pairs = _pairs(review_site)
    assert {same for _, _, same in pairs} == {True, False}, "the data should hold both kinds"
    page = review_site.client.get("/identity/review", headers=review_site.as_role("analyst"))
    assert page.status_code == 200
    text = page.text
    assert _page_pairs(text) == [(a, b) for a, b, _ in pairs[:10]]
    assert "likely to be the same person" in text
    assert "evidence for" in text
    assert f'name="csrf_token" value="{review_site.csrf("analyst")}"' in text
    assert 'formaction="/identity/review/reject"' in text
    assert 'href="/identity/review"' in text  # in the navigation


def test_api_lists_the_same_pairs_as_the_domain_with_evidence(review_site: Site) -> None:
    response = review_site.client.get(
        "/api/v1/identity/review?limit=200", headers=review_site.as_role("admin", bearer=True)
    )
    assert response.status_code == 200
    body = response.json()
    listed = [(i["record_a"]["reference"], i["record_b"]["reference"]) for i in body["items"]]
    assert listed == [(a, b) for a, b, _ in _pairs(review_site)]
    assert body["total"] == len(listed)
    assert all(body["lower"] <= i["match_probability"] < body["upper"] for i in body["items"])
    assert all(i["evidence"] and i["summary"] for i in body["items"])


def test_confirm_form_merges_the_customers_and_the_pair_leaves_the_page(
    review_site: Site,
) -> None:
    a, b, _ = next(pair for pair in _pairs(review_site) if not pair[2])
    response = review_site.client.post(
        "/identity/review/confirm",
        headers=review_site.cookie_only("analyst"),
        data={
            "record_a": a,
            "record_b": b,
            "reason": "same person, checked by phone",
            "csrf_token": review_site.csrf("analyst"),
        },
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/identity/review?decided=confirmed")
    first, second = _customers(review_site, a, b)
    assert first == second
    assert (a, b) not in [(x, y) for x, y, _ in _pairs(review_site)]
    page = review_site.client.get(
        response.headers["location"], headers=review_site.as_role("analyst")
    )
    assert 'data-testid="decided"' in page.text
    assert (a, b) not in _page_pairs(page.text)
    event = list_audit_events(review_site.runtime.app_db, action="identity.must_link")[0]
    assert event.actor == "analyst"
    assert event.detail["reason"] == "same person, checked by phone"


def test_reject_through_the_api_separates_the_records_and_is_audited(review_site: Site) -> None:
    a, b, _ = next(pair for pair in _pairs(review_site) if pair[2])
    response = review_site.client.post(
        "/api/v1/identity/review/reject",
        headers=review_site.as_role("admin", bearer=True),
        json={"record_a": a, "record_b": b, "reason": "twins, different dates of birth"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["kind"] == "cannot_link"
    first, second = _customers(review_site, a, b)
    assert first != second
    assert sorted(body["customer_ids"]) == sorted([first, second])
    assert (a, b) not in [(x, y) for x, y, _ in _pairs(review_site)]
    event = list_audit_events(review_site.runtime.app_db, action="identity.cannot_link")[0]
    assert event.actor == "admin"


def test_decisions_without_the_anti_forgery_token_are_refused(review_site: Site) -> None:
    a, b, _ = _pairs(review_site)[0]
    form = review_site.client.post(
        "/identity/review/confirm",
        headers=review_site.cookie_only("admin"),
        data={"record_a": a, "record_b": b, "reason": "forged"},
    )
    api = review_site.client.post(
        "/api/v1/identity/review/reject",
        headers=review_site.cookie_only("admin"),
        json={"record_a": a, "record_b": b, "reason": "forged"},
    )
    assert (form.status_code, api.status_code) == (403, 403)
    assert review_site.runtime.warehouse.scalar("SELECT count(*) FROM identity_overrides") == 0
    assert _pairs(review_site)[0][:2] == (a, b)


@pytest.mark.parametrize("role", ["lead", "agent", "viewer"])
def test_roles_other_than_stewards_can_neither_see_nor_decide(review_site: Site, role: str) -> None:
    a, b, _ = _pairs(review_site)[0]
    decision = {"record_a": a, "record_b": b, "reason": "not mine to decide"}
    client, session, token = (
        review_site.client,
        review_site.as_role(role),
        review_site.as_role(role, bearer=True),
    )
    assert client.get("/identity/review", headers=session).status_code == 403
    assert client.get("/api/v1/identity/review", headers=token).status_code == 403
    assert (
        client.post("/api/v1/identity/review/confirm", headers=token, json=decision).status_code
        == 403
    )
    assert client.post("/identity/review/reject", headers=session, data=decision).status_code == 403
    assert 'href="/identity/review"' not in client.get("/", headers=session).text
    assert review_site.runtime.warehouse.scalar("SELECT count(*) FROM identity_overrides") == 0


def test_a_customer_id_or_an_empty_reason_is_refused_with_a_hint(review_site: Site) -> None:
    a, b, _ = _pairs(review_site)[0]
    headers = review_site.as_role("analyst", bearer=True)
    (customer,) = _customers(review_site, b)
    wrong = review_site.client.post(
        "/api/v1/identity/review/confirm",
        headers=headers,
        json={"record_a": a, "record_b": customer, "reason": "same"},
    )
    assert wrong.status_code == 422
    assert "not a record reference" in wrong.json()["message"]
    empty = review_site.client.post(
        "/api/v1/identity/review/reject",
        headers=headers,
        json={"record_a": a, "record_b": b, "reason": ""},
    )
    assert empty.status_code == 422
    assert review_site.runtime.warehouse.scalar("SELECT count(*) FROM identity_overrides") == 0


# Resolving a record through the API -----------------------------------------------------------

FIELDS = ("first_name", "last_name", "date_of_birth", "email", "phone", "address_line1", "city")


def _stored_fields(site: Site, reference: str) -> dict[str, str | None]:
    row = site.runtime.warehouse.fetch_all(
        f"SELECT {', '.join(FIELDS)} FROM customer_records WHERE source || ':' || source_key = ?",
        [reference],
    )[0]
    return {
        name: None if value is None else str(value) for name, value in zip(FIELDS, row, strict=True)
    }


def _resolve_api(site: Site, fields: dict[str, Any], role: str = "viewer") -> Any:
    return site.client.post(
        "/api/v1/identity/resolve", headers=site.as_role(role, bearer=True), json={"fields": fields}
    )


def test_api_resolves_a_record_as_the_python_resolver_does(review_site: Site) -> None:
    fields = _stored_fields(review_site, "crm:c0003") | {"phone": None}
    fields["last_name"] = str(fields["last_name"]) + "e"  # a typo
    response = _resolve_api(review_site, fields)
    assert response.status_code == 200
    body = response.json()
    (customer,) = _customers(review_site, "crm:c0003")
    assert body["customer_id"] == customer
    assert body["closest_customer"] == customer
    assert body["match_probability"] > 0.9
    assert body["candidates"] >= 1
    by_field = {e["field"]: e for e in body["evidence"]}
    assert by_field["date_of_birth"]["sentence"].startswith("same date of birth")
    assert by_field["date_of_birth"]["direction"] == "for"
    direct = resolve_record(review_site.runtime, fields)
    assert (direct.customer_id, direct.match_probability) == (
        body["customer_id"],
        pytest.approx(body["match_probability"]),
    )
    stranger = _resolve_api(review_site, {"first_name": "Zed", "last_name": "Quill"})
    assert stranger.status_code == 200
    assert stranger.json()["customer_id"] is None


def test_api_resolution_sees_the_records_of_a_later_run(review_site: Site) -> None:
    newcomer = {
        "first_name": "Wilhelmina",
        "last_name": "Ostrowska",
        "date_of_birth": "1961-06-16",
        "email": "w.ostrowska@example.net",
        "city": "Bath",
    }
    assert _resolve_api(review_site, newcomer).json()["customer_id"] is None
    rows = [
        {"source": source, "source_key": f"w{n}", **newcomer, "date_of_birth": dt.date(1961, 6, 16)}
        for n, source in enumerate(("crm", "shop"))
    ]
    runtime = review_site.runtime
    runtime.warehouse.stage_arrow("newcomer", pa.Table.from_pylist(rows))
    runtime.warehouse.execute(
        "INSERT INTO customer_records BY NAME SELECT *, CAST(now() AS TIMESTAMP) AS ingested_at "
        "FROM newcomer"
    )
    runtime.warehouse.drop_staging("newcomer")
    resolve_identities(runtime, config=SMALL_MODEL)
    (customer,) = _customers(review_site, "crm:w0")
    assert _resolve_api(review_site, newcomer).json()["customer_id"] == customer


def test_api_resolution_answers_the_same_from_many_threads(review_site: Site) -> None:
    references = [f"crm:c{n:04d}" for n in range(12)]
    probes = [_stored_fields(review_site, reference) for reference in references]
    resolver = review_site.client.app.state.resolver
    alone = [resolver.resolve(fields) for fields in probes]
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(resolver.resolve, probes))
    assert together == alone
    assert [m.customer_id for m in alone] == _customers(review_site, *references)


def test_api_resolution_refuses_bad_input_and_callers_without_access(
    review_site: Site, site: Site
) -> None:
    unknown = _resolve_api(review_site, {"shoe_size": "9"})
    assert unknown.status_code == 422
    assert "shoe_size" in unknown.json()["message"]
    bad_date = _resolve_api(review_site, {"last_name": "Smith", "date_of_birth": "12/31/1980"})
    assert bad_date.status_code == 422
    assert "12/31/1980" in bad_date.json()["message"]
    assert _resolve_api(review_site, {"last_name": "x" * 1_001}).status_code == 422
    anonymous = review_site.client.post(
        "/api/v1/identity/resolve", json={"fields": {"last_name": "Smith"}}
    )
    assert anonymous.status_code == 401
    forged = review_site.client.post(
        "/api/v1/identity/resolve",
        headers={"Cookie": review_site.as_role("analyst")["Cookie"]},
        json={"fields": {"last_name": "Smith"}},
    )
    assert forged.status_code == 403
    unresolved = _resolve_api(site, {"last_name": "Smith"})
    assert unresolved.status_code == 404
    assert unresolved.json()["hint"]

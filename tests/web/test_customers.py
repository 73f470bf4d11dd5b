"""The customer 360: golden record with provenance, records, timeline with links to cases, and
the same team scope and masking as everywhere else."""

from __future__ import annotations

from support_web import Site


def test_customer_360_shows_golden_record_timeline_and_cases(site: Site) -> None:
    page = site.client.get("/customers/C000000001", headers=site.as_role("analyst"))
    assert page.status_code == 200
    text = page.text
    assert "Ana López" in text
    assert "from crm:c-f1" in text
    assert f'href="/cases/{site.cases["f1"]}"' in text
    assert f'href="/cases/{site.cases["f2"]}"' in text
    assert "&lt;script&gt;" in text
    assert "<script>alert" not in text


def test_customer_json_matches_the_page(site: Site) -> None:
    body = site.client.get(
        "/api/v1/customers/C000000001", headers=site.as_role("analyst", bearer=True)
    ).json()
    assert body["golden"]["email"] == "ana@example.com"
    assert {c["id"] for c in body["cases"]} == {site.cases["f1"], site.cases["f2"]}
    assert {e["kind"] for e in body["timeline"]} == {"feedback"}


def test_search_by_email_leads_to_the_customer(site: Site) -> None:
    response = site.client.get("/customers?q=ana@example.com", headers=site.as_role("agent"))
    assert (response.status_code, response.headers["location"]) == (303, "/customers/C000000001")
    missing = site.client.get("/customers?q=nobody@example.com", headers=site.as_role("agent"))
    assert "No customer with email" in missing.text
    found = site.client.get(
        "/api/v1/customers?q=crm:c-f2", headers=site.as_role("agent", bearer=True)
    )
    assert found.json() == {"customer_id": "C000000001"}


def test_team_lead_sees_only_their_teams_entries_and_cases(site: Site) -> None:
    body = site.client.get(
        "/api/v1/customers/C000000001", headers=site.as_role("lead", bearer=True)
    ).json()
    assert [e["source_key"] for e in body["timeline"]] == ["f1"]
    assert body["hidden_entries"] == 1
    assert [c["id"] for c in body["cases"]] == [site.cases["f1"]]


def test_viewer_sees_the_customer_masked(site: Site) -> None:
    body = site.client.get(
        "/api/v1/customers/C000000001", headers=site.as_role("viewer", bearer=True)
    ).json()
    assert body["golden"]["full_name"] == "A. L."
    assert body["golden"]["email"] == "a•••@e•••"
    page = site.client.get("/customers/C000000001", headers=site.as_role("viewer")).text
    assert "ana@example.com" not in page
    assert "Ana López" not in page


def test_unknown_customer_is_404(site: Site) -> None:
    response = site.client.get(
        "/api/v1/customers/C999999999", headers=site.as_role("admin", bearer=True)
    )
    assert response.status_code == 404


def test_case_links_to_its_customer_360(site: Site) -> None:
    page = site.client.get(f"/cases/{site.cases['f1']}", headers=site.as_role("admin")).text
    assert 'href="/customers/C000000001"' in page

"""The feedback explorer: page, htmx refresh, JSON API and CSV export, with team scope, masking
for viewers, escaping of hostile verbatims and spreadsheet-safe cells."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from support_web import FORMULA, HOSTILE, Site, insert_rows

from centric.text import annotate_verbatims

CMD = "=cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def explorer_site(site: Site) -> Site:
    """The seeded site with one more verbatim (a command formula) and every verbatim annotated."""
    insert_rows(
        site.runtime.warehouse,
        "feedback",
        [
            {
                "source": "survey",
                "source_key": "f5",
                "survey": "post-purchase",
                "survey_type": "nps",
                "score": 9.0,
                "scale_min": 0.0,
                "scale_max": 10.0,
                "verbatim": CMD,
                "responded_at": datetime(2020, 1, 15, 12),
                "channel": "store",
                "team_id": "T1",
            }
        ],
    )
    annotate_verbatims(site.runtime)
    return site


def _api(site: Site, role: str, query: str = "") -> dict[str, Any]:
    response = site.client.get(f"/api/v1/feedback{query}", headers=site.as_role(role, bearer=True))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _keys(body: dict[str, Any]) -> set[str]:
    return {item["source_key"] for item in body["items"]}


def test_page_lists_verbatims_with_customer_and_case_links(explorer_site: Site) -> None:
    site = explorer_site
    page = site.client.get("/feedback", headers=site.as_role("analyst"))
    assert page.status_code == 200
    text = page.text
    assert '<a href="/feedback" class="current"' in text
    assert "Lovely staff" in text
    assert "5 verbatims" in text
    assert 'href="/customers/C000000001"' in text
    assert f'href="/cases/{site.cases["f1"]}"' in text
    assert 'href="/api/v1/feedback.csv"' in text


def test_hostile_verbatim_is_shown_as_text(explorer_site: Site) -> None:
    text = explorer_site.client.get("/feedback", headers=explorer_site.as_role("admin")).text
    assert "<script>alert" not in text
    assert "<img src=x" not in text
    assert "&lt;script&gt;alert(&#34;owned&#34;)&lt;/script&gt;" in text


def test_changing_a_filter_refreshes_only_the_results(explorer_site: Site) -> None:
    site = explorer_site
    headers = {**site.as_role("analyst"), "HX-Request": "true"}
    fragment = site.client.get("/feedback?contains=LOVELY", headers=headers)
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert 'data-testid="verbatims"' in fragment.text
    assert "Lovely staff" in fragment.text
    assert "Call me" not in fragment.text
    assert "1 verbatim," in fragment.text


def test_pages_of_two_cover_the_verbatims_newest_first(explorer_site: Site) -> None:
    site = explorer_site
    first = _api(site, "analyst", "?limit=2")
    second = _api(site, "analyst", "?limit=2&offset=2")
    third = _api(site, "analyst", "?limit=2&offset=4")
    assert [_keys(first), _keys(second), _keys(third)] == [
        {"f1", "f2"},
        {"f3", "f4"},
        {"f5"},
    ]
    html = site.client.get("/feedback?limit=2&offset=2", headers=site.as_role("analyst")).text
    assert 'href="/feedback?limit=2&amp;offset=4"' in html
    assert 'href="/feedback?limit=2&amp;offset=0"' in html


def test_api_returns_verbatims_facets_and_cases(explorer_site: Site) -> None:
    site = explorer_site
    body = _api(site, "analyst")
    assert body["total"] == 5
    assert _keys(body) == {"f1", "f2", "f3", "f4", "f5"}
    facets = body["facets"]
    assert {c["value"]: c["count"] for c in facets["channel"]} == {"web": 4, "store": 1}
    assert {c["value"]: c["count"] for c in facets["team"]} == {"T1": 4, "T2": 1}
    assert sum(c["count"] for c in facets["sentiment"]) == 5
    assert body["case_of_feedback"] == {
        f"survey:{key}": site.cases[key] for key in ("f1", "f2", "f3")
    }
    items = {item["source_key"]: item for item in body["items"]}
    assert items["f1"]["customer_id"] == "C000000001"
    assert items["f4"]["customer_id"] is None
    assert items["f4"]["sentiment"] in {"negative", "neutral", "positive"}
    store = _api(site, "analyst", "?channel=store&until=2020-12-31")
    assert (store["total"], _keys(store)) == (1, {"f5"})


def test_openapi_describes_the_explorer(explorer_site: Site) -> None:
    schema = explorer_site.client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/feedback"]["get"]
    assert operation["summary"] == "Explore feedback verbatims"
    assert {"since", "theme", "sentiment", "warning", "contains"} <= {
        parameter["name"] for parameter in operation["parameters"]
    }


def test_team_lead_sees_only_their_team(explorer_site: Site) -> None:
    site = explorer_site
    lead = _api(site, "lead")
    assert _keys(lead) == {"f1", "f3", "f4", "f5"}
    assert {c["value"] for c in lead["facets"]["team"]} == {"T1"}
    assert set(lead["case_of_feedback"]) == {"survey:f1", "survey:f3"}
    assert _api(site, "lead", "?team_id=T2")["total"] == 0
    assert _keys(_api(site, "lead2")) == {"f2"}
    page = site.client.get("/feedback", headers=site.as_role("lead")).text
    assert "Call me" not in page
    assert 'name="team_id"' not in page


def test_viewer_reads_verbatims_with_personal_data_masked(explorer_site: Site) -> None:
    site = explorer_site
    body = _api(site, "viewer", "?team_id=T2")
    (item,) = body["items"]
    assert "ana@example.com" not in item["verbatim"]
    assert "900123" not in item["verbatim"]
    assert "[email]" in item["verbatim"]
    assert "[phone]" in item["verbatim"]
    page = site.client.get("/feedback?team_id=T2", headers=site.as_role("viewer")).text
    assert "ana@example.com" not in page
    assert "[email]" in page
    assert "Download CSV" not in page
    unmasked = _api(site, "analyst", "?team_id=T2")
    assert "ana@example.com" in unmasked["items"][0]["verbatim"]


def test_viewer_may_not_search_verbatims_for_personal_data(explorer_site: Site) -> None:
    site = explorer_site
    refused = site.client.get(
        "/api/v1/feedback?contains=ana@example.com", headers=site.as_role("viewer", bearer=True)
    )
    assert refused.status_code == 403
    assert "personal data" in refused.json()["hint"]
    assert _api(site, "viewer", "?contains=call me")["total"] == 1


def test_csv_export_neutralises_formulas(explorer_site: Site) -> None:
    site = explorer_site
    response = site.client.get("/api/v1/feedback.csv", headers=site.as_role("lead"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="feedback.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    verbatims = {row["source_key"]: row["verbatim"] for row in rows}
    assert set(verbatims) == {"f1", "f3", "f4", "f5"}
    assert verbatims["f5"] == "'" + CMD
    assert verbatims["f3"] == "'" + FORMULA
    assert verbatims["f1"] == HOSTILE
    assert {row["case_id"] for row in rows if row["source_key"] == "f1"} == {str(site.cases["f1"])}


def test_csv_export_follows_the_filters(explorer_site: Site) -> None:
    site = explorer_site
    response = site.client.get(
        "/api/v1/feedback.csv?contains=cmd", headers=site.as_role("analyst", bearer=True)
    )
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["source_key"] for row in rows] == ["f5"]


@pytest.mark.parametrize("role", ["viewer", "agent"])
def test_roles_without_export_permission_cannot_download(explorer_site: Site, role: str) -> None:
    response = explorer_site.client.get("/api/v1/feedback.csv", headers=explorer_site.as_role(role))
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("query", "hint"),
    [
        ("?sentiment=angry", "negative, neutral, positive"),
        ("?since=2026-02-30", "YYYY-MM-DD"),
        ("?warning=fire", "churn_intent"),
        ("?need=money", "self_expression"),
    ],
)
def test_bad_filter_values_are_refused_with_a_hint(
    explorer_site: Site, query: str, hint: str
) -> None:
    site = explorer_site
    api = site.client.get(f"/api/v1/feedback{query}", headers=site.as_role("analyst", bearer=True))
    assert api.status_code == 422
    assert hint in api.json()["hint"]
    page = site.client.get(f"/feedback{query}", headers=site.as_role("analyst"))
    assert page.status_code == 422
    assert hint in page.text


def test_explorer_works_before_any_annotation(fresh_site: Site) -> None:
    body = _api(fresh_site, "analyst")
    assert body["total"] == 4
    assert all(item["sentiment"] is None for item in body["items"])
    assert body["facets"]["sentiment"] == [{"value": None, "label": None, "count": 4}]
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    assert _keys(_api(fresh_site, "analyst", f"?since={yesterday}")) == {"f1"}

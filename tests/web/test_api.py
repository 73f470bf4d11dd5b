"""The JSON API end to end: cases worked through to resolution, rules, users, tokens, audit,
data health, the dashboard and the public recovery survey."""

from __future__ import annotations

from support_web import PASSWORD, Site


def test_case_is_worked_from_queue_to_resolution_with_its_trail(fresh_site: Site) -> None:
    client, lead = fresh_site.client, fresh_site.as_role("lead", bearer=True)
    queue = client.get("/api/v1/cases", headers=lead).json()
    assert queue["total"] == 2
    case_id = queue["items"][0]["id"]
    agent_id = fresh_site.user_id("agent")
    assigned = client.post(
        f"/api/v1/cases/{case_id}/assign", json={"assignee_id": agent_id}, headers=lead
    )
    assert (assigned.status_code, assigned.json()["status"]) == (200, "in_progress")
    agent = fresh_site.as_role("agent", bearer=True)
    client.post(f"/api/v1/cases/{case_id}/comments", json={"body": "Rang her."}, headers=agent)
    resolved = client.post(
        f"/api/v1/cases/{case_id}/resolve",
        json={"root_cause": "delivery", "resolution": "refund", "note": "Refunded."},
        headers=agent,
    )
    assert resolved.json()["status"] == "resolved"
    detail = client.get(f"/api/v1/cases/{case_id}", headers=lead).json()
    assert [e["kind"] for e in detail["events"]] == [
        "opened",
        "assigned",
        "commented",
        "resolved",
        "recovery_survey",
    ]
    survey_link = detail["recovery_survey"]["link"]
    audit = client.get(
        f"/api/v1/audit?target=case:{case_id}", headers=fresh_site.as_role("admin", bearer=True)
    ).json()
    assert [e["action"] for e in audit][:3] == [
        "case.recovery_survey",
        "case.resolved",
        "case.commented",
    ]
    token = survey_link.rsplit("/", 1)[1]
    assert client.get(f"/api/v1/surveys/recovery/{token}").json()["answered"] is False
    answered = client.post(f"/api/v1/surveys/recovery/{token}", json={"score": 8})
    assert answered.status_code == 204
    again = client.post(f"/api/v1/surveys/recovery/{token}", json={"score": 8})
    assert again.status_code == 422


def test_invalid_resolution_codes_are_rejected_with_the_field_named(site: Site) -> None:
    response = site.client.post(
        f"/api/v1/cases/{site.cases['f1']}/resolve",
        json={"root_cause": "gremlins", "resolution": "refund"},
        headers=site.as_role("admin", bearer=True),
    )
    assert response.status_code == 422
    assert "root_cause" in response.json()["message"]


def test_unknown_case_is_404_json(site: Site) -> None:
    response = site.client.get("/api/v1/cases/999999", headers=site.as_role("admin", bearer=True))
    assert response.status_code == 404
    assert response.json()["error"] == "NotFoundError"


def test_codes_and_sla_report_are_served(site: Site) -> None:
    admin = site.as_role("admin", bearer=True)
    codes = site.client.get("/api/v1/cases/codes", headers=admin).json()
    assert "delivery" in codes["root_causes"]
    assert "refund" in codes["resolutions"]
    sla = site.client.get("/api/v1/cases/sla", headers=admin).json()
    assert sla["overall"]["opened"] == 3


def test_rules_are_created_changed_run_and_deleted(fresh_site: Site) -> None:
    client, analyst = fresh_site.client, fresh_site.as_role("analyst", bearer=True)
    created = client.post(
        "/api/v1/rules",
        json={"name": "promoter-thanks", "survey_type": "nps", "score_at_least": 9},
        headers=analyst,
    )
    assert created.status_code == 201
    rule_id = created.json()["id"]
    changed = client.put(
        f"/api/v1/rules/{rule_id}",
        json={"name": "promoter-thanks", "survey_type": "nps", "score_at_least": 10},
        headers=analyst,
    )
    assert changed.json()["summary"].startswith("nps feedback, score >= 10")
    swept = client.post("/api/v1/rules/sweep", headers=analyst).json()
    assert swept["evaluation"]["opened_by_rule"]["promoter-thanks"] == 1
    assert client.delete(f"/api/v1/rules/{rule_id}", headers=analyst).status_code == 204
    names = [r["spec"]["name"] for r in client.get("/api/v1/rules", headers=analyst).json()]
    assert names == ["detractor"]


def test_admin_creates_users_who_can_then_sign_in(fresh_site: Site) -> None:
    client, admin = fresh_site.client, fresh_site.as_role("admin", bearer=True)
    created = client.post(
        "/api/v1/users",
        json={"username": "newlead", "password": PASSWORD, "role": "team_lead", "team_id": "T2"},
        headers=admin,
    )
    assert created.status_code == 201
    refused = client.post(
        "/api/v1/users",
        json={"username": "nolead", "password": PASSWORD, "role": "team_lead"},
        headers=admin,
    )
    assert refused.status_code == 422
    signed = client.post("/api/v1/auth/session", json={"username": "newlead", "password": PASSWORD})
    assert signed.json()["team_id"] == "T2"
    user_id = created.json()["id"]
    client.patch(f"/api/v1/users/{user_id}", json={"is_active": False}, headers=admin)
    assert client.get("/api/v1/me").status_code == 401


def test_tokens_are_issued_listed_and_revoked(fresh_site: Site) -> None:
    client, viewer = fresh_site.client, fresh_site.as_role("viewer", bearer=True)
    issued = client.post(
        "/api/v1/tokens", json={"name": "bi tool", "expires_in_days": 30}, headers=viewer
    )
    assert issued.status_code == 201
    secret = issued.json()["token"]
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    )
    listed = client.get("/api/v1/tokens", headers=viewer).json()
    assert "token" not in listed[0]
    token_id = issued.json()["details"]["id"]
    client.delete(f"/api/v1/tokens/{token_id}", headers=viewer)
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    )


def test_data_health_lists_tables_batches_and_quarantine(site: Site) -> None:
    analyst = site.as_role("analyst", bearer=True)
    health = site.client.get("/api/v1/data-health", headers=analyst).json()
    assert health["tables"]["feedback"] == 4
    assert health["sources"] == []
    assert site.client.get("/api/v1/data-health/quarantine", headers=analyst).json() == []


def test_dashboard_json_has_every_section(site: Site) -> None:
    board = site.client.get("/api/v1/dashboard", headers=site.as_role("viewer", bearer=True)).json()
    assert {s["metric"] for s in board["series"]} == {"nps", "csat", "ces"}
    assert board["sla"]["overall"]["opened"] == 3
    for key in ("by_channel", "by_team", "team_linkage", "themes", "emerging", "warnings", "notes"):
        assert key in board


def test_openapi_describes_the_api_and_no_page(site: Site) -> None:
    schema = site.client.get("/api/v1/openapi.json").json()
    paths = set(schema["paths"])
    assert "/api/v1/cases/{case_id}/resolve" in paths
    assert all(path.startswith("/api/v1/") for path in paths)


def test_bundled_assets_are_served_locally(site: Site) -> None:
    for asset in (
        "vendor/htmx.min.js",
        "vendor/vega.min.js",
        "vendor/vega-lite.min.js",
        "vendor/vega-embed.min.js",
        "vendor/vega-interpreter.js",
        "vega-util.js",
        "app.js",
        "app.css",
    ):
        response = site.client.get(f"/static/{asset}")
        assert response.status_code == 200, asset
        assert "max-age" in response.headers["cache-control"]

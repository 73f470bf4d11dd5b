"""The pages render for the roles that may see them, and their forms work without JavaScript."""

from __future__ import annotations

from support_web import Site


def test_dashboard_page_declares_its_charts(site: Site) -> None:
    page = site.client.get("/", headers=site.as_role("analyst")).text
    assert "Board dashboard" in page
    assert "vendor/vega-embed.min.js" in page
    assert "Case SLA performance" in page


def test_case_queue_filters_and_serves_a_fragment_to_htmx(site: Site) -> None:
    admin = site.as_role("admin")
    page = site.client.get("/cases?status=all", headers=admin).text
    assert page.count('href="/cases/') >= 3
    fragment = site.client.get("/cases?status=all", headers={**admin, "HX-Request": "true"})
    assert "<html" not in fragment.text
    assert "Download CSV" in fragment.text


def test_case_is_resolved_through_the_forms(fresh_site: Site) -> None:
    client, case = fresh_site.client, fresh_site.cases["f1"]
    lead = fresh_site.cookie_only("lead")
    csrf = fresh_site.csrf("lead")
    response = client.post(
        f"/cases/{case}/resolve",
        data={
            "csrf_token": csrf,
            "root_cause": "staff_behaviour",
            "resolution": "coaching",
            "note": "Coached the team.",
            "recovery_survey": "yes",
        },
        headers=lead,
    )
    assert response.status_code == 303
    page = client.get(f"/cases/{case}", headers=lead).text
    assert "Staff knowledge or behaviour" in page
    assert "/survey/" in page
    reopened = client.post(
        f"/cases/{case}/reopen", data={"csrf_token": csrf, "reason": "Wrote again"}, headers=lead
    )
    assert reopened.status_code == 303


def test_form_errors_are_shown_as_a_page(site: Site) -> None:
    response = site.client.post(
        f"/cases/{site.cases['f1']}/resolve",
        data={"csrf_token": site.csrf("admin"), "root_cause": "x", "resolution": "y"},
        headers=site.cookie_only("admin"),
    )
    assert response.status_code == 422
    assert "unknown root cause" in response.text


def test_rule_is_created_from_the_form(fresh_site: Site) -> None:
    response = fresh_site.client.post(
        "/rules",
        data={
            "csrf_token": fresh_site.csrf("analyst"),
            "name": "web-detractor",
            "survey_type": "nps",
            "score_at_most": "6",
            "channels": ["web", "app"],
            "notify": "cx@example.com, https://hooks.example/centric",
            "within_days": "7",
            "priority": "high",
            "enabled": "yes",
        },
        headers=fresh_site.cookie_only("analyst"),
    )
    assert response.status_code == 303
    page = fresh_site.client.get("/rules", headers=fresh_site.as_role("analyst")).text
    assert "web-detractor" in page
    assert "channel in web, app" in page


def test_user_is_added_from_the_form(fresh_site: Site) -> None:
    response = fresh_site.client.post(
        "/users",
        data={
            "csrf_token": fresh_site.csrf("admin"),
            "username": "sam",
            "password": "a long password",
            "role": "agent",
            "team_id": "T2",
        },
        headers=fresh_site.cookie_only("admin"),
    )
    assert response.status_code == 303
    assert "sam" in fresh_site.client.get("/users", headers=fresh_site.as_role("admin")).text


def test_account_page_shows_a_new_token_once(fresh_site: Site) -> None:
    response = fresh_site.client.post(
        "/account/tokens",
        data={"csrf_token": fresh_site.csrf("agent"), "name": "my script"},
        headers=fresh_site.cookie_only("agent"),
    )
    assert "ctk_" in response.text
    again = fresh_site.client.get("/account", headers=fresh_site.as_role("agent")).text
    assert "my script" in again
    assert response.text.count("ctk_") > again.count("ctk_")


def test_data_health_and_audit_pages_render(site: Site) -> None:
    analyst = site.as_role("analyst")
    assert "Newest batches" in site.client.get("/data-health", headers=analyst).text
    audit = site.client.get("/audit?action=case.", headers=analyst).text
    assert "case.opened" in audit


def test_recovery_survey_page_is_public_and_answered_once(fresh_site: Site) -> None:
    client, case = fresh_site.client, fresh_site.cases["f1"]
    client.post(
        f"/api/v1/cases/{case}/resolve",
        json={"root_cause": "other", "resolution": "apology", "recovery_survey": True},
        headers=fresh_site.as_role("admin", bearer=True),
    )
    link = client.get(
        f"/api/v1/cases/{case}", headers=fresh_site.as_role("admin", bearer=True)
    ).json()["recovery_survey"]["link"]
    path = "/survey/" + link.rsplit("/", 1)[1]
    form = client.get(path)
    assert form.status_code == 200
    assert "How likely" in form.text
    done = client.post(path, data={"score": "9", "comment": "Thanks"})
    assert "Thank you" in done.text
    assert client.get("/survey/not-a-real-token").status_code == 404

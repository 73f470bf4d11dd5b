"""Sessions, anti-forgery tokens, security headers, escaping, masking, team scope, CSV safety."""

from __future__ import annotations

import csv
import io

from support_web import FORMULA, HOSTILE, PASSWORD, Site


def test_json_sign_in_sets_a_hardened_cookie_and_returns_the_csrf_token(
    fresh_site: Site,
) -> None:
    response = fresh_site.client.post(
        "/api/v1/auth/session", json={"username": "lead", "password": PASSWORD}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["username"], body["role"], body["team_id"]) == ("lead", "team_lead", "T1")
    cookie = response.headers["set-cookie"]
    assert "centric_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http here; see the https test
    me = fresh_site.client.get("/api/v1/me")
    assert me.json()["username"] == "lead"


def test_cookie_is_secure_when_served_over_https(https_site: Site) -> None:
    response = https_site.client.post(
        "/api/v1/auth/session", json={"username": "admin", "password": PASSWORD}
    )
    assert "Secure" in response.headers["set-cookie"]
    assert response.headers["strict-transport-security"].startswith("max-age=")


def test_wrong_password_is_refused_without_saying_why(fresh_site: Site) -> None:
    response = fresh_site.client.post(
        "/api/v1/auth/session", json={"username": "admin", "password": "wrong password"}
    )
    assert response.status_code == 401
    assert "set-cookie" not in response.headers
    assert response.json()["error"] == "AuthenticationError"


def test_session_change_without_the_csrf_token_is_refused(site: Site) -> None:
    case = site.cases["f1"]
    body = {"body": "forged"}
    missing = site.client.post(
        f"/api/v1/cases/{case}/comments", json=body, headers=site.cookie_only("lead")
    )
    wrong = site.client.post(
        f"/api/v1/cases/{case}/comments",
        json=body,
        headers={**site.cookie_only("lead"), "X-CSRF-Token": "not-the-token"},
    )
    form = site.client.post(
        f"/cases/{case}/comments",
        data={"body": "forged", "csrf_token": "not-the-token"},
        headers=site.cookie_only("lead"),
    )
    assert (missing.status_code, wrong.status_code, form.status_code) == (403, 403, 403)
    assert "anti-forgery" in missing.json()["message"]
    ok = site.client.post(f"/api/v1/cases/{case}/comments", json=body, headers=site.as_role("lead"))
    assert ok.status_code == 200


def test_form_with_the_csrf_field_is_accepted(site: Site) -> None:
    case = site.cases["f1"]
    response = site.client.post(
        f"/cases/{case}/comments",
        data={"body": "Called back.", "csrf_token": site.csrf("lead")},
        headers=site.cookie_only("lead"),
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/cases/{case}"


def test_bearer_token_needs_no_csrf_token(site: Site) -> None:
    response = site.client.post(
        f"/api/v1/cases/{site.cases['f1']}/comments",
        json={"body": "From a script."},
        headers=site.as_role("agent", bearer=True),
    )
    assert response.status_code == 200


def test_login_form_needs_its_own_anti_forgery_cookie(fresh_site: Site) -> None:
    client = fresh_site.client
    forged = client.post("/login", data={"username": "admin", "password": PASSWORD})
    assert forged.status_code == 403
    form = client.get("/login")
    token = client.cookies["centric_login_csrf"]
    assert f'value="{token}"' in form.text
    signed = client.post(
        "/login",
        data={"username": "admin", "password": PASSWORD, "csrf_token": token, "next": "/cases"},
    )
    assert (signed.status_code, signed.headers["location"]) == (303, "/cases")


def test_login_never_redirects_off_site(fresh_site: Site) -> None:
    client = fresh_site.client
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        client.cookies.clear()
        client.get("/login")
        token = client.cookies["centric_login_csrf"]
        response = client.post(
            "/login",
            data={"username": "admin", "password": PASSWORD, "csrf_token": token, "next": target},
        )
        assert response.headers["location"] == "/"


def test_every_response_carries_the_security_headers(site: Site) -> None:
    response = site.client.get("/", headers=site.as_role("admin"))
    headers = response.headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-eval" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["cache-control"] == "no-store"


def test_verbatim_with_markup_is_rendered_as_text(site: Site) -> None:
    page = site.client.get(f"/cases/{site.cases['f1']}", headers=site.as_role("admin")).text
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;owned&#34;)&lt;/script&gt;" in page
    queue = site.client.get("/cases?status=all", headers=site.as_role("admin")).text
    assert "<script>alert" not in queue


def test_viewer_sees_personal_data_masked(site: Site) -> None:
    case = site.cases["f2"]
    as_viewer = site.client.get(
        f"/api/v1/cases/{case}", headers=site.as_role("viewer", bearer=True)
    )
    as_admin = site.client.get(f"/api/v1/cases/{case}", headers=site.as_role("admin", bearer=True))
    assert "ana@example.com" in as_admin.json()["case"]["verbatim"]
    masked = as_viewer.json()["case"]["verbatim"]
    assert "ana@example.com" not in masked
    assert "7700" not in masked
    assert "[email]" in masked
    page = site.client.get(f"/cases/{case}", headers=site.as_role("viewer")).text
    assert "ana@example.com" not in page


def test_team_lead_sees_only_their_teams_cases(site: Site) -> None:
    listed = site.client.get(
        "/api/v1/cases?status=all", headers=site.as_role("lead", bearer=True)
    ).json()
    assert {item["team_id"] for item in listed["items"]} == {"T1"}
    other = site.client.get(
        f"/api/v1/cases/{site.cases['f2']}", headers=site.as_role("lead", bearer=True)
    )
    assert other.status_code == 404
    assert (
        site.client.get(f"/cases/{site.cases['f2']}", headers=site.as_role("lead")).status_code
        == 404
    )


def test_csv_export_neutralises_formulas(site: Site) -> None:
    response = site.client.get(
        "/api/v1/cases.csv?status=all", headers=site.as_role("admin", bearer=True)
    )
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    verbatims = {row["verbatim"] for row in rows}
    assert "'" + FORMULA in verbatims
    assert FORMULA not in verbatims
    assert HOSTILE in verbatims  # markup is data in a CSV, not a formula
    assert all(not v.startswith(("=", "+", "-", "@")) for row in rows for v in row.values())


def test_unknown_token_and_no_credentials_get_401_json(site: Site) -> None:
    bad = site.client.get("/api/v1/me", headers={"Authorization": "Bearer ctk_nope"})
    none = site.client.get("/api/v1/me")
    assert (bad.status_code, none.status_code) == (401, 401)
    assert none.headers["www-authenticate"] == "Bearer"
    assert none.json()["hint"]


def test_pages_send_anonymous_visitors_to_sign_in(site: Site) -> None:
    response = site.client.get("/cases?status=all")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/cases%3Fstatus%3Dall"

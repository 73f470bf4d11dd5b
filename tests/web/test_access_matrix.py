"""Every role against every endpoint: the access matrix, written out as the specification.

Allowed means "not refused for lack of permission" (the call may still fail for other reasons,
e.g. 422 for the deliberately empty bodies used here, so nothing is changed). Refused means 403.
A completeness check makes sure no route escapes the matrix.
"""

from __future__ import annotations

import pytest
from fastapi.routing import iter_route_contexts
from support_web import Site

EVERYONE = frozenset({"admin", "analyst", "lead", "agent", "viewer"})
WORKERS = frozenset({"admin", "lead", "agent"})
STAFF = frozenset({"admin", "analyst"})
ADMIN = frozenset({"admin"})

# (method, path, roles allowed). {case} is a case of team T1, {rule} a rule, {user} a user.
API = [
    ("GET", "/api/v1/me", EVERYONE),
    ("GET", "/api/v1/dashboard", EVERYONE),
    ("GET", "/api/v1/teams", EVERYONE),
    ("GET", "/api/v1/customers", EVERYONE),
    ("GET", "/api/v1/customers/{customer}", EVERYONE),
    ("POST", "/api/v1/identity/resolve", EVERYONE),
    ("GET", "/api/v1/identity/review", STAFF),
    ("POST", "/api/v1/identity/review/confirm", STAFF),
    ("POST", "/api/v1/identity/review/reject", STAFF),
    ("GET", "/api/v1/feedback", EVERYONE),
    ("GET", "/api/v1/feedback.csv", frozenset({"admin", "analyst", "lead"})),
    ("GET", "/api/v1/cases", EVERYONE),
    ("GET", "/api/v1/cases.csv", EVERYONE),
    ("GET", "/api/v1/cases/codes", EVERYONE),
    ("GET", "/api/v1/cases/sla", EVERYONE),
    ("GET", "/api/v1/cases/{case}", EVERYONE),
    ("POST", "/api/v1/cases", frozenset({"admin", "analyst", "lead", "agent"})),
    ("POST", "/api/v1/cases/{case}/assign", WORKERS),
    ("POST", "/api/v1/cases/{case}/comments", WORKERS),
    ("POST", "/api/v1/cases/{case}/resolve", WORKERS),
    ("POST", "/api/v1/cases/{case}/reopen", WORKERS),
    ("GET", "/api/v1/rules", frozenset({"admin", "analyst", "lead"})),
    ("GET", "/api/v1/rules/{rule}", frozenset({"admin", "analyst", "lead"})),
    ("POST", "/api/v1/rules", STAFF),
    ("PUT", "/api/v1/rules/{rule}", STAFF),
    ("DELETE", "/api/v1/rules/{rule}", STAFF),
    ("POST", "/api/v1/rules/sweep", STAFF),
    ("GET", "/api/v1/audit", STAFF),
    ("GET", "/api/v1/data-health", STAFF),
    ("GET", "/api/v1/data-health/quarantine", STAFF),
    ("POST", "/api/v1/pipeline/run", ADMIN),
    ("GET", "/api/v1/tokens", EVERYONE),
    ("POST", "/api/v1/tokens", EVERYONE),
    ("DELETE", "/api/v1/tokens/{token}", EVERYONE),
    ("GET", "/api/v1/users", ADMIN),
    ("POST", "/api/v1/users", ADMIN),
    ("PATCH", "/api/v1/users/{user}", ADMIN),
    ("PUT", "/api/v1/users/{username}/password", ADMIN),
    ("DELETE", "/api/v1/auth/session", EVERYONE),
]
PAGES = [
    ("GET", "/", EVERYONE),
    ("GET", "/cases", EVERYONE),
    ("GET", "/customers", EVERYONE),
    ("GET", "/customers/{customer}", EVERYONE),
    ("GET", "/identity/review", STAFF),
    ("POST", "/identity/review/confirm", STAFF),
    ("POST", "/identity/review/reject", STAFF),
    ("GET", "/feedback", EVERYONE),
    ("GET", "/cases/new", frozenset({"admin", "analyst", "lead", "agent"})),
    ("POST", "/cases", frozenset({"admin", "analyst", "lead", "agent"})),
    ("GET", "/cases/{case}", EVERYONE),
    ("POST", "/cases/{case}/assign", WORKERS),
    ("POST", "/cases/{case}/comments", WORKERS),
    ("POST", "/cases/{case}/resolve", WORKERS),
    ("POST", "/cases/{case}/reopen", WORKERS),
    ("GET", "/rules", frozenset({"admin", "analyst", "lead"})),
    ("POST", "/rules", STAFF),
    ("GET", "/rules/{rule}/edit", STAFF),
    ("POST", "/rules/{rule}", STAFF),
    ("POST", "/rules/{rule}/delete", STAFF),
    ("POST", "/rules-run", STAFF),
    ("GET", "/audit", STAFF),
    ("GET", "/data-health", STAFF),
    ("GET", "/data-health/quarantine", STAFF),
    ("POST", "/data-health/pipeline-run", ADMIN),
    ("GET", "/users", ADMIN),
    ("POST", "/users", ADMIN),
    ("POST", "/users/{user}", ADMIN),
    ("GET", "/account", EVERYONE),
    ("POST", "/account/tokens", EVERYONE),
    ("POST", "/account/tokens/{token}/revoke", EVERYONE),
    ("POST", "/account/password", EVERYONE),
    ("POST", "/logout", EVERYONE),
]
# Reached without signing in: the sign-in form, the recovery survey (its link is the
# credential), the API's description and static files.
PUBLIC = {
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/api/v1/auth/session"),
    ("GET", "/survey/{token}"),
    ("POST", "/survey/{token}"),
    ("GET", "/api/v1/surveys/recovery/{token}"),
    ("POST", "/api/v1/surveys/recovery/{token}"),
    ("GET", "/api/v1/openapi.json"),
}
ROLES = sorted(EVERYONE)
CASES = [pytest.param(m, t, a, id=f"{m} {t}") for m, t, a in API + PAGES]
SIGN_OUTS = {("DELETE", "/api/v1/auth/session"), ("POST", "/logout")}


def _path(site: Site, template: str) -> str:
    return (
        template.replace("{case}", str(site.cases["f1"]))
        .replace("{rule}", "1")
        .replace("{user}", "1")
        .replace("{username}", "nobody-at-all")
        .replace("{customer}", "C000000001")
        .replace("{token}", "999999")
    )


def _call(site: Site, role: str, method: str, path: str, headers: dict[str, str]) -> int:
    if method in {"GET", "DELETE"}:
        return site.client.request(method, path, headers=headers).status_code
    # Assigning is tried the way every worker may: taking the case oneself. Other changes get
    # empty bodies, so an allowed call fails validation and changes nothing.
    body: dict[str, object] = (
        {"assignee_id": site.user_id(role)} if path.endswith("/assign") else {}
    )
    if path.startswith("/api/"):
        return site.client.request(method, path, headers=headers, json=body).status_code
    form = {key: str(value) for key, value in body.items()} or {"x": ""}
    return site.client.request(method, path, headers=headers, data=form).status_code


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "template", "allowed"), CASES)
def test_role_is_allowed_exactly_what_the_matrix_says(
    site: Site, role: str, method: str, template: str, allowed: frozenset[str]
) -> None:
    path = _path(site, template)
    if (method, template) in SIGN_OUTS:
        headers = site.new_session(role)  # so that the shared sessions stay signed in
    else:
        headers = site.as_role(role, bearer=template.startswith("/api/"))
    status = _call(site, role, method, path, headers)
    if role in allowed:
        assert status != 403, f"{role} was refused {method} {path}"
        assert status < 500, f"{method} {path} as {role} failed with {status}"
    else:
        assert status == 403, f"{role} got {status} for {method} {path}"


@pytest.mark.parametrize(("method", "template", "allowed"), CASES)
def test_anonymous_callers_are_refused_or_sent_to_sign_in(
    site: Site, method: str, template: str, allowed: frozenset[str]
) -> None:
    del allowed
    status = _call(site, "anonymous", method, _path(site, template), {})
    assert status == (401 if template.startswith("/api/") else 303)


def test_every_route_is_in_the_matrix_or_public(site: Site) -> None:
    declared = {(m, t) for m, t, _ in API + PAGES} | PUBLIC
    names = {
        "{case_id}": "{case}",
        "{rule_id}": "{rule}",
        "{user_id}": "{user}",
        "{query:path}": "{customer}",
    }
    routes = set()
    for context in iter_route_contexts(site.client.app.routes):  # type: ignore[attr-defined]
        path = str(context.path)
        if path.startswith("/static"):
            continue
        for old, new in {**names, "{token_id}": "{token}"}.items():
            path = path.replace(old, new)
        routes |= {(method, path) for method in context.methods or () if method != "HEAD"}
    assert routes - declared == set()
    assert declared - routes == set()

"""A new user's path in a real browser: sign in, read the board, open a case, resolve it, see
the trail; hostile text stays text; viewers see personal data masked."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from support_browser import HOSTILE, screenshot, sign_in

pytestmark = pytest.mark.e2e


def test_team_lead_signs_in_reads_the_board_and_resolves_a_case(page: Page, server: str) -> None:
    sign_in(page, server, "lead")
    expect(page.locator("h1")).to_have_text("Board dashboard")
    page.wait_for_selector("#main [data-chart-ready='true']")
    assert page.locator("[data-chart-ready='error']").count() == 0
    assert page.locator("[data-chart-ready='true'] svg").count() >= 3
    screenshot(page, "01-dashboard")

    due = page.locator("section", has_text="Cases due soonest")
    due.locator("tr", has_text="The parcel arrived broken").locator("a").first.click()
    expect(page.locator("[data-testid=verbatim]")).to_contain_text("The parcel arrived broken")
    screenshot(page, "02-case-detail")

    page.select_option("select[name=root_cause]", "delivery")
    page.select_option("select[name=resolution]", "replacement")
    page.fill("#resolve-form textarea[name=note]", "Sent a replacement by courier.")
    page.click("#resolve-form button[type=submit]")
    trail = page.locator("[data-testid=trail]")
    expect(trail).to_contain_text("resolved")
    expect(trail).to_contain_text("Sent a replacement by courier.")
    expect(page.locator("text=Delivery or fulfilment").first).to_be_visible()
    screenshot(page, "03-case-resolved")

    page.click("header nav >> text=Cases")
    expect(page.locator("h1")).to_have_text("Cases")
    page.select_option("select[name=status]", "resolved")
    expect(page.locator("#queue")).to_contain_text("The parcel arrived broken")
    screenshot(page, "04-case-queue-resolved")


def test_administrator_sees_the_resolution_in_the_audit_log(page: Page, server: str) -> None:
    sign_in(page, server, "admin")
    page.goto(f"{server}/audit?action=case.")
    expect(page.locator("table")).to_contain_text("case.opened")
    screenshot(page, "05-audit-log")


def test_verbatim_with_script_and_markup_is_shown_as_text(page: Page, server: str) -> None:
    sign_in(page, server, "admin")
    page.goto(f"{server}/cases?status=all")
    page.locator("table tbody tr").filter(has_text="window.owned").locator("a").first.click()
    verbatim = page.locator("[data-testid=verbatim]")
    expect(verbatim).to_have_text(HOSTILE)
    assert verbatim.locator("script, img").count() == 0
    assert page.evaluate("window.owned") is None
    screenshot(page, "06-hostile-verbatim-escaped")


def test_viewer_sees_personal_data_masked(page: Page, server: str) -> None:
    sign_in(page, server, "viewer")
    page.goto(f"{server}/cases?status=all")
    body = page.locator("main").inner_text()
    assert "ana@example.com" not in body
    assert "7700 900123" not in body
    assert "[email]" in body
    screenshot(page, "07-viewer-masked")

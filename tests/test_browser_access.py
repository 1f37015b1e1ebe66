"""Signing in on the demo commons in real Chromium, under the strict Content-Security-Policy."""

from __future__ import annotations

from typing import Any

import pytest

from faelled.demo.access import DEMO_PASSWORD

from .conftest import ARTIFACTS, Server
from .test_browser import _open

pytestmark = pytest.mark.browser


def test_a_steward_signs_in_and_browses_agreements_and_the_audit_log(
    browser: Any,
    demo_server: Server,
) -> None:
    page, errors = _open(browser, demo_server.base_url + "/login")
    assert page.locator("h1").inner_text() == "Log ind"
    page.fill("#username", "aalborg-dataansvarlig")
    page.fill("#password", DEMO_PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url("**/forvaltning", timeout=10_000)
    page.click("text=Aftaler")
    page.wait_for_url("**/forvaltning/aftaler")
    assert "tilslutningsaftale" in page.locator("table").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "agreements.png"), full_page=True)
    page.goto(demo_server.base_url + "/forvaltning/log")
    assert "sign_in" in page.locator("table").inner_text()
    # The map still renders for a signed-in user, with no console errors under the CSP.
    page.goto(demo_server.base_url + "/")
    page.wait_for_selector("#map svg g.mark-shape path", timeout=30_000)
    page.click("text=Log ud")
    page.wait_for_url(demo_server.base_url + "/")
    assert page.locator("text=Log ind").count() == 1
    assert errors == []
    page.close()


def test_a_wrong_password_is_refused_in_danish(browser: Any, demo_server: Server) -> None:
    page, errors = _open(browser, demo_server.base_url + "/login")
    page.fill("#username", "aalborg-dataansvarlig")
    page.fill("#password", "not the password")
    page.click("#login-form button[type=submit]")
    assert "Forkert brugernavn eller adgangskode" in page.locator("[role=alert]").inner_text()
    # The 401 page itself is the only console message a browser logs for it.
    assert all("401" in e for e in errors)
    page.close()

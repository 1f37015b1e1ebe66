"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright; nothing downloaded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, Server

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def _open(browser: Any, url: str, width: int = 1280) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return page, errors


def test_home_map_renders_98_shapes(browser: Any, demo_server: Server) -> None:
    page, errors = _open(browser, demo_server.base_url + "/")
    page.wait_for_selector("#map svg g.mark-shape path", timeout=30_000)
    assert page.locator("#map svg g.mark-shape path").count() == 98
    # The shapes fill the map (a ring with the wrong winding shrinks Denmark to a dot).
    box = page.locator('#map svg path[aria-label*="Kommune: Aalborg;"]').bounding_box()
    assert box is not None and box["width"] > 20 and box["height"] > 20
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
    assert errors == []
    page.close()


def test_map_by_kommunegruppe_in_english_on_a_phone(browser: Any, demo_server: Server) -> None:
    page, errors = _open(browser, demo_server.base_url + "/?farve=kommunegruppe&lang=en", 375)
    page.wait_for_selector("#map svg g.mark-shape path", timeout=30_000)
    assert page.locator("#map svg g.mark-shape path").count() == 98
    assert "Rural municipalities" in page.locator("#map").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the page must not scroll sideways on a phone"
    page.screenshot(path=str(ARTIFACTS / "home-phone-en.png"), full_page=True)
    assert errors == []
    page.close()


def test_clicking_a_municipality_on_the_map_opens_its_page(
    browser: Any, demo_server: Server
) -> None:
    page, errors = _open(browser, demo_server.base_url + "/")
    page.wait_for_selector("#map svg g.mark-shape path", timeout=30_000)
    # Viborg: a compact inland shape, so the centre of its box is inside it (a real mouse click).
    # Shapes are labelled with their names for screen readers and tooltips.
    target = page.locator('#map svg g.mark-shape path[aria-label*="Kommune: Viborg;"]').first
    target.click()
    page.wait_for_url("**/kommune/791**", timeout=10_000)
    assert "Viborg" in page.locator("h1").inner_text()
    assert errors == []
    page.close()

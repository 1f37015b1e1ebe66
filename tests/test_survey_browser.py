"""The response form on a phone, and the results page's charts, in real Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from faelled.settings import Settings
from faelled.survey.demo import build_demo_surveys
from faelled.survey.instruments import catalog
from faelled.survey.model import read_initiative_file
from faelled.survey.store import create_initiative, issue_tokens, open_round

from .conftest import ARTIFACTS, Server, start_server
from .survey_support import INITIATIVE, database, write_initiative

pytestmark = pytest.mark.browser

ALL = INITIATIVE.replace("[knoster, needs]", "[knoster, needs, mindset, maturity, changetype]")
MINE = ALL.replace("id: data-i-jobcentret", "id: phone-test")
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="module")
def survey_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, list[str]]]:
    """A real `faelled serve` over a home with the demo's survey initiatives, and one of our own
    with an open round and two unused links."""
    home = tmp_path_factory.mktemp("survey") / "faelled-data"
    with database(Settings(home=home)) as db:
        build_demo_surveys(db, catalog(), date.today(), lambda _: None)
        ini = read_initiative_file(write_initiative(home.parent, MINE))
        create_initiative(db, ini, catalog(), date.today())
        rnd = open_round(
            db, ini, catalog(), closes=date.today() + timedelta(days=14), today=date.today()
        )
        tokens = issue_tokens(db, rnd, 2, None)
    for server in start_server(home, "serve"):
        yield server, tokens


def _page(browser: Any, url: str) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport=PHONE, device_scale_factor=2, has_touch=True)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return page, errors


def test_a_phone_fills_in_the_survey_and_it_is_counted(
    browser: Any, survey_server: tuple[Server, list[str]]
) -> None:
    server, tokens = survey_server
    link = f"{server.base_url}/survey/r/{tokens[0]}"
    page, errors = _page(browser, link)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_label("Din enhed").select_option(label="Ydelsesteamet")
    # Answer every question by tapping an option's label, as a thumb would.
    names = page.eval_on_selector_all(
        "input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
    )
    assert len(names) == 18 + 6 + 12 + 24 + 12 + 4  # knoster, symptoms, needs, mindset, …
    for n, name in enumerate(names):
        options = page.locator(f'input[type=radio][name="{name}"]')
        choice = options.nth(min(3, options.count() - 1) if n % 2 else 1)
        choice.locator("xpath=..").tap()
        assert choice.is_checked(), name
    page.get_by_label("Hvad bygger du det på? (valgfrit)").first.fill("Vi har en dataejer.")
    page.get_by_role("button", name="Send svar").tap()
    page.wait_for_selector("#thanks")
    assert "Dine svar er modtaget" in page.locator("main").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "survey-thanks-phone.png"))

    # Counted: the list shows one response in the round.
    page.goto(f"{server.base_url}/survey")
    assert page.locator('[data-responses="phone-test-1"]').inner_text() == "1"
    assert errors == []
    # And only once: the same link is now refused, clearly (410 Gone).
    page.goto(link)
    assert "Dette link er allerede brugt" in page.locator("main").inner_text()
    assert errors == ["Failed to load resource: the server responded with a status of 410 (Gone)"]
    page.close()

    api = httpx.get(f"{server.base_url}/api/v1/survey/initiatives", timeout=30).json()
    mine = next(i for i in api["values"] if i["id"] == "phone-test")
    assert mine["rounds"][0]["responses"] == 1


def test_every_results_chart_renders_on_a_phone(
    browser: Any, survey_server: tuple[Server, list[str]]
) -> None:
    server, _ = survey_server
    page, errors = _page(browser, f"{server.base_url}/survey/data-i-jobcentret")
    for chart in ("knoster", "needs", "mindset", "maturity", "change_type", "change"):
        page.wait_for_selector(
            f"#{chart}-chart svg g.role-mark path", state="attached", timeout=30_000
        )
    # The needs heatmap draws one cell per group and need; hidden ones in grey, not as zero.
    cells = page.locator("#needs-chart svg g.mark-rect.role-mark path")
    assert cells.count() == 6 * 6
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    headline = page.locator("#headline").inner_text()
    assert "Svageste element" in headline and "Frustration" in headline
    page.screenshot(path=str(ARTIFACTS / "survey-results-phone.png"), full_page=True)
    assert errors == []
    page.close()

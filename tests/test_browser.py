"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright; nothing downloaded."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .conftest import ARTIFACTS, Server

pytestmark = pytest.mark.browser


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


# ---- the key-figure pages over the web commons (tests/web_commons.py) -------------------------

KPI_ID = "ex_benefit_share"
PAGES = [
    ("home-kpi", f"/?farve=kpi:{KPI_ID}", "#map svg g.mark-shape path"),
    ("municipality", "/kommune/851", ".tile svg.spark"),
    ("kpi", f"/noegletal/{KPI_ID}?kommune=851", "#ranking svg g.mark-rect path"),
    ("catalogue", "/katalog", "#results li"),
    ("data", "/data", "table tbody tr"),
    (
        "benchmark",
        f"/kommune/851/sammenligning?noegletal={KPI_ID}",
        "#scatter svg g.mark-symbol path",
    ),
    ("method", "/metode/employment", "#fits tbody tr"),
]


@pytest.mark.parametrize(("name", "path", "ready"), PAGES)
@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_page_loads_without_console_errors(
    browser: Any, commons_server: Server, name: str, path: str, ready: str, lang: str
) -> None:
    sep = "&" if "?" in path else "?"
    page, errors = _open(browser, f"{commons_server.base_url}{path}{sep}lang={lang}")
    page.wait_for_selector(ready, timeout=30_000)
    assert page.locator("html").get_attribute("lang") == lang
    if lang == "da":
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert errors == []
    page.close()


def test_kpi_map_colours_values_and_greys_suppressed(browser: Any, commons_server: Server) -> None:
    page, errors = _open(browser, f"{commons_server.base_url}/?farve=kpi:{KPI_ID}")
    page.wait_for_selector("#map svg g.mark-shape path", timeout=30_000)
    layers = page.locator("#map svg g.mark-shape")
    # The suppressed in grey (the 4 small ones and their secondary partners), the rest coloured:
    # all 98 on the map.
    twin = httpx.get(f"{commons_server.base_url}/api/v1/home?farve=kpi:{KPI_ID}").json()
    hidden = len(twin["suppressed"])
    assert layers.count() == 2 and hidden >= 4
    assert layers.nth(0).locator("path").count() == hidden
    assert layers.nth(1).locator("path").count() == 98 - hidden
    fills = layers.nth(1).evaluate(
        "g => [...g.querySelectorAll('path')].map(p => p.getAttribute('fill'))"
    )
    assert len(set(fills)) > 20  # a colour scale, not one colour
    laesoe = page.locator('#map svg path[aria-label*="Læsø"]')
    assert laesoe.count() == 1 and laesoe.get_attribute("fill") == "#c8c8c8"
    assert "diskretioneret" in (laesoe.get_attribute("aria-label") or "")
    # Clicking a municipality on the key-figure map opens its profile, with its tiles.
    page.locator('#map svg path[aria-label*="Kommune: Viborg;"]').first.click()
    page.wait_for_url("**/kommune/791**", timeout=10_000)
    page.wait_for_selector(".tile", timeout=10_000)
    assert "Viborg" in page.locator("h1").inner_text()
    assert errors == []
    page.close()


def test_kpi_page_charts_render(browser: Any, commons_server: Server) -> None:
    page, errors = _open(browser, f"{commons_server.base_url}/noegletal/{KPI_ID}?kommune=851")
    page.wait_for_selector("#series svg g.mark-line path", timeout=30_000)
    # The municipality, its region, kommunegruppe, the country and its comparable municipalities.
    assert page.locator("#series svg g.mark-line path").count() == 5
    twin = httpx.get(f"{commons_server.base_url}/api/v1/kpis/{KPI_ID}?kommune=851").json()
    ranked = sum(not r["suppressed"] for r in twin["table"])
    assert page.locator("#ranking svg g.mark-rect path").count() == ranked
    assert page.locator("#kpi-map svg g.mark-shape path").count() == 98
    assert (
        page.locator("tr.chosen")
        .inner_text()
        .startswith(page.locator("tr.chosen td").first.inner_text())
    )
    assert errors == []
    page.close()


def test_language_toggle_keeps_the_page(browser: Any, commons_server: Server) -> None:
    page, errors = _open(
        browser, f"{commons_server.base_url}/noegletal/{KPI_ID}?kommune=851&lang=da"
    )
    page.wait_for_selector("#series svg", timeout=30_000)
    assert "Lavere er bedre" in page.content()
    page.locator("#lang-toggle").click()
    page.wait_for_url("**lang=en**", timeout=10_000)
    assert page.locator("html").get_attribute("lang") == "en"
    assert "kommune=851" in page.url and "Lower is better" in page.content()
    page.locator("#lang-toggle").click()
    page.wait_for_url("**lang=da**", timeout=10_000)
    assert page.locator("html").get_attribute("lang") == "da"
    assert errors == []
    page.close()


def test_choosing_a_kpi_in_the_select_box_colours_the_map(
    browser: Any, commons_server: Server
) -> None:
    page, errors = _open(browser, f"{commons_server.base_url}/?lang=da")
    page.wait_for_selector("#map svg g.mark-shape path", timeout=30_000)
    page.select_option("#farve", f"kpi:{KPI_ID}")
    page.wait_for_url(f"**farve=kpi%3A{KPI_ID}**", timeout=10_000)
    page.wait_for_selector("#map svg g.mark-shape path", timeout=30_000)
    assert "Andel 16-66-årige" in page.locator(".map-caption").inner_text()
    assert errors == []
    page.close()


def test_catalogue_searches_as_you_type(browser: Any, commons_server: Server) -> None:
    page, errors = _open(browser, f"{commons_server.base_url}/katalog?lang=da")
    page.wait_for_selector("#results li", timeout=30_000)
    before = page.locator("#results li").count()
    assert before >= 4  # the shipped catalogue and this commons' own
    page.locator("#cq").press_sequentially("kontant", delay=30)
    # Polled from Python: page.wait_for_function evaluates a string, which the page's
    # Content-Security-Policy (no 'unsafe-eval') rightly refuses.
    for _ in range(100):
        if page.locator("#results li").count() < before:
            break
        page.wait_for_timeout(100)
    text = page.locator("#results").inner_text()
    assert "Personer på kontanthjælp" in text and "Andel af befolkningen 67+" not in text
    page.locator('#results a[href="/noegletal/ex_kontanthjaelp_persons"]').click()
    page.wait_for_url("**/noegletal/ex_kontanthjaelp_persons**", timeout=10_000)
    assert errors == []
    page.close()


@pytest.mark.parametrize(("name", "path", "ready"), PAGES)
def test_phone_width_has_no_sideways_scroll(
    browser: Any, commons_server: Server, name: str, path: str, ready: str
) -> None:
    page, errors = _open(browser, f"{commons_server.base_url}{path}", 375)
    page.wait_for_selector(ready, timeout=30_000)
    page.wait_for_timeout(300)  # charts size themselves to the container
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{path} is {width}px wide on a 375-px phone"
    page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)
    assert errors == []
    page.close()


def test_benchmark_scatter_renders_every_served_municipality(
    browser: Any, commons_server: Server
) -> None:
    url = f"/kommune/851/sammenligning?noegletal={KPI_ID}&periode=2023"
    page, errors = _open(browser, commons_server.base_url + url)
    page.wait_for_selector("#scatter svg g.mark-symbol path", timeout=30_000)
    twin = httpx.get(
        f"{commons_server.base_url}/api/v1/benchmark/851?kpi={KPI_ID}&period=2023"
    ).json()
    n = twin["expected_vs_actual"]["model"]["n"]
    symbols = page.locator("#scatter svg g.mark-symbol")
    points, ring = symbols.nth(0), symbols.nth(1)
    assert points.locator("path").count() == n  # every served municipality, once
    assert ring.locator("path").count() == 1  # the chosen one, highlighted
    assert page.locator("#scatter svg g.mark-rule.role-mark line").count() == n  # its interval
    assert "Aalborg" in page.locator("#scatter svg g.mark-text.role-mark").text_content() or ""
    # The suppressed are not plotted; the table alternative lists and marks them.
    assert "Læsø" not in (page.locator("#scatter svg").inner_html())
    page.locator("#scatter-table summary").click()
    hidden = page.locator("#scatter-table tr[data-suppressed]")
    assert hidden.count() == twin["expected_vs_actual"]["suppressed"] >= 4
    assert "diskretioneret" in hidden.first.inner_text()
    # Switching the group to the region keeps the key figure and period.
    page.select_option("#gruppe", "region")
    page.wait_for_url("**gruppe=region**", timeout=10_000)
    assert "noegletal=ex_benefit_share" in page.url and "periode=2023" in page.url
    assert "Regionen" in page.locator("#group-h").inner_text()
    page.wait_for_selector("#scatter svg g.mark-symbol path", timeout=30_000)
    assert errors == []
    page.close()


def test_data_page_quality_table_sorts_and_fits_a_phone(browser: Any, demo_server: Server) -> None:
    """The demo's loads give quality per municipality, worst first, 25 rows a page: a sortable,
    paged table (server-side, by links, so it works without JavaScript) and a heat-map table;
    each page as the JSON API has it."""
    base = demo_server.base_url
    api = base + "/api/v1/quality?view=municipality&per_page=25"

    def names(page: Any) -> list[str]:
        return list(page.locator("#quality-table tbody tr td:first-child").all_inner_texts())

    def api_names(query: str) -> list[str]:
        got = httpx.get(api + query, timeout=30).json()
        return [r["municipality_name"] for r in got["values"]]

    page, errors = _open(browser, base + "/data", 375)
    page.wait_for_selector("#quality-table tbody tr", timeout=30_000)
    twin = httpx.get(api + "&sort=score&order=asc", timeout=30).json()
    assert twin["total"] == 98 and twin["count"] == 25 and twin["pages"] == 4
    assert names(page) == [r["municipality_name"] for r in twin["values"]]
    full = httpx.get(base + "/api/v1/quality", timeout=30).json()
    assert full["count"] == 98 * len(full["heatmap"]["domains"])  # the API stays complete
    assert page.locator("#quality-heatmap tbody tr").count() == len(full["heatmap"]["rows"]) == 98
    assert "række 1–25 af 98" in page.locator("#quality-table caption").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # The demo's data end in 2024 and are loaded in 2026: late, and the page says why.
    assert "455 dage" in page.locator("#timeliness-late").inner_text()
    # Next page, then a sort link: the sort covers every page and starts again at page 1.
    page.locator('#quality-pager a[rel="next"]').click()
    page.wait_for_url("**side=2**", timeout=10_000)
    assert names(page) == api_names("&sort=score&order=asc&page=2")
    page.locator('#quality-table th a.sort:has-text("Kommune")').click()
    page.wait_for_url("**sort=municipality**", timeout=10_000)
    assert "side=" not in page.url
    header = page.locator("#quality-table th[aria-sort]")
    assert header.count() == 1 and "Kommune" in header.inner_text()
    assert names(page) == api_names("&sort=municipality&order=asc")
    # Choosing a region submits the form (and keeps the sort); the rows are the region's.
    page.select_option("#q-region", "1081")
    page.wait_for_url("**region=1081**", timeout=10_000)
    assert "sort=municipality" in page.url
    assert names(page) == api_names("&sort=municipality&order=asc&region=1081")
    # Drill down: the municipality's domains and datasets.
    first = names(page)[0]
    page.locator("#quality-table tbody tr td:first-child a").first.click()
    page.wait_for_url("**visning=domaener**", timeout=10_000)
    assert first in page.locator("#quality-crumbs").inner_text()
    domains = len(full["heatmap"]["domains"])
    assert page.locator("#quality-table tbody tr").count() == domains
    assert page.locator("#quality-datasets tbody tr").count() >= domains
    page.screenshot(path=str(ARTIFACTS / "data-quality-phone.png"), full_page=True)
    assert errors == []
    page.close()

"""The pages over the web commons, and that each page and its JSON twin come from one function."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from faelled.settings import Settings
from faelled.web.app import create_app

from .web_commons import DRAFT, SMALL, copy

KPI_ID = "ex_benefit_share"


@pytest.fixture(scope="module")
def client(web_commons: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    served = copy(web_commons, tmp_path_factory.mktemp("pages"))
    with TestClient(create_app(served), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(autouse=True)
def danish_first(client: TestClient) -> None:
    client.cookies.clear()  # the language is remembered in a cookie: start from the default


@pytest.mark.parametrize(
    ("url", "da", "en"),
    [
        ("/", "Danmarks 98 kommuner", "Denmark&#39;s 98 municipalities"),
        (f"/?farve=kpi:{KPI_ID}", "Diskretionerede kommuner", "Suppressed municipalities"),
        ("/kommune/851", "Beskæftigelse", "Employment"),
        (f"/noegletal/{KPI_ID}?kommune=851", "Lavere er bedre", "Lower is better"),
        ("/katalog", "Søg nøgletal", "Search key figures"),
        ("/data", "Der er ingen indlæsninger endnu", "No loads yet"),
    ],
)
def test_pages_in_danish_and_english(client: TestClient, url: str, da: str, en: str) -> None:
    sep = "&" if "?" in url else "?"
    page = client.get(url)
    assert page.status_code == 200 and '<html lang="da">' in page.text and da in page.text
    english = client.get(f"{url}{sep}lang=en")
    assert '<html lang="en">' in english.text and en in english.text
    # The language toggle keeps the page and its query.
    assert 'id="lang-toggle"' in page.text
    if "kommune=851" in url:
        assert f'href="/noegletal/{KPI_ID}?kommune=851&amp;lang=en"' in page.text


def test_no_inline_scripts_or_handlers(client: TestClient) -> None:
    """A Content-Security-Policy is coming: scripts are files, specs are JSON data blocks."""
    for url in ("/", f"/?farve=kpi:{KPI_ID}", "/kommune/101", f"/noegletal/{KPI_ID}", "/katalog"):
        html = client.get(url).text
        assert " onchange=" not in html and " onclick=" not in html
        assert html.count("<script") == html.count("<script src=") + html.count(
            '<script type="application/json"'
        )


def _published(client: TestClient, period: str) -> int:
    """How many municipalities have a served value (primary and secondary suppression aside)."""
    url = f"/api/v1/values?kpi={KPI_ID}&period={period}&breakdown=total"
    return sum(not r["suppressed"] for r in client.get(url).json()["values"])


def test_profile_tiles_per_domain_match_the_twin(client: TestClient) -> None:
    twin = client.get("/api/v1/municipalities/851").json()
    domains = {d["id"]: d for d in twin["domains"]}
    assert set(domains) == {"employment", "elderly"}
    tile = next(t for t in domains["employment"]["tiles"] if t["id"] == KPI_ID)
    assert tile["period"] == "2024" and tile["value"] is not None and len(tile["series"]) == 6
    # Suppressed municipalities (the 4 small ones and their secondary partners) have no rank.
    assert 1 <= tile["rank"] <= tile["rank_of"] == _published(client, "2024") <= 94
    # Ranked among its computed sammenligningskommuner (k = 10) with a served value, and itself.
    peers = client.get(f"/api/v1/benchmark/851?kpi={KPI_ID}&period=2024").json()["peer_group"]
    served = [m for m in peers["members"] if not m["suppressed"]]
    assert tile["group_kind"] == "computed" and tile["group_of"] == len(served) + 1
    assert tile["benchmark_url"] == f"/kommune/851/sammenligning?noegletal={KPI_ID}"
    assert tile["verdict"] == ("better" if tile["value"] < tile["country_value"] else "worse")
    page = client.get("/kommune/851").text
    assert tile["value_text"] in page and f"{tile['rank']}/{tile['rank_of']}" in page
    assert DRAFT not in page and "ex_elderly_share" in page


def test_suppressed_tiles_say_so(client: TestClient) -> None:
    twin = client.get("/api/v1/municipalities/825").json()
    tile = next(t for d in twin["domains"] for t in d["tiles"] if t["id"] == KPI_ID)
    assert tile["suppressed"] is True and tile["value"] is None and tile["rank"] is None
    assert "diskretioneret" in client.get("/kommune/825").text


def test_kpi_page_and_twin(client: TestClient) -> None:
    twin = client.get(f"/api/v1/kpis/{KPI_ID}?kommune=Aalborg&periode=2023").json()
    assert twin["period"] == "2023" and twin["municipality"] == {"id": "851", "title": "Aalborg"}
    table = twin["table"]
    assert len(table) == 98 and table[0]["rank"] == 1
    k = _published(client, "2023")
    assert [r["value"] for r in table[:k]] == sorted(r["value"] for r in table[:k])  # lower first
    assert all(r["suppressed"] for r in table[k:])
    series = twin["charts"]["series"]["datasets"]["figures"]
    assert {s["series"] for s in series} == {
        "Aalborg",
        "Region Nordjylland",
        "Storbykommuner",
        "Hele landet",
        "Sammenligningskommuner",
    }
    formats = [link["format"] for d in twin["downloads"] for link in d["links"]]
    assert formats.count("xlsx") == 2 and "jsonstat" in formats and "csv (,)" in formats
    page = client.get(f"/noegletal/{KPI_ID}?kommune=851&periode=2023").text
    assert table[0]["area_name"] in page and 'class="chosen"' in page
    for d in twin["downloads"]:
        for link in d["links"]:
            assert client.get(link["url"]).status_code == 200


def test_kpi_page_errors_are_pages(client: TestClient) -> None:
    missing = client.get("/noegletal/nope")
    assert missing.status_code == 404 and "<html" in missing.text
    assert client.get(f"/noegletal/{DRAFT}").status_code == 403
    assert client.get(f"/noegletal/{KPI_ID}?periode=1999").status_code == 404


def test_catalogue_live_search(client: TestClient) -> None:
    page = client.get("/katalog?q=andel")
    assert 'hx-get="/katalog/resultater"' in page.text and "Andel af befolkningen 67+" in page.text
    part = client.get("/katalog/resultater?q=kontant").text
    assert "<!doctype" not in part.lower() and "<body" not in part
    assert "Personer på kontanthjælp" in part and "Andel af befolkningen 67+" not in part
    twin = client.get("/api/v1/catalogue?q=kontant").json()
    assert "ex_kontanthjaelp_persons" in [v["id"] for v in twin["values"]]
    assert all("kontant" in v["title"].lower() for v in twin["values"])
    elderly = client.get("/api/v1/catalogue?domain=elderly").json()["values"]
    assert "ex_elderly_share" in [v["id"] for v in elderly]


def test_data_page_lists_contracts(client: TestClient) -> None:
    twin = client.get("/api/v1/datasets").json()
    names = [d["name"] for d in twin["datasets"]]
    assert "benefit_spells" in names and twin["loads_available"] is False
    page = client.get("/data").text
    assert "benefit_spells" in page


def test_home_kpi_map_twin(client: TestClient) -> None:
    twin = client.get(f"/api/v1/home?farve=kpi:{KPI_ID}").json()
    assert twin["kpi"]["id"] == KPI_ID and twin["period"] == "2024"
    assert set(twin["suppressed"]) >= set(SMALL) and twin["suppressed"] == sorted(
        twin["suppressed"]
    )
    values = twin["map"]["datasets"]["figures"]
    assert len(values) == 98 and sum(v["value"] is None for v in values) == len(twin["suppressed"])
    assert twin["kpi_options"][0]["value"] == f"kpi:{KPI_ID}"
    assert all(DRAFT not in o["value"] for o in twin["kpi_options"])

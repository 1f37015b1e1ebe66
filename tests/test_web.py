from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from faelled.settings import Settings
from faelled.web.app import create_app

from .conftest import Server


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


def test_municipalities_api_has_kolada_shape(client: TestClient) -> None:
    data = client.get("/api/v1/municipalities").json()
    assert set(data) == {"values", "count"}
    assert data["count"] == 98
    assert data["values"][0]["id"] == "101" and data["values"][0]["title"] == "København"


def test_regions_and_groups(client: TestClient) -> None:
    regions = client.get("/api/v1/regions").json()["values"]
    assert [len(r["members"]) for r in regions] == [11, 19, 22, 29, 17]
    groups = client.get("/api/v1/groups?lang=en").json()["values"]
    assert groups[1]["title"] == "Metropolitan municipalities"
    assert groups[1]["members"] == ["461", "751", "851"]


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/v1/nothing-here", 404, "not_found"),
        ("/api/v1/municipalities/Aalborgg", 404, "unknown_name"),
        ("/api/v1/municipalities/Christiansø", 404, "not_found"),
        ("/api/v1/regions?lang=fr", 422, "invalid_request"),
        ("/api/v1/home?farve=purple", 422, "invalid_request"),
    ],
)
def test_every_api_error_has_one_envelope(
    client: TestClient, path: str, status: int, code: str
) -> None:
    r = client.get(path)
    assert r.status_code == status
    body = r.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "hint"}
    assert body["error"]["status"] == status and body["error"]["code"] == code
    assert body["error"]["message"]


def test_method_not_allowed_uses_the_envelope(client: TestClient) -> None:
    r = client.post("/api/v1/municipalities")
    assert r.status_code == 405
    assert r.json()["error"]["code"] == "method_not_allowed"


def test_home_page_is_danish_first_and_english_on_request(client: TestClient) -> None:
    da = client.get("/")
    assert da.status_code == 200
    assert '<html lang="da">' in da.text and "Danmarks 98 kommuner" in da.text
    en = client.get("/?lang=en")
    assert '<html lang="en">' in en.text and "Denmark&#39;s 98 municipalities" in en.text
    assert en.cookies.get("lang") == "en"


def test_home_json_twin_carries_the_map_spec(client: TestClient) -> None:
    data = client.get("/api/v1/home?farve=kommunegruppe").json()
    assert len(data["municipalities"]) == 98
    spec = data["map"]
    assert spec["mark"]["type"] == "geoshape"
    assert spec["data"]["url"] == "/api/v1/boundaries"
    assert spec["encoding"]["color"]["field"] == "kommunegruppe"


def test_search_box_resolves_names(client: TestClient) -> None:
    r = client.get("/kommune?q=koebenhavn", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/kommune/101"
    page = client.get("/kommune/101")
    assert "København" in page.text and "Hovedstadskommuner" in page.text
    missing = client.get("/kommune?q=Aalborgg")
    assert missing.status_code == 404 and "Aalborg (851)" in missing.text


def test_boundaries_and_local_assets(client: TestClient) -> None:
    geo = client.get("/api/v1/boundaries")
    assert geo.headers["content-type"].startswith("application/geo+json")
    assert len(geo.json()["features"]) == 98
    bundle = client.get("/static/vendor/vega.js")
    assert bundle.status_code == 200 and "vegaEmbed" in bundle.text
    assert client.get("/static/htmx.min.js").status_code == 200


def test_openapi_docs_served_without_a_cdn(client: TestClient) -> None:
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert "cdn." not in docs.text
    assert "/api/v1/municipalities" in client.get("/api/openapi.json").json()["paths"]


def test_the_demo_server_serves_home_and_api(demo_server: Server) -> None:
    home = httpx.get(demo_server.base_url + "/", timeout=30)
    assert home.status_code == 200 and "Danmarks 98 kommuner" in home.text
    api = httpx.get(demo_server.base_url + "/api/v1/municipalities", timeout=30).json()
    assert api["count"] == 98


def test_the_demo_commons_holds_its_extracts_and_reference(demo_server: Server) -> None:
    import json

    from .conftest import run_cli

    info = json.loads(run_cli("info", "--json", home=demo_server.home).stdout)
    assert info["via_server"] == demo_server.base_url
    assert info["tables"]["ref_municipalities"] == 98
    manifest = json.loads((demo_server.home / "extracts" / "manifest.json").read_text())
    assert len(manifest["formats"]) == 98  # every municipality delivers

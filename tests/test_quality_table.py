"""The data page's quality table: one row per municipality by default, filtered by region,
municipality and domain, sorted and paged on the server (links, no JavaScript), with a drill-down
to the domains — each page checked against a hand computation from the complete
`/api/v1/quality` (municipality × domain rows), which keeps its old parameters and answer."""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from fastapi.testclient import TestClient

from faelled.catalog.contracts import load_contracts
from faelled.engine import Database, migrate
from faelled.reference import reference
from faelled.reference.collation import danish_key
from faelled.settings import Settings
from faelled.web.app import create_app
from faelled.web.views.quality import PAGE_SIZE

MEASURES = ("completeness", "validity", "uniqueness", "timeliness")
# 60 municipalities (every region), so the page has 3 pages of 25; three left without loads.
MUNICIPALITIES = [m.code for m in reference().municipalities][:60]


def _scores(settings: Settings) -> None:
    """Quality rows as ingest writes them, for every shipped dataset × municipality: a first
    load, and for every third municipality a later load that must win. Seeded."""
    rng = random.Random(11)
    datasets = sorted(load_contracts(settings))
    t0 = datetime(2026, 1, 5, tzinfo=UTC)
    rows = []
    for i, m in enumerate(MUNICIPALITIES):
        for d in datasets:
            loads = [t0] + ([t0 + timedelta(days=30)] if i % 3 == 0 else [])
            for n, at in enumerate(loads):
                q = {k: round(rng.uniform(0.6, 1.0), 4) for k in MEASURES}
                q["timeliness"] = round(rng.choice([0.0, 0.5, 1.0]), 4)
                rows.append(
                    {
                        "dataset": d,
                        "municipality": m,
                        "load_id": f"{m}-{d}-{n}",
                        **q,
                        "score": sum(q.values()) / 4,
                        "computed_at": at,
                    }
                )
    with Database(settings) as db:
        migrate(db)
        schema = db.table("quality_scores").schema().to_pyarrow()
        db.backend.insert("quality_scores", pa.Table.from_pylist(rows, schema=schema))


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(home=tmp_path_factory.mktemp("quality") / "home")
    _scores(settings)
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture(scope="module")
def full(client: TestClient) -> list[dict[str, Any]]:
    """The complete API answer: every municipality × domain row."""
    got = client.get("/api/v1/quality").json()
    assert got["count"] == got["total"] == len(got["values"])
    return list(got["values"])


def _by_hand(full: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per municipality from the domain rows: each measure's mean over all the datasets (a
    domain's mean weighted by its datasets) and the lowest-scoring domain."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in full:
        groups[r["municipality"]].append(r)
    out = {}
    for m, rows in groups.items():
        n = sum(r["datasets"] for r in rows)
        out[m] = {
            "datasets": n,
            **{k: sum(r[k] * r["datasets"] for r in rows) / n for k in (*MEASURES, "score")},
            "worst_domain": min(rows, key=lambda r: (r["score"], r["domain_title"]))["domain"],
            "region": reference().municipality(m).region_code,
        }
    return out


def _rows(client: TestClient, query: str = "") -> list[dict[str, Any]]:
    """The municipality view, complete, its values checked against the hand computation."""
    full = client.get("/api/v1/quality").json()["values"]
    hand = _by_hand(full)
    got = client.get("/api/v1/quality?view=municipality" + query).json()["values"]
    for r in got:
        for k in (*MEASURES, "score"):
            assert r[k] == pytest.approx(hand[r["municipality"]][k], abs=2e-4)
    return list(got)


def _worst_first(rows: list[dict[str, Any]], key: str = "score") -> list[str]:
    """Codes sorted as the table promises: the value, then the name."""
    ordered = sorted(rows, key=lambda r: (r[key], danish_key(r["municipality_name"])))
    return [r["municipality"] for r in ordered]


def _table(html: str) -> list[list[str]]:
    """The quality table's body cells as text, row by row."""
    body = html.split('id="quality-table"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [
            unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", tr)
        ]
        for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def _link(html: str, pattern: str) -> str:
    """The first href in the page matching `pattern`, as a path to get."""
    found = re.search(pattern, html)
    assert found, pattern
    return unescape(found.group(1)).split("#")[0]


def test_the_api_answers_as_before_and_is_complete(
    client: TestClient, full: list[dict[str, Any]]
) -> None:
    contracts = load_contracts(Settings(home=Path("/nonexistent")))
    domains = {str(c.domain) for c in contracts.values()}
    assert len(full) == len(MUNICIPALITIES) * len(domains)
    assert {(r["municipality"], r["domain"]) for r in full} == {
        (m, d) for m in MUNICIPALITIES for d in domains
    }
    by_name = client.get("/api/v1/quality?sort=municipality&order=asc").json()["values"]
    names = [r["municipality_name"] for r in by_name]
    assert names == sorted(names, key=danish_key) and len(by_name) == len(full)
    scores = [
        r["score"] for r in client.get("/api/v1/quality?sort=score&order=desc").json()["values"]
    ]
    assert scores == sorted(scores, reverse=True)
    assert len(client.get("/api/v1/quality").json()["heatmap"]["rows"]) == len(MUNICIPALITIES)


def test_one_row_per_municipality_matches_the_hand_computation(
    client: TestClient, full: list[dict[str, Any]]
) -> None:
    hand = _by_hand(full)
    got = client.get("/api/v1/quality?view=municipality&sort=score&order=asc").json()
    assert got["total"] == got["count"] == len(MUNICIPALITIES)
    assert [r["municipality"] for r in got["values"]] == _worst_first(got["values"])
    for r in got["values"]:
        h = hand[r["municipality"]]
        assert r["datasets"] == h["datasets"] and r["worst_domain"] == h["worst_domain"]
        for k in (*MEASURES, "score"):
            assert r[k] == pytest.approx(h[k], abs=2e-4), (r["municipality"], k)


def test_pages_of_the_api_add_up_to_the_whole(
    client: TestClient, full: list[dict[str, Any]]
) -> None:
    whole = _worst_first(_rows(client))
    url = "/api/v1/quality?view=municipality&sort=score&order=asc&per_page=25"
    seen: list[str] = []
    pages = 0
    while url:
        got = client.get(url).json()
        assert got["total"] == len(whole) and got["per_page"] == 25
        seen += [r["municipality"] for r in got["values"]]
        pages += 1
        url = got["next_url"]
    assert seen == whole and pages == 3
    last = client.get("/api/v1/quality?view=municipality&sort=score&order=asc&per_page=25&page=3")
    assert last.json()["count"] == len(whole) - 50 and last.json()["previous_url"]
    beyond = client.get("/api/v1/quality?view=municipality&per_page=25&page=4")
    assert beyond.status_code == 400 and "3" in beyond.json()["error"]["hint"]


def test_filters_keep_the_right_rows(client: TestClient, full: list[dict[str, Any]]) -> None:
    hand = _by_hand(full)
    region = reference().municipality(MUNICIPALITIES[0]).region_code
    mine = {m for m, h in hand.items() if h["region"] == region}
    got = client.get(f"/api/v1/quality?view=municipality&region={region}").json()
    assert {r["municipality"] for r in got["values"]} == mine and 0 < len(mine) < len(hand)
    assert {r["municipality"] for r in got["heatmap"]["rows"]} == mine
    # A Statistics Denmark region code ("84") means the same region as the DAGI code ("1084").
    short = client.get(f"/api/v1/quality?view=municipality&region={region[2:]}").json()
    assert short["values"] == got["values"]
    # A domain filter averages that domain's datasets only: the domain rows of the full answer.
    schools = {r["municipality"]: r for r in full if r["domain"] == "schools"}
    got = client.get("/api/v1/quality?view=municipality&domain=schools").json()["values"]
    assert len(got) == len(schools)
    for r in got:
        assert r["score"] == pytest.approx(schools[r["municipality"]]["score"], abs=1e-4)
    one = client.get("/api/v1/quality?municipality=0" + MUNICIPALITIES[5]).json()
    assert {r["municipality"] for r in one["values"]} == {MUNICIPALITIES[5]}
    assert len(one["values"]) == len({r["domain"] for r in full})
    for bad, word in (
        ("region=9", "region"),
        ("municipality=999", "kommune"),
        ("domain=x", "domæne"),
    ):
        answer = client.get(f"/api/v1/quality?{bad}")
        assert answer.status_code == 400 and word in answer.json()["error"]["message"].lower()
    wrong = client.get("/api/v1/quality?view=municipality&sort=domain")
    assert wrong.status_code == 400 and "region" in wrong.json()["error"]["hint"]


def test_the_page_shows_25_municipalities_worst_first_and_pages_by_links(
    client: TestClient, full: list[dict[str, Any]]
) -> None:
    names = {r["municipality"]: r["municipality_name"] for r in full}
    whole = [names[m] for m in _worst_first(_rows(client))]
    html = client.get("/data?lang=da").text
    rows = _table(html)
    assert [r[0] for r in rows] == whole[:PAGE_SIZE]
    assert f"række 1–{PAGE_SIZE} af {len(whole)}" in html
    assert 'aria-sort="ascending"' in html and "<caption>Datakvalitet pr. kommune" in html
    # The pager's "next" link: the following 25, as the API's second page has them.
    page2 = client.get(_link(html, r'<a rel="next" href="([^"]+)"')).text
    assert [r[0] for r in _table(page2)] == whole[PAGE_SIZE : 2 * PAGE_SIZE]
    api2 = client.get(
        "/api/v1/quality?view=municipality&sort=score&order=asc&per_page=25&page=2"
    ).json()
    assert [r[0] for r in _table(page2)] == [r["municipality_name"] for r in api2["values"]]
    assert 'aria-current="page"><strong>2</strong>' in page2
    # A sort link on page 2 sorts the whole table and starts again at page 1.
    by_name = client.get(_link(page2, r'<a class="sort" href="([^"]+sort=municipality[^"]+)"')).text
    assert [r[0] for r in _table(by_name)] == sorted(whole, key=danish_key)[:PAGE_SIZE]
    assert "side=" not in _link(page2, r'<a class="sort" href="([^"]+sort=municipality[^"]+)"')


def test_the_page_filters_by_region_and_keeps_the_filter_when_sorting(
    client: TestClient, full: list[dict[str, Any]]
) -> None:
    hand = _by_hand(full)
    names = {r["municipality"]: r["municipality_name"] for r in full}
    region = reference().municipality(MUNICIPALITIES[0]).region_code
    rows = [r for r in _rows(client) if hand[r["municipality"]]["region"] == region]
    mine = _worst_first(rows)
    html = client.get(f"/data?region={region}").text
    assert [r[0] for r in _table(html)] == [names[m] for m in mine[:PAGE_SIZE]]
    assert f'<option value="{region}" selected>' in html
    sort = _link(html, r'<a class="sort" href="([^"]+sort=validity[^"]+)"')
    assert f"region={region}" in sort
    expected = _worst_first(rows, "validity")
    assert [r[0] for r in _table(client.get(sort).text)] == [names[m] for m in expected[:PAGE_SIZE]]


def test_a_municipality_drills_down_to_its_domains(
    client: TestClient, full: list[dict[str, Any]]
) -> None:
    html = client.get("/data").text
    drill = _link(html, r'<td><a href="(/data\?visning=domaener[^"]+)"')
    code = re.search(r"kommune=(\d+)", drill)
    assert code
    page = client.get(drill).text
    mine = sorted(
        (r for r in full if r["municipality"] == code.group(1)), key=lambda r: r["domain_title"]
    )
    rows = _table(page)
    assert [r[2] for r in rows] == [r["domain_title"] for r in mine]  # municipality, region, domain
    assert 'id="quality-crumbs"' in page and 'data-view="domain"' in page
    # Below: the municipality's datasets, each with the latest of its loads.
    detail = client.get(f"/api/v1/quality?municipality={code.group(1)}").json()["datasets"]
    assert len(detail) == len(load_contracts(Settings(home=Path("/nonexistent"))))
    latest = 1 if MUNICIPALITIES.index(code.group(1)) % 3 == 0 else 0
    assert all(d["load_id"].endswith(f"-{latest}") for d in detail)
    table = page.split('id="quality-datasets"', 1)[1].split("</table>", 1)[0]
    assert table.count('href="/api/v1/loads/') == len(detail)
    back = _link(page, r'id="quality-crumbs"><a href="([^"]+)"')
    assert "visning=kommuner" in back and "kommune=" not in back


def test_the_page_explains_the_measures_in_both_languages(client: TestClient) -> None:
    da = client.get("/data?lang=da").text
    assert "Sådan måles datakvaliteten" in da and "nyeste periode" in da
    en = client.get("/data?lang=en").text
    assert "How data quality is measured" in en and "newest period" in en
    assert "Per municipality" in en and "Weakest domain" in en
    # Some deliveries here are on time: no "all late" note.
    assert 'id="timeliness-late"' not in da
    bad = client.get("/data?kommune=999&lang=da")
    assert bad.status_code == 400 and "Ukendt kommunekode" in bad.text


def test_shares_are_written_as_each_language_writes_them(client: TestClient) -> None:
    def shares(html: str) -> list[str]:
        return [c for row in _table(html) for c in row if c.endswith("%")]

    da, en = shares(client.get("/data?lang=da").text), shares(client.get("/data?lang=en").text)
    assert da and len(da) == len(en)
    assert all(re.fullmatch(r"\d{1,3},\d %", c) for c in da), da[:5]  # 99,9 %
    assert all(re.fullmatch(r"\d{1,3}\.\d %", c) for c in en), en[:5]  # 99.9 %
    assert [c.replace(",", ".") for c in da] == en

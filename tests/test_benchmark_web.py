"""The benchmark page, its JSON twin and the peer-group API over the web commons: the numbers
are checked against a hand computation from the served values (/api/v1/values), and nothing of
a suppressed municipality's value reaches the page, the twin or the chart."""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterator
from typing import Any

import altair as alt
import duckdb
import pytest
from fastapi.testclient import TestClient

from faelled.access import Actor
from faelled.reference import reference
from faelled.settings import Settings
from faelled.web.app import create_app
from faelled.web.views.benchmark import benchmark_data

from .web_commons import DRAFT, SMALL, copy

KPI_ID = "ex_benefit_share"  # lower is better, with a denominator
PERIOD = "2023"


@pytest.fixture(scope="module")
def client(web_commons: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    served = copy(web_commons, tmp_path_factory.mktemp("benchmark-web"))
    with TestClient(create_app(served), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(autouse=True)
def danish_first(client: TestClient) -> None:
    client.cookies.clear()  # the language is remembered in a cookie: start from the default


@pytest.fixture(scope="module")
def twin(client: TestClient) -> dict[str, Any]:
    r = client.get(f"/api/v1/benchmark/851?kpi={KPI_ID}&period={PERIOD}")
    assert r.status_code == 200, r.text
    assert "NaN" not in r.text and "Infinity" not in r.text  # strict JSON
    data: dict[str, Any] = r.json()
    return data


def _served(client: TestClient, period: str = PERIOD) -> dict[str, dict[str, Any]]:
    url = f"/api/v1/values?kpi={KPI_ID}&period={period}&breakdown=total&per_page=5000"
    return {r["area"]: r for r in client.get(url).json()["values"]}


def test_standing_equals_a_hand_computation_from_the_served_values(
    client: TestClient, twin: dict[str, Any]
) -> None:
    served = _served(client)
    shown = {c: r["value"] for c, r in served.items() if not r["suppressed"]}
    s = twin["standing"]
    assert twin["value"] == s["value"] == shown["851"]
    # Rank 1 is the lowest (lower is better) among the municipalities with a served value.
    assert s["rank"] == 1 + sum(v < shown["851"] for v in shown.values())
    assert s["rank_of"] == len(shown) < 98
    worse = sum(v > shown["851"] for c, v in shown.items() if c != "851")
    ties = sum(v == shown["851"] for c, v in shown.items() if c != "851")
    assert s["percentile"] == pytest.approx(100 * (worse + ties / 2) / (len(shown) - 1), abs=0.01)
    group = twin["peer_group"]
    assert group["kind"] == "computed" and group["domain"] == "employment"
    members = [m["id"] for m in group["members"]]
    assert len(members) == 10 and "851" not in members
    distances = [m["distance"] for m in group["members"]]
    assert distances == sorted(distances) and distances[0] > 0
    peers = [served[c] for c in members if c in served and not served[c]["suppressed"]]
    weighted = sum(p["numerator"] for p in peers) / sum(p["denominator"] for p in peers) * 100
    unweighted = sum(p["value"] for p in peers) / len(peers)
    assert s["peer_value_weighted"] == pytest.approx(weighted)
    assert s["peer_value_unweighted"] == pytest.approx(unweighted)
    sd = math.sqrt(sum((p["value"] - unweighted) ** 2 for p in peers) / (len(peers) - 1))
    assert s["z"] == pytest.approx((shown["851"] - unweighted) / sd)
    assert s["peer_rank"] == 1 + sum(p["value"] < shown["851"] for p in peers)
    assert s["peer_rank_of"] == len(peers) + 1
    # The trend: an OLS slope over the five periods up to the chosen one, with its interval.
    assert s["trend"]["first_year"] == 2019 and s["trend"]["last_year"] == 2023
    assert s["trend"]["lower"] < s["trend"]["slope"] < s["trend"]["upper"]
    # The verdict follows the model's interval and the direction (lower is better).
    e = s["expected"]
    assert e["lower"] < e["expected"] < e["upper"] and s["verdict_basis"] == "model"
    outside = (
        "better" if e["actual"] < e["lower"] else "worse" if e["actual"] > e["upper"] else None
    )
    assert s["verdict"] == (outside or "as_expected")


def test_the_page_shows_the_twin(client: TestClient, twin: dict[str, Any]) -> None:
    page = client.get(f"/kommune/851/sammenligning?noegletal={KPI_ID}&periode={PERIOD}")
    assert page.status_code == 200 and '<html lang="da">' in page.text
    text = page.text
    s = twin["standing"]
    assert s["value_text"] in text and f"{s['rank']} af {s['rank_of']}" in text
    assert s["verdict_text"] in text and "Sammenligningskommuner" in text
    assert twin["peer_group"]["members"][0]["title"] in text
    assert 'id="scatter-spec"' in text and "Metodenote" in text
    english = client.get(f"/kommune/851/sammenligning?noegletal={KPI_ID}&periode={PERIOD}&lang=en")
    assert '<html lang="en">' in english.text and "Comparable municipalities" in english.text
    assert f"{s['rank']} of {s['rank_of']}" in english.text
    # The profile tiles and the KPI page link here.
    assert f"/kommune/851/sammenligning?noegletal={KPI_ID}" in client.get("/kommune/851").text
    kpi_page = client.get(f"/noegletal/{KPI_ID}?kommune=851&periode={PERIOD}").text
    assert f"/kommune/851/sammenligning?noegletal={KPI_ID}&amp;periode={PERIOD}" in kpi_page


def test_expected_versus_actual_covers_the_served_and_marks_the_suppressed(
    client: TestClient, twin: dict[str, Any]
) -> None:
    served = _served(client)
    hidden = {c for c, r in served.items() if r["suppressed"]}
    assert hidden >= set(SMALL)
    ea = twin["expected_vs_actual"]
    rows = {r["municipality"]: r for r in ea["rows"]}
    assert {c for c, r in rows.items() if r["suppressed"]} == hidden
    for c in hidden:
        assert rows[c]["actual"] is None and rows[c]["expected"] is None
    assert ea["model"]["n"] == len(served) - len(hidden) == ea["model"]["n"]
    flagged = [r for r in ea["rows"] if not r["suppressed"] and r["flag"]]
    assert ea["flagged"] == len(flagged) == ea["model"]["flagged"]
    for r in ea["rows"]:
        if not r["suppressed"]:
            assert r["actual"] == served[r["municipality"]]["value"]
            inside = r["lower"] <= r["actual"] <= r["upper"]
            assert (r["flag"] is None) == inside
    # The chart: every served municipality once, the chosen one highlighted, none suppressed.
    chart = ea["chart"]
    alt.LayerChart.from_dict(chart, validate=True)
    points = chart["datasets"]["figures"]
    names = {m.code: m.name for m in reference().municipalities}
    assert len(points) == ea["model"]["n"]
    assert not {p["name"] for p in points} & {names[c] for c in hidden}
    assert [p["name"] for p in points if p["chosen"]] == ["Aalborg"]


def test_no_suppressed_value_leaks(
    client: TestClient, twin: dict[str, Any], web_commons: Settings
) -> None:
    """The raw values behind the suppressed cells appear nowhere in the twin or the page."""
    served = _served(client)
    hidden = sorted(c for c, r in served.items() if r["suppressed"])
    con = duckdb.connect(str(web_commons.home / "faelled.duckdb"), read_only=True)
    try:
        raw = con.execute(
            "select area, value, numerator, denominator from kpi_values where kpi = ? and "
            "period = ? and area_type = 'municipality' and breakdown = ''",
            [KPI_ID, PERIOD],
        ).fetchall()
    finally:
        con.close()
    secrets = [r for r in raw if r[0] in hidden]
    assert len(secrets) == len(hidden)
    # A value another municipality shares (the same ratio) is served as theirs: not a secret.
    public = {r["value"] for r in served.values() if not r["suppressed"]}
    secrets = [r for r in secrets if r[1] not in public]
    assert secrets
    for c in ("851", *hidden):
        twin_text = client.get(f"/api/v1/benchmark/{c}?kpi={KPI_ID}&period={PERIOD}").text
        numbers = _numbers(json.loads(twin_text))
        for area, value, numerator, denominator in secrets:
            assert not any(math.isclose(x, value, rel_tol=1e-12) for x in numbers), (c, area)
            assert repr(value) not in twin_text
            # Numerator and denominator: counts that may well be served by others; the
            # suppressed municipality's own pair must not appear together.
            assert not (numerator in numbers and denominator in numbers and c == area), c
    page = client.get(f"/kommune/851/sammenligning?noegletal={KPI_ID}&periode={PERIOD}").text
    assert not any(repr(value) in page for _, value, _n, _d in secrets)
    # A suppressed municipality's own page says so and does not compare it.
    own = client.get(f"/api/v1/benchmark/825?kpi={KPI_ID}&period={PERIOD}").json()
    assert own["suppressed"] is True and own["value"] is None and own["standing"] is None
    page = client.get(f"/kommune/825/sammenligning?noegletal={KPI_ID}&periode={PERIOD}")
    assert page.status_code == 200 and 'id="mine-suppressed"' in page.text


def _numbers(obj: Any) -> list[float]:
    """Every number anywhere in a JSON document."""
    if isinstance(obj, bool) or obj is None or isinstance(obj, str):
        return []
    if isinstance(obj, int | float):
        return [float(obj)]
    if isinstance(obj, dict):
        return [x for v in obj.values() for x in _numbers(v)]
    return [x for v in obj for x in _numbers(v)]


def test_group_kinds_and_the_method_note(client: TestClient) -> None:
    region = client.get(f"/api/v1/benchmark/851?kpi={KPI_ID}&group=region").json()
    nordjylland = {m.code for m in reference().municipalities if m.region_code == "1081"}
    assert {m["id"] for m in region["peer_group"]["members"]} == nordjylland - {"851"}
    assert region["period"] == "2024"  # the latest by default
    group = client.get(f"/api/v1/benchmark/851?kpi={KPI_ID}&group=kommunegruppe").json()
    assert group["peer_group"]["kind"] == "kommunegruppe"
    method = region["method"]
    assert method["available"] and method["k"] == 10 and method["base_years"] == [2019, 2020, 2021]
    assert method["indicators"][0]["id"] == "socioeconomic_index"
    assert [p["year"] for p in method["stability"]["pairs"]] == [2019, 2020, 2021, 2022, 2023]
    assert 0 < method["stability"]["mean_overlap"] <= 1
    fit = method["fits"][0]
    assert fit["kpi"] == KPI_ID and fit["periods"] == 6 and 0 <= fit["flag_rate"] < 0.2
    # The socio-economic index was drawn from the benefit share: the model finds it.
    assert fit["latest_r2"] > 0.3


def test_peers_api(client: TestClient) -> None:
    computed = client.get("/api/v1/peers/Aalborg?domain=employment&k=5").json()
    assert computed["kind"] == "computed" and len(computed["members"]) == 5
    assert computed["years"] == [2019, 2020, 2021] and "Socioøkonomisk indeks" in computed["why"]
    # Find my nearest, on the user's indicators and weights.
    near = client.get("/api/v1/peers/851?indicators=urban_share:2,share_65_plus&k=3").json()
    assert near["kind"] == "nearest" and near["weights"] == {"urban_share": 2.0}
    assert len(near["members"]) == 3
    kg = client.get("/api/v1/peers/851?group=kommunegruppe&lang=en").json()
    assert kg["kind"] == "kommunegruppe" and "Statistics Denmark" in kg["why"]
    for url, status in (
        ("/api/v1/peers/851?indicators=no_such_indicator", 400),
        ("/api/v1/peers/851?indicators=urban_share:nan", 400),
        ("/api/v1/peers/851?domain=astrology", 400),
        ("/api/v1/peers/nowhere", 404),
        ("/api/v1/peers/851?k=0", 422),
        ("/api/v1/benchmark/851?kpi=nope", 404),
        (f"/api/v1/benchmark/851?kpi={KPI_ID}&period=1999", 404),
        (f"/api/v1/benchmark/851?kpi={DRAFT}", 403),
        (f"/api/v1/benchmark/851?kpi={KPI_ID}&group=world", 422),
    ):
        r = client.get(url)
        assert r.status_code == status, (url, r.text)
        assert set(r.json()) == {"error"} and r.json()["error"]["status"] == status
    assert client.get(f"/kommune/851/sammenligning?noegletal={DRAFT}").status_code == 403
    missing = client.get("/kommune/851/sammenligning?noegletal=nope")
    assert missing.status_code == 404 and "<html" in missing.text


def test_kpi_page_draws_the_peers_weighted_value(client: TestClient) -> None:
    twin = client.get(f"/api/v1/kpis/{KPI_ID}?kommune=851").json()
    lines = twin["charts"]["series"]["datasets"]["figures"]
    peer_line = {r["period"]: r["value"] for r in lines if r["series"] == "Sammenligningskommuner"}
    members = [m["id"] for m in client.get("/api/v1/peers/851?domain=employment").json()["members"]]
    for period in ("2019", "2024"):
        served = _served(client, period)
        peers = [served[c] for c in members if not served[c]["suppressed"]]
        expected = sum(p["numerator"] for p in peers) / sum(p["denominator"] for p in peers)
        assert peer_line[period] == pytest.approx(100 * expected)


def test_without_structural_data_the_kommunegruppe_stands_in(client: TestClient) -> None:
    snap = client.app.state.values.get()  # type: ignore[attr-defined]
    bare = dataclasses.replace(snap, covariates=None, memo={})
    data = benchmark_data("851", "da", Actor.public(), bare, KPI_ID, PERIOD)
    group = data["peer_group"]
    assert group["kind"] == "kommunegruppe" and group["fallback"]
    assert data["expected_vs_actual"]["chart"] is None and data["method"]["available"] is False
    # The ranks still stand, against the kommunegruppe and by the peers' z-score.
    assert data["standing"]["peer_rank_of"] <= len(group["members"]) + 1
    assert data["standing"]["verdict_basis"] in ("peers", None)


def test_the_domains_method_note_page_and_twin(client: TestClient) -> None:
    twin = client.get("/api/v1/method/employment").json()
    note = twin["method"]
    # Every published employment figure with values, never the draft (not for the public).
    fits = {f["kpi"]: f for f in note["fits"]}
    assert set(fits) == {"ex_benefit_share", "ex_kontanthjaelp_persons", "ex_mean_age_on_benefits"}
    assert fits[KPI_ID]["title"].startswith("Andel 16-66-årige")
    # The benchmark page's note has the same groups and the chosen figure's same fit.
    page_note = client.get(f"/api/v1/benchmark/851?kpi={KPI_ID}").json()["method"]
    assert page_note["stability"] == note["stability"] and page_note["fits"][0]["kpi"] == KPI_ID
    assert page_note["fits"][0]["mean_r2"] == fits[KPI_ID]["mean_r2"]
    page = client.get("/metode/employment?lang=da")
    assert page.status_code == 200 and "Metodenote: Beskæftigelse" in page.text
    assert 'href="/noegletal/ex_kontanthjaelp_persons"' in page.text
    assert "Method note: Employment" in client.get("/metode/employment?lang=en").text
    assert client.get("/metode/astrology").status_code == 404
    assert client.get("/api/v1/method/astrology").json()["error"]["status"] == 404

"""Survey pages and their JSON twins through the real app (a real DuckDB file underneath)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from faelled.settings import Settings
from faelled.survey.instruments import catalog
from faelled.survey.store import issue_tokens, open_round
from faelled.web.app import create_app

from .conftest import Server
from .survey_support import INITIATIVE, database, respond, set_up

ALL = INITIATIVE.replace("[knoster, needs]", "[knoster, needs, mindset, maturity, changetype]")


@pytest.fixture
def site(settings: Settings, tmp_path: Path) -> Iterator[tuple[TestClient, list[str]]]:
    """One initiative with all five instruments, two rounds (the second open today) with answers,
    and three unused links for the open round."""
    with database(settings) as db:
        ini, first = set_up(db, tmp_path, ALL.replace("Ungeindsatsen", "Unge </script><b>"))
        respond(db, first, "ydelse", [4, 4, 5, 4, 5, 4])
        respond(db, first, "analyse", [3, 3, 3, 4, 3])
        today = date.today()
        second = open_round(db, ini, catalog(), closes=today + timedelta(days=5), today=today)
        respond(db, second, "ydelse", [2, 3, 2, 2, 3, 2])
        respond(db, second, "analyse", [3, 3, 3, 4, 3])
        tokens = issue_tokens(db, second, 3, None)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client, tokens


def test_the_list_page_and_its_json_twin_agree(site: tuple[TestClient, list[str]]) -> None:
    client, _ = site
    data = client.get("/api/v1/survey/initiatives").json()
    assert data["count"] == 1
    [ini] = data["values"]
    assert [(r["round"], r["responses"], r["links"]) for r in ini["rounds"]] == [
        (1, 11, 0),
        (2, 11, 3),
    ]
    page = client.get("/survey")
    assert page.status_code == 200 and "Parathed til forandring" in page.text
    assert 'data-responses="data-i-jobcentret-2">11<' in page.text
    assert '<a href="/survey" aria-current="page">Forandring</a>' in page.text  # main menu


def test_results_page_shows_every_section_danish_first(site: tuple[TestClient, list[str]]) -> None:
    client, _ = site
    page = client.get("/survey/data-i-jobcentret")
    assert page.status_code == 200
    for heading in (
        "Tjekliste for kompleks forandring",
        "Seks kernebehov",
        "Fra og til i de fire kvadranter",
        "Datamodenhed",
        "Hvor stor er forandringen?",
        "Udvikling siden runde 1",
        "Advarselstegn",
        "Data som fælled",
    ):
        assert heading in page.text, heading
    for chart in ("knoster", "needs", "mindset", "maturity", "change_type", "change"):
        assert f'data-vega-spec="{chart}-spec"' in page.text, chart
    # The ydelse team fell from "present" to "missing" on every element: warning signs.
    assert "til stede → mangler" in page.text
    english = client.get("/survey/data-i-jobcentret?lang=en")
    assert "Checklist for complex change" in english.text and "Warning signs" in english.text


def test_results_json_twin_carries_the_same_data_and_the_charts(
    site: tuple[TestClient, list[str]],
) -> None:
    client, _ = site
    data = client.get("/api/v1/survey/initiatives/data-i-jobcentret?unit=ydelse").json()
    assert data["selected"] == "ydelse" and data["round"]["round"] == 2
    assert data["compared_with"] == 1
    assert set(data["charts"]) == {
        "knoster",
        "needs",
        "mindset",
        "maturity",
        "change_type",
        "change",
    }
    knoster = data["charts"]["knoster"]
    assert knoster["layer"][0]["mark"]["type"] == "bar"
    bars = knoster["layer"][0]["data"]["values"]
    assert {b["status_id"] for b in bars} == {"missing"}  # ydelse answered 2–3 everywhere
    heat = data["charts"]["needs"]["layer"]
    assert [layer["mark"]["type"] for layer in heat] == ["rect", "rect", "text"]
    first = client.get("/api/v1/survey/initiatives/data-i-jobcentret?round=1").json()
    assert first["round"]["round"] == 1 and first["compared_with"] is None


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/v1/survey/initiatives/nope", 404, "not_found"),
        ("/api/v1/survey/initiatives/data-i-jobcentret?round=9", 404, "not_found"),
        ("/api/v1/survey/initiatives/data-i-jobcentret?unit=nope", 404, "not_found"),
        ("/api/v1/survey/initiatives/data-i-jobcentret?round=x", 422, "invalid_request"),
        ("/api/v1/survey/r/not-a-token", 404, "not_found"),
    ],
)
def test_api_errors_use_the_one_envelope(
    site: tuple[TestClient, list[str]], path: str, status: int, code: str
) -> None:
    client, _ = site
    r = client.get(path)
    assert r.status_code == status
    assert set(r.json()["error"]) == {"status", "code", "message", "hint"}
    assert r.json()["error"]["code"] == code


def test_a_unit_name_cannot_break_out_of_the_chart_json(site: tuple[TestClient, list[str]]) -> None:
    client, _ = site
    page = client.get("/survey/data-i-jobcentret").text
    specs = re.findall(r'<script type="application/json" id="[a-z_]+-spec">(.*?)</script>', page)
    assert len(specs) == 6
    assert any("Unge \\u003c/script>" in s for s in specs)
    json.loads(specs[1])  # still valid JSON


def _csrf(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "the form has no CSRF token"
    return match[1]


def test_a_form_without_its_csrf_token_is_refused(site: tuple[TestClient, list[str]]) -> None:
    client, tokens = site
    client.get(f"/survey/r/{tokens[1]}")
    r = client.post(f"/survey/r/{tokens[1]}", data={"unit": "analyse", "knoster.vision1": "5"})
    assert r.status_code == 403
    assert client.get(f"/survey/r/{tokens[1]}").status_code == 200  # the link is not used up


def test_the_form_takes_answers_once(site: tuple[TestClient, list[str]]) -> None:
    client, tokens = site
    form = client.get(f"/survey/r/{tokens[0]}")
    assert form.status_code == 200
    assert "Jeg ved, hvad forandringen skal føre til for borgerne og for os." in form.text
    assert 'name="knoster.vision1" value="dk"' in form.text
    assert 'name="mindset.mindset1.today"' in form.text
    assert 'name="maturity.qualitylead.note"' in form.text
    assert '<select id="unit" name="unit" required>' in form.text  # the link names no unit
    csrf = _csrf(form.text)  # every form carries its CSRF token (faelled.web.security)
    sent = client.post(
        f"/survey/r/{tokens[0]}",
        data={"unit": "analyse", "knoster.vision1": "5", "needs.safety1": "dk", "csrf_token": csrf},
    )
    assert sent.status_code == 200 and "Tak for dine svar" in sent.text
    again = client.get(f"/survey/r/{tokens[0]}")
    assert again.status_code == 410
    assert "Dette link er allerede brugt" in again.text
    twice = client.post(
        f"/survey/r/{tokens[0]}",
        data={"unit": "analyse", "knoster.vision1": "5", "csrf_token": csrf},
    )
    assert twice.status_code == 410
    counts = client.get("/api/v1/survey/initiatives").json()["values"][0]["rounds"][1]
    assert counts["responses"] == 12


def test_a_form_with_a_bad_answer_comes_back_filled_in(site: tuple[TestClient, list[str]]) -> None:
    client, tokens = site
    csrf = _csrf(client.get(f"/survey/r/{tokens[1]}").text)
    r = client.post(
        f"/survey/r/{tokens[1]}",
        data={
            "knoster.vision1": "4",
            "maturity.qualitylead.note": "Vores dataejer",
            "csrf_token": csrf,
        },
    )
    assert r.status_code == 422
    assert "Vælg din enhed / pick your unit." in r.text
    assert 'name="knoster.vision1" value="4" checked' in r.text
    assert ">Vores dataejer</textarea>" in r.text
    # The link still works.
    assert client.get(f"/survey/r/{tokens[1]}").status_code == 200


def test_the_json_api_answers_once(site: tuple[TestClient, list[str]]) -> None:
    client, tokens = site
    form = client.get(f"/api/v1/survey/r/{tokens[2]}?lang=en").json()
    assert [i["id"] for i in form["instruments"]] == [
        "knoster",
        "needs",
        "mindset",
        "maturity",
        "changetype",
    ]
    assert form["instruments"][0]["sections"][0]["questions"][0]["text"].startswith("I know what")
    assert form["units"][0] == {"id": "jobcenter", "name": "Jobcenter Aalborg"}
    body = {"answers": {"knoster.vision1": 3, "changetype.scope": "dk"}, "unit": "ydelse"}
    assert client.post(f"/api/v1/survey/r/{tokens[2]}", json=body).status_code == 201
    again = client.post(f"/api/v1/survey/r/{tokens[2]}", json=body)
    assert again.status_code == 410 and again.json()["error"]["code"] == "gone"
    bad = client.post(f"/api/v1/survey/r/{tokens[0]}", json={"answers": {"knoster.vision1": 9}})
    assert bad.status_code == 400 and "knoster.vision1" in bad.json()["error"]["message"]


def test_faelled_demo_serves_initiatives_with_two_rounds(demo_server: Server) -> None:
    data = httpx.get(demo_server.base_url + "/api/v1/survey/initiatives", timeout=30).json()
    assert data["count"] == 3
    for ini in data["values"]:
        assert [r["round"] for r in ini["rounds"]] == [1, 2] and ini["rounds"][1]["open"]
        assert all(r["responses"] >= 20 for r in ini["rounds"])
    page = httpx.get(demo_server.base_url + "/survey/et-faelles-esdh", timeout=30)
    assert page.status_code == 200 and "Modstand" in page.text

"""/kolada/v3 answers as Kolada's v3 API does: its paths, paging and response shapes, checked
against the fields of real Kolada data (data/public/kolada/) as rKolada flattens them."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from faelled.settings import Settings
from faelled.web.app import create_app

from .conftest import PUBLIC
from .web_commons import DRAFT, copy

KPI_ID = "ex_benefit_share"
K = "/kolada/v3"


@pytest.fixture(scope="module")
def client(web_commons: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    served = copy(web_commons, tmp_path_factory.mktemp("kolada"))
    with TestClient(create_app(served), raise_server_exceptions=False) as c:
        yield c


def get(client: TestClient, url: str) -> dict[str, Any]:
    r = client.get(url)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    assert {"count", "values"} <= set(body) and body["count"] == len(body["values"])
    return body


def test_kpi_metadata_has_koladas_fields(client: TestClient) -> None:
    with (PUBLIC / "kolada" / "rkolada_kpi_metadata.csv").open(encoding="utf-8") as f:
        kolada_fields = set(next(csv.reader(f)))
    values = [v for v in get(client, f"{K}/kpi")["values"] if v["id"].startswith("ex_")]
    assert {v["id"] for v in values} == {
        "ex_benefit_share",
        "ex_elderly_share",
        "ex_kontanthjaelp_persons",
        "ex_mean_age_on_benefits",
    }  # the draft is not public
    assert kolada_fields <= set(values[0])
    by_id = {v["id"]: v for v in values}
    assert by_id[KPI_ID]["is_divided_by_gender"] is True
    assert by_id["ex_elderly_share"]["is_divided_by_gender"] is False
    titled = get(client, f"{K}/kpi?title=ANDEL 16-66-årige på offentlig")["values"]
    assert KPI_ID in [v["id"] for v in titled]
    assert [v["id"] for v in get(client, f"{K}/kpi/{KPI_ID},{DRAFT},nope")["values"]] == [KPI_ID]


def test_municipalities_use_four_digit_ids(client: TestClient) -> None:
    with (PUBLIC / "kolada" / "rkolada_munic.csv").open(encoding="utf-8") as f:
        kolada_fields = next(csv.reader(f))
    values = get(client, f"{K}/municipality")["values"]
    assert list(values[0]) == kolada_fields  # id, title, type
    kommuner = [v for v in values if v["type"] == "K"]
    assert len(kommuner) == 98 and all(len(v["id"]) == 4 for v in kommuner)
    assert {"id": "0000", "title": "Hele landet", "type": "L"} in values
    assert len(get(client, f"{K}/municipality?type=L")["values"]) == 6
    picked = get(client, f"{K}/municipality/0851,101,1084,9999")["values"]
    assert [v["id"] for v in picked] == ["0851", "0101", "1084"]


def test_municipality_groups_have_members(client: TestClient) -> None:
    groups = get(client, f"{K}/municipality_groups")["values"]
    assert [g["id"] for g in groups] == ["G1", "G2", "G3", "G4", "G5"]
    metro = get(client, f"{K}/municipality_groups/G2")["values"][0]
    assert [m["id"] for m in metro["members"]] == ["0461", "0751", "0851"]
    assert set(metro["members"][0]) == {"id", "title"}


def test_data_shape_and_genders(client: TestClient) -> None:
    data = get(client, f"{K}/data/kpi/{KPI_ID}/municipality/0851/year/2023")["values"]
    assert len(data) == 1
    d = data[0]
    assert set(d) == {"kpi", "municipality", "period", "values"}
    assert (d["kpi"], d["municipality"], d["period"]) == (KPI_ID, "0851", 2023)
    assert [v["gender"] for v in d["values"]] == ["T", "K", "M"]
    assert all(set(v) == {"gender", "count", "status", "value", "isdeleted"} for v in d["values"])
    assert all(v["count"] == 1 and v["isdeleted"] is False for v in d["values"])
    ours = client.get(
        f"/api/v1/values?kpi={KPI_ID}&municipality=851&period=2023&breakdown=total"
    ).json()["values"][0]
    assert d["values"][0]["value"] == pytest.approx(ours["value"])


def test_every_path_form(client: TestClient) -> None:
    kpi_muni = get(client, f"{K}/data/kpi/{KPI_ID}/municipality/0851")["values"]
    assert [d["period"] for d in kpi_muni] == [2019, 2020, 2021, 2022, 2023, 2024]
    kpi_year = get(client, f"{K}/data/kpi/{KPI_ID}/year/2023")["values"]
    assert {d["municipality"] for d in kpi_year} >= {"0101", "1081", "0000"}
    assert len(kpi_year) == 98 + 5 + 1
    muni_year = get(client, f"{K}/data/municipality/0851/year/2023,2024")["values"]
    assert {d["kpi"] for d in muni_year} == {
        "ex_benefit_share",
        "ex_elderly_share",
        "ex_kontanthjaelp_persons",
        "ex_mean_age_on_benefits",
    }
    assert get(client, f"{K}/data/municipality/0851/kpi/{KPI_ID}")["values"] == kpi_muni
    both = get(client, f"{K}/data/kpi/{KPI_ID},ex_elderly_share/municipality/0851,0101/year/2023")
    assert both["count"] == 4
    assert get(client, f"{K}/data/kpi/{DRAFT}/year/2023")["values"] == []


def test_groups_are_unweighted_means_with_member_counts(client: TestClient) -> None:
    group = get(client, f"{K}/data/kpi/{KPI_ID}/municipality/G2/year/2023")["values"][0]
    members = get(client, f"{K}/data/kpi/{KPI_ID}/municipality/0461,0751,0851/year/2023")
    totals = [d["values"][0]["value"] for d in members["values"]]
    total = group["values"][0]
    assert total["count"] == 3 and total["value"] == pytest.approx(sum(totals) / 3)


def test_suppressed_values_are_null_with_a_status(client: TestClient) -> None:
    laesoe = get(client, f"{K}/data/kpi/{KPI_ID}/municipality/0825/year/2023")["values"][0]
    total = laesoe["values"][0]
    assert total["gender"] == "T" and total["value"] is None and total["status"] == "suppressed"
    # A gender with no one on benefits is 0 persons: not a small count, so shown.
    assert all(v["status"] == "suppressed" or v["value"] == 0 for v in laesoe["values"])


def test_paging_with_next_and_previous_urls(client: TestClient) -> None:
    url = f"{K}/data/kpi/{KPI_ID}/year/2023?per_page=40"
    first = get(client, url)
    assert first["count"] == 40 and "previous_url" not in first
    assert first["next_url"] == first["next_page"]
    seen = [(d["municipality"]) for d in first["values"]]
    page = first
    while "next_url" in page:
        page = get(client, page["next_url"].removeprefix("http://testserver"))
        assert page["previous_url"]
        seen += [d["municipality"] for d in page["values"]]
    assert len(seen) == len(set(seen)) == 104
    r = client.get(f"{K}/kpi?per_page=5001")
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"


def test_change_feed_parameter(client: TestClient) -> None:
    assert get(client, f"{K}/data/kpi/{KPI_ID}/year/2023?from_date=2999-01-01")["values"] == []
    assert get(client, f"{K}/data/kpi/{KPI_ID}/year/2023?from_date=2000-01-01")["count"] == 104


def test_flattened_like_rkolada_it_has_the_columns_of_real_kolada_data(client: TestClient) -> None:
    """rKolada unnests `values`, renames period → year and municipality → municipality_id,
    and joins title and type from /municipality: the columns of the real files it writes."""
    with (PUBLIC / "kolada" / "rkolada_n00945.csv").open(encoding="utf-8") as f:
        real = next(csv.reader(f))
    munis = {m["id"]: m for m in get(client, f"{K}/municipality")["values"]}
    rows = []
    for d in get(client, f"{K}/data/kpi/{KPI_ID}/municipality/0101,0851/year/2023")["values"]:
        for v in d["values"]:
            m = munis[d["municipality"]]
            rows.append(
                {
                    **v,
                    "kpi": d["kpi"],
                    "year": d["period"],
                    "municipality_id": d["municipality"],
                    "municipality": m["title"],
                    "municipality_type": m["type"],
                }
            )
    assert len(rows) == 6
    assert set(real) <= set(rows[0])
    assert {r["municipality"] for r in rows} == {"København", "Aalborg"}

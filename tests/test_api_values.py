"""/api/v1/values and the KPI endpoints over the web commons: any two of three, paging, the
change feed, aggregates, policy, suppression, and every format read back by independent readers."""

from __future__ import annotations

import io
import json
import time
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from faelled.catalog.kpis import KPI
from faelled.kpi.compute import compute_kpi
from faelled.settings import Settings
from faelled.web.app import create_app
from faelled.web.deps import locked

from .kpi_fixtures import SCHEMAS
from .web_commons import DRAFT, SMALL, copy, kpi_specs

KPI_ID = "ex_benefit_share"


@pytest.fixture(scope="module")
def client(web_commons: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    served = copy(web_commons, tmp_path_factory.mktemp("api"))
    with TestClient(create_app(served), raise_server_exceptions=False) as c:
        yield c


def get(client: TestClient, url: str) -> dict[str, Any]:
    r = client.get(url)
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def assert_envelope(r: Any, status: int, code: str) -> None:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message", "hint"}
    assert body["error"]["status"] == status and body["error"]["code"] == code


@pytest.mark.parametrize(
    "query",
    [f"kpi={KPI_ID}&period=2023", f"kpi={KPI_ID}&municipality=101", "municipality=101&period=2023"],
)
def test_any_two_of_kpi_municipality_and_period(client: TestClient, query: str) -> None:
    data = get(client, f"/api/v1/values?{query}&breakdown=total")
    rows = data["values"]
    assert rows and data["count"] == len(rows) == data["total"]
    if "kpi=" in query:
        assert {r["kpi"] for r in rows} == {KPI_ID}
    if "period=" in query:
        assert {r["period"] for r in rows} == {"2023"}
    if "municipality=" in query:
        assert {r["area"] for r in rows} == {"101"}
    if "kpi=" not in query:  # every readable KPI, never the draft
        assert len({r["kpi"] for r in rows}) == 4 and DRAFT not in {r["kpi"] for r in rows}
    if query.startswith("kpi") and "period" in query:
        assert len(rows) == 98


@pytest.mark.parametrize("query", [f"kpi={KPI_ID}", "period=2023", "municipality=101", ""])
def test_fewer_than_two_is_an_error_in_the_envelope(client: TestClient, query: str) -> None:
    assert_envelope(client.get(f"/api/v1/values?{query}"), 400, "input")


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/v1/values?kpi=nope&period=2023", 404, "not_found"),
        (f"/api/v1/values?kpi={KPI_ID}&municipality=Aalborgg", 404, "unknown_name"),
        (f"/api/v1/values?kpi={KPI_ID}&period=20x3", 400, "input"),
        (f"/api/v1/values?kpi={KPI_ID}&period=2023&per_page=5001", 422, "invalid_request"),
        (f"/api/v1/values?kpi={KPI_ID}&period=2023&format=pdf", 422, "invalid_request"),
        (f"/api/v1/values?kpi={KPI_ID}&from_date=yesterday", 400, "input"),
        (f"/api/v1/values?kpi={KPI_ID}&area_type=region&municipality=9", 404, "not_found"),
        (f"/api/v1/values?kpi={DRAFT}&period=2023", 403, "forbidden"),
        (f"/api/v1/kpis/{DRAFT}", 403, "forbidden"),
        ("/api/v1/kpis/nope", 404, "not_found"),
        ("/api/v1/home?farve=kpi:nope", 404, "not_found"),
        ("/kolada/v3/nothing", 404, "not_found"),
    ],
)
def test_errors_have_one_envelope(client: TestClient, url: str, status: int, code: str) -> None:
    assert_envelope(client.get(url), status, code)


def test_paging_walks_every_row_once(client: TestClient) -> None:
    url = f"/api/v1/values?kpi={KPI_ID}&period=2022,2023&per_page=50"
    first = get(client, url)
    assert first["total"] == 98 * 3 * 2 and first["count"] == 50 and first["previous_url"] is None
    seen = [json.dumps(r, sort_keys=True) for r in first["values"]]
    page, pages = first, 1
    while page["next_url"]:
        page = get(client, page["next_url"].removeprefix("http://testserver"))
        pages += 1
        seen += [json.dumps(r, sort_keys=True) for r in page["values"]]
        assert page["previous_url"] is not None
    assert pages == 12 and len(seen) == len(set(seen)) == first["total"]
    everything = get(client, url.replace("per_page=50", "per_page=5000"))
    assert [json.dumps(r, sort_keys=True) for r in everything["values"]] == seen


def test_the_kpi_list_searches_titles_and_hides_drafts(client: TestClient) -> None:
    # The shipped catalogue is listed too; this commons' own KPIs are the ex_ ones.
    listed = get(client, "/api/v1/kpis")["values"]
    ids = [k["id"] for k in listed if k["id"].startswith("ex_")]
    assert DRAFT not in ids and len(ids) == 4
    assert all(k["has_values"] == k["id"].startswith("ex_") for k in listed)
    found = get(client, "/api/v1/kpis?q=andel 16")["values"]
    assert [k["id"] for k in found if k["id"].startswith("ex_")] == [KPI_ID]
    elderly = get(client, "/api/v1/kpis?domain=elderly")["values"]
    assert "ex_elderly_share" in [k["id"] for k in elderly]
    assert {k["domain"] for k in elderly} == {"elderly"}


def test_aggregates_for_regions_groups_and_the_country(client: TestClient) -> None:
    munis = get(client, f"/api/v1/values?kpi={KPI_ID}&period=2023&breakdown=total")["values"]
    region = get(
        client,
        f"/api/v1/values?kpi={KPI_ID}&period=2023&area_type=region&municipality=1084&breakdown=total",
    )["values"]
    assert len(region) == 1 and region[0]["area_name"] == "Region Hovedstaden"
    capital = [r for r in munis if r["area"] in {"101", "147", "151"}]
    assert region[0]["members"] == 29
    assert all(r["value"] is not None for r in capital)
    country = get(
        client,
        f"/api/v1/values?kpi={KPI_ID}&period=2023&area_type=country"
        "&municipality=000&breakdown=total",
    )["values"][0]
    # Weighted: Σ numerator / Σ denominator over all 98 (including suppressed municipalities,
    # whose numbers stay in the aggregate while they are hidden on their own).
    assert country["members"] == 98 and country["value"] == pytest.approx(
        100 * country["numerator"] / country["denominator"]
    )
    group = get(
        client,
        f"/api/v1/values?kpi={KPI_ID}&period=2023&area_type=kommunegruppe"
        "&municipality=2&breakdown=total",
    )["values"][0]
    members = [r["value"] for r in munis if r["area"] in {"461", "751", "851"}]
    assert group["value_unweighted"] == pytest.approx(sum(members) / 3)


def test_small_counts_are_suppressed_and_marked(client: TestClient) -> None:
    rows = get(client, f"/api/v1/values?kpi={KPI_ID}&period=2023&breakdown=total")["values"]
    hidden = {r["area"] for r in rows if r["suppressed"]}
    # The small ones (primary), and partners so that no one recomputes them from the region,
    # group and country totals (secondary; tests/test_suppression.py proves it can't be done).
    assert hidden >= set(SMALL) and len(hidden) < 20
    for r in rows:
        if r["suppressed"]:
            assert r["value"] is None and r["numerator"] is None and r["n"] is None
            assert r["area"] and r["period"] == "2023"  # the keys stay
        else:
            assert r["value"] is not None and r["numerator"] >= 3


@pytest.fixture(scope="module")
def formats(client: TestClient) -> dict[str, Any]:
    base = f"/api/v1/values?kpi={KPI_ID}&period=2023&breakdown=total"
    out: dict[str, Any] = {"json": get(client, base)["values"]}
    for f in ("csv", "xlsx", "parquet", "jsonstat"):
        r = client.get(f"{base}&format={f}")
        assert r.status_code == 200, r.text
        out[f] = r
    out["csv,"] = client.get(f"{base}&format=csv&sep=,")
    return out


def test_csv_danish_and_plain(formats: dict[str, Any]) -> None:
    danish = formats["csv"]
    assert danish.content.startswith(b"\xef\xbb\xbf")
    assert "attachment" in danish.headers["content-disposition"]
    lines = danish.content.decode("utf-8-sig").splitlines()
    header = lines[0].split(";")
    assert header[:4] == ["kpi", "area_type", "area", "area_name"]
    laesoe = next(line.split(";") for line in lines if ";825;" in line)
    assert laesoe[header.index("value")] == "" and laesoe[header.index("suppressed")] == "true"
    koebenhavn = next(line.split(";") for line in lines if ";101;" in line)
    expected = next(r for r in formats["json"] if r["area"] == "101")["value"]
    assert float(koebenhavn[header.index("value")].replace(",", ".")) == pytest.approx(expected)
    plain = formats["csv,"].content.decode()
    assert not plain.startswith("\ufeff") and plain.splitlines()[0].startswith("kpi,area_type")


def test_excel_opens_with_typed_cells(formats: dict[str, Any]) -> None:
    wb = load_workbook(io.BytesIO(formats["xlsx"].content))
    ws = wb["kpi_values"]
    header = [c.value for c in ws[1]]
    rows = {r[header.index("area")].value: r for r in ws.iter_rows(min_row=2)}
    kbh = rows["101"]
    assert kbh[header.index("value")].data_type == "n"
    assert kbh[header.index("value")].value == pytest.approx(
        next(r for r in formats["json"] if r["area"] == "101")["value"]
    )
    assert kbh[header.index("period")].value == "2023"
    assert kbh[header.index("suppressed")].value is False
    assert isinstance(kbh[header.index("updated_at")].value, datetime)
    laesoe = rows["825"]
    assert laesoe[header.index("value")].value is None
    assert laesoe[header.index("suppressed")].value is True


def test_parquet_keeps_types_and_marks(formats: dict[str, Any]) -> None:
    t = pq.read_table(io.BytesIO(formats["parquet"].content))
    assert str(t.schema.field("value").type) == "double"
    assert str(t.schema.field("period").type) == "string"
    rows = {r["area"]: r for r in t.to_pylist()}
    assert rows["825"]["value"] is None and rows["825"]["suppressed"] is True
    assert rows["101"]["value"] == pytest.approx(
        next(r for r in formats["json"] if r["area"] == "101")["value"]
    )


def test_jsonstat_read_back_by_pyjstat_gives_the_same_numbers(formats: dict[str, Any]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pyjstat's own pandas deprecations are not ours
        from pyjstat import pyjstat

        data = formats["jsonstat"].json()
        df = pyjstat.from_json_stat(data, naming="id")[0]
    assert data["class"] == "dataset" and data["id"] == ["kpi", "area", "period", "breakdown"]
    by_area = dict(zip(df["area"], df["value"], strict=True))
    for r in formats["json"]:
        if r["suppressed"]:
            assert by_area[r["area"]] is None or by_area[r["area"]] != by_area[r["area"]]  # NaN
        else:
            assert by_area[r["area"]] == pytest.approx(r["value"])
    index = data["dimension"]["area"]["category"]["index"]
    assert {data["status"][str(index.index(a))] for a in SMALL} == {".."}


def test_change_feed_returns_what_a_recompute_changed(
    web_commons: Settings, tmp_path: Path
) -> None:
    served = copy(web_commons, tmp_path)
    with TestClient(create_app(served)) as c:
        c.app.state.values.ttl = 0  # type: ignore[attr-defined]  # see every run at once
        assert get(c, f"/api/v1/values?kpi={KPI_ID}&from_date=2999-01-01")["total"] == 0
        everything = get(c, f"/api/v1/values?kpi={KPI_ID}&from_date=2000-01-01&per_page=5000")
        assert everything["total"] == 98 * 3 * 6  # municipalities × breakdowns × years
        time.sleep(0.01)
        before = datetime.now(UTC).isoformat()
        # A reload adds persons on benefits in Aalborg in 2023, and the KPI is computed again.
        with locked(c.app) as db:
            import pyarrow as pa

            spells = db.table("benefit_spells").to_pyarrow()
            persons = db.table("persons").to_pyarrow()
            extra = [f"new{i}" for i in range(20)]
            db.backend.insert(
                "persons",
                pa.table(
                    {"person_id": extra, "birth_year": [1990] * 20, "sex": ["K"] * 20},
                    schema=persons.schema,
                ),
            )
            from datetime import date

            db.backend.insert(
                "benefit_spells",
                pa.table(
                    {
                        "person_id": extra,
                        "municipality": ["851"] * 20,
                        "year": [2023] * 20,
                        "benefit": ["kontanthjælp"] * 20,
                        "start_date": [date(2023, 3, 1)] * 20,
                        "end_date": [date(2023, 4, 1)] * 20,
                    },
                    schema=spells.schema,
                ),
            )
            spec = next(s for s in kpi_specs() if s["id"] == KPI_ID)
            compute_kpi(db, KPI.model_validate(spec), SCHEMAS, force=True)
        changed = [
            r
            for t in ("municipality", "region", "kommunegruppe", "country")
            for r in get(c, f"/api/v1/values?kpi={KPI_ID}&from_date={quote(before)}&area_type={t}")[
                "values"
            ]
        ]
    areas = {(r["area_type"], r["area"], r["period"], r["breakdown"]) for r in changed}
    # Aalborg's total and women in 2023, and the aggregates it belongs to; nothing else.
    assert areas == {
        (t, a, "2023", b)
        for t, a in (
            ("municipality", "851"),
            ("region", "1081"),
            ("kommunegruppe", "2"),
            ("country", "000"),
        )
        for b in ("total", "sex=K")
    }

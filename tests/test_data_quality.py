"""The data page's quality per municipality × domain, and load reports and quarantine through the
policy: open counts for everyone, sampled and quarantined rows only for the analysts and stewards
of the load's municipality, with a purpose, audited — on the web and on the command line. Real
deliveries go through the real ingest into a DuckDB file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from statistics import fmean
from typing import Any

import pytest
from fastapi.testclient import TestClient

from faelled.access.audit import AuditLog
from faelled.engine import Database
from faelled.ingest import ingest, list_loads, quality, resolve_contract
from faelled.settings import Settings
from faelled.web.app import create_app
from faelled.web.views.quality import band

from .access_fixtures import OPERATOR, PASSWORD, cheap_hashing, seed_users  # noqa: F401
from .conftest import run_cli
from .ingest_helpers import CPRS, spells, write_csv
from .test_web_access import sign_in

OWN, OTHER = "851", "101"
BAD_DATE = "31-13-2023"


@pytest.fixture
def commons(settings: Settings, tmp_path: Path) -> Settings:
    """Two municipalities' benefit spells, each with rows set aside in quarantine."""
    contract = resolve_contract(settings, "benefit_spells", None)
    for m, bad in ((OWN, 2), (OTHER, 1)):
        rows = spells(m, n=40)
        for i in range(bad):
            rows[5 + i][4] = BAD_DATE
        path = write_csv(tmp_path / "in" / f"{m}_2023.csv", rows)
        [result] = ingest(settings, [path], contract)
        assert result.status == "quarantined", result.message
    with Database(settings) as db:
        seed_users(db)
    return settings


@pytest.fixture
def client(commons: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(commons)) as c:
        yield c


@contextmanager
def _db(settings: Settings, client: TestClient | None) -> Iterator[Database]:
    """The server's own connection while it runs (DuckDB: one configuration per process)."""
    if client is None:
        with Database(settings, read_only=True) as db:
            yield db
        return
    app: Any = client.app
    with app.state.db_lock:
        yield app.state.db


def _load_id(settings: Settings, municipality: str, client: TestClient | None = None) -> str:
    with _db(settings, client) as db:
        [load] = list_loads(db, municipality=municipality)
    return str(load["load_id"])


def test_quality_per_municipality_and_domain(commons: Settings, client: TestClient) -> None:
    with _db(commons, client) as db:
        scores = {r["municipality"]: r for r in quality(db)}
    got = client.get("/api/v1/quality?sort=score&order=asc").json()
    assert got["count"] == 2
    rows = {r["municipality"]: r for r in got["values"]}
    for m in (OWN, OTHER):
        assert rows[m]["domain"] == "employment" and rows[m]["datasets"] == 1
        for k in ("completeness", "validity", "uniqueness", "score"):
            assert rows[m][k] == pytest.approx(fmean([scores[m][k]]), abs=1e-4)
    # Two quarantined rows of 40 against one: Aalborg's validity is lower, and sorts first.
    assert rows[OWN]["validity"] < rows[OTHER]["validity"]
    assert [r["municipality"] for r in got["values"]] == [OWN, OTHER]
    by_name = client.get("/api/v1/quality?sort=municipality&order=asc").json()["values"]
    # Danish order: "Aa" is "Å", after the other letters.
    assert [r["municipality_name"] for r in by_name] == ["København", "Aalborg"]
    heat = got["heatmap"]
    assert [d["domain"] for d in heat["domains"]] == ["employment"]
    assert {r["municipality"]: r["cells"][0]["band"] for r in heat["rows"]} == {
        m: band(rows[m]["score"]) for m in (OWN, OTHER)
    }
    bad = client.get("/api/v1/quality?sort=nonsense")
    assert bad.status_code == 400 and "sort" in bad.json()["error"]["message"]


def test_the_data_page_shows_quality_and_loads_without_samples(client: TestClient) -> None:
    page = client.get("/data?sort=validity&order=asc")
    assert page.status_code == 200
    html = page.text
    assert 'id="quality-table"' in html and 'id="quality-heatmap"' in html
    assert 'aria-sort="ascending"' in html and "Gyldighed" in html
    table = html.split('id="quality-table"', 1)[1]  # not the filter's list of names
    assert table.index("Aalborg") < table.index("København")  # lower validity first
    assert 'id="loads-table"' in html and BAD_DATE not in html
    english = client.get("/data?lang=en").text
    assert "Data quality" in english and "Validity" in english
    twin = client.get("/api/v1/datasets").json()
    assert twin["quality"]["count"] == 2 and len(twin["recent_loads"]) == 2
    assert all(load["actor"] is None for load in twin["recent_loads"])  # who ran it: not public


def test_reports_are_open_without_samples(commons: Settings, client: TestClient) -> None:
    load_id = _load_id(commons, OWN, client)
    got = client.get(f"/api/v1/loads/{load_id}").json()
    assert got["samples_shown"] is False and got["samples_readable"] is False
    [finding] = [f for f in got["report"]["findings"] if f["count"]]
    assert finding["count"] == 2 and len(finding["rows"]) == 2 and finding["sample"] == []
    assert got["quarantine"] and sum(q["rows"] for q in got["quarantine"]) >= 2
    assert BAD_DATE not in json.dumps(got)
    # Asking for the samples is row-level access: the public and other municipalities are refused.
    assert client.get(f"/api/v1/loads/{load_id}?purpose=se+fejlene").status_code == 403
    sign_in(client, "analyst-101")
    assert client.get(f"/api/v1/loads/{load_id}?purpose=se+fejlene").status_code == 403
    assert client.get(f"/api/v1/loads/{load_id}/quarantine?purpose=se+fejlene").status_code == 403


@pytest.mark.parametrize("role", ["analyst", "steward"])
def test_own_analysts_and_stewards_read_samples_with_a_purpose(
    commons: Settings, client: TestClient, role: str
) -> None:
    load_id = _load_id(commons, OWN, client)
    sign_in(client, f"{role}-{OWN}")
    short = client.get(f"/api/v1/loads/{load_id}?purpose=x")
    assert short.status_code == 400  # a purpose of a word or two is no purpose
    got = client.get(f"/api/v1/loads/{load_id}?purpose=rette+leverancen").json()
    assert got["samples_shown"] and got["samples_readable"]
    assert got["load"]["actor"] is not None  # the municipality's own users see who loaded
    assert BAD_DATE in json.dumps(got)
    quarantined = client.get(f"/api/v1/loads/{load_id}/quarantine?purpose=rette+leverancen")
    assert quarantined.status_code == 200
    rows = quarantined.json()["values"]
    assert len(rows) == 2 and all(BAD_DATE in json.dumps(r) for r in rows)
    text = json.dumps(rows)
    assert not any(cpr in text or cpr.replace("-", "") in text for cpr in CPRS)
    with _db(commons, client) as db:
        entries = AuditLog(db).entries(event="row_read")
    reads = {(e.resource, e.purpose, json.loads(e.detail)["rows"]) for e in entries}
    assert reads == {
        (f"samples:benefit_spells:{OWN}", "rette leverancen", 2),
        (f"quarantine:benefit_spells:{OWN}", "rette leverancen", 2),
    }


def test_the_command_line_reads_rows_only_on_behalf_of_a_municipal_user(commons: Settings) -> None:
    home = commons.home
    load_id = _load_id(commons, OWN)
    shown = run_cli("loads", "show", load_id, "--json", home=home).stdout
    assert BAD_DATE not in shown and json.loads(shown)["report"]["findings"]
    refused = run_cli("quarantine", "show", load_id, home=home, check=False)
    assert refused.returncode != 0 and "--user" in refused.stderr
    assert "Traceback" not in refused.stderr
    other = run_cli(
        "quarantine",
        "show",
        load_id,
        "--user",
        "analyst-101",
        "--purpose",
        "rette leverancen",
        home=home,
        check=False,
    )
    assert other.returncode != 0 and "adgang" in other.stderr and "Traceback" not in other.stderr
    no_purpose = run_cli(
        "quarantine", "show", load_id, "--user", "analyst-851", home=home, check=False
    )
    assert no_purpose.returncode != 0 and "formål" in no_purpose.stderr.lower()
    rows = run_cli(
        "quarantine",
        "show",
        load_id,
        "--user",
        "analyst-851",
        "--purpose",
        "rette leverancen",
        "--json",
        home=home,
    ).stdout
    assert len(json.loads(rows)) == 2 and BAD_DATE in rows
    samples = run_cli(
        "loads",
        "show",
        load_id,
        "--user",
        "steward-851",
        "--purpose",
        "rette leverancen",
        "--json",
        home=home,
    ).stdout
    assert BAD_DATE in samples
    with Database(commons, read_only=True) as db:
        entries = AuditLog(db).entries(event="row_read")
    assert sorted((e.resource, str(e.actor_user).split(" ")[0]) for e in entries) == [
        (f"quarantine:benefit_spells:{OWN}", "analyst-851"),
        (f"samples:benefit_spells:{OWN}", "steward-851"),
    ]
    assert all("(cli:" in str(e.actor_user) for e in entries)  # who ran the command is recorded too

"""Suppression decided ahead (faelled.privacy.decisions): after a compute run every KPI × period's
decision is stored, the server serves from it, and what it serves is exactly what deciding cold
gives — cell for cell, and response for response. A decision whose inputs changed is not used."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from faelled.catalog.kpis import load_kpis
from faelled.engine import Database, migrate
from faelled.privacy import decisions
from faelled.privacy.disclosure import KpiRows, decide, suppressed_cells
from faelled.settings import Settings
from faelled.web.app import create_app
from faelled.web.store import _generation, _read

from .conftest import run_cli
from .ingest_helpers import spells, write_csv
from .web_commons import copy

KPI_ID = "ex_benefit_share"


def _cold(settings: Settings) -> dict[tuple[str, str], frozenset[tuple[str, str, str]]]:
    """Every KPI × period decided cold, through the server's own snapshot and serving path."""
    with Database(settings) as db:
        snap = _read(db, settings, _generation(db))
    assert snap.suppressed == {}, "no decision may be stored yet"
    return {
        (k, p): suppressed_cells(snap, snap.kpis[k], p)
        for k, periods in snap.periods.items()
        for p in periods
    }


def test_precomputed_decisions_equal_the_cold_ones(web_commons: Settings, tmp_path: Path) -> None:
    settings = copy(web_commons, tmp_path)
    cold = _cold(settings)
    assert any(cold.values()), "the commons must have suppressed cells to compare"
    with Database(settings) as db:
        made = decisions.precompute(db, load_kpis(settings))
        assert made == len(cold)
        assert decisions.precompute(db, load_kpis(settings)) == 0  # nothing changed: kept
        snap = _read(db, settings, _generation(db))
    assert set(snap.suppressed) == set(cold)  # every KPI × period served without deciding
    assert snap.suppressed == cold


def test_the_api_serves_the_same_cold_and_precomputed(
    web_commons: Settings, tmp_path: Path
) -> None:
    with Database(web_commons, read_only=True) as db:
        kv = db.table("kpi_values")
        periods = ",".join(sorted(kv.filter(kv.kpi == KPI_ID).period.to_pyarrow().to_pylist()))

    def responses(settings: Settings) -> list[Any]:
        out = []
        with TestClient(create_app(settings)) as client:
            for area_type in ("municipality", "region", "kommunegruppe", "country"):
                r = client.get(
                    f"/api/v1/values?kpi={KPI_ID}&period={periods}&area_type={area_type}"
                    "&per_page=5000"
                )
                assert r.status_code == 200, r.text
                out += [
                    (v["area"], v["breakdown"], v["period"], v["value"], v["suppressed"])
                    for v in r.json()["values"]
                ]
        return out

    cold = copy(web_commons, tmp_path / "cold")
    warm = copy(web_commons, tmp_path / "warm")
    with Database(warm) as db:
        assert decisions.precompute(db, load_kpis(warm)) > 0
    served = responses(warm)
    assert served == responses(cold)
    assert any(row[-1] for row in served)


def test_a_stale_decision_is_not_served(web_commons: Settings, tmp_path: Path) -> None:
    settings = copy(web_commons, tmp_path)
    kpis = load_kpis(settings)
    with Database(settings) as db:
        decisions.precompute(db, kpis)
        # Forge a stored decision that hides nothing, then change the values it was made for:
        # the fingerprint no longer matches, so the server decides cold.
        db.raw_sql(f"UPDATE {decisions.DECISIONS} SET cells = '[]' WHERE kpi = '{KPI_ID}'")
        snap = _read(db, settings, _generation(db))
        forged = [k for k in snap.suppressed if k[0] == KPI_ID]
        assert forged and all(snap.suppressed[k] == frozenset() for k in forged)
        db.raw_sql(f"UPDATE kpi_values SET n = n + 1 WHERE kpi = '{KPI_ID}'")
        snap = _read(db, settings, _generation(db))
    assert not [k for k in snap.suppressed if k[0] == KPI_ID]
    period = snap.periods[KPI_ID][-1]
    rows = [r for r in snap.iter_rows(KPI_ID) if str(r["period"]) == period]
    assert suppressed_cells(snap, kpis[KPI_ID], period) == decide(kpis[KPI_ID], rows)


def test_the_decision_does_not_depend_on_row_order(web_commons: Settings, tmp_path: Path) -> None:
    settings = copy(web_commons, tmp_path)
    kpi = load_kpis(settings)[KPI_ID]
    with Database(settings) as db:
        rows = db.table("kpi_values").filter(lambda t: t.kpi == KPI_ID).to_pyarrow().to_pylist()
    period = max(str(r["period"]) for r in rows)
    mine = [r for r in rows if str(r["period"]) == period]
    forward = KpiRows(KPI_ID, mine)
    backward = KpiRows(KPI_ID, mine[::-1])
    assert suppressed_cells(forward, kpi, period) == suppressed_cells(backward, kpi, period)
    assert suppressed_cells(forward, kpi, period)  # the commons has suppression here


@pytest.mark.slow
def test_compute_command_stores_the_decisions(home: Path, tmp_path: Path) -> None:
    kpi_id = "emp_mean_spell_days"
    path = write_csv(tmp_path / "101_2023.csv", spells(n=40))
    run_cli("ingest", str(path), "-d", "benefit_spells", home=home)
    run_cli("compute", "--kpi", kpi_id, home=home)
    settings = Settings(home=home)
    with Database(settings, read_only=True) as db:
        stored = decisions.stored(db)
        rows = db.table("kpi_values").to_pyarrow().to_pylist()
    kpi = load_kpis(settings)[kpi_id]
    periods = {str(r["period"]) for r in rows if r["kpi"] == kpi_id}
    assert periods and {p for k, p in stored if k == kpi_id} == periods
    for p in periods:
        mine = [r for r in rows if r["kpi"] == kpi_id and str(r["period"]) == p]
        assert stored[(kpi_id, p)] == (decisions.fingerprint(kpi, mine), decide(kpi, mine))


@pytest.mark.postgres
def test_decisions_are_stored_and_used_on_postgres(
    web_commons: Settings, postgres_url: str, tmp_path: Path
) -> None:
    import uuid

    import psycopg
    from pydantic import SecretStr

    name = f"decisions_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    pg = Settings(
        home=tmp_path,
        content_dir=web_commons.content_dir,
        database_url=SecretStr(postgres_url.rsplit("/", 1)[0] + "/" + name),
    )
    with Database(web_commons, read_only=True) as duck:
        values = duck.table("kpi_values").to_pyarrow()
        runs = duck.table("kpi_runs").to_pyarrow()
    kpis = load_kpis(pg)
    with Database(pg) as db:
        assert db.dialect == "postgres"
        migrate(db)
        db.backend.insert("kpi_values", values)
        db.backend.insert("kpi_runs", runs)
        cold = _read(db, pg, _generation(db))
        expected = {
            (k, p): suppressed_cells(cold, cold.kpis[k], p)
            for k, periods in cold.periods.items()
            for p in periods
        }
        assert decisions.precompute(db, kpis) == len(expected)
        warm = _read(db, pg, _generation(db))
    assert warm.suppressed == expected

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from faelled.engine import Database, open_database
from faelled.engine.writes import replace_where
from faelled.kpi.compute import compute_kpi
from faelled.settings import Settings

from . import kpi_fixtures as fx


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    with open_database(settings) as database:
        fx.load(database)
        yield database


def _values(db: Database, **where: Any) -> dict[tuple[str, str, str, str], dict[str, Any]]:
    kv = db.table("kpi_values")
    rows = kv.to_pyarrow().to_pylist()
    out = {}
    for r in rows:
        if all(r[k] == v for k, v in where.items()):
            out[(r["area_type"], r["area"], r["period"], r["breakdown"])] = r
    return out


def test_values_match_a_hand_computation(db: Database) -> None:
    result = compute_kpi(db, fx.benefit_share(), fx.SCHEMAS)
    assert not result.skipped
    v = _values(db)
    # København 2023: p1 (33) and p2 (43) overlap 2023; p3 is 73. Denominator 60 + 40.
    k = v[("municipality", "101", "2023", "")]
    assert (k["numerator"], k["denominator"], k["value"]) == (2.0, 100.0, 2.0)
    # Frederiksberg has people but nobody on benefits: 0 %, not missing.
    assert v[("municipality", "147", "2023", "")]["value"] == 0.0
    # Aalborg 2024: p4 (54) one of 200.
    assert v[("municipality", "851", "2024", "")]["value"] == pytest.approx(0.5)


def test_aggregates_weighted_and_unweighted(db: Database) -> None:
    compute_kpi(db, fx.benefit_share(), fx.SCHEMAS)
    v = _values(db)
    hovedstaden = v[("region", "1084", "2023", "")]
    assert hovedstaden["value"] == pytest.approx(100 * 2 / 110)  # Σ numerator / Σ denominator
    assert hovedstaden["value_unweighted"] == pytest.approx((2.0 + 0.0) / 2)  # mean of members
    assert hovedstaden["members"] == 2
    country = v[("country", "000", "2023", "")]
    assert country["value"] == pytest.approx(100 * 2 / 310) and country["members"] == 3
    assert v[("kommunegruppe", "2", "2024", "")]["value"] == pytest.approx(0.5)


def test_breakdowns(db: Database) -> None:
    kpi = fx.benefit_share(breakdowns=["sex"])
    compute_kpi(db, kpi, fx.SCHEMAS)
    v = _values(db)
    assert v[("municipality", "101", "2023", "sex=K")]["value"] == pytest.approx(100 * 1 / 60)
    assert v[("municipality", "101", "2023", "sex=M")]["value"] == pytest.approx(100 * 1 / 40)


def test_incremental_and_revisions(db: Database) -> None:
    kpi = fx.benefit_share()
    assert not compute_kpi(db, kpi, fx.SCHEMAS).skipped
    assert compute_kpi(db, kpi, fx.SCHEMAS).reason == "unchanged"
    before = _values(db)
    # A reload of Frederiksberg's population: its value and the aggregates change; nothing else.
    import pyarrow as pa

    replace_where(
        db,
        "population",
        {"municipality": "147"},
        pa.table(
            {
                "municipality": ["147", "147"],
                "year": pa.array([2023, 2023], pa.int64()),
                "sex": ["K", "M"],
                "age": pa.array([20, 21], pa.int64()),
                "count": pa.array([10, 5], pa.int64()),
            }
        ),
    )
    second = compute_kpi(db, kpi, fx.SCHEMAS)
    assert not second.skipped
    after = _values(db)
    assert (
        after[("municipality", "101", "2023", "")]["updated_at"]
        == before[("municipality", "101", "2023", "")]["updated_at"]
    )
    assert after[("region", "1084", "2023", "")]["value"] == pytest.approx(100 * 2 / 115)
    revisions = db.table("kpi_revisions").to_pyarrow().to_pylist()
    changed = {(r["area_type"], r["area"]) for r in revisions}
    assert ("region", "1084") in changed and ("country", "000") in changed
    assert ("municipality", "147") not in changed  # 0 % before and after: not a revision
    assert ("municipality", "101") not in changed


def test_a_new_version_recomputes(db: Database) -> None:
    compute_kpi(db, fx.benefit_share(), fx.SCHEMAS)
    assert not compute_kpi(db, fx.benefit_share(version=2), fx.SCHEMAS).skipped


@pytest.mark.postgres
def test_duckdb_and_postgres_agree_cell_by_cell(
    db: Database, postgres_url: str, tmp_path: Path
) -> None:
    kpi = fx.benefit_share(breakdowns=["sex"])
    compute_kpi(db, kpi, fx.SCHEMAS)
    pg_settings = Settings(home=tmp_path, database_url=SecretStr(postgres_url))
    with open_database(pg_settings) as pg:
        fx.load(pg)
        compute_kpi(pg, kpi, fx.SCHEMAS, force=True)
        theirs = _values(pg, kpi=kpi.id)
    ours = _values(db, kpi=kpi.id)
    assert ours.keys() == theirs.keys() and len(ours) > 10
    for key, row in ours.items():
        other = theirs[key]
        for col in ("numerator", "denominator", "n", "members"):
            assert row[col] == other[col], (key, col)
        for col in ("value", "value_unweighted"):
            assert row[col] == pytest.approx(other[col], rel=1e-12), (key, col)


@pytest.mark.spark
def test_duckdb_and_spark_agree_cell_by_cell(db: Database, spark: Any) -> None:
    from datetime import date

    import pyarrow as pa

    from faelled.kpi.aggregates import OUT_COLUMNS, with_aggregates
    from faelled.kpi.compiler import compile_kpi
    from faelled.reference import reference

    kpi = fx.benefit_share(breakdowns=["sex"])
    compute_kpi(db, kpi, fx.SCHEMAS)
    years = list(range(2000, 2041))
    tables = {
        name: fx._table(rows, fx.SCHEMAS[name])
        for name, rows in (
            ("population", fx.POPULATION),
            ("persons", fx.PERSONS),
            ("benefit_spells", fx.SPELLS),
        )
    }
    tables["ref_periods"] = pa.table(
        {
            "year": pa.array(years, pa.int64()),
            "start_date": pa.array([date(y, 1, 1) for y in years], pa.date32()),
            "end_date": pa.array([date(y, 12, 31) for y in years], pa.date32()),
        }
    )
    tables["ref_municipalities"] = pa.Table.from_pylist(
        [
            {
                "code": m.code,
                "region_code": m.region_code,
                "kommunegruppe_code": m.kommunegruppe_code,
            }
            for m in reference().municipalities
        ]
    )
    for name, table in tables.items():
        spark.create_table(name, table.to_pandas(), overwrite=True)
    expr = with_aggregates(kpi, compile_kpi(kpi, fx.SCHEMAS)).select(*OUT_COLUMNS)
    theirs = {
        (r["area_type"], r["area"], r["period"], r["breakdown"]): r
        for r in spark.execute(expr).to_dict("records")
    }
    ours = _values(db, kpi=kpi.id)
    assert ours.keys() == theirs.keys()
    for key, row in ours.items():
        for col in ("numerator", "denominator", "n", "members"):
            assert row[col] == theirs[key][col], (key, col)
        assert row["value"] == pytest.approx(theirs[key]["value"], rel=1e-12), key

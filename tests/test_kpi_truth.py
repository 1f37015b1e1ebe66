"""For every shipped KPI, the engine's values equal the generator's independent ground truth
(plain pandas over the clean data): counts exactly, ratios within 1e-9. The data go the way a
municipality's files do: generated files → ingest (pseudonymised, validated) → compute. The same
catalogue on a real PostgreSQL server agrees with DuckDB cell by cell."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import ibis
import pandas as pd
import pyarrow as pa
import pytest
from pydantic import SecretStr

from faelled.catalog.contracts import load_contracts
from faelled.catalog.kpis import load_kpis
from faelled.engine import Database, migrate, open_database
from faelled.generate import GenerateOptions, generate
from faelled.ingest.demo import ingest_extracts
from faelled.kpi.compute import compute, dataset_schemas
from faelled.kpi.flatten import sql_of
from faelled.kpi.sqlcache import expression
from faelled.settings import Settings

# Small and large, urban and rural, every region: Frederiksberg, Lolland, Odense, Aarhus,
# Læsø (tiny), Aalborg.
MUNICIPALITIES = ("147", "360", "461", "751", "825", "851")


@pytest.fixture(scope="module")
def commons(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, Path]]:
    home = tmp_path_factory.mktemp("truth") / "faelled-data"
    settings = Settings(home=home)
    generate(
        GenerateOptions(
            out=home / "extracts",
            scale=0.01,
            seed=7,
            first_year=2020,
            last_year=2024,
            municipalities=MUNICIPALITIES,
        )
    )
    with open_database(settings) as db:
        migrate(db)
    outcome = ingest_extracts(settings, progress=lambda _: None)
    assert all(set(c) <= {"loaded"} for c in outcome.values()), outcome  # clean data: all load
    with open_database(settings) as db:
        results = compute(db, settings)
        assert not [r for r in results if r.skipped]
    yield settings, home / "extracts" / "expected_kpis.parquet"


def _engine_values(db: Database) -> pd.DataFrame:
    kv = db.table("kpi_values")
    rows = kv.filter((kv.area_type == "municipality") & (kv.breakdown == ""))
    return rows.select("kpi", "area", "period", "value", "numerator", "denominator").to_pandas()


def test_every_shipped_kpi_matches_the_ground_truth(commons: tuple[Settings, Path]) -> None:
    settings, truth_path = commons
    truth = pd.read_parquet(truth_path)
    with open_database(settings, read_only=True) as db:
        ours = _engine_values(db).rename(columns={"area": "municipality"})
    # The data-quality KPIs read the load scores, which the generator cannot know: their truth
    # is a hand computation from quality_scores (tests/test_kpi_quality.py).
    shipped = {k for k, kpi in load_kpis(None).items() if kpi.domain != "data_quality"}
    assert set(truth.kpi) == shipped  # the ground truth covers the rest of the catalogue
    merged = truth.merge(
        ours, on=["kpi", "municipality", "period"], how="left", suffixes=("", "_e")
    )
    missing = merged[merged.value_e.isna()]
    assert missing.empty, missing.head().to_string()
    # Where the ground truth has no row its denominator was 0: ours is then null.
    ours = ours[ours.kpi.isin(shipped)]
    extra = ours.merge(truth, on=["kpi", "municipality", "period"], how="left", indicator=True)
    assert extra[extra._merge == "left_only"].value_x.isna().all()
    kpis = load_kpis(None)
    for kpi_id, group in merged.groupby("kpi"):
        kpi = kpis[str(kpi_id)]
        # Counts must be equal; sums of decimals (hours, FTE) within rounding of the order.
        for side, measure in (("numerator", kpi.numerator), ("denominator", kpi.denominator)):
            ours_, theirs_ = group[f"{side}_e"], group[side]
            if measure is not None and measure.aggregate in ("count", "count_distinct"):
                assert (ours_ == theirs_).all(), (kpi_id, side)
            else:
                rel_side = (ours_ - theirs_).abs() / theirs_.abs().clip(lower=1)
                assert rel_side.max() <= 1e-9, (kpi_id, side, rel_side.max())
        rel = (group.value - group.value_e).abs() / group.value.abs().clip(lower=1)
        assert rel.max() <= 1e-9, (kpi_id, rel.max())
    assert len(merged) > 500 and merged.kpi.nunique() == len(shipped)


@pytest.mark.postgres
def test_duckdb_and_postgres_agree_cell_by_cell(
    commons: tuple[Settings, Path], postgres_url: str, tmp_path: Path
) -> None:
    settings, _ = commons
    pg = Settings(home=tmp_path, database_url=SecretStr(postgres_url))
    datasets = list(load_contracts(None))
    with open_database(settings, read_only=True) as duck, open_database(pg) as other:
        migrate(other)
        for name in [*datasets, "quality_scores"]:  # the loaded tables, copied as they are
            if duck.has_table(name):
                table: pa.Table = duck.table(name).to_pyarrow()
                other.backend.create_table(name, table, overwrite=True)
        compute(other, pg, force=True)
        # The PostgreSQL server is shared by the session: compare the shipped catalogue only.
        shipped = set(load_kpis(None))
        theirs = _index(r for r in _all_values(other) if r["kpi"] in shipped)
        ours = _index(r for r in _all_values(duck) if r["kpi"] in shipped)
    assert ours.keys() == theirs.keys() and len(ours) > 1000
    for key, row in ours.items():
        other_row = theirs[key]
        for col in ("numerator", "denominator", "n", "members"):
            a, b = row[col], other_row[col]
            assert a == b or (pd.isna(a) and pd.isna(b)) or a == pytest.approx(b, rel=1e-12), (
                key,
                col,
            )
        for col in ("value", "value_unweighted"):
            a, b = row[col], other_row[col]
            assert (pd.isna(a) and pd.isna(b)) or a == pytest.approx(b, rel=1e-12), (key, col)


def _all_values(db: Database) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = db.table("kpi_values").to_pyarrow().to_pylist()
    return rows


def _index(rows: Iterable[dict[str, Any]]) -> dict[tuple[str, ...], dict[str, Any]]:
    return {(r["kpi"], r["area_type"], r["area"], r["period"], r["breakdown"]): r for r in rows}


def test_the_flattened_sql_returns_what_ibis_own_sql_returns(
    commons: tuple[Settings, Path],
) -> None:
    # faelled/kpi/flatten.py merges Ibis' subqueries with sqlglot's optimizer: for every shipped
    # KPI, with its aggregates, the merged statement must return the expression's rows (to the
    # last bits of a floating sum, whose order the engine may choose differently per plan).
    settings, _ = commons
    schemas = dataset_schemas(settings)
    with open_database(settings, read_only=True) as db:
        con: Any = getattr(db.backend, "con")  # noqa: B009
        for kpi in load_kpis(None).values():
            expr = expression(kpi, schemas)
            ours = con.sql(sql_of(expr, "duckdb")).to_arrow_table()
            theirs = con.sql(str(ibis.to_sql(expr, dialect="duckdb"))).to_arrow_table()
            order = [(c, "ascending") for c in ("area_type", "area", "period", "breakdown")]
            assert ours.num_rows > 0, kpi.id
            a, b = ours.sort_by(order).to_pandas(), theirs.sort_by(order).to_pandas()
            pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12, obj=kpi.id)

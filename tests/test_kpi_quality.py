"""The data-quality key figures (dq_*): completeness and validity per domain, from the quality
scores ingest writes per dataset × municipality × load. Real data the way a municipality's files
go (generated with errors → ingest → compute), checked against a hand computation from
`quality_scores` in pandas, on DuckDB and on a real PostgreSQL server; and served unsuppressed
(they count no persons)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
import yaml
from pydantic import SecretStr

from faelled.catalog.contracts import load_contracts
from faelled.catalog.kpis import KPI, load_kpis
from faelled.engine import Database, migrate, open_database
from faelled.generate import GenerateOptions, generate
from faelled.ingest.api import ingest
from faelled.ingest.demo import ingest_extracts
from faelled.kpi.compute import compute
from faelled.settings import Settings
from faelled.web.serving import is_primary

MUNICIPALITIES = ("147", "825", "851")


def _dq_kpis() -> dict[str, KPI]:
    return {k: kpi for k, kpi in load_kpis(None).items() if kpi.domain == "data_quality"}


@pytest.fixture(scope="module")
def commons(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, str]]:
    home = tmp_path_factory.mktemp("dq") / "faelled-data"
    settings = Settings(home=home)
    generate(
        GenerateOptions(
            out=home / "extracts",
            scale=0.01,
            seed=11,
            first_year=2023,
            last_year=2024,
            dirty=0.05,  # quarantined rows and empty cells: scores below 1
            municipalities=MUNICIPALITIES,
        )
    )
    with open_database(settings) as db:
        migrate(db)
    ingest_extracts(settings, progress=lambda _: None)
    with open_database(settings) as db:
        changed = _add_other_loads(db)
        compute(db, settings, list(_dq_kpis()))
    yield settings, changed


def _add_other_loads(db: Database) -> str:
    """Two more loads of real rows' keys: an older one the same day (must lose to the real load)
    and a newer one (must win), plus one a year earlier (its own period)."""
    q = db.table("quality_scores").to_pyarrow().to_pylist()
    first = sorted(q, key=lambda r: (r["dataset"], r["municipality"]))[0]
    older = {**first, "load_id": "older", "completeness": 0.1, "validity": 0.1}
    older["computed_at"] = first["computed_at"] - timedelta(seconds=1)
    other = next(r for r in q if r["dataset"] == "home_care")
    newer = {**other, "load_id": "newer", "completeness": 0.4, "validity": 0.3}
    newer["computed_at"] = other["computed_at"] + timedelta(seconds=1)
    last_year = {**other, "load_id": "last-year", "completeness": 0.8, "validity": 0.7}
    last_year["computed_at"] = other["computed_at"] - timedelta(days=366)
    schema = db.table("quality_scores").schema().to_pyarrow()
    db.backend.insert("quality_scores", pa.Table.from_pylist([older, newer, last_year], schema))
    return str(other["municipality"])


def _hand(db: Database) -> pd.DataFrame:
    """The data-quality KPIs computed by hand from quality_scores."""
    q = db.table("quality_scores").to_pandas()
    q["period"] = q.computed_at.dt.tz_convert("UTC").dt.year.astype(str)
    latest = (
        q.sort_values(["computed_at", "load_id"])
        .groupby(["dataset", "municipality", "period"])
        .tail(1)
    )
    # Each dataset's domain from its contract, not from the score rows or the KPI's definition.
    domain_of = {name: str(c.domain) for name, c in load_contracts(db.settings).items()}
    out = []
    for kpi_id, kpi in _dq_kpis().items():
        domain = kpi_id.split("_", 2)[2]  # dq_completeness_schools → schools
        metric = kpi.numerator.column
        rows = latest[latest.dataset.map(domain_of) == domain]
        g = rows.groupby(["municipality", "period"])[metric]
        frame = pd.DataFrame({"value": 100 * g.mean(), "n": g.count()}).reset_index()
        out.append(frame.assign(kpi=kpi_id))
    return pd.concat(out, ignore_index=True)


def _engine(db: Database) -> pd.DataFrame:
    kv = db.table("kpi_values")
    return kv.filter(kv.kpi.startswith("dq_")).to_pandas()


def _check(db: Database) -> pd.DataFrame:
    hand = _hand(db)
    ours = _engine(db)
    munis = ours[ours.area_type == "municipality"].rename(columns={"area": "municipality"})
    m = hand.merge(munis, on=["kpi", "municipality", "period"], how="outer", suffixes=("", "_e"))
    assert not m.value_e.isna().any() and not m.value.isna().any(), m.head().to_string()
    assert ((m.value - m.value_e).abs() <= 1e-9).all()
    assert (m.n == m.n_e).all()
    # Every domain the small data deliver (the tiny sample may lack a dataset or two).
    assert len(m) == len(hand) and m.kpi.nunique() >= 10
    # Country: the unweighted mean of the municipalities, and the mean over every dataset's
    # score (weighted by the number of datasets each municipality delivered).
    country = ours[ours.area_type == "country"].set_index(["kpi", "period"])
    for (kpi_id, period), g in hand.groupby(["kpi", "period"]):
        row = country.loc[(kpi_id, period)]
        assert row.value_unweighted == pytest.approx(g.value.mean(), rel=1e-12)
        assert row.value == pytest.approx((g.value * g.n).sum() / g.n.sum(), rel=1e-12)
        assert row.members == len(g)
    return m


def test_values_equal_a_hand_computation_from_the_quality_scores(
    commons: tuple[Settings, str],
) -> None:
    settings, changed = commons
    with open_database(settings, read_only=True) as db:
        m = _check(db)
    # The data were generated with errors: the figures are not all 100 %.
    assert (m.value < 100).any()
    # The newer home_care load replaced the real one; the older load lost; the load a year
    # earlier is a period of its own, with nothing but that dataset.
    elderly = m[(m.kpi == "dq_validity_elderly") & (m.municipality == changed)]
    assert len(elderly) == 2
    earlier, current = elderly.sort_values("period").itertuples()
    assert earlier.value == pytest.approx(70) and earlier.n == 1
    assert current.value <= 100 * (0.3 + (current.n - 1)) / current.n + 1e-9


def test_the_kpis_are_data_quality_percentages_served_unsuppressed(
    commons: tuple[Settings, str],
) -> None:
    kpis = _dq_kpis()
    assert {k.rsplit("_", 1)[0] for k in kpis} == {"dq_completeness", "dq_validity"}
    with open_database(commons[0], read_only=True) as db:
        rows = _engine(db).to_dict("records")
    assert rows
    for kpi in kpis.values():
        assert kpi.unit == "percent" and kpi.direction == "higher_is_better"
        assert not kpi.n_is_persons and kpi.status == "published"
    # They count datasets, not persons: a municipality's single dataset is shown.
    assert not [r for r in rows if is_primary(kpis[r["kpi"]], r)]
    assert {r["n"] for r in rows if r["area_type"] == "municipality"} >= {1}


@pytest.mark.postgres
def test_postgres_computes_the_same(
    commons: tuple[Settings, str], postgres_url: str, tmp_path: Path
) -> None:
    pg = Settings(home=tmp_path, database_url=SecretStr(postgres_url))
    with open_database(commons[0], read_only=True) as duck, open_database(pg) as other:
        migrate(other)
        table: pa.Table = duck.table("quality_scores").to_pyarrow()
        other.backend.create_table("quality_scores", table, overwrite=True)
        compute(other, pg, list(_dq_kpis()), force=True)
        _check(other)
        ours = _index(_engine(duck))
        theirs = _index(_engine(other))
    assert ours.keys() == theirs.keys()
    for key, row in ours.items():
        for col in ("value", "value_unweighted", "numerator", "n", "members"):
            assert row[col] == pytest.approx(theirs[key][col], rel=1e-12), (key, col)


def _index(df: pd.DataFrame) -> dict[tuple[str, ...], dict[str, Any]]:
    return {
        (r["kpi"], r["area_type"], r["area"], r["period"], r["breakdown"]): r
        for r in df.to_dict("records")
    }


def test_every_score_carries_its_contracts_domain(commons: tuple[Settings, str]) -> None:
    settings, _ = commons
    domain_of = {name: str(c.domain) for name, c in load_contracts(settings).items()}
    with open_database(settings, read_only=True) as db:
        q = db.table("quality_scores").to_pandas()
    assert len(q) > 10
    assert (q.domain == q.dataset.map(domain_of)).all()


def test_a_users_own_contract_counts_in_its_domain(tmp_path: Path) -> None:
    # A municipality's own school dataset, from its own contract: the schools figures take it in.
    content = tmp_path / "content"
    (content / "contracts").mkdir(parents=True)
    shipped = load_contracts(None)["wellbeing"]
    own = shipped.model_dump(mode="json", exclude_none=True)
    own.update(name="local_wellbeing", title={"da": "Lokal trivsel", "en": "Local well-being"})
    (content / "contracts" / "local_wellbeing.yaml").write_text(
        yaml.safe_dump(own, allow_unicode=True), encoding="utf-8"
    )
    settings = Settings(home=tmp_path / "home", content_dir=content)
    contract = load_contracts(settings)["local_wellbeing"]
    assert contract.domain == "schools"
    rows = ["person_id;municipality;school_year;school_id;grade_level;wellbeing"]
    rows += [f"{day:02d}0190123{day % 10};101;2023/24;123456;5;4.2" for day in range(1, 20)]
    rows.append("2001901234;101;2023/24;123456;5;")  # a required cell left empty
    extract = tmp_path / "local_wellbeing_101.csv"
    extract.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with open_database(settings) as db:
        migrate(db)
    (result,) = ingest(settings, [extract], contract, actor="test")
    assert result.status in ("loaded", "quarantined"), result
    with open_database(settings) as db:
        compute(db, settings, ["dq_completeness_schools"])
        q = db.table("quality_scores").to_pandas()
        kv = db.table("kpi_values").to_pandas()
    assert q.domain.tolist() == ["schools"]
    mine = kv[(kv.area_type == "municipality") & (kv.area == "101")]
    assert len(mine) == 1
    assert mine.value.iloc[0] == pytest.approx(100 * q.completeness.iloc[0])
    assert mine.value.iloc[0] < 100


def test_scores_from_before_the_domain_column_get_their_contracts(settings: Settings) -> None:
    with open_database(settings) as db:
        migrate(db)
        db.raw_sql("ALTER TABLE quality_scores DROP COLUMN domain")
        db.raw_sql(
            "INSERT INTO quality_scores (dataset, municipality, load_id, completeness, validity,"
            " uniqueness, timeliness, score, computed_at) VALUES"
            " ('home_care', '101', 'l1', 1, 1, 1, NULL, 1, TIMESTAMPTZ '2024-03-01 10:00:00+00'),"
            " ('gone', '101', 'l2', 1, 1, 1, NULL, 1, TIMESTAMPTZ '2024-03-01 10:00:00+00')"
        )
        db.raw_sql("DELETE FROM faelled_migrations WHERE id = 'ingest:2'")
        assert [m.id for m in migrate(db)] == ["ingest:2"]
        rows = db.table("quality_scores").to_pyarrow().to_pylist()
    got = {r["dataset"]: r["domain"] for r in rows}
    # A dataset without a contract any more has no domain: no figure counts it.
    assert got == {"home_care": "elderly", "gone": None}

"""A municipality that sent no delivery for a period — none sent, or the file was refused — has
no value for it, not 0; one that delivered with nothing matching has 0. Regions, groups and the
country count only the members with a value."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from faelled.catalog.kpis import KPI, load_kpis
from faelled.engine import Database, migrate, open_database
from faelled.generate import GenerateOptions, generate
from faelled.ingest.demo import ingest_extracts
from faelled.kpi.compute import compute, compute_kpi
from faelled.kpi.sqlcache import clear_memory, run_kpi
from faelled.settings import Settings
from faelled.web.app import create_app

from . import kpi_fixtures as fx

# The fixture's spells (tests/kpi_fixtures.py): København delivered 2021 and 2023, Aalborg
# 2024, Frederiksberg nothing. Population: all three in 2023, Aalborg also in 2024.
SPELLS_BY_YEAR_COLUMN = {
    "dataset": "benefit_spells",
    "aggregate": "count",
    "period": {"kind": "column", "column": "year"},
    "where": [{"column": "benefit", "op": "eq", "value": "a-dagpenge"}],
}
ON_JAN1 = {
    "dataset": "benefit_spells",
    "aggregate": "count_distinct",
    "column": "person_id",
    "coverage": "year",
    "period": {"kind": "on_date", "start": "start_date", "end": "end_date", "reference": "jan1"},
    "where": [{"column": "benefit", "op": "eq", "value": "kontanthjælp"}],
}
DELIVERED_NONE_MATCH = ("101", "2023")
NOT_DELIVERED = (("147", "2023"), ("851", "2023"))


def _fill_2022(db: Database) -> None:
    """København's 2022 delivery, so its spells' history has no gap up to 2023: one a-dagpenge
    spell of p4's in the spring (not active on 1 January; not kontanthjælp)."""
    row = {
        "person_id": ["p4"],
        "municipality": ["101"],
        "year": pa.array([2022], pa.int64()),
        "benefit": ["a-dagpenge"],
        "start_date": pa.array([date(2022, 3, 1)], pa.date32()),
        "end_date": pa.array([date(2022, 4, 1)], pa.date32()),
    }
    db.backend.insert("benefit_spells", pa.table(row))


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    clear_memory()
    with open_database(settings) as database:
        fx.load(database)
        yield database
    clear_memory()


def _values(db: Database, kpi: KPI) -> dict[tuple[str, str, str], dict[str, Any]]:
    t = run_kpi(db, kpi, fx.SCHEMAS, aggregates=False)
    return {(r["municipality"], r["period"], r["breakdown"]): r for r in t.to_pylist()}


def _check_column_period(got: dict[tuple[str, str, str], dict[str, Any]]) -> None:
    # København delivered 2023 and no spell in it is a-dagpenge: 0 of 150.
    assert got[(*DELIVERED_NONE_MATCH, "")]["numerator"] == 0.0
    assert got[(*DELIVERED_NONE_MATCH, "")]["value"] == 0.0
    for key in NOT_DELIVERED:
        row = got[(*key, "")]
        assert row["numerator"] is None and row["value"] is None, key
        assert row["denominator"] is not None  # the population is there; the delivery is not
    assert got[("851", "2024", "")]["numerator"] == 0.0


def test_a_period_without_a_delivery_has_no_value_and_one_without_matches_has_0(
    db: Database,
) -> None:
    kpi = fx.benefit_share(numerator=SPELLS_BY_YEAR_COLUMN)
    _check_column_period(_values(db, kpi))


def test_dates_use_the_delivery_years_that_coverage_names(db: Database) -> None:
    kpi = fx.benefit_share(numerator=ON_JAN1)
    # København delivered 2021 and 2023 but not 2022: spells started in 2022 are missing from
    # 2023, so 2023 has no value rather than a count that is too low.
    assert _values(db, kpi)[("101", "2023", "")]["value"] is None
    _fill_2022(db)
    got = _values(db, kpi)
    # København 2023: p1's kontanthjælp (May 2022 – Feb 2023) is active on 1 January.
    assert got[("101", "2023", "")]["numerator"] == 1.0
    # Aalborg delivered 2024: p4's spell starts on 1 January 2024.
    assert got[("851", "2024", "")]["numerator"] == 1.0
    for key in NOT_DELIVERED:
        assert got[(*key, "")]["value"] is None, key
    # With a filter that matches nothing, a delivered year is 0 and the others stay empty.
    none = {**ON_JAN1, "where": [{"column": "benefit", "op": "eq", "value": "a-dagpenge"}]}
    _check_column_period(_values(db, fx.benefit_share(numerator=none)))


def test_a_breakdown_group_with_no_rows_is_0_where_the_period_was_delivered(
    db: Database,
) -> None:
    # Each breakdown's groups come from the rows that match, so delivery is read apart.
    _fill_2022(db)
    num = {**ON_JAN1, "join": {"dataset": "persons", "on": ["person_id"], "columns": ["sex"]}}
    kpi = fx.benefit_share(numerator=num, breakdowns=["sex"])
    got = _values(db, kpi)
    # København 2023, men: delivered, but the one kontanthjælp spell is a woman's.
    assert got[("101", "2023", "sex=M")]["numerator"] == 0.0
    assert got[("101", "2023", "sex=K")]["numerator"] == 1.0
    assert got[("147", "2023", "sex=K")]["numerator"] is None
    assert got[("147", "2023", "")]["numerator"] is None


def test_the_country_counts_only_members_with_a_value(db: Database) -> None:
    kpi = fx.benefit_share(numerator=SPELLS_BY_YEAR_COLUMN)
    compute_kpi(db, kpi, fx.SCHEMAS)
    kv = db.table("kpi_values")
    rows = kv.filter((kv.kpi == kpi.id) & (kv.period == "2023") & (kv.breakdown == ""))
    got = {(r["area_type"], r["area"]): r for r in rows.to_pyarrow().to_pylist()}
    country = got[("country", "000")]
    # Only København has a value in 2023: its 100 inhabitants aged 16–66, not also
    # Frederiksberg's 10 and Aalborg's 200, whose spells were never delivered.
    assert country["denominator"] == 100.0
    assert country["members"] == 1
    assert country["value"] == 0.0
    assert got[("municipality", "147")]["value"] is None


@pytest.mark.postgres
def test_postgres_agrees(postgres_url: str, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, database_url=SecretStr(postgres_url))
    clear_memory()
    with open_database(settings) as db:
        fx.load(db)
        _check_column_period(_values(db, fx.benefit_share(numerator=SPELLS_BY_YEAR_COLUMN)))
        _fill_2022(db)
        none = {**ON_JAN1, "where": [{"column": "benefit", "op": "eq", "value": "a-dagpenge"}]}
        _check_column_period(_values(db, fx.benefit_share(numerator=none)))
    clear_memory()


# -- end to end: generated files, one missing and one refused ---------------------------------

A, B = "147", "825"  # Frederiksberg, Læsø


@pytest.fixture(scope="module")
def commons(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, dict[str, Any]]:
    home = tmp_path_factory.mktemp("delivered") / "faelled-data"
    settings = Settings(home=home)
    extracts = home / "extracts"
    generate(
        GenerateOptions(
            out=extracts,
            scale=0.05,
            seed=11,
            first_year=2022,
            last_year=2024,
            municipalities=(A, B),
        )
    )
    # Frederiksberg's accounts never arrive; its 2023 home-care file is unreadable bytes.
    (accounts,) = (extracts / "accounts").glob(f"{A}.*")
    accounts.unlink()
    (care,) = (extracts / "home_care").glob(f"{A}_2023.*")
    care.write_bytes(bytes(range(256)) * 40)
    # Its 2023 spells never arrive either: 2023 and every later year miss the spells that
    # started in 2023, so the employment figures stop at 2022.
    (spells,) = (extracts / "benefit_spells").glob(f"{A}_2023.*")
    spells.unlink()
    with open_database(settings) as db:
        migrate(db)
    outcome = ingest_extracts(settings, progress=lambda _: None)
    with open_database(settings) as db:
        compute(db, settings)
    return settings, {
        "outcome": outcome,
        "truth": pd.read_parquet(extracts / "expected_kpis.parquet"),
    }


def _kpi_values(settings: Settings) -> pd.DataFrame:
    with open_database(settings, read_only=True) as db:
        kv = db.table("kpi_values")
        return kv.filter(kv.breakdown == "").to_pandas()


def test_a_missing_and_a_refused_delivery_read_as_no_data(
    commons: tuple[Settings, dict[str, Any]],
) -> None:
    settings, info = commons
    assert info["outcome"]["home_care"]["failed"] == 1  # the unreadable file was refused
    kv = _kpi_values(settings)
    muni = kv[kv.area_type == "municipality"].rename(columns={"area": "municipality"})
    muni = muni.set_index(["kpi", "municipality", "period"])
    eco = [k for k in load_kpis(None) if k.startswith("eco_net_opex_per_inhabitant")]
    for kpi in eco:
        for year in ("2022", "2023", "2024"):
            assert pd.isna(muni.loc[(kpi, A, year), "value"]), (kpi, year)  # not 0 kr.
            assert pd.isna(muni.loc[(kpi, A, year), "numerator"])
            assert not pd.isna(muni.loc[(kpi, B, year), "value"]), (kpi, year)
    for kpi in ("eld_home_care_hours_per_67", "eld_home_care_share_80"):
        assert pd.isna(muni.loc[(kpi, A, "2023"), "value"])
        assert not pd.isna(muni.loc[(kpi, A, "2024"), "value"])
    spells = {k for k, d in load_kpis(None).items() if "benefit_spells" in d.datasets}
    assert len(spells) == 8
    for kpi in spells:
        # Self-sufficiency 12 months after a spell ended in 2022 reads 2023's spells too.
        gap = ("2022", "2023", "2024") if kpi == "emp_selfsufficient_12m" else ("2023", "2024")
        for year in ("2022", "2023", "2024"):
            empty = (kpi, A, year) not in muni.index or pd.isna(muni.loc[(kpi, A, year), "value"])
            assert empty == (year in gap), (kpi, year)
    # Everything else still equals the generator's ground truth.
    truth = info["truth"].set_index(["kpi", "municipality", "period"])
    ours = muni.dropna(subset=["value"])
    both = ours.join(truth, how="inner", rsuffix="_truth")
    assert len(both) > 100
    off = (both.value - both.value_truth).abs() > 1e-9 * both.value.abs().clip(lower=1)
    assert not off.any(), both[off][["value", "value_truth"]]
    missing = truth.index.difference(ours.index)
    reads = {k for k, d in load_kpis(None).items() if "accounts" in d.datasets}
    assert reads >= {*eco, "eco_budget_deviation_pct", "sch_expenditure_per_pupil"}
    gone = {(k, A) for k in reads | spells} | {
        (k, A) for k in ("eld_home_care_hours_per_67", "eld_home_care_share_80")
    }
    assert {(k, m) for k, m, _ in missing} <= gone


def test_the_country_figure_is_the_members_that_delivered(
    commons: tuple[Settings, dict[str, Any]],
) -> None:
    settings, _ = commons
    kv = _kpi_values(settings)
    kpi = kv[(kv.kpi == "eco_net_opex_per_inhabitant_total") & (kv.period == "2023")]
    by_area = kpi.set_index(["area_type", "area"])
    country, laesoe = by_area.loc[("country", "000")], by_area.loc[("municipality", B)]
    assert country["members"] == 1
    assert country["denominator"] == laesoe["denominator"]
    assert country["value"] == pytest.approx(laesoe["value"], rel=1e-12)


def test_the_kpi_page_says_no_value_where_nothing_was_delivered(
    commons: tuple[Settings, dict[str, Any]],
) -> None:
    settings, _ = commons
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        page = client.get("/noegletal/eco_net_opex_per_inhabitant_total?periode=2023")
        english = client.get("/noegletal/eco_net_opex_per_inhabitant_total?periode=2023&lang=en")
    assert page.status_code == 200

    def row(html: str, code: str) -> str:
        found = re.search(
            rf'<tr[^>]*>\s*<td>[^<]*</td>\s*<td><a href="/kommune/{code}">.*?</tr>', html, re.S
        )
        assert found, code
        return found.group(0)

    assert "ingen værdi" in row(page.text, A)  # not "0" kr., and not a bare dash
    # Under the table, how many have none and the reasons there can be.
    assert re.search(
        r'id="no-value-note">Kommuner uden værdi \(ingen godkendt leverance[^<]*: 1 · '
        r'<a href="/data#gaps">Huller i leverancerne</a>',
        page.text,
    )
    assert "Municipalities without a value" in english.text
    assert "no value" in row(english.text, A)
    assert "ingen værdi" not in row(page.text, B)


def test_the_data_page_lists_the_gaps_that_leave_figures_blank(
    commons: tuple[Settings, dict[str, Any]],
) -> None:
    settings, _ = commons
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        page = client.get("/data")
        api = client.get("/api/v1/datasets").json()
    assert page.status_code == 200
    # The page's JSON twin carries the same rows.
    assert {"dataset": "home_care", "municipality": A, "missing": ["2023"]}.items() <= next(
        g for g in api["gaps"] if g["dataset"] == "home_care" and g["municipality"] == A
    ).items()
    table = re.search(r'<table id="gaps-table">.*?</table>', page.text, re.S)
    assert table, "no gaps table"
    rows = {
        (m.group(1), m.group(2)): re.sub(r"\s+", " ", m.group(3)).strip()
        for m in re.finditer(
            r"<code>(\w+)</code></td>\s*<td><a href=\"/kommune/(\d+)\">[^<]*</a></td>\s*"
            r"<td>([^<]*)</td>",
            table.group(0),
        )
    }
    # The deleted accounts file, the unreadable home-care file, the deleted 2023 spells file.
    assert rows[("accounts", A)] == "ingen leverancer"
    assert rows[("home_care", A)] == "2023"
    assert rows[("benefit_spells", A)] == "2023"
    assert not [key for key in rows if key[1] == B and key[0] in ("accounts", "home_care")]


@pytest.mark.parametrize(
    ("value", "year"),
    [
        (2023, 2023),
        ("2023", 2023),
        ("2023/24", 2023),
        ("2023-01", None),
        (None, None),
        (True, None),
    ],
)
def test_a_partition_value_is_read_as_its_starting_year(value: Any, year: int | None) -> None:
    from faelled.web.views.gaps import _label, _year

    assert _year(value) == year
    if year is not None:
        assert _label(year, school_year=True) == "2023/24" and _label(year, False) == "2023"

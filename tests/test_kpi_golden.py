"""The SQL each shipped KPI compiles to, per dialect, kept as reviewed golden files.

A change in a definition or in the compiler that changes the SQL fails here until the golden
files are regenerated (FAELLED_UPDATE_GOLDEN=1 pytest tests/test_kpi_golden.py) and the diff is
reviewed like code."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from faelled.catalog.kpis import KPI, load_kpis
from faelled.kpi.compiler import to_sql
from faelled.kpi.compute import dataset_schemas

from . import kpi_fixtures as fx

GOLDEN = Path(__file__).parent / "golden" / "kpi"
DIALECTS = ("duckdb", "postgres", "pyspark")
UPDATE = os.environ.get("FAELLED_UPDATE_GOLDEN") == "1"


def _cases() -> list[tuple[KPI, dict[str, dict[str, str]]]]:
    shipped = [(k, dataset_schemas(None)) for k in load_kpis(None).values()]
    return [(fx.benefit_share(breakdowns=["sex"]), fx.SCHEMAS), *shipped]


CASES = [(kpi, schemas, d) for kpi, schemas in _cases() for d in DIALECTS]


@pytest.mark.parametrize(
    ("kpi", "schemas", "dialect"), CASES, ids=[f"{k.id}-{d}" for k, _, d in CASES]
)
def test_sql_matches_the_reviewed_golden_file(
    kpi: KPI, schemas: dict[str, dict[str, str]], dialect: str
) -> None:
    sql = to_sql(kpi, schemas, dialect) + "\n"
    path = GOLDEN / dialect / f"{kpi.id}.sql"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(sql, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run with FAELLED_UPDATE_GOLDEN=1 and review"
    assert sql == path.read_text(encoding="utf-8"), f"{kpi.id} compiles to new SQL for {dialect}"


def test_no_stale_golden_files() -> None:
    ids = {k.id for k, _ in _cases()}
    for dialect in DIALECTS:
        for path in (GOLDEN / dialect).glob("*.sql"):
            assert path.stem in ids, f"{path} belongs to no KPI: delete it"

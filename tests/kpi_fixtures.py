"""A tiny hand-checkable commons for KPI tests: three municipalities, persons, spells."""

from __future__ import annotations

from datetime import date
from typing import Any

import pyarrow as pa

from faelled.catalog.kpis import KPI
from faelled.engine import Database, migrate

SCHEMAS: dict[str, dict[str, str]] = {
    "population": {
        "municipality": "string",
        "year": "int64",
        "sex": "string",
        "age": "int64",
        "count": "int64",
    },
    "persons": {"person_id": "string", "birth_year": "int64", "sex": "string"},
    "benefit_spells": {
        "person_id": "string",
        "municipality": "string",
        "year": "int64",
        "benefit": "string",
        "start_date": "date",
        "end_date": "date",
    },
}

# 101 København and 147 Frederiksberg (region 1084, group 1), 851 Aalborg (region 1081, group 2).
POPULATION = [
    ("101", 2023, "K", 30, 60),
    ("101", 2023, "M", 40, 40),
    ("101", 2023, "M", 70, 50),  # outside 16–66
    ("147", 2023, "K", 20, 10),
    ("851", 2023, "K", 50, 200),
    ("851", 2024, "K", 50, 200),
]
PERSONS = [("p1", 1990, "K"), ("p2", 1980, "M"), ("p3", 1950, "M"), ("p4", 1970, "K")]
SPELLS = [
    ("p1", "101", 2023, "kontanthjælp", date(2022, 5, 1), date(2023, 2, 1)),
    ("p2", "101", 2023, "sygedagpenge", date(2023, 3, 1), None),
    ("p2", "101", 2021, "kontanthjælp", date(2021, 3, 1), date(2021, 6, 1)),
    ("p3", "101", 2023, "førtidspension", date(2015, 1, 1), None),  # aged 73 in 2023
    ("p4", "851", 2024, "kontanthjælp", date(2024, 1, 1), date(2024, 1, 31)),
]


def _table(rows: list[tuple[Any, ...]], schema: dict[str, str]) -> pa.Table:
    types = {"string": pa.string(), "int64": pa.int64(), "date": pa.date32()}
    cols = list(schema)
    return pa.table(
        {c: pa.array([r[i] for r in rows], types[schema[c]]) for i, c in enumerate(cols)}
    )


def load(db: Database) -> None:
    migrate(db)
    for name, rows in (
        ("population", POPULATION),
        ("persons", PERSONS),
        ("benefit_spells", SPELLS),
    ):
        db.backend.create_table(name, _table(rows, SCHEMAS[name]), overwrite=True)


def benefit_share(**extra: Any) -> KPI:
    spec: dict[str, Any] = {
        "id": "fixture_benefit_share",
        "domain": "employment",
        "title": {"da": "Andel 16-66-årige på offentlig forsørgelse", "en": "Share on benefits"},
        "description": {"da": "…", "en": "…"},
        "unit": "percent",
        "direction": "lower_is_better",
        "scale": 100,
        "numerator": {
            "dataset": "benefit_spells",
            "aggregate": "count_distinct",
            "column": "person_id",
            "period": {"kind": "overlaps", "start": "start_date", "end": "end_date"},
            "join": {"dataset": "persons", "on": ["person_id"], "columns": ["birth_year", "sex"]},
            "derive": {"age": {"kind": "age_from_birth_year", "column": "birth_year"}},
            "where": [{"column": "age", "op": "between", "value": [16, 66]}],
        },
        "denominator": {
            "dataset": "population",
            "aggregate": "sum",
            "column": "count",
            "n_from": "value",
            "period": {"kind": "column", "column": "year"},
            "where": [{"column": "age", "op": "between", "value": [16, 66]}],
        },
    }
    spec.update(extra)
    return KPI.model_validate(spec)

"""Tables of the KPI layer: reporting periods, computed values with revisions, and runs with the
inputs (loads) they used."""

from __future__ import annotations

from datetime import date

import ibis
import pyarrow as pa

from faelled.engine.database import Database
from faelled.engine.migrations import Migration

FIRST_YEAR, LAST_YEAR = 2000, 2040

KPI_VALUES = "kpi_values"
KPI_REVISIONS = "kpi_revisions"
KPI_RUNS = "kpi_runs"

VALUES_SCHEMA = ibis.schema(
    {
        "kpi": "string",
        "version": "int64",
        "area_type": "string",  # municipality | region | kommunegruppe | country
        "area": "string",  # 101 | 1084 | 1 | 000
        "period": "string",  # "2024", or a school year "2023/24"
        "breakdown": "string",  # "" for the whole area, else "sex=K"
        "value": "float64",  # for aggregates: weighted (Σ numerator / Σ denominator)
        "value_unweighted": "float64",  # for aggregates: mean of members' values (as Kolada)
        "members": "int64",  # municipalities behind the value
        "numerator": "float64",
        "denominator": "float64",
        "n": "int64",
        "run_id": "string",
        "updated_at": "timestamp('UTC')",  # when this value last changed: the change feed
    }
)
REVISIONS_SCHEMA = ibis.schema(
    {
        "kpi": "string",
        "area_type": "string",
        "area": "string",
        "period": "string",  # "2024", or a school year "2023/24"
        "breakdown": "string",
        "old_value": "float64",
        "new_value": "float64",
        "run_id": "string",
        "changed_at": "timestamp('UTC')",
    }
)
RUNS_SCHEMA = ibis.schema(
    {
        "run_id": "string",
        "kpi": "string",
        "version": "int64",
        "inputs": "string",  # JSON: dataset → fingerprint (load ids, or row count)
        "rows": "int64",
        "changed": "int64",
        "engine": "string",
        "started_at": "timestamp('UTC')",
        "seconds": "float64",
    }
)


def _create(db: Database) -> None:
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    periods = pa.table(
        {
            "year": pa.array(list(years), pa.int64()),
            "start_date": pa.array([date(y, 1, 1) for y in years], pa.date32()),
            "end_date": pa.array([date(y, 12, 31) for y in years], pa.date32()),
        }
    )
    db.backend.create_table("ref_periods", periods, overwrite=True)
    db.backend.create_table(KPI_VALUES, schema=VALUES_SCHEMA)
    db.backend.create_table(KPI_REVISIONS, schema=REVISIONS_SCHEMA)
    db.backend.create_table(KPI_RUNS, schema=RUNS_SCHEMA)


MIGRATIONS = [Migration("kpi:1", "periods, kpi values, revisions, runs", _create)]

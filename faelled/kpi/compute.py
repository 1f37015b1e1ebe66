"""Compute key figures into `kpi_values`: incremental, with revisions and lineage.

A KPI is recomputed only when its definition's version or its inputs changed since its last run
(inputs: the accepted loads of each dataset it reads, or the row count where no loads table
exists). A value that a reload changes keeps its history in `kpi_revisions`, and `updated_at`
on the value feeds the API's change feed."""

from __future__ import annotations

import json
import math
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import ibis
import pyarrow as pa

from faelled.catalog.contracts import engine_schema, load_contracts
from faelled.catalog.kpis import KPI, SYSTEM_DATASETS, load_kpis
from faelled.engine.database import Database
from faelled.engine.writes import replace_where
from faelled.errors import InputError
from faelled.kpi.sqlcache import run_kpi
from faelled.kpi.store import (
    KPI_REVISIONS,
    KPI_RUNS,
    KPI_VALUES,
    REVISIONS_SCHEMA,
    RUNS_SCHEMA,
    VALUES_SCHEMA,
)
from faelled.settings import Settings

Schemas = dict[str, dict[str, str]]


@dataclass(frozen=True)
class RunResult:
    kpi: str
    skipped: bool
    rows: int = 0
    changed: int = 0
    seconds: float = 0.0
    reason: str = ""


def dataset_schemas(settings: Settings | None) -> Schemas:
    return {name: engine_schema(c) for name, c in load_contracts(settings).items()}


class Inputs:
    """What each input dataset holds now: its accepted loads and its row count (a table written
    without a load — a test, a repair — still changes), else its row count alone. Read once per
    dataset and run: computing key figures changes no dataset, and most KPIs share inputs."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._tables = set(db.backend.list_tables())
        self._loads: dict[str, list[str]] | None = None
        if "loads" in self._tables:
            loads = db.table("loads")
            if {"dataset", "load_id", "status"} <= set(loads.columns):
                rows = (
                    loads.filter(loads.status == "accepted")
                    .select("dataset", load_id=loads.load_id.cast("string"))
                    .to_pyarrow()
                    .to_pylist()
                )
                self._loads = {}
                for r in rows:
                    self._loads.setdefault(r["dataset"], []).append(str(r["load_id"]))
        self._seen: dict[str, str] = {}

    def fingerprint(self, datasets: Iterable[str]) -> dict[str, str]:
        return {name: self._one(name) for name in sorted(datasets)}

    def _one(self, name: str) -> str:
        if name not in self._seen:
            if name not in self._tables:
                self._seen[name] = "missing"
            else:
                rows = int(self.db.table(name).count().to_pyarrow().as_py())
                if self._loads is None:
                    self._seen[name] = f"rows:{rows}"
                else:
                    ids = ",".join(sorted(self._loads.get(name, [])))
                    self._seen[name] = f"loads:{ids};rows:{rows}"
        return self._seen[name]


def input_fingerprint(db: Database, datasets: Iterable[str]) -> dict[str, str]:
    """What each input dataset holds now (see Inputs)."""
    return Inputs(db).fingerprint(datasets)


def _last_runs(db: Database, kpi_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The latest run of each KPI, in one query."""
    runs = db.table(KPI_RUNS)
    newest = ibis.row_number().over(group_by="kpi", order_by=ibis.desc("started_at"))
    rows = (
        runs.filter(runs.kpi.isin(kpi_ids))
        .mutate(_newest=newest)
        .filter(lambda r: r._newest == 0)
        .drop("_newest")
        .to_pyarrow()
        .to_pylist()
    )
    return {r["kpi"]: r for r in rows}


def _key(r: dict[str, Any]) -> tuple[str, str, str, str]:
    return (r["area_type"], r["area"], r["period"], r["breakdown"])


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)):
        return (a is None or math.isnan(a)) and (b is None or math.isnan(b))
    return abs(a - b) <= 1e-12 * max(1.0, abs(a), abs(b))


def compute_kpi(
    db: Database,
    kpi: KPI,
    schemas: Schemas,
    *,
    force: bool = False,
    inputs: Inputs | None = None,
    last_runs: dict[str, dict[str, Any]] | None = None,
) -> RunResult:
    """Compute one KPI into kpi_values, unless its inputs and version are those of its last
    run. `inputs` and `last_runs` are shared by the KPIs of one compute() run."""
    missing = [d for d in kpi.datasets if d not in schemas and d not in SYSTEM_DATASETS]
    if missing:
        raise InputError(
            f"{kpi.id}: datasæt uden kontrakt / datasets without a contract: {missing}"
        )
    found = (inputs or Inputs(db)).fingerprint(kpi.datasets)
    if any(v == "missing" for v in found.values()):
        return RunResult(kpi.id, skipped=True, reason="inputs not loaded yet")
    fingerprint = json.dumps(found, sort_keys=True)
    last = (last_runs if last_runs is not None else _last_runs(db, [kpi.id])).get(kpi.id)
    if not force and last and last["inputs"] == fingerprint and last["version"] == kpi.version:
        return RunResult(kpi.id, skipped=True, reason="unchanged")

    started = time.perf_counter()
    now = datetime.now(UTC)
    run_id = f"{now:%Y%m%d%H%M%S}-{secrets.token_hex(3)}"
    # The compiled query comes from the cache (faelled/kpi/sqlcache.py): compiling costs more
    # than running a small KPI.
    new = run_kpi(db, kpi, schemas).to_pylist()

    # Over the table's known schema: db.table() would ask the engine for it on every KPI.
    kv = ibis.table(VALUES_SCHEMA, name=KPI_VALUES)
    old_rows = db.backend.to_pyarrow(kv.filter(kv.kpi == kpi.id)).to_pylist()
    old = {_key(r): r for r in old_rows}
    revisions = []
    for r in new:
        prev = old.get(_key(r))
        if prev is not None and _same(prev["value"], r["value"]):
            r["updated_at"] = prev["updated_at"]
            continue
        r["updated_at"] = now
        if prev is not None:
            revisions.append(
                {
                    "kpi": kpi.id,
                    "area_type": r["area_type"],
                    "area": r["area"],
                    "period": r["period"],
                    "breakdown": r["breakdown"],
                    "old_value": prev["value"],
                    "new_value": r["value"],
                    "run_id": run_id,
                    "changed_at": now,
                }
            )
    for r in new:
        r["kpi"], r["version"], r["run_id"] = kpi.id, kpi.version, run_id
        for f in ("value", "value_unweighted"):
            if isinstance(r[f], float) and math.isnan(r[f]):
                r[f] = None
    values = pa.Table.from_pylist(new, schema=VALUES_SCHEMA.to_pyarrow())
    replace_where(db, KPI_VALUES, {"kpi": kpi.id}, values)
    if revisions:
        db.backend.insert(
            KPI_REVISIONS, pa.Table.from_pylist(revisions, schema=REVISIONS_SCHEMA.to_pyarrow())
        )
    changed = sum(1 for r in new if r["updated_at"] == now)
    seconds = time.perf_counter() - started
    run = {
        "run_id": run_id,
        "kpi": kpi.id,
        "version": kpi.version,
        "inputs": fingerprint,
        "rows": len(new),
        "changed": changed,
        "engine": db.dialect,
        "started_at": now,
        "seconds": seconds,
    }
    db.backend.insert(KPI_RUNS, pa.Table.from_pylist([run], schema=RUNS_SCHEMA.to_pyarrow()))
    return RunResult(kpi.id, skipped=False, rows=len(new), changed=changed, seconds=seconds)


def compute(
    db: Database,
    settings: Settings | None,
    kpi_ids: list[str] | None = None,
    *,
    force: bool = False,
    progress: Callable[[RunResult], None] | None = None,
) -> list[RunResult]:
    kpis = load_kpis(settings)
    if kpi_ids:
        from faelled.catalog.kpis import get_kpi

        selected = [get_kpi(k, settings) for k in kpi_ids]
    else:
        selected = list(kpis.values())
    schemas = dataset_schemas(settings)
    inputs = Inputs(db)
    last_runs = _last_runs(db, [k.id for k in selected])
    results = []
    for kpi in selected:
        result = compute_kpi(db, kpi, schemas, force=force, inputs=inputs, last_runs=last_runs)
        results.append(result)
        if progress:
            progress(result)
    return results

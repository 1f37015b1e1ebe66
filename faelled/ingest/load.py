"""The load transaction: the load's context row, the accepted and quarantined rows it plans, the
idempotence check, and the atomic swap with lineage and quality scores."""

from __future__ import annotations

import getpass
import json
import os
import secrets
from datetime import UTC, datetime
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

from faelled.catalog.contracts import Column, Contract
from faelled.engine.database import Database
from faelled.ingest import store
from faelled.ingest.normalise import CONTEXT
from faelled.ingest.quality import scores
from faelled.ingest.result import LoadResult
from faelled.ingest.swap import LoadPlan, apply
from faelled.validate.checks import Prepared
from faelled.validate.compiled import fetch_rows, known_table
from faelled.validate.policy import Decision
from faelled.validate.run import Outcome
from faelled.validate.types import (
    FILE,
    ROW,
    ROW_STRIDE,
    marker_name,
    raw_name,
)


def new_load_id(now: datetime) -> str:
    """Sortable by time, unique without coordination: 20250131T101500-3fa9c2."""
    return f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def load_context(backend: Any, expected: str | None, load_id: str, now: datetime) -> ir.Table:
    """The load's own values as a one-row table, read through scalar subqueries, so that the
    queries of every file of a dataset compile to the same SQL."""
    con = backend.con
    con.execute(
        f'CREATE OR REPLACE TEMP TABLE "{CONTEXT}" '
        "(expected VARCHAR, load_id VARCHAR, now TIMESTAMP WITH TIME ZONE)"
    )
    con.execute(f'INSERT INTO "{CONTEXT}" VALUES (?, ?, ?)', [expected, load_id, now])
    schema = {"expected": "string", "load_id": "string", "now": "timestamp('UTC')"}
    return known_table(backend, CONTEXT, schema)


def _quarantine_record(prep: Prepared, column: Column) -> ir.StringValue:
    t = prep.table
    if column.pseudonymise:
        shown: ir.StringValue = t[column.name]
        if prep.has(raw_name(column.name)):
            shown = t[raw_name(column.name)].coalesce(shown)
        return shown
    return prep.value_as_written(column)


def plan_rows(
    prep: Prepared,
    outcome: Outcome,
    contract: Contract,
    ctx: ir.Table,
) -> tuple[ir.Table, ir.Table | None]:
    t = outcome.table
    load_id = ctx.select("load_id").as_scalar()
    accepted_cols: dict[str, ir.Value] = {}
    for name, dtype in store.table_columns(contract).items():
        if name == store.LOAD_ID:
            accepted_cols[name] = load_id
        elif name in t.columns and not name.endswith("_marker"):
            accepted_cols[name] = t[name]
        else:
            source = marker_name(name.removesuffix("_marker"))
            accepted_cols[name] = t[source] if source in t.columns else ibis.null(dtype)
    accepted = t.filter(~outcome.invalid).select(**accepted_cols)
    if outcome.invalid_rows == 0:
        return accepted, None
    fields = {c.name: _quarantine_record(prep, c) for c in contract.columns}
    if FILE in t.columns:  # a batch: which file the row came from
        fields = {"file": t[FILE], **fields}
    record = ibis.struct(fields)
    quarantine = t.filter(outcome.invalid).select(
        load_id=load_id,
        dataset=ibis.literal(contract.name),
        row_number=t[ROW] % ROW_STRIDE,
        reasons=outcome.reasons,
        record=record.cast(dt.json).cast(str),
        quarantined_at=ctx.select("now").as_scalar(),
    )
    return accepted, quarantine


def already_loaded(db: Database, dataset: str, sha256: str) -> dict[str, Any] | None:
    """The load that brought this very file, if its rows are still there. Plain SQL with
    parameters: it runs once per file, and compiling an expression would cost more."""
    if not store.table_exists(db, dataset):  # no table: nothing of it can be loaded yet
        return None
    mark = "%s" if db.dialect == "postgres" else "?"
    row = _one(
        db,
        f"SELECT load_id, finished_at FROM {store.LOADS} WHERE dataset = {mark} AND "
        f"sha256 = {mark} ORDER BY finished_at DESC LIMIT 1",
        [dataset, sha256],
    )
    if row is None:
        return None
    current = _one(
        db, f"SELECT count(*) FROM {store.quote(dataset)} WHERE {store.LOAD_ID} = {mark}", [row[0]]
    )
    return {"load_id": row[0], "finished_at": row[1]} if current and current[0] else None


def _one(db: Database, sql: str, params: list[Any]) -> tuple[Any, ...] | None:
    con = db.backend.con
    if db.dialect == "postgres":
        with con.cursor() as cur:
            cur.execute(sql, params)
            row = cur.fetchone()
    else:
        row = con.execute(sql, params).fetchone()
    return None if row is None else tuple(row)


def store_load(
    db: Database,
    prep: Prepared,
    outcome: Outcome,
    decision: Decision,
    ctx: ir.Table,
    result: LoadResult,
    *,
    load_id: str,
    file_name: str,
    sha256: str,
    size: int,
    file_format: str,
    expected: str | None,
    actor: str | None,
    started: datetime,
) -> None:
    """Plan the rows, the partitions, the quality scores and the lineage row; swap atomically."""
    contract = prep.contract
    now = datetime.now(UTC)
    accepted, quarantine = plan_rows(prep, outcome, contract, ctx)
    partitions: list[dict[str, Any]] = []
    if contract.load.mode == "replace_partition":
        partitions = fetch_rows(accepted.select(*contract.partition.columns).distinct())
    quality = scores(outcome, contract, load_id, fallback_municipality=expected, loaded_at=now)
    munis = sorted({q["municipality"] for q in quality})
    lineage = {
        "load_id": load_id,
        "dataset": contract.name,
        "contract_version": contract.version,
        "municipality": ",".join(munis) if munis else None,
        "partitions": json.dumps(partitions, default=str, ensure_ascii=False),
        "mode": contract.load.mode,
        "status": "accepted",
        "file_name": file_name,
        "sha256": sha256,
        "size_bytes": size,
        "format": file_format,
        "rows_read": outcome.rows,
        "rows_accepted": outcome.rows - outcome.invalid_rows,
        "rows_quarantined": outcome.invalid_rows,
        "rows_replaced": 0,
        "actor": actor or _actor(),
        "started_at": started,
        "finished_at": now,
        "message": decision.reason.en,
        "report": outcome.report.to_json(),
    }
    plan = LoadPlan(contract, load_id, accepted, quarantine, partitions, lineage, quality)
    result.rows_replaced = apply(db, plan)
    result.load_id = load_id


def _actor() -> str:
    try:
        return os.environ.get("FAELLED_USER") or getpass.getuser()
    except Exception:  # no login name (a container): still record something
        return "unknown"

"""The atomic step: in one transaction, create or extend the dataset table, delete the partitions
the delivery replaces, insert the accepted rows, the quarantined rows, the lineage row and the
quality scores. Either all of it happens or none of it.

Staging, validation and the rows to insert are the same on every engine (a DuckDB staging table and
Ibis expressions over it). Only this step differs: on DuckDB the stage lives in the database's own
connection and the rows move with INSERT … SELECT; on PostgreSQL they stream from the staging engine
with COPY inside a psycopg transaction."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import ibis.expr.types as ir

from faelled.catalog.contracts import Contract
from faelled.engine.database import Database
from faelled.ingest.store import LOADS, QUALITY, QUARANTINE, ddl_statements, quote
from faelled.validate.compiled import sql_of


@dataclass
class LoadPlan:
    contract: Contract
    load_id: str
    accepted: ir.Table  # rows for the dataset table, in its column order
    quarantine: ir.Table | None  # rows for the quarantine table
    partitions: list[dict[str, Any]]  # the partitions the delivery replaces
    lineage: dict[str, Any]  # the loads row (rows_replaced filled in here)
    quality: list[dict[str, Any]] = field(default_factory=list)


def _partition_predicate(
    columns: Sequence[str], partitions: Sequence[dict[str, Any]], placeholder: str
) -> tuple[str, list[Any]]:
    clauses, params = [], []
    for p in partitions:
        parts = []
        for c in columns:
            parts.append(f"{quote(c)} IS NOT DISTINCT FROM {placeholder}")
            params.append(p[c])
        clauses.append("(" + " AND ".join(parts) + ")")
    return " OR ".join(clauses), params


def _insert_sql(table: str, columns: Sequence[str], placeholder: str) -> str:
    cols = ", ".join(quote(c) for c in columns)
    return f"INSERT INTO {quote(table)} ({cols}) VALUES ({', '.join([placeholder] * len(columns))})"


def apply(db: Database, plan: LoadPlan) -> int:
    """Carry out the plan atomically; returns the number of rows replaced."""
    if db.dialect == "duckdb":
        return _apply_duckdb(db, plan)
    if db.dialect == "postgres":
        return _apply_postgres(db, plan)
    raise NotImplementedError(f"loading into {db.dialect} is not supported yet")


def _bookkeeping(plan: LoadPlan, replaced: int) -> list[tuple[str, dict[str, Any]]]:
    rows = [(LOADS, {**plan.lineage, "rows_replaced": replaced})]
    rows += [(QUALITY, q) for q in plan.quality]
    return rows


def _apply_duckdb(db: Database, plan: LoadPlan) -> int:
    con = db.backend.con
    contract = plan.contract
    ddl = ddl_statements(db, contract)
    con.execute("BEGIN TRANSACTION")
    try:
        for statement in ddl:
            con.execute(statement)
        replaced = 0
        if contract.load.mode == "replace_partition" and plan.partitions:
            where, params = _partition_predicate(contract.partition.columns, plan.partitions, "?")
            got = con.execute(f"DELETE FROM {quote(contract.name)} WHERE {where}", params)
            replaced = int(got.fetchone()[0])
        cols = ", ".join(quote(c) for c in plan.accepted.columns)
        con.execute(f"INSERT INTO {quote(contract.name)} ({cols}) " + sql_of(plan.accepted))
        if plan.quarantine is not None:
            cols = ", ".join(quote(c) for c in plan.quarantine.columns)
            con.execute(f"INSERT INTO {QUARANTINE} ({cols}) " + sql_of(plan.quarantine))
        for table, row in _bookkeeping(plan, replaced):
            con.execute(_insert_sql(table, list(row), "?"), list(row.values()))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return replaced


def _rows(expr: ir.Table) -> Iterator[tuple[Any, ...]]:
    """The rows of a staging-engine (DuckDB) expression, streamed in Arrow batches."""
    result = expr._find_backend().con.execute(sql_of(expr)).arrow()
    # DuckDB ≥ 1.5 hands back a reader, older versions a table.
    batches = result if hasattr(result, "read_next_batch") else result.to_batches(50_000)
    for batch in batches:
        columns = [c.to_pylist() for c in batch.columns]
        yield from zip(*columns, strict=True)


def _apply_postgres(db: Database, plan: LoadPlan) -> int:
    con = db.backend.con  # psycopg 3
    contract = plan.contract
    ddl = ddl_statements(db, contract)
    replaced = 0
    with con.transaction(), con.cursor() as cur:
        for statement in ddl:
            cur.execute(statement)
        if contract.load.mode == "replace_partition" and plan.partitions:
            where, params = _partition_predicate(contract.partition.columns, plan.partitions, "%s")
            cur.execute(f"DELETE FROM {quote(contract.name)} WHERE {where}", params)
            replaced = cur.rowcount
        for table, expr in ((contract.name, plan.accepted), (QUARANTINE, plan.quarantine)):
            if expr is None:
                continue
            cols = ", ".join(quote(c) for c in expr.columns)
            with cur.copy(f"COPY {quote(table)} ({cols}) FROM STDIN") as copy:
                for row in _rows(expr):
                    copy.write_row(row)
        for table, values in _bookkeeping(plan, replaced):
            cur.execute(_insert_sql(table, list(values), "%s"), list(values.values()))
    return replaced

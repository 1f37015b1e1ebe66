"""Run Ibis expressions with their SQL compiled once.

Compiling an Ibis expression to SQL costs tens of milliseconds when a contract has many columns
and rules — more than running the query on a municipality's file. A delivery's expressions are
built over fixed table names (the staging table, a one-row context table for the load's values),
so every file of a dataset yields structurally equal expressions: their SQL is cached by the
expression itself. Outside DuckDB this falls back to Ibis's own execution."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

_CACHE: OrderedDict[Any, str] = OrderedDict()
_MAX = 512


def _backend(expr: ir.Expr) -> Any:
    try:
        return expr._find_backend()
    except Exception:  # an expression over in-memory tables only
        return None


def sql_of(expr: ir.Expr, dialect: str = "duckdb") -> str:
    key = (expr.op(), dialect)
    sql = _CACHE.get(key)
    if sql is None:
        sql = str(ibis.to_sql(expr, dialect=dialect))
        _CACHE[key] = sql
        if len(_CACHE) > _MAX:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    return sql


def fetch(expr: ir.Expr) -> pa.Table:
    """The result of `expr` as an Arrow table."""
    backend = _backend(expr)
    if backend is None or backend.name != "duckdb" or _has_memtable(expr):
        out = expr.to_pyarrow()
        return out if isinstance(out, pa.Table) else pa.table({"v": [out.as_py()]})
    result = backend.con.execute(sql_of(expr)).arrow()
    # DuckDB ≥ 1.5 hands back a reader, older versions a table.
    return result.read_all() if hasattr(result, "read_all") else result


def fetch_rows(expr: ir.Expr) -> list[dict[str, Any]]:
    return list(fetch(expr).to_pylist())


def known_table(backend: Any, name: str, schema: dict[str, Any]) -> ir.Table:
    """An Ibis table for a temporary table whose schema we made ourselves: no round trip to
    the engine to ask for it (which costs more than the small queries that read it)."""
    import ibis.expr.operations as ops

    return ops.DatabaseTable(
        name=name,
        schema=ibis.schema(schema),
        source=backend,
        namespace=ops.Namespace(catalog=None, database=None),
    ).to_expr()


def _has_memtable(expr: ir.Expr) -> bool:
    import ibis.expr.operations as ops

    return bool(expr.op().find(ops.InMemoryTable))

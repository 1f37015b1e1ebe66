"""The SQL a KPI runs as: Ibis' SQL with its pass-through subqueries merged into their parents.

Ibis writes one SELECT per expression step: a filter, then a projection, then a join, each wraps
the last in `SELECT * FROM (…)`. The engines return the same rows either way, but planning the
deeper statement costs DuckDB a measurable part of a query of a few milliseconds (a KPI over
yearly accounts plans for longer than it runs). sqlglot's optimizer merges those wrappers once,
at compile time, into the statement an analyst would write. Only for the engines that run the
SQL text (duckdb, postgres); Spark runs the Ibis expression itself.

The merged statement must return the rows the expression returns: the golden files show it for
review, and the tests run both (tests/test_kpi_sqlcache.py) and compare them with the
generator's ground truth on DuckDB and PostgreSQL (tests/test_kpi_truth.py)."""

from __future__ import annotations

import ibis
import ibis.expr.operations as ops
import ibis.expr.types as ir
import sqlglot
from ibis.backends.sql.datatypes import DuckDBType, PostgresType, SqlglotType
from sqlglot.optimizer.merge_subqueries import merge_subqueries
from sqlglot.optimizer.qualify import qualify
from sqlglot.schema import MappingSchema

FLATTENED: dict[str, type[SqlglotType]] = {"duckdb": DuckDBType, "postgres": PostgresType}


def sql_of(expr: ir.Table, dialect: str) -> str:
    """The SQL `expr` runs as on `dialect`."""
    sql = str(ibis.to_sql(expr, dialect=dialect))
    types = FLATTENED.get(dialect)
    if types is None:
        return sql
    # `qualify` resolves every `*` and column against the tables' schemas, which the
    # expression's unbound tables carry; only then can a subquery be merged safely.
    tables: dict[str, object] = {
        t.name: {name: types.from_ibis(dtype).sql(dialect) for name, dtype in t.schema.items()}
        for t in expr.op().find(ops.UnboundTable)
    }
    # Names as Ibis quotes them: a contract's "Beløb" must not be folded to "beløb".
    schema = MappingSchema(tables, dialect=dialect, normalize=False)
    tree = qualify(sqlglot.parse_one(sql, read=dialect), schema=schema, dialect=dialect)
    return str(merge_subqueries(tree).sql(dialect, pretty=True))

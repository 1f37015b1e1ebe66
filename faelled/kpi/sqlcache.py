"""The compiled query of each KPI, cached: Ibis builds and sqlglot compiles a KPI in 20–60 ms,
more than small KPIs take to run (issue 5, docs/benchmarks.md).

The query depends only on what goes into the key: the definition (the whole pydantic model), the
schemas of the datasets it reads, the dialect, and the code that compiles it (the source of the
KPI compiler modules, the versions of Fælled, Ibis and sqlglot). A change in any of them is a new
key, so a stale query is never reused. Cached in memory per process and on disk under
FAELLED_HOME/cache/kpi-sql/<code>/<sha256>.json, so each `faelled compute` need not compile
again. <code> is the fingerprint of the compiling code: the first query a new version writes
removes the folders of older ones, whose keys can never match again.

The cached SQL runs on the backend's own connection and the result is converted to the
expression's schema exactly as Ibis converts it (same converters), so values and types are those
of running the expression; engines other than DuckDB and PostgreSQL run the expression itself."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.metadata import version
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
from ibis.formats.pyarrow import PyArrowData

import faelled
from faelled.catalog.kpis import KPI, SYSTEM_DATASETS
from faelled.engine.database import Database
from faelled.ingest.store import SCHEMAS as INGEST_SCHEMAS
from faelled.kpi.aggregates import OUT_COLUMNS, with_aggregates
from faelled.kpi.compiler import compile_kpi
from faelled.kpi.flatten import sql_of

Schemas = Mapping[str, Mapping[str, str]]
CACHE_DIR = Path("cache") / "kpi-sql"  # under FAELLED_HOME
DIRECT = ("duckdb", "postgres")  # engines whose connection runs the cached SQL directly
# The modules whose code decides the SQL: a changed compiler is a new key even at one version.
_CODE = (
    "catalog/kpis.py",
    "kpi/compiler.py",
    "kpi/flatten.py",
    "kpi/periods.py",
    "kpi/aggregates.py",
    "kpi/store.py",
    "kpi/sqlcache.py",
)


@dataclass(frozen=True)
class CompiledQuery:
    key: str
    sql: str
    schema: ibis.Schema

    @cached_property
    def arrow_schema(self) -> pa.Schema:
        return self.schema.to_pyarrow()


_memory: dict[str, CompiledQuery] = {}
# Per query: the result schema last seen, and the columns to cast (None: Ibis' conversion).
_casts: dict[str, tuple[pa.Schema, list[int] | None]] = {}


@cache
def _code_fingerprint() -> str:
    h = hashlib.sha256()
    root = Path(faelled.__file__).parent
    for name in _CODE:
        h.update(name.encode())
        h.update((root / name).read_bytes())
    for v in (faelled.__version__, ibis.__version__, version("sqlglot")):
        h.update(v.encode())
    return h.hexdigest()


@cache
def _type_name(t: Any) -> str:
    """One spelling per type: contracts give "int64", the ingest schemas ibis types."""
    return str(ibis.dtype(t))


def query_key(kpi: KPI, schemas: Schemas, dialect: str, *, aggregates: bool = True) -> str:
    """sha256 over everything the compiled query depends on."""
    used: dict[str, dict[str, str] | None] = {}
    for name in sorted(kpi.datasets):
        # As the compiler resolves it (Compiler.table): the contract, else a system table's.
        schema = schemas.get(name)
        if schema is None and name in SYSTEM_DATASETS:
            schema = INGEST_SCHEMAS[name]
        if schema is not None:
            used[name] = {c: _type_name(t) for c, t in schema.items()}
        else:
            used[name] = None  # the compiler refuses it; no query is cached for it
    parts = {
        "schemas": used,
        "dialect": dialect,
        "aggregates": aggregates,
        "code": _code_fingerprint(),
    }
    h = hashlib.sha256(kpi.canonical_json.encode())
    h.update(json.dumps(parts, sort_keys=True).encode())
    return h.hexdigest()


def expression(kpi: KPI, schemas: Schemas, *, aggregates: bool = True) -> ir.Table:
    """The compiler's expression: municipality rows, or (default) with aggregates as stored."""
    expr = compile_kpi(kpi, schemas)
    return with_aggregates(kpi, expr).select(*OUT_COLUMNS) if aggregates else expr


def compiled_query(
    kpi: KPI,
    schemas: Schemas,
    dialect: str,
    *,
    home: Path | None = None,
    aggregates: bool = True,
) -> CompiledQuery:
    """The KPI's SQL for `dialect`: from memory, else from `home`'s disk cache, else compiled."""
    key = query_key(kpi, schemas, dialect, aggregates=aggregates)
    if (hit := _memory.get(key)) is not None:
        return hit
    path = cache_path(home, key) if home is not None else None
    q = _read(path, key) if path is not None else None
    if q is None:
        expr = expression(kpi, schemas, aggregates=aggregates)
        q = CompiledQuery(key, sql_of(expr, dialect), expr.schema())
        if path is not None:
            _write(path, q)
    _memory[key] = q
    return q


def cache_path(home: Path, key: str) -> Path:
    """Where the query with `key` is kept on disk."""
    return home / CACHE_DIR / _code_fingerprint()[:16] / f"{key}.json"


def _prune(folder: Path) -> None:
    """Remove the cache folders of other code than `folder`'s (and files of the flat layout
    before it). A process of another version still running only compiles its queries again."""
    for other in folder.parent.iterdir():
        if other == folder:
            continue
        if other.is_dir():
            shutil.rmtree(other, ignore_errors=True)
        else:
            other.unlink(missing_ok=True)


def _read(path: Path, key: str) -> CompiledQuery | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["key"] != key:
            return None
        return CompiledQuery(key, data["sql"], ibis.schema(data["schema"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # absent or unreadable: compile again (and overwrite it)


def _write(path: Path, q: CompiledQuery) -> None:
    data = {"key": q.key, "sql": q.sql, "schema": {n: str(t) for n, t in q.schema.items()}}
    try:
        if not path.parent.is_dir():
            path.parent.mkdir(parents=True, exist_ok=True)
            _prune(path.parent)
        # Written aside and renamed, so a concurrent reader never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f)
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written (read-only home) only costs a compilation


def run_kpi(db: Database, kpi: KPI, schemas: Schemas, *, aggregates: bool = True) -> pa.Table:
    """The KPI's rows (OUT_COLUMNS with aggregates, else the compiler's KPI_COLUMNS) as Ibis
    would return them for the compiled expression."""
    dialect = db.dialect
    if dialect not in DIRECT:
        return db.backend.to_pyarrow(expression(kpi, schemas, aggregates=aggregates))
    q = compiled_query(kpi, schemas, dialect, home=db.settings.home, aggregates=aggregates)
    return execute(db, q)


def _numeric_only_difference(got: pa.Schema, want: pa.Schema) -> bool:
    """Same names; where the types differ, a whole decimal or an integer becomes an integer
    (a checked cast: an overflow raises instead of wrapping)."""
    if got.names != want.names:
        return False
    for a, b in zip(got.types, want.types, strict=True):
        if a == b:
            continue
        whole = pa.types.is_integer(a) or (pa.types.is_decimal(a) and a.scale == 0)
        if not (whole and pa.types.is_integer(b)):
            return False
    return True


def execute(db: Database, q: CompiledQuery) -> pa.Table:
    """Run a compiled query the way Ibis's backend runs the expression it came from."""
    con: Any = getattr(db.backend, "con")  # noqa: B009 — not on BaseBackend's type
    if db.dialect == "duckdb":
        from ibis.backends.duckdb.converter import DuckDBPyArrowData

        # As ibis' DuckDB to_pyarrow: a relation to Arrow, converted to the expression's schema.
        # Mostly there is nothing to convert, or only a sum of integers that DuckDB widens to
        # HUGEINT (Arrow decimal128) where Ibis types it int64: Arrow's own cast does that in
        # microseconds, where Ibis' column-by-column conversion costs a tenth of a millisecond.
        table = con.sql(q.sql).to_arrow_table()
        got = table.schema
        seen = _casts.get(q.key)
        if seen is None or not seen[0].equals(got):
            # Decided once per query and result schema (a KPI of a few ms runs it each time).
            want = q.arrow_schema
            plan = (
                [i for i, (a, b) in enumerate(zip(got.types, want.types, strict=True)) if a != b]
                if _numeric_only_difference(got, want)
                else None
            )
            _casts[q.key] = seen = (got, plan)
        plan = seen[1]
        if plan is None:
            return DuckDBPyArrowData.convert_table(table, q.schema)
        for i in plan:
            field = q.arrow_schema.field(i)
            table = table.set_column(i, field, table.column(i).cast(field.type))
        return table
    # As ibis' SQL backends' to_pyarrow: rows into the schema's struct, cast, converted.
    arrow = q.schema.to_pyarrow()
    with con.cursor() as cur, con.transaction():
        rows = cur.execute(q.sql).fetchall()
    batch = pa.RecordBatch.from_struct_array(pa.array(rows, type=q.schema.as_struct().to_pyarrow()))
    table = pa.Table.from_batches([batch], schema=arrow)
    return PyArrowData.convert_table(
        table.rename_columns(list(q.schema.names)).cast(arrow), q.schema
    )


def clear_memory() -> None:
    """Forget the in-memory cache (tests; the disk cache is keyed and needs no clearing)."""
    _memory.clear()
    _casts.clear()
